"""A context of each document's shape, to check that a replacement template renders before storing it."""

from tdkt.nominations.documents.templates import DEFAULTS

_ROW = {"n": 1, "name": "Nguyễn Văn A", "award": "Chiến sĩ tiên tiến"}
SAMPLES = {
    name: {"rows": [_ROW], "bases": ["Căn cứ …;"], "summary": ["…"], "recipients": ["…"], "number": "1/QĐ"}
    for name in DEFAULTS
}
