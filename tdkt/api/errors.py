"""API errors: domain and model validation errors become 409 / 400 with Vietnamese messages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_standardized_errors.handler import exception_handler as standardized_handler
from rest_framework import exceptions, status

from tdkt.core.errors import DomainError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Thao tác không hợp lệ ở trạng thái hiện tại."
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        exc = Conflict(detail=exc.message, code=exc.code)
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return standardized_handler(exc, context)
