"""Issue #14, finding 15: every download's Content-Disposition comes from Django's RFC 6266 helper.

Built by hand (`f'attachment; filename="{name}"'`), a quote in a name added parameters of the attacker's choice
and a Vietnamese name was sent RFC 2047-encoded, which Chromium ignores (every decision saved as `download.docx`).
"""

import re
from email.message import Message
from pathlib import Path

import tdkt
from tdkt.core.downloads import download


def params(header: str) -> Message:
    message = Message()
    message["Content-Disposition"] = header
    return message


def test_a_vietnamese_name_with_a_quote_is_sent_as_filename_star_and_adds_no_parameter():
    name = 'Quyết định "16/QĐ-CCT"; filename=evil.exe.docx'
    header = download(b"x", filename=name, content_type="application/octet-stream")["Content-Disposition"]
    assert header == (
        "attachment; filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20%2216/Q%C4%90-CCT%22%3B%20"
        "filename%3Devil.exe.docx"
    )
    parsed = params(header)
    assert [key for key, _ in parsed.get_params(header="content-disposition")] == ["attachment", "filename"]
    assert parsed.get_filename() == name  # decoded back to exactly the name, nothing more


def test_an_ascii_name_with_a_quote_stays_one_quoted_parameter():
    name = 'bao-cao"; filename="evil.exe'
    header = download(b"x", filename=name, content_type="text/plain")["Content-Disposition"]
    assert header == r'attachment; filename="bao-cao\"; filename=\"evil.exe"'
    assert params(header).get_filename() == name


HAND_MADE = re.compile(r"Content-Disposition|attachment;\s*filename", re.IGNORECASE)


def test_no_module_builds_the_header_by_hand():
    """Every download goes through `tdkt.core.downloads.download` or `FileResponse(as_attachment=True)`."""
    root = Path(tdkt.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and path.name != "downloads.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HAND_MADE.search(line)
    ]
    assert offenders == []
