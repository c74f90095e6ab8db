"""`tdkt audit head` and `tdkt audit verify [--head FILE]`: the audit chain checked from outside the app."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tdkt.audit.selectors import audit_chain_verify, audit_head


def read_head(path: Path) -> tuple[int, str]:
    """A head saved by `tdkt audit head`: its JSON, or "SEQ HASH" on one line."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp đầu chuỗi {path}: {exc.strerror}.") from exc
    try:
        data = json.loads(text)
        seq, digest = data["seq"], data["hash"]
    except (ValueError, KeyError, TypeError):
        parts = text.split()
        if len(parts) != 2 or not parts[0].isdigit():
            raise CommandError(f"Tệp {path} không phải đầu chuỗi do `tdkt audit head` ghi.") from None
        seq, digest = parts
    if not isinstance(digest, str) or len(digest) != 64:
        raise CommandError(f"Tệp {path}: mã băm đầu chuỗi phải có 64 ký tự hex.")
    return int(seq), digest


class Command(BaseCommand):
    help = "Nhật ký thay đổi: in đầu chuỗi (head) hoặc kiểm tra toàn bộ chuỗi băm (verify)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        head = sub.add_parser("head", help="In đầu chuỗi hiện tại (số thứ tự, mã băm) để cất giữ ngoài máy chủ.")
        head.add_argument("--output", help="Ghi vào tệp thay vì màn hình.")
        verify = sub.add_parser("verify", help="Tính lại toàn bộ chuỗi; chỉ ra liên kết hỏng đầu tiên.")
        verify.add_argument("--head", help="Tệp đầu chuỗi đã lưu trước đây: phát hiện lịch sử bị viết lại.")

    def handle(self, *args, action, **options):
        if action == "head":
            seq, digest = audit_head()
            text = json.dumps({"seq": seq, "hash": digest})
            if options.get("output"):
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(text)
            return
        saved = read_head(Path(options["head"])) if options.get("head") else None

        def progress(done: int, total: int) -> None:
            if total >= 100_000:
                self.stderr.write(f"Đã kiểm tra {done:,}/{total:,} sự kiện ({done / total:.0%})".replace(",", "."))

        broken = audit_chain_verify(head=saved, progress=progress)
        if broken:
            raise CommandError(f"Chuỗi nhật ký hỏng tại sự kiện #{broken.seq}: {broken.problem}.")
        seq, digest = audit_head()
        pinned = f"; khớp đầu chuỗi đã lưu #{saved[0]}" if saved else ""
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {seq:,} sự kiện, đầu chuỗi {digest}{pinned}.".replace(",", "."))
