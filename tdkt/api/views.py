"""API viewsets: scoped querysets, policy-checked services, deny by default."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tdkt.api import serializers as s
from tdkt.api.base import ServiceViewSet
from tdkt.api.filters import ListFilters
from tdkt.api.records import HistoryYearSerializer, history_response
from tdkt.audit.selectors import audit_events_for
from tdkt.org import selectors, services
from tdkt.org.filters import PersonFilterSet, UnitFilterSet
from tdkt.org.models import Person, Unit


@extend_schema_view(list=extend_schema(summary="Danh sách đơn vị trong phạm vi"))
class UnitViewSet(ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = s.UnitOutputSerializer
    lookup_value_regex = s.ID_PATTERN
    queryset = Unit.objects.none()
    filterset_class = UnitFilterSet

    def get_queryset(self) -> QuerySet:
        qs = selectors.unit_list(actor=self.request.user).select_related("parent", "successor")
        return qs.order_by("position", "sort_key", "id")

    @extend_schema(request=s.UnitInputSerializer, responses={201: s.UnitOutputSerializer})
    def create(self, request):
        data = self._validated(s.UnitInputSerializer)
        unit = services.unit_create(actor=request.user, **data)
        return Response(s.UnitOutputSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.UnitInputSerializer, responses=s.UnitOutputSerializer)
    def update(self, request, pk=None):
        return self._update(partial=False)

    @extend_schema(request=s.UnitInputSerializer, responses=s.UnitOutputSerializer)
    def partial_update(self, request, pk=None):
        return self._update(partial=True)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.unit_delete(actor=request.user, unit=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=s.UnitDissolveSerializer, responses=s.UnitOutputSerializer, summary="Giải thể / sáp nhập đơn vị"
    )
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        unit = self.get_object()
        data = self._validated(s.UnitDissolveSerializer)
        unit = services.unit_dissolve(actor=request.user, unit=unit, **data)
        return Response(s.UnitOutputSerializer(unit).data)

    @extend_schema(responses=HistoryYearSerializer(many=True), summary="Quá trình thi đua, khen thưởng của đơn vị")
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list, unpaginated
    def records(self, request, pk=None):
        return history_response(self.get_object())

    @extend_schema(responses=s.AuditEventSerializer(many=True), summary="Lịch sử thay đổi của đơn vị")
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list, unpaginated
    def history(self, request, pk=None):
        events = audit_events_for(obj=self.get_object())[:500]
        return Response(s.AuditEventSerializer(events, many=True).data)

    def _update(self, *, partial: bool):
        unit = self.get_object()
        data = self._validated(s.UnitInputSerializer, partial=partial)
        reason = data.pop("reason", "")
        unit = services.unit_update(actor=self.request.user, unit=unit, reason=reason, **data)
        return Response(s.UnitOutputSerializer(unit).data)


@extend_schema_view(list=extend_schema(summary="Danh sách quân nhân trong phạm vi"))
class PersonViewSet(ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = s.PersonOutputSerializer
    lookup_value_regex = s.ID_PATTERN
    queryset = Person.objects.none()
    filterset_class = PersonFilterSet

    def get_queryset(self) -> QuerySet:
        return selectors.person_list(actor=self.request.user)

    @extend_schema(request=s.PersonInputSerializer, responses={201: s.PersonOutputSerializer})
    def create(self, request):
        data = self._validated(s.PersonInputSerializer)
        person = services.person_create(actor=request.user, **data)
        return Response(s.PersonOutputSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PersonUpdateSerializer, responses=s.PersonOutputSerializer)
    def update(self, request, pk=None):
        return self._update(partial=False)

    @extend_schema(request=s.PersonUpdateSerializer, responses=s.PersonOutputSerializer)
    def partial_update(self, request, pk=None):
        return self._update(partial=True)

    @extend_schema(
        request=s.PersonTransferSerializer, responses={201: s.TransferOutputSerializer}, summary="Điều chuyển quân nhân"
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        person = self.get_object()
        data = self._validated(s.PersonTransferSerializer)
        transfer = services.person_transfer(actor=request.user, person=person, **data)
        return Response(s.TransferOutputSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.TransferOutputSerializer(many=True), summary="Quá trình công tác")
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list, unpaginated
    def transfers(self, request, pk=None):
        return Response(
            s.TransferOutputSerializer(selectors.person_transfers(person=self.get_object()), many=True).data
        )

    @extend_schema(responses=HistoryYearSerializer(many=True), summary="Quá trình thi đua, khen thưởng")
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list, unpaginated
    def records(self, request, pk=None):
        return history_response(self.get_object())

    @extend_schema(responses=s.AuditEventSerializer(many=True), summary="Lịch sử thay đổi của quân nhân")
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list, unpaginated
    def history(self, request, pk=None):
        events = audit_events_for(obj=self.get_object())[:500]
        return Response(s.AuditEventSerializer(events, many=True).data)

    def _update(self, *, partial: bool):
        person = self.get_object()
        data = self._validated(s.PersonUpdateSerializer, partial=partial)
        reason = data.pop("reason", "")
        person = services.person_update(actor=self.request.user, person=person, reason=reason, **data)
        return Response(s.PersonOutputSerializer(person).data)
