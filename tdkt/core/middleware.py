"""Session limits and the Content-Security-Policy (issue #8)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from tdkt.core.years import query_year_errors

STARTED, SEEN = "tdkt_session_started", "tdkt_session_seen"
SEEN_RESOLUTION = 60  # seconds: the last-seen time is rewritten at most once a minute, not on every request

# No inline script, no eval, nothing from another origin (tdkt runs on closed networks: every asset is
# vendored). `data:` images are Bootstrap's icons in its CSS; JSON data blocks are not scripts.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def stamp_session(request) -> None:
    """Called at log-in (tdkt.core.security): both clocks start."""
    request.session[STARTED] = request.session[SEEN] = int(time.time())


class RejectNulMiddleware:
    """A NUL character in the path, the query string or a form field can never be stored or looked up
    (PostgreSQL refuses it in text): answer 400 at once instead of failing deep in a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.GET.items()):
            return _bad_request(request)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            if any("\x00" in k or "\x00" in v for k, vs in request.POST.lists() for v in vs):
                return _bad_request(request)
        return self.get_response(request)


class BoundedParametersMiddleware:
    """Parameters that would cost a 500 or a runaway computation answer 400 before any view runs:
    a year in the query string (`nam`, `year`, `tu_nam`, `den_nam`) outside 1945..next year or a range of more
    than 30 years (tdkt.core.years), and, in the query or a form, a number longer than any id (19+ digits:
    SQLite cannot even compare it with a column).

    A view whose form bounds every number it reads itself (`validates_own_numbers = True` on the view class, e.g.
    the tally grid with its counts and hidden ids) gets its form post unchecked: a blanket 400 page there would
    lose every value typed on the page, where the form says which field is too large and shows the page again.
    The query string is checked for every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        errors = query_year_errors(request.GET) + _overlong_numbers(request.GET.lists())
        if errors:
            return _bad_request(request, " ".join(errors), code="invalid")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # after URL resolution, so the view can be asked whether its form checks its own numbers
        if request.method != "POST" or request.content_type not in FORM_TYPES:
            return None
        if getattr(getattr(view_func, "view_class", view_func), "validates_own_numbers", False):
            return None
        errors = _overlong_numbers(request.POST.lists())
        return _bad_request(request, " ".join(errors), code="invalid") if errors else None


MAX_DIGITS = 18  # a bigint id has at most 19 digits; 18 keeps every accepted number inside it


def _overlong_numbers(lists) -> list[str]:
    return [
        f"Giá trị nhập vào là số quá lớn ({len(value)} chữ số)."  # not the parameter's name: the user never typed it
        for _name, values in lists
        for value in values
        if len(value) > MAX_DIGITS and value.isdigit()
    ][:1]


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL_MESSAGE = "Yêu cầu chứa ký tự NUL (\\u0000), không được phép."


def _bad_request(request, message: str = NUL_MESSAGE, *, code: str = "parse_error"):
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith("/api/"):
        error = {"code": code, "detail": message, "attr": None}
        return JsonResponse({"type": "client_error", "errors": [error]}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class SessionLimitsMiddleware:
    """Ends a session after SESSION_IDLE_SECONDS without a request or SESSION_ABSOLUTE_SECONDS after log-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            started = request.session.get(STARTED)
            seen = request.session.get(SEEN, started)
            if started is None:  # a session from before these limits: start counting now
                request.session[STARTED] = request.session[SEEN] = now
            elif now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                idle = now - seen > settings.SESSION_IDLE_SECONDS
                logout(request)
                messages.info(
                    request,
                    f"Phiên làm việc đã kết thúc do không thao tác quá {settings.SESSION_IDLE_SECONDS // 60} phút. "
                    "Vui lòng đăng nhập lại."
                    if idle
                    else f"Phiên làm việc đã quá {settings.SESSION_ABSOLUTE_SECONDS // 3600} giờ. "
                    "Vui lòng đăng nhập lại.",
                )
            elif now - seen >= SEEN_RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
