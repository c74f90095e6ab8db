"""The dated authority matrix: the file, its loader, and what competence, routing and revocation make of it."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tdkt.core.errors import DomainError
from tdkt.nominations import services
from tdkt.nominations.authority_matrix import (
    LABELS,
    MATRIX_FILE,
    MatrixError,
    install_matrix,
    load_matrix,
    matrix,
)
from tdkt.nominations.choices import DossierStatus, ItemStatus
from tdkt.nominations.competence import authority_refusal
from tdkt.nominations.models import DossierItem
from tdkt.nominations.services.transitions import _above
from tdkt.nominations.tests.test_decision_trust import _state
from tdkt.nominations.tests.test_services import SIGNER, dossier_for, meeting, to_council
from tdkt.records import services as records

CODES = {"CSTT", "CSTDCS", "CSTDTQUAN", "CSTDTQUOC", "GK"}


def _row(**kw):
    return {
        "entries": ["CSTDTQUAN"], "action": "award", "level": "BO_QUOC_PHONG", "body": "Bộ trưởng Bộ Quốc phòng",
        "valid_from": "2024-01-01", "valid_to": None, "source": "TT 118/2023/TT-BQP", "label": "H", **kw,
    }  # fmt: skip


def _load(tmp_path, rows, codes=CODES):
    path = tmp_path / "matrix.json"
    path.write_text(json.dumps({"version": "test", "scope": "QUAN_DOI", "rows": rows}), encoding="utf-8")
    return load_matrix(path, known_codes=codes)


@pytest.fixture
def use_rows(tmp_path):
    """Install a matrix of these rows for the test; the file's matrix comes back afterwards."""
    previous = []

    def install(rows):
        previous.append(install_matrix(_load(tmp_path, rows, codes=None)))

    yield install
    install_matrix(previous[0] if previous else None)


def test_the_file_loads_and_every_row_has_a_source_and_a_label():
    current = load_matrix(MATRIX_FILE)
    assert current.scope == "QUAN_DOI" and current.rows
    assert all(row.source and row.label in LABELS for row in current.rows)
    tq = current.row(code="CSTDTQUOC", level="NHA_NUOC", action="award", on=date(2025, 3, 1))
    assert (tq.body, tq.level, tq.label) == ("Thủ tướng Chính phủ", "NHA_NUOC", "H")
    assert current.row(code="BK_BQP", level="BO_QUOC_PHONG", action="award", on=date(2025, 3, 1)).level == (
        "BO_QUOC_PHONG"
    )
    # before 01/01/2024 the old law and TT 151/2018 answer
    old = current.row(code="CSTDTQUOC", level="NHA_NUOC", action="award", on=date(2023, 12, 31))
    assert "TT 151/2018" in old.source


def test_a_row_from_01_07_2025_does_not_apply_to_a_decision_of_30_06_2025(tmp_path):
    civil = load_matrix(MATRIX_FILE, scope="DAN_SU")  # the two-level local government (NĐ 129/2025)
    before = civil.row(code="CSTDCS", level="DON_VI", action="award", on=date(2025, 6, 30))
    after = civil.row(code="CSTDCS", level="DON_VI", action="award", on=date(2025, 7, 1))
    assert "cấp huyện" in before.body and "cấp xã" in after.body and "129/2025" in after.source
    dated = _load(
        tmp_path,
        [_row(valid_to="2025-06-30"), _row(valid_from="2025-07-01", level="QUAN_KHU", body="Tư lệnh Quân khu")],
    )
    entry = type("Entry", (), {"code": "CSTDTQUAN", "level": "BO_QUOC_PHONG"})
    assert dated.award_level(entry, date(2025, 6, 30)) == "BO_QUOC_PHONG"
    assert dated.award_level(entry, date(2025, 7, 1)) == "QUAN_KHU"
    assert dated.award_level(entry, date(2023, 6, 1)) == "BO_QUOC_PHONG"  # no row: the catalogue's level


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_row(entries=["KHONG_CO"])], "mã không có trong danh mục khen thưởng: KHONG_CO"),
        ([_row(), _row(valid_from="2025-07-01", level="QUAN_KHU")], "Dòng 1 và dòng 2 cùng hiệu lực cho CSTDTQUAN"),
        ([_row(valid_to="2025-12-31"), _row(entries=["CSTT", "CSTDTQUAN"], valid_from="2025-12-31")], "dòng 2"),
        ([_row(level="TINH")], "cấp “TINH”"),
        ([_row(label="X")], "phải là C, H hoặc U"),
        ([_row(valid_from="2025-07-01", valid_to="2025-06-30")], "hết hiệu lực trước khi có hiệu lực"),
        ([_row(entry_level="DON_VI")], "hoặc “entries”"),
        ([_row(source="")], "thiếu “source”"),
        ([_row(action="approve")], "thao tác “approve”"),
        ([_row(valid_from="01/07/2025")], "không phải ngày"),
    ],
)
def test_the_loader_refuses_a_bad_row(tmp_path, rows, message):
    with pytest.raises(MatrixError, match=message):
        _load(tmp_path, rows)


