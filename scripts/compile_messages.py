"""Compile tdkt/locale/*/LC_MESSAGES/django.po to .mo without GNU gettext (simple one-line entries only).

python scripts/compile_messages.py          # writes the .mo files
python scripts/compile_messages.py --check  # exits 1 when a .mo is missing or stale
"""

import ast
import re
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "tdkt" / "locale"
ENTRY = re.compile(r'^msgid (".*")\n((?:".*"\n)*)msgstr (".*")\n((?:".*"\n)*)', re.M)


def _string(first: str, rest: str) -> str:
    return "".join(ast.literal_eval(part) for part in [first, *rest.splitlines()] if part)


def parse(po: Path) -> dict[str, str]:
    text = po.read_text(encoding="utf-8") + "\n"
    return {_string(m[1], m[2]): _string(m[3], m[4]) for m in ENTRY.finditer(text)}


def mo_bytes(messages: dict[str, str]) -> bytes:
    """The GNU .mo format: header, two tables of (length, offset), then the strings, keys sorted."""
    keys = sorted(messages)
    ids = [k.encode() for k in keys]
    strs = [messages[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, data = [], b""
    for value in ids + strs:
        offsets.append((len(value), start + len(data)))
        data += value + b"\0"
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    tables = b"".join(struct.pack("ii", length, offset) for length, offset in offsets)
    return header + tables + data


def main() -> int:
    stale = []
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo, wanted = po.with_suffix(".mo"), mo_bytes(parse(po))
        if "--check" in sys.argv:
            if not mo.exists() or mo.read_bytes() != wanted:
                stale.append(str(mo))
        else:
            mo.write_bytes(wanted)
    if stale:
        print("stale message catalogues (run scripts/compile_messages.py):", *stale)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
