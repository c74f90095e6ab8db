"""Every file tdkt hands out is sent through `download`: one place builds the Content-Disposition header.

The header comes from Django's `content_disposition_header` (RFC 6266): an ASCII name is quoted with its
quotes and backslashes escaped, any other name is sent as `filename*=utf-8''…` (percent-encoded UTF-8), so a
quote in a name cannot add a parameter and a Vietnamese name is saved under its own name by the browser (a name
formatted into `filename="…"` by hand became RFC 2047 and Chromium saved it as `download`).
`FileResponse(as_attachment=True, filename=…)` uses the same function; a test keeps hand-made headers out.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """`data` as an attachment named `filename`."""
    response = HttpResponse(data, content_type=content_type)
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
