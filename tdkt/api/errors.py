"""API errors: domain and model validation errors become 409 / 400 with Vietnamese messages.

This is drf-standardized-errors' own extension point (EXCEPTION_HANDLER_CLASS), so its schema generator
documents the error answers of every operation (checked by the schemathesis fuzz test).
"""

import re

from django.apps import apps
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_standardized_errors.handler import ExceptionHandler as StandardizedHandler
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import exceptions, serializers, status

from tdkt.core.errors import DomainError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Thao tác không hợp lệ ở trạng thái hiện tại."
    default_code = "conflict"


#: Django's get_object_or_404 (behind every viewset's get_object) says "No Dossier matches the given query.":
#: English, and it names an internal model. Read back into the thing the officer asked for.
_DJANGO_NOT_FOUND = re.compile(r"^No (?P<model>\w+) matches the given query\.$")
#: the words an officer uses; other models fall back to their verbose_name
NOT_FOUND_NOUNS = {
    "Unit": "đơn vị",
    "Person": "cá nhân",
    "CatalogueEntry": "danh hiệu, hình thức khen thưởng",
    "YearlyRating": "đánh giá năm",
    "Award": "khen thưởng",
    "Initiative": "sáng kiến, đề tài",
    "Discipline": "kỷ luật",
    "Dossier": "hồ sơ đề nghị",
    "Item": "đề nghị",
    "DecisionIssue": "quyết định",
    "Council": "hội đồng thi đua – khen thưởng",
    "CouncilMember": "thành viên hội đồng",
    "Meeting": "cuộc họp hội đồng",
    "Cluster": "cụm, khối thi đua",
    "ScoringRound": "đợt chấm điểm",
    "Registration": "đăng ký thi đua",
    "Exemplar": "điển hình tiên tiến",
    "Movement": "phong trào thi đua",
    "Conference": "hội nghị sơ kết, tổng kết",
}
NOT_FOUND_DEFAULT = "Không tìm thấy đối tượng yêu cầu."


def not_found_message(message: str) -> str:
    """The Vietnamese 404 message: the same for an object that does not exist and for one outside the actor's
    remit (get_object filters by remit first), so it never tells which."""
    match = _DJANGO_NOT_FOUND.match(message)
    if match is None:
        # a service's or selector's own Vietnamese message is kept; an English library message ("Not found.")
        # or none at all is not
        return NOT_FOUND_DEFAULT if not message or message.isascii() else message
    name = match["model"]
    noun = NOT_FOUND_NOUNS.get(name)
    if noun is None:
        model = next((m for m in apps.get_models() if m._meta.object_name == name), None)
        if model is None:
            return NOT_FOUND_DEFAULT
        verbose = str(model._meta.verbose_name)
        noun = verbose[:1].lower() + verbose[1:]
    return f"Không tìm thấy {noun}."


class ExceptionHandler(StandardizedHandler):
    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, DomainError):
            return Conflict(detail=exc.message, code=exc.code)
        if isinstance(exc, DjangoValidationError):
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            return exceptions.ValidationError(detail=detail)
        if isinstance(exc, DjangoPermissionDenied):  # keep the service's Vietnamese reason
            return exceptions.PermissionDenied(detail=str(exc) or None)
        if isinstance(exc, Http404):
            return exceptions.NotFound(detail=not_found_message(str(exc)))
        if isinstance(exc, exceptions.NotFound):  # raised as such: keep a Vietnamese reason, never "Not found."
            code = getattr(exc.detail, "code", None)
            return exceptions.NotFound(detail=not_found_message(str(exc.detail)), code=code)
        return super().convert_known_exceptions(exc)


class Error400Serializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse400Serializer(serializers.Serializer):
    """Every 400 answer: a field error names its field (`attr`, e.g. "attendees.0" or a service's field) or
    none. One shape for all operations: the per-field enums the library would generate cannot name list
    positions or the fields a service checks."""

    type = serializers.ChoiceField(choices=["validation_error", "client_error"])
    errors = Error400Serializer(many=True)


class Error409Serializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse409Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error409Serializer(many=True)
