"""`tdkt restore FILE [--records]`: replace the database with a backup, after saving the current data beside the
backups; a copy that fails verification (audit triggers, chain, and every audited row when asked or when the copy
was missing its triggers) is rolled back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tdkt.core.backup import BackupError, data_digest, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ tệp sao lưu (dừng các máy chủ ứng dụng trước khi khôi phục)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu do `tdkt backup` ghi.")
        parser.add_argument(
            "--records",
            action="store_true",
            help="Đối chiếu thêm từng đối tượng với nhật ký (như `tdkt audit verify --records`); lệch thì hủy.",
        )

    def handle(self, *args, file, records=False, **options):
        try:
            report = restore(Path(file), records=records)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã khôi phục từ {file}. Dữ liệu trước khi khôi phục được lưu ở {report.safety}.")
        if report.migrated:
            self.stdout.write("Bản sao lưu cũ hơn phần mềm: đã cập nhật cấu trúc cơ sở dữ liệu (migrate).")
        if report.repaired:
            self.stderr.write(
                "Cảnh báo: trong bản sao lưu, bảng nhật ký không được bảo vệ đầy đủ "
                f"({'; '.join(report.repaired)}); đã cài lại trigger chỉ-ghi-thêm và đối chiếu từng đối tượng "
                "với nhật ký. Hãy tìm hiểu nguồn gốc tệp này."
            )
        checked = " và dữ liệu khớp với nhật ký" if records or report.repaired else ""
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn{checked}. SHA-256 dữ liệu: {data_digest()}")
