import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from tdkt.exchange import services
from tdkt.org.models import User
from tdkt.org.services import system_actor


class Command(BaseCommand):
    """`tdkt import FILE [--user LOGIN]`: the page's gate and checks; without --user, the system actor.

    With `--user` the import acts as that account: refused unless it is active and holds an editor role,
    and every row is checked against its remit, exactly as on the page. Without it the import acts as
    the system account (`org.services.system_actor`, a superuser that cannot log in): whoever may run
    commands on the server already holds the whole database.
    """

    help = (
        "Nhập dữ liệu từ tệp trao đổi (.xlsx hoặc .json). Có lỗi thì không ghi gì và trả mã lỗi khác 0. "
        "Có --user: kiểm tra quyền và phạm vi của tài khoản đó như trên trang; không có: tài khoản hệ thống."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và cho biết sẽ thêm, sửa gì.")
        parser.add_argument(
            "--user", help="Tài khoản thực hiện, chỉ nhập được trong phạm vi của tài khoản (mặc định: hệ thống)."
        )
        parser.add_argument("--report", type=Path, help="Ghi báo cáo lỗi ra tệp .xlsx.")

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, report: Path | None, **options):
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        actor = self._actor(user)
        try:
            job = services.import_job_create(actor=actor, path=file)
        except PermissionDenied as exc:
            raise CommandError(f"Tài khoản {actor.username}: {exc}") from exc

        def progress(phase: str, done: int, total: int) -> None:
            self.stderr.write(
                f"\r{phase}: {done:,}".replace(",", ".") + (f"/{total:,}".replace(",", ".") if total else ""), ending=""
            )
            self.stderr.flush()

        plan = services.import_validate(job=job, progress=progress)
        self.stderr.write("")
        if report:
            report.write_bytes(services.report_xlsx(job))
        for warning in job.report["warnings"][:50]:
            self.stdout.write(f"Cảnh báo: {self._line(warning)}")
        if not plan.ok:
            for error in job.report["errors"]:
                self.stdout.write(f"Lỗi: {self._line(error)}")
            more = plan.error_count - len(job.report["errors"])
            if more > 0:
                self.stdout.write(f"... và {more} lỗi khác.")
            self.stdout.write(self.style.ERROR(f"Tệp có {plan.error_count} lỗi: không ghi dữ liệu nào."))
            sys.exit(1)
        summary = plan.summary() if dry_run else services.import_apply(job=job, plan=plan, progress=progress)
        self.stderr.write("")
        self._print_summary(summary, dry_run)

    def _actor(self, login: str | None) -> User:
        if not login:
            return system_actor()
        actor = User.objects.filter(username=login).first()
        if actor is None:
            raise CommandError(f"Không tìm thấy tài khoản {login}. Không có dữ liệu nào được ghi.")
        if not actor.is_active:
            raise CommandError(f"Tài khoản {login} đã bị khóa. Không có dữ liệu nào được ghi.")
        return actor

    def _line(self, p: dict) -> str:
        where = (
            f"{p['sheet']}"
            + (f", dòng {p['row']}" if p["row"] else "")
            + (f", cột {p['column']}" if p["column"] else "")
        )
        value = f" [{p['value']}]" if p["value"] else ""
        return f"{where}{value}: {p['message']}"

    def _print_summary(self, summary: dict, dry_run: bool) -> None:
        labels = {"create": "thêm mới", "update": "cập nhật", "unchanged": "giữ nguyên"}
        title = "Kiểm tra xong (chưa ghi): sẽ" if dry_run else "Đã nhập:"
        self.stdout.write(self.style.SUCCESS(title))
        for sheet, counts in summary.items():
            parts = ", ".join(f"{labels[k]} {v}" for k, v in counts.items())
            self.stdout.write(f"  {sheet}: {parts}")
