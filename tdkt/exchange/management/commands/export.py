from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tdkt.exchange.export import export_records
from tdkt.exchange.reader import FileRejected
from tdkt.org.commands import unit_from_option
from tdkt.org.services import system_actor


class Command(BaseCommand):
    help = "Xuất dữ liệu ra tệp trao đổi (.xlsx hoặc .json), toàn bộ hoặc một đơn vị và cấp dưới."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", help="Mã đơn vị: chỉ xuất đơn vị này và các đơn vị cấp dưới.")

    def handle(self, *args, file: Path, unit: str | None, **options):
        root = unit_from_option(unit)
        try:
            counts = export_records(file, actor=system_actor(), unit=root)
        except FileRejected as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {file}:"))
        for sheet, count in counts.items():
            self.stdout.write(f"  {sheet}: {count}")
