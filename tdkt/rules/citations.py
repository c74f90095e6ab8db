"""Legal sources as an officer reads them: the article named in words, or honestly said to be unknown.

The rule data keeps its sources short ("Luật TĐKT 2022 Đ74 k1d [C]"). On screen and in spreadsheets they are
written out ("Luật TĐKT 2022, Điều 74, khoản 1, điểm d") with the label apart; a part of a source that names a
law, decree or circular but no article says so ("TT 118/2023/TT-BQP, chưa xác định điều") instead of a
number nobody has checked. Pure Python, like the rest of `tdkt.rules`.
"""

import re
from dataclasses import dataclass

LABELS = {
    "C": "chắc chắn",
    "H": "có khả năng",
    "U": "chưa xác nhận",
}
# what each label means, for the legend of the pages that show sources (docs/law.md)
LABEL_MEANINGS = {
    "C": "đã đọc trong văn bản hoặc nguồn chính thức",
    "H": "theo nguồn thứ cấp, hoặc giữ văn bản cũ làm mặc định",
    "U": "chưa đối chiếu văn bản; đơn vị có thể điều chỉnh tham số",
}
UNKNOWN_ARTICLE = "chưa xác định điều"

_LABEL = re.compile(r"\s*\[([CHU])\]\s*$")
_ARTICLE = re.compile(r"(?:,\s*|\s+)Đ(\d+)(?![\w])")
_CLAUSE = re.compile(r"\s+k(\d+)(?:\s?([a-zđ])(?![\w]))?")
_DOCUMENT = re.compile(r"\b(Luật|NĐ|TT|Nghị định|Thông tư|Hiến pháp)\b")
_CITED = re.compile(r"\b(Điều|khoản|Chương)\b")


@dataclass(frozen=True)
class Citation:
    text: str  # the source with its articles written out
    label: str  # C, H, U or ""

    @property
    def label_text(self) -> str:
        return LABELS.get(self.label, "")


def _write_out(part: str) -> str:
    part = _ARTICLE.sub(lambda m: f", Điều {m.group(1)}", part)
    return _CLAUSE.sub(lambda m: f", khoản {m.group(1)}" + (f", điểm {m.group(2)}" if m.group(2) else ""), part)


def cite(source: str) -> Citation:
    """The source written out, each part naming a legal text with its article or `UNKNOWN_ARTICLE`."""
    source = (source or "").strip()
    label = ""
    if match := _LABEL.search(source):
        label, source = match.group(1), source[: match.start()]
    parts = []
    for part in source.split(";"):
        part = _write_out(part.strip())
        if part and _DOCUMENT.search(part) and not _CITED.search(part):
            # after the text's name, before what the part says of it ("TT 118/2023/TT-BQP, chưa xác định điều: …")
            name, colon, rest = part.partition(":")
            part = f"{name}, {UNKNOWN_ARTICLE}{colon}{rest}"
        parts.append(part)
    return Citation("; ".join(p for p in parts if p), label)
