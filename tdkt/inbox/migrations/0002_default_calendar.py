"""The default yearly calendar (editable in the admin) and the dispatcher's starting point.

The dates are the usual rhythm of the year's emulation and commendation work (registration early in the year,
the half-year review, the year-end proposals and the report due 15/12, the khen cao windows); they are defaults for
an installation to confirm against its own plan, not dates taken from a legal text. The dispatcher starts at the
current end of the audit trail, so an existing installation is not notified of its whole history.
"""

from django.db import migrations

DEFAULTS = [
    # (title, kind, level that must meet it (the submitting one, see 0004), opens (day, month) or None, due)
    ("Đăng ký chỉ tiêu, danh hiệu thi đua năm của cá nhân và tập thể", "DANG_KY", "DON_VI", (1, 1), (15, 2)),
    ("Tổng hợp đăng ký thi đua, ký giao ước thi đua cụm, khối", "DANG_KY", "QUAN_KHU", (1, 2), (31, 3)),
    ("Báo cáo sơ kết 6 tháng công tác thi đua, khen thưởng", "BAO_CAO", "QUAN_KHU", None, (15, 6)),
    ("Nộp hồ sơ đề nghị khen thưởng tổng kết năm về cơ quan thi đua – khen thưởng", "DE_NGHI", "DON_VI", (15, 11), (30, 11)),
    ("Trình hồ sơ khen thưởng tổng kết năm lên Quân khu", "DE_NGHI", "DON_VI", (1, 12), (10, 12)),
    ("Báo cáo tổng kết công tác thi đua, khen thưởng năm", "BAO_CAO", "QUAN_KHU", None, (15, 12)),
    ("Trình hồ sơ khen cao để Bộ Quốc phòng quyết định (thành tích năm trước)", "KHEN_CAO", "QUAN_KHU", (2, 1), (31, 3)),
    ("Trình hồ sơ đề nghị Nhà nước khen thưởng (thành tích năm trước)", "KHEN_CAO", "QUAN_KHU", (1, 4), (30, 6)),
]
NOTE = "Mặc định khi cài đặt; quản trị hệ thống đối chiếu kế hoạch công tác của đơn vị và sửa cho đúng."


def seed(apps, schema_editor):
    Deadline = apps.get_model("inbox", "Deadline")
    for title, kind, level, opens, due in DEFAULTS:
        Deadline.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "level": level,
                "opens_day": opens[0] if opens else None,
                "opens_month": opens[1] if opens else None,
                "due_day": due[0],
                "due_month": due[1],
                "note": NOTE,
            },
        )
    head = apps.get_model("audit", "AuditChainHead").objects.filter(id=1).first()
    apps.get_model("inbox", "DispatchCursor").objects.update_or_create(id=1, defaults={"seq": head.seq if head else 0})


class Migration(migrations.Migration):
    dependencies = [("inbox", "0001_initial"), ("audit", "0004_hash_scheme")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
