"""The OpenAPI schema generator: drf-standardized-errors' error answers, adapted to how tdkt's views refuse."""

from drf_standardized_errors.openapi import AutoSchema as StandardizedAutoSchema


class AutoSchema(StandardizedAutoSchema):
    def _should_add_http403_error_response(self) -> bool:
        # services refuse a wrong role with 403 even where the view itself only asks for a log-in
        return True

    def _should_add_validation_error_response(self) -> bool:
        # list filters (the apps' FilterSets, through DjangoFilterBackend) refuse malformed values with 400
        return True
