"""Base of the API viewsets that write through services, and idempotent writes."""

import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from tdkt.api.models import IdempotentRequest
from tdkt.api.serializers import ID_PATTERN

KEY_HEADER = "Idempotency-Key"


class ServiceViewSet(viewsets.GenericViewSet):
    """Validates input with a serializer, then hands the data to a service."""

    lookup_value_regex = ID_PATTERN
    #: action -> check(actor, obj) that raises PermissionDenied / Http404: who may write on the object, asked
    #: before the body is validated, so that a refused actor gets 403 whatever is sent (the service checks again)
    write_gates: dict = {}

    def get_object(self):
        if not hasattr(self, "_object"):  # looked up once per request, whoever asks first
            self._object = super().get_object()
        return self._object

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        if (self.lookup_url_kwarg or self.lookup_field) in self.kwargs:
            # an object outside the actor's remit is "not found" whatever the body: never a validation
            # answer that would confirm it exists or reveal what it accepts
            obj = self.get_object()
            gate = self.write_gates.get(self.action)
            if gate is not None:
                gate(self.request.user, obj)
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if partial:  # defaults must not overwrite fields the client did not send
            data = {k: v for k, v in data.items() if k in self.request.data}
        return data


def _replay(record: IdempotentRequest, digest: str) -> Response:
    if record.request_digest != digest:
        raise exceptions.ValidationError(
            {KEY_HEADER: "Mã chống gửi trùng này đã được dùng cho một yêu cầu khác; hãy dùng mã mới."}
        )
    return Response(record.body, status=record.status, headers={"Idempotent-Replayed": "true"})


def _operation(request) -> str:
    return f"{request.method} {request.path}"[:200]


def _client_key(request, fallback: str = "") -> str:
    key = (request.headers.get(KEY_HEADER) or fallback or "").strip()
    if len(key) > 64:
        raise exceptions.ValidationError({KEY_HEADER: "Mã chống gửi trùng dài tối đa 64 ký tự."})
    return key


def scoped_key(request, fallback: str = "") -> str:
    """The client's Idempotency-Key (or `fallback`, a key sent in the body) made specific to the user and the
    operation, for services that keep their own keys (a decision's number): the same key sent by another user,
    or by the same user to another endpoint, is another key. Empty when the client sent none."""
    key = _client_key(request, fallback)
    if not key:
        return ""
    digest = hashlib.sha256(f"{request.user.pk}\n{_operation(request)}\n{key}".encode()).hexdigest()
    return f"api-{digest[:60]}"


def idempotent(request, perform, *, authorize) -> Response:
    """Run `perform()` (which writes through a service and returns a Response) at most once per key.

    Without the header the write simply runs. With it, `authorize()` runs first: it raises (403, 404, 400) when
    the actor may not make this write, so a stored answer is read only for an actor who may write, and never
    tells anyone else anything. A key belongs to (user, operation): the same key sent by another user, or to
    another endpoint, is an independent key. The answer is stored in the write's own transaction: either both
    the write and its answer are kept, or neither, so a retry after any failure is safe.
    """
    key = _client_key(request)
    if not key:
        return perform()
    authorize()
    operation = _operation(request)
    digest = hashlib.sha256(
        (operation + "\n" + json.dumps(request.data, sort_keys=True, default=str)).encode()
    ).hexdigest()
    stored = IdempotentRequest.objects.filter(actor=request.user, operation=operation, key=key)
    existing = stored.first()
    if existing:
        return _replay(existing, digest)
    try:
        with transaction.atomic():
            response = perform()
            if response.status_code < 300:
                IdempotentRequest.objects.create(
                    actor=request.user, key=key, operation=operation, request_digest=digest,
                    status=response.status_code, body=json.loads(json.dumps(response.data, default=str)),
                )  # fmt: skip
    except (IntegrityError, DjangoValidationError, exceptions.ValidationError):
        # the same key arrived twice at once: the other request won; its write stands and this one's rolled back
        # (refused by the key's uniqueness, or by the service finding the award the other request just recorded)
        winner = stored.first()
        if winner is None:
            raise
        return _replay(winner, digest)
    return response
