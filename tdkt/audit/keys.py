"""The audit chain's HMAC key: a file outside the database (setting `AUDIT_HMAC_KEY_FILE`).

Someone who can write to the database but cannot read this file cannot append or rewrite an event whose
link verifies. The file is made once (`make run`, or `tdkt audit keygen`) and never changes; every app
server of one installation reads the same file. It must not travel with the database's backups.

Imports nothing from Django's app registry: the test settings use `ensure_key_file`.
"""

import os
import secrets
import tempfile
from pathlib import Path

MIN_KEY_LENGTH = 32


class AuditKeyError(Exception):
    """The key file is missing or unusable; the message is for the operator (Vietnamese)."""


_cache: dict[tuple[str, int, int], bytes] = {}


def key_file() -> Path:
    from django.conf import settings

    return Path(settings.AUDIT_HMAC_KEY_FILE)


def load_key(path: Path | None = None) -> bytes | None:
    """The key's bytes, or None when the file does not exist. A file too short to be a key is an error."""
    path = Path(path or key_file())
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AuditKeyError(f"Không đọc được khóa ký nhật ký {path}: {exc.strerror}.") from exc
    marker = (str(path), stat.st_mtime_ns, stat.st_size)
    if marker not in _cache:
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise AuditKeyError(f"Không đọc được khóa ký nhật ký {path}.") from exc
        if len(text) < MIN_KEY_LENGTH:
            raise AuditKeyError(f"Khóa ký nhật ký {path} quá ngắn (cần ít nhất {MIN_KEY_LENGTH} ký tự).")
        _cache.clear()
        _cache[marker] = text.encode("ascii")
    return _cache[marker]


def require_key() -> bytes:
    """The key for writing events: without it no event is written (and so no audited change happens)."""
    key = load_key()
    if key is None:
        raise AuditKeyError(
            f"Thiếu khóa ký nhật ký thay đổi ({key_file()}, thiết lập AUDIT_HMAC_KEY_FILE): "
            "tạo bằng `tdkt audit keygen` (hoặc `make run`) rồi thử lại."
        )
    return key


def generate_key_file(path: Path) -> bool:
    """Create a new random key at `path` (mode 0600); False, and nothing changed, when a file is already there.

    Written to a temporary file and linked into place, so a reader never sees half a key and two
    processes racing to create it end with one key.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return False
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (secrets.token_hex(32) + "\n").encode("ascii"))
        os.close(fd)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(temporary)


def ensure_key_file(path: Path) -> Path:
    generate_key_file(path)
    return path
