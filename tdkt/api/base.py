"""Base of the API viewsets that write through services."""

from rest_framework import viewsets


class ServiceViewSet(viewsets.GenericViewSet):
    """Validates input with a serializer, then hands the data to a service."""

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if partial:  # defaults must not overwrite fields the client did not send
            data = {k: v for k, v in data.items() if k in self.request.data}
        return data
