"""Demo: Emulation Cluster 4 of Military Region 5 — the four agencies, 2019–2023; Cục Kỹ thuật leads in
2022 and hands the cluster to Cục Chính trị for 2023 at the year-end conference (the seed report)."""

from datetime import date

from django.db import transaction

from tdkt.emulation import services
from tdkt.emulation.models import Cluster, ClusterLeadership, Conference, Covenant
from tdkt.org.models import Unit, User

AGENCIES = ["QK5-BTM", "QK5-CCT", "QK5-CHC", "QK5-CKT"]


@transaction.atomic
def load_demo_emulation() -> dict:
    actor = User.objects.get(username="quantri")
    created = {"clusters": 0, "leaders": 0}
    cluster = Cluster.objects.filter(code="CUM4-QK5").first()
    if cluster is None:
        cluster = services.cluster_create(
            actor=actor,
            code="CUM4-QK5",
            name="Cụm thi đua số 4 (4 cơ quan Quân khu 5)",
            organiser=Unit.objects.get(code="QK5"),
        )
        created["clusters"] += 1
    agencies = [Unit.objects.get(code=code) for code in AGENCIES]
    for year in range(2019, 2024):
        for unit in agencies:
            if not cluster.memberships.filter(unit=unit, year=year).exists():
                services.cluster_member_add(actor=actor, cluster=cluster, unit=unit, year=year)
        if year <= 2023 and not Covenant.objects.filter(cluster=cluster, year=year).exists():
            services.covenant_sign(
                actor=actor,
                cluster=cluster,
                year=year,
                signed_on=date(year, 1, 20),
                signatories=agencies,
                content=(
                    f"Giao ước thi đua năm {year} của Cụm thi đua số 4: thực hiện thắng lợi Phong "
                    "trào Thi đua Quyết thắng; xây dựng cơ quan vững mạnh toàn diện “Mẫu mực, tiêu "
                    "biểu”; phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến."
                ),
            )
    kt, ct = Unit.objects.get(code="QK5-CKT"), Unit.objects.get(code="QK5-CCT")
    if not ClusterLeadership.objects.filter(cluster=cluster, year=2022).exists():
        services.cluster_leader_set(actor=actor, cluster=cluster, year=2022, leader=kt, deputy=ct)
        created["leaders"] += 1
    if not ClusterLeadership.objects.filter(cluster=cluster, year=2023).exists():
        conference = Conference.objects.filter(cluster=cluster, year=2022, kind="TONG_KET").first()
        if conference is None:
            conference = services.conference_record(
                actor=actor,
                kind="TONG_KET",
                year=2022,
                cluster=cluster,
                held_on=date(2022, 12, 28),
                place="Hội trường Cục Kỹ thuật Quân khu 5",
                host=kt,
                presided_by="Thiếu tướng Hứa Văn Tưởng",
                attendees="Thủ trưởng, Hội đồng TĐKT và đại biểu bốn cơ quan Quân khu 5",
                conclusions="Biểu dương kết quả năm 2022; triển khai Phong trào Thi đua Quyết thắng năm 2023.",
                decisions_taken="Cục Kỹ thuật bàn giao nhiệm vụ Cụm trưởng năm 2023 cho Cục Chính trị.",
            )
        services.cluster_handover(
            actor=actor, cluster=cluster, to_year=2023, to_unit=ct, on=date(2022, 12, 28), conference=conference
        )
        created["leaders"] += 1
    return created