def test_who_may_award_is_read_for_the_decisions_date(flow, use_rows):
    use_rows([_row(valid_to="2025-06-30"), _row(valid_from="2025-07-01", level="QUAN_KHU", body="Tư lệnh Quân khu")])
    entry, unit_id = flow.entry("CSTDTQUAN"), flow.org.person_a.unit_id

    def refusal(on):
        return authority_refusal(authority=flow.btl, entry=entry, subject_unit_id=unit_id, on=on, action="award")

    assert "thẩm quyền của Bộ trưởng Bộ Quốc phòng (cấp bộ quốc phòng; TT 118/2023/TT-BQP [H])" in refusal(
        date(2025, 6, 30)
    )
    assert refusal(date(2025, 7, 1)) is None
    assert matrix().award_level(entry, date(2025, 7, 1)) == "QUAN_KHU"


def _voted_item(flow, code, **kw):
    org = flow.org
    dossier = dossier_for(flow, kind=kw.pop("kind", "THUONG_XUYEN"))
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry(code), person=org.person_a, **kw)
    to_council(flow, dossier)
    services.tally_record(
        actor=org.council_a, meeting=meeting(flow, dossier), item=item, agree=9, disagree=0, abstain=0, invalid=0
    )
    return services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote"), item


def test_routing_sends_a_ministry_level_item_up(flow):
    dossier, item = _voted_item(
        flow, "CSTDTQUAN", kind="KHEN_CAO", justification="Hai lần liên tục Chiến sĩ thi đua cơ sở."
    )
    before = _state()
    with pytest.raises(DomainError, match="thuộc thẩm quyền cấp này"):
        services.decision_issue(
            actor=flow.org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER,
            idempotency_key="up-1",
        )  # fmt: skip
    assert _state() == before
    dossier = services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="forward")
    assert dossier.authority == flow.btl and DossierItem.objects.get(pk=item.pk).status == ItemStatus.DE_NGHI


@pytest.mark.parametrize("starts", [0, 1])
def test_routing_reads_the_matrix_for_the_submission_day(flow, use_rows, starts):
    """CSTT moved to the Military Region's authority from the submission day (0) or only from tomorrow (1)."""
    today = timezone.localdate()
    use_rows(
        [
            _row(entries=["CSTT"], level="DON_VI", valid_to=(today + timedelta(days=starts - 1)).isoformat()),
            _row(entries=["CSTT"], level="QUAN_KHU", valid_from=(today + timedelta(days=starts)).isoformat()),
        ]
    )
    dossier, item = _voted_item(flow, "CSTT")
    assert dossier.submitted_on == today
    if starts == 0:  # above Cục Chính trị that day: forwarded (khen cao), no award written here
        before = _state()
        with pytest.raises(DomainError, match="thuộc thẩm quyền cấp này"):
            services.decision_issue(
                actor=flow.org.commander, dossier=dossier, signed_on=today, signer=SIGNER, idempotency_key="d-0"
            )
        assert _state() == before
        dossier = services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="forward")
        assert dossier.authority == flow.btl
    else:  # within its authority on the submission day: decided here
        issue = services.decision_issue(
            actor=flow.org.commander, dossier=dossier, signed_on=today, signer=SIGNER, idempotency_key="d-1"
        )
        assert issue.decision.awards.get().entry.code == "CSTT"
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.DA_QUYET_DINH


def test_a_revocation_by_a_body_below_the_decider_is_refused(flow):
    org, today = flow.org, timezone.localdate()
    award = records.award_record(
        actor=org.admin, person=org.person_a, entry=flow.entry("CSTDTQUAN"), year=2024,
        decision_number="301/QĐ-BQP", decision_date=date(2025, 2, 1), issuer="Bộ Quốc phòng",
    )  # fmt: skip
    before = _state()
    with pytest.raises(ValidationError) as refused:
        services.revocation_issue(
            actor=org.commander, authority=flow.btl, awards=[award], reason="Sai", signed_on=today, signer=SIGNER,
            idempotency_key="rev-btl",
        )  # fmt: skip
    message = refused.value.message_dict["awards"][0]
    assert "Bộ Tư lệnh Quân khu (cấp quân khu và tương đương) không có thẩm quyền hủy bỏ" in message
    assert "Bộ trưởng Bộ Quốc phòng" in message
    with pytest.raises(ValidationError, match="không có thẩm quyền hủy bỏ"):
        records.award_revoke(
            actor=org.admin, award=award, decision_number="9/QĐ-HUY", decision_date=today,
            issuer="Bộ Tư lệnh Quân khu", reason="Sai",
        )  # fmt: skip
    assert _state() == before


def test_the_matrix_page_names_the_bodies_in_vietnamese(client, flow):
    client.force_login(flow.org.officer_a)
    page = client.get("/tham-quyen/").content.decode()
    assert "Thủ tướng Chính phủ" in page and "Chiến sĩ thi đua toàn quốc" in page
    assert "từ 01/01/2024" in page and "TT 118/2023/TT-BQP" in page and "CSTDTQUOC" not in page
    version = date.fromisoformat(matrix().version)
    assert f"bảng ngày {version:%d/%m/%Y}" in page and "trí nhớ" not in page  # a date as users write it


def test_routing_asks_the_database_nothing_per_item(flow):
    dossier, _item = _voted_item(flow, "CSTT")
    items = list(dossier.items.select_related("entry"))
    matrix()  # the file is read once per process, before
    with CaptureQueriesContext(connection) as queries:
        assert [_above(i, flow.cct) for i in items] == [False]
        assert [_above(i, flow.chc.parent) for i in items] == [False]
    assert len(queries) == 0
