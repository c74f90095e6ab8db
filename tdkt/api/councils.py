"""Read-only API of the councils (hội đồng TĐKT, one row per term, with its members) and of the conferences
(hội nghị sơ kết, tổng kết) of units and clusters: what the pages `/ho-so/hoi-dong/` and `/phong-trao/` show.

Both are scoped to the actor by their selectors (a council by its unit; a conference by its unit or by the
cluster the actor sees) and narrowed by their FilterSets. A council is formed and staffed through the same
services as the councils page (`council_create`, `council_member_add`); conferences are read-only here.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tdkt.api.base import ServiceViewSet
from tdkt.api.filters import ListFilters
from tdkt.api.records import PersonRefSerializer, ScopedPersonField
from tdkt.api.serializers import ID_PATTERN, ScopedUnitField, UnitRefSerializer
from tdkt.emulation.filters import ConferenceFilterSet
from tdkt.emulation.models import Cluster, Conference
from tdkt.emulation.selectors import conference_list
from tdkt.nominations import services
from tdkt.nominations.choices import CouncilRole
from tdkt.nominations.filters import CouncilFilterSet
from tdkt.nominations.models import Council, CouncilMember
from tdkt.nominations.policies import council_policy
from tdkt.nominations.selectors import council_list


class CouncilMemberOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "full_name", "rank", "position", "role", "role_label", "person", "position_in_list"]
        read_only_fields = fields


class CouncilOutput(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    members = CouncilMemberOutput(many=True, read_only=True)

    class Meta:
        model = Council
        fields = ["id", "unit", "name", "term_start", "term_end", "members"]
        read_only_fields = fields


class CouncilInput(serializers.Serializer):
    unit = ScopedUnitField(unit_action="change")
    name = serializers.CharField(max_length=255)
    term_start = serializers.DateField()
    term_end = serializers.DateField(required=False, allow_null=True, default=None)


class CouncilMemberInput(serializers.Serializer):
    full_name = serializers.CharField(max_length=120)
    role = serializers.ChoiceField(choices=CouncilRole.choices)
    rank = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    person = ScopedPersonField(required=False, allow_null=True, default=None)


def _manage(actor, council) -> None:
    """Write gate: only the officers of the council's unit (404 outside the remit, 403 for other roles)."""
    council_policy.check(actor, "manage", council)


@extend_schema_view(
    list=extend_schema(summary="Hội đồng thi đua – khen thưởng trong phạm vi (mỗi nhiệm kỳ một hội đồng)"),
    retrieve=extend_schema(summary="Một hội đồng thi đua – khen thưởng (một nhiệm kỳ) và thành viên"),
)
class CouncilViewSet(ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = CouncilOutput
    queryset = Council.objects.none()
    lookup_value_regex = ID_PATTERN
    filterset_class = CouncilFilterSet
    write_gates = {"members": _manage}

    def get_queryset(self):
        return council_list(actor=self.request.user)

    @extend_schema(request=CouncilInput, responses={201: CouncilOutput}, summary="Lập hội đồng cho một nhiệm kỳ")
    def create(self, request):
        council = services.council_create(actor=request.user, **self._validated(CouncilInput))
        return Response(CouncilOutput(council).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses=CouncilMemberOutput(many=True), summary="Thành viên của hội đồng (theo thứ tự)"
    )
    @extend_schema(
        methods=["POST"], request=CouncilMemberInput, responses={201: CouncilMemberOutput},
        summary="Thêm thành viên hội đồng",
    )  # fmt: skip
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # a few dozen members at most
    def members(self, request, pk=None):
        if request.method == "GET":
            return Response(CouncilMemberOutput(self.get_object().members.all(), many=True).data)
        data = self._validated(CouncilMemberInput)
        member = services.council_member_add(actor=request.user, council=self.get_object(), **data)
        return Response(CouncilMemberOutput(member).data, status=status.HTTP_201_CREATED)


class ClusterRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "code", "name"]
        read_only_fields = fields


class ConferenceOutput(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    cluster = ClusterRefSerializer(read_only=True, allow_null=True)
    host = UnitRefSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Conference
        fields = [
            "id",
            "kind",
            "kind_label",
            "year",
            "unit",
            "cluster",
            "held_on",
            "place",
            "host",
            "presided_by",
            "attendees",
            "conclusions",
            "decisions_taken",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Hội nghị sơ kết, tổng kết của đơn vị và cụm thi đua trong phạm vi"),
    retrieve=extend_schema(summary="Một hội nghị sơ kết, tổng kết"),
)
class ConferenceViewSet(ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = ConferenceOutput
    queryset = Conference.objects.none()
    lookup_value_regex = ID_PATTERN
    filterset_class = ConferenceFilterSet

    def get_queryset(self):
        return conference_list(actor=self.request.user)
