"""`tdkt audit head`, `tdkt audit verify [--head FILE] [--records]`, `tdkt audit keygen`: the audit chain
checked from outside the app, and the record checked against the chain."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tdkt.audit.drift import records_drift
from tdkt.audit.keys import generate_key_file, key_file
from tdkt.audit.selectors import audit_chain_verify, audit_head, audit_keyed_from

MAX_DRIFT_LINES = 1000


def _n(number: int) -> str:
    """1.234.567, the Vietnamese thousands separator."""
    return f"{number:,}".replace(",", ".")


def _shown(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 200 else text[:197] + "…"


def read_head_file(path: Path) -> tuple[tuple[int, str], int | None]:
    """A head saved by `tdkt audit head`: ((seq, hash), first keyed event or None)."""
    head = read_head(path)
    try:
        keyed_from = json.loads(path.read_text(encoding="utf-8")).get("keyed_from")
    except (ValueError, AttributeError):
        keyed_from = None
    return head, keyed_from if isinstance(keyed_from, int) else None


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
    help = (
        "Nhật ký thay đổi: in đầu chuỗi (head), kiểm tra toàn bộ chuỗi băm và dữ liệu (verify), tạo khóa ký (keygen)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        head = sub.add_parser("head", help="In đầu chuỗi hiện tại (số thứ tự, mã băm) để cất giữ ngoài máy chủ.")
        head.add_argument("--output", help="Ghi vào tệp thay vì màn hình.")
        verify = sub.add_parser("verify", help="Tính lại toàn bộ chuỗi; chỉ ra liên kết hỏng đầu tiên.")
        verify.add_argument("--head", help="Tệp đầu chuỗi đã lưu trước đây: phát hiện lịch sử bị viết lại.")
        verify.add_argument(
            "--records",
            action="store_true",
            help="So trạng thái hiện tại của từng đối tượng với trạng thái ghi trong nhật ký: phát hiện sửa trực tiếp.",
        )
        sub.add_parser("keygen", help="Tạo khóa ký nhật ký (AUDIT_HMAC_KEY_FILE) nếu chưa có.")

    def handle(self, *args, action, **options):
        if action == "keygen":
            path = key_file()
            if generate_key_file(path):
                self.stdout.write(
                    f"Đã tạo khóa ký nhật ký {path} (chỉ chủ sở hữu đọc được). Cất một bản sao niêm phong."
                )
            else:
                self.stdout.write(f"Khóa ký nhật ký {path} đã có; không thay đổi.")
            return
        if action == "head":
            seq, digest = audit_head()
            text = json.dumps({"seq": seq, "hash": digest, "keyed_from": audit_keyed_from()})
            if options.get("output"):
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(text)
            return
        saved, keyed_from = read_head_file(Path(options["head"])) if options.get("head") else (None, None)

        def progress(done: int, total: int) -> None:
            if total >= 100_000:
                self.stderr.write(f"Đã kiểm tra {done:,}/{total:,} sự kiện ({done / total:.0%})".replace(",", "."))

        summary: dict = {}
        broken = audit_chain_verify(head=saved, keyed_from=keyed_from, progress=progress, summary=summary)
        if broken:
            raise CommandError(f"Chuỗi nhật ký hỏng tại sự kiện #{broken.seq}: {broken.problem}.")
        seq, digest = audit_head()
        pinned = f"; khớp đầu chuỗi đã lưu #{saved[0]}" if saved else ""
        first = summary.get("keyed_from")
        if first is None:
            keyed = "; chưa có sự kiện ký HMAC" if seq else ""
        elif first > 1:
            keyed = f"; sự kiện #1–#{first - 1} băm SHA-256 (trước khi có khóa), từ #{first} ký HMAC"
        else:
            keyed = "; mọi sự kiện ký HMAC"
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {_n(seq)} sự kiện, đầu chuỗi {digest}{pinned}{keyed}.")
        if options.get("records"):
            self._records()

    def _records(self) -> None:
        def progress(object_type: str, done: int, total: int) -> None:
            self.stderr.write(f"Đối chiếu {object_type}: {_n(done)}/{_n(total)} đối tượng")

        drifts = 0
        for drift in records_drift(progress=progress):
            drifts += 1
            if drifts <= MAX_DRIFT_LINES:
                self.stdout.write(
                    f"LỆCH {drift.object_type} #{drift.object_id} ({drift.object_repr}), trường {drift.field}: "
                    f"nhật ký (#{drift.seq}) = {_shown(drift.audited)}, hiện tại = {_shown(drift.current)}"
                )
        if drifts:
            more = f" (chỉ in {MAX_DRIFT_LINES} dòng đầu)" if drifts > MAX_DRIFT_LINES else ""
            raise CommandError(
                f"Dữ liệu lệch so với nhật ký: {_n(drifts)} giá trị{more}; "
                "đã bị sửa trực tiếp trong cơ sở dữ liệu, không qua tdkt."
            )
        self.stdout.write("Dữ liệu khớp với nhật ký: không có thay đổi nào ngoài nhật ký.")
