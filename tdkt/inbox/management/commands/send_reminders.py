"""`tdkt send_reminders`: notifications (and e-mail, for those who chose it) for the deadlines near today."""

import argparse
from datetime import datetime

from django.core.management.base import BaseCommand

from tdkt.inbox.services import reminders_send


def _day(value: str):
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"Ngày không hợp lệ: “{value}” (ghi dd/mm/yyyy).")


class Command(BaseCommand):
    help = (
        "Nhắc các hạn trong 14 ngày tới của lịch công tác thi đua – khen thưởng (thông báo trong hệ thống và thư "
        "cho người đã chọn nhận thư). Chạy lại trong ngày không nhắc hai lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_day, help="Coi như hôm nay là ngày này (dd/mm/yyyy), để thử.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không tạo thông báo, không gửi thư.")

    def handle(self, *args, date=None, dry_run=False, **options):
        plan = reminders_send(day=date, dry_run=dry_run)
        titles = sorted({title for _, _, title, _ in plan.reminders})
        for title in titles:
            self.stdout.write(f"- {title}")
        verb = "Sẽ tạo" if dry_run else "Đã tạo"
        self.stdout.write(
            f"Ngày {plan.day:%d/%m/%Y}: {verb} {len(plan.reminders)} thông báo nhắc hạn"
            f" ({plan.already} đã nhắc từ trước); đã gửi {plan.mailed} thư."
        )
