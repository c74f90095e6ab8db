"""`tdkt restore FILE`: replace the database with a backup, after saving the current data beside the backups."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tdkt.audit.selectors import audit_chain_verify
from tdkt.core.backup import BackupError, data_digest, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ tệp sao lưu (dừng các máy chủ ứng dụng trước khi khôi phục)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu do `tdkt backup` ghi.")

    def handle(self, *args, file, **options):
        try:
            safety = restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã khôi phục từ {file}. Dữ liệu trước khi khôi phục được lưu ở {safety}.")
        broken = audit_chain_verify()
        if broken:
            raise CommandError(f"Đã khôi phục, nhưng chuỗi nhật ký hỏng tại sự kiện #{broken.seq}: {broken.problem}.")
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn. SHA-256 dữ liệu: {data_digest()}")
