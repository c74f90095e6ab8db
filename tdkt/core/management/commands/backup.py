"""`tdkt backup FILE`: a consistent copy of the whole database (SQLite online backup, or pg_dump -Fc)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tdkt.core.backup import BackupError, backup, data_digest


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu vào một tệp (SQLite: sao lưu trực tuyến; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu sẽ ghi.")

    def handle(self, *args, file, **options):
        try:
            backup(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {file}. SHA-256 dữ liệu: {data_digest()}")
