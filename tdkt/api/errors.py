"""API errors: domain and model validation errors become 409 / 400 with Vietnamese messages.

This is drf-standardized-errors' own extension point (EXCEPTION_HANDLER_CLASS), so its schema generator
documents the error answers of every operation (checked by the schemathesis fuzz test).
"""

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
            return exceptions.NotFound(detail=str(exc) or None)
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
