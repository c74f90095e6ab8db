"""Demo: Emulation Cluster 4 of Military Region 5 — the four agencies, 2019–2023; Cục Kỹ thuật leads in
2022 and hands the cluster to Cục Chính trị for 2023 at the year-end conference (the seed report)."""

import random
from datetime import date

from django.db import transaction

from tdkt.emulation import scoring, services
from tdkt.emulation.models import Cluster, ClusterLeadership, Conference, Covenant, Movement, ScoringRound
from tdkt.org.models import Person, Unit, User
from tdkt.org.scoping import descendant_ids

CAMPAIGNS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ",
]
TARGETS = [
    ("Quân số đạt khá, giỏi trong huấn luyện", "%", 70, 76),
    ("Cá nhân đạt Chiến sĩ tiên tiến", "%", 60, 64),
    ("Sáng kiến, cải tiến được công nhận", "sáng kiến", 10, 12),
]
# Criteria of the 2022 scoring round (points): the leading agency that year was Cục Chính trị (CO_BQP 2022).
CRITERIA = [
    ("Thực hiện nhiệm vụ chính trị trung tâm", 50),
    ("Xây dựng cơ quan vững mạnh toàn diện", 30),
    ("Phong trào thi đua, điển hình tiên tiến", 20),
]
SCORES_2022 = {"QK5-CCT": (48, 29, 19), "QK5-CKT": (46, 28, 18), "QK5-BTM": (47, 27, 17), "QK5-CHC": (45, 28, 17)}

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
    _movements_and_exemplars(actor, agencies)
    _scoring_2022(actor, cluster)
    return created


def _movements_and_exemplars(actor, agencies) -> None:
    rng = random.Random(2022)
    for agency in agencies:
        if Movement.objects.filter(unit=agency, year=2022, kind="QUYET_THANG").exists():
            continue
        movement = services.movement_launch(
            actor=actor,
            unit=agency,
            kind="QUYET_THANG",
            name=f"Phong trào Thi đua Quyết thắng năm 2022 — {agency.name}",
            year=2022,
            starts_on=date(2022, 1, 1),
            ends_on=date(2022, 12, 31),
            content="Thi đua hoàn thành xuất sắc nhiệm vụ chính trị trung tâm; xây dựng cơ quan vững mạnh toàn diện.",
        )
        for name, measure, planned, result in TARGETS:
            target = services.target_add(actor=actor, movement=movement, name=name, measure=measure, planned=planned)
            services.target_result(actor=actor, target=target, result=result + rng.randint(-8, 3))
        services.movement_cascade(actor=actor, movement=movement, units=list(agency.children.order_by("position")[:3]))
        people = list(Person.objects.filter(unit_id__in=descendant_ids([agency.pk])).order_by("code")[:200])
        for n, person in enumerate(rng.sample(people, 3)):
            exemplar = services.exemplar_create(
                actor=actor,
                person=person,
                field=["Huấn luyện", "Công tác đảng, công tác chính trị", "Hậu cần"][n],
                campaigns=[CAMPAIGNS[n % 2]],
                on=date(2022, 2, 15),
                summary="Gương người tốt, việc tốt năm 2022",
            )
            steps = (
                ("BOI_DUONG", date(2022, 5, 10)),
                ("TONG_KET", date(2022, 11, 20)),
                ("NHAN_RONG", date(2022, 12, 15)),
            )
            for stage, day in steps[: n + 1]:
                services.exemplar_move(actor=actor, exemplar=exemplar, stage=stage, on=day)


def _scoring_2022(actor, cluster) -> None:
    if ScoringRound.objects.filter(cluster=cluster, year=2022).exists():
        return
    round_ = scoring.round_create(actor=actor, cluster=cluster, year=2022)
    criteria = [
        scoring.criterion_add(actor=actor, round_=round_, name=name, max_points=points) for name, points in CRITERIA
    ]
    scoring.round_advance(actor=actor, round_=round_)
    for code, points in SCORES_2022.items():
        unit = Unit.objects.get(code=code)
        for criterion, value in zip(criteria, points, strict=True):
            scoring.score_self(
                actor=actor,
                round_=round_,
                unit=unit,
                criterion=criterion,
                points=value,
                evidence="Báo cáo tổng kết năm 2022",
            )
    for _ in range(4):  # review, explanation, re-review, lock: the self-scores stand
        round_ = scoring.round_advance(actor=actor, round_=round_)
