"""Two corrections of the data the inbox made before 0003.

1. A deadline's level is the level that must meet it (the one that submits), so the Military Region command is not
   reminded of what its units submit to it: the defaults of 0002 that named the receiving level move to the
   submitting one, unless an administrator already changed them.
2. The notifications made before 0003 learn their object and whether they asked for action, and those whose object
   has moved on since are marked done (read), so old "… cần tiếp nhận" / "… cần biểu quyết" leave "Thông báo mới".
"""

from django.db import migrations
from django.utils import timezone

LEVELS = [
    # (title of the 0002 default, level it had, the submitting level)
    ("Trình hồ sơ khen thưởng tổng kết năm lên Quân khu", "QUAN_KHU", "DON_VI"),
    ("Trình hồ sơ khen cao để Bộ Quốc phòng quyết định (thành tích năm trước)", "BO_QUOC_PHONG", "QUAN_KHU"),
    ("Trình hồ sơ đề nghị Nhà nước khen thưởng (thành tích năm trước)", "NHA_NUOC", "QUAN_KHU"),
]
ACT_WORDS = ("cần tiếp nhận", "cần biểu quyết", "chờ ký quyết định", "trả lại để bổ sung", "tự chấm điểm", "giải trình")
STEPS = [
    *(
        f"nominations.dossier.{step}"
        for step in (
            "submit",
            "withdraw",
            "revise",
            "receive",
            "return",
            "to_council",
            "close_vote",
            "forward",
            "decide",
        )
    ),
    "emulation.round.advanced",
]


def forward(apps, schema_editor):
    Deadline = apps.get_model("inbox", "Deadline")
    for title, old, new in LEVELS:
        Deadline.objects.filter(title=title, level=old).update(level=new)
    Notification = apps.get_model("inbox", "Notification")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    notes = list(Notification.objects.filter(key__startswith="audit:", subject=""))
    seqs = {int(n.key.split(":")[1]) for n in notes if n.key.split(":")[1].isdigit()}
    events = {e.seq: e for e in AuditEvent.objects.filter(seq__in=seqs).only("seq", "object_type", "object_id")}
    now = timezone.now()
    for note in notes:
        event = events.get(int(note.key.split(":")[1])) if note.key.split(":")[1].isdigit() else None
        if event is None:
            continue
        note.subject = f"{event.object_type}:{event.object_id}"[:80]
        note.act = any(word in note.title for word in ACT_WORDS)
        if note.act:
            later = AuditEvent.objects.filter(
                object_type=event.object_type, object_id=event.object_id, seq__gt=event.seq, action__in=STEPS
            )
            if later.exists():
                note.done_at = now
                note.read_at = note.read_at or now
        note.save(update_fields=["subject", "act", "done_at", "read_at"])


class Migration(migrations.Migration):
    dependencies = [("inbox", "0003_notification_subject_act"), ("audit", "0004_hash_scheme")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
