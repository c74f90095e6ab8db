"""Read-only API of the councils (hội đồng TĐKT, one row per term, with its members) and of the conferences
(hội nghị sơ kết, tổng kết) of units and clusters: what the pages `/ho-so/hoi-dong/` and `/phong-trao/` show.

Both are scoped to the actor by their selectors (a council by its unit; a conference by its unit or by the
cluster the actor sees) and narrowed by their FilterSets. The pages form councils and add members through
`nominations.services.councils`; the API does not write them yet.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tdkt.api.base import ServiceViewSet
from tdkt.api.filters import ListFilters
from tdkt.api.records import PersonRefSerializer
from tdkt.api.serializers import ID_PATTERN, UnitRefSerializer
from tdkt.emulation.filters import ConferenceFilterSet
from tdkt.emulation.models import Cluster, Conference
from tdkt.emulation.selectors import conference_list
from tdkt.nominations.filters import CouncilFilterSet
from tdkt.nominations.models import Council, CouncilMember
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


@extend_schema_view(
    list=extend_schema(summary="Hội đồng thi đua – khen thưởng trong phạm vi (mỗi nhiệm kỳ một hội đồng)"),
    retrieve=extend_schema(summary="Một hội đồng thi đua – khen thưởng (một nhiệm kỳ) và thành viên"),
)
class CouncilViewSet(ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = CouncilOutput
    queryset = Council.objects.none()
    lookup_value_regex = ID_PATTERN
    filterset_class = CouncilFilterSet

    def get_queryset(self):
        return council_list(actor=self.request.user)

    @extend_schema(responses=CouncilMemberOutput(many=True), summary="Thành viên của hội đồng (theo thứ tự danh sách)")
    @action(detail=True, methods=["get"], pagination_class=None)  # a council has a few dozen members at most
    def members(self, request, pk=None):
        return Response(CouncilMemberOutput(self.get_object().members.all(), many=True).data)


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
