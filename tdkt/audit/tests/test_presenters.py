from datetime import date

from tdkt.audit.presenters import history_rows
from tdkt.audit.selectors import audit_events_for
from tdkt.org import services


def test_history_shows_labels_names_and_dates_not_codes(org):
    services.person_transfer(actor=org.officer_a, person=org.person_a, to_unit=org.a1, effective_on=date(2024, 6, 1))
    services.person_update(actor=org.officer_a, person=org.person_a, rank="THIEU_TA", reason="Thăng quân hàm")
    rows = history_rows(audit_events_for(obj=org.person_a))
    assert [r.action_label for r in rows] == ["Sửa thông tin quân nhân", "Điều chuyển", "Thêm quân nhân"]
    rank = next(c for c in rows[0].changes if c.label == "Cấp bậc")
    assert (rank.old, rank.new) == ("Đại úy", "Thiếu tá")
    unit = next(c for c in rows[1].changes if c.label == "Đơn vị")
    assert (unit.old, unit.new) == ("Cục Chính trị", "Phòng Tuyên huấn")
    since = next(c for c in rows[1].changes if c.label == "Ngày về đơn vị")
    assert since.new == "01/06/2024"
    created = {c.label: c.new for c in rows[2].changes}
    assert created["Đối tượng"] == "Sĩ quan" and created["Giới tính"] == "Nam" and created["Ngày sinh"] == "17/05/1990"
