"""API of emulation work: clusters (leaders, hand-over), scoring rounds, registrations, exemplars, movements."""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tdkt.api.base import ServiceViewSet
from tdkt.api.filters import ListFilters
from tdkt.api.records import PersonRefSerializer, ScopedPersonField
from tdkt.api.serializers import ID_PATTERN, IdField, ScopedUnitField, UnitRefSerializer, YearField
from tdkt.emulation import filters, scoring, selectors, services
from tdkt.emulation.choices import CriterionKind, ExemplarStage, MovementKind
from tdkt.emulation.models import (
    Cluster,
    ClusterLeadership,
    ClusterMembership,
    Exemplar,
    Movement,
    Registration,
    ScoringRound,
    Target,
)
from tdkt.org.models import Unit
from tdkt.org.selectors import SUBJECT_NOT_FOUND, unit_list
from tdkt.records.models import CatalogueEntry


@extend_schema_field(OpenApiTypes.STR)
class MemberUnitCodeField(serializers.SlugRelatedField):
    """A unit by code, among the units the caller may see and the members of the clusters the caller may see
    (those are listed in the cluster anyway): any other code is "not found", exactly as an unknown one, so the
    answer never confirms that a unit exists elsewhere (issue #14, finding 11)."""

    default_error_messages = {"does_not_exist": SUBJECT_NOT_FOUND, "invalid": SUBJECT_NOT_FOUND}

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        actor = self.context["request"].user
        members = ClusterMembership.objects.filter(cluster__in=selectors.cluster_list(actor=actor)).values("unit_id")
        return Unit.objects.filter(Q(pk__in=unit_list(actor=actor).values("pk")) | Q(pk__in=members))


class LeadershipOutput(serializers.ModelSerializer):
    leader = UnitRefSerializer(read_only=True)
    deputy = UnitRefSerializer(read_only=True, allow_null=True)
    handed_over_by = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ClusterLeadership
        fields = ["year", "leader", "deputy", "handed_over_by", "handed_over_on"]
        read_only_fields = fields


class ClusterOutput(serializers.ModelSerializer):
    organiser = UnitRefSerializer(read_only=True)
    leaders = LeadershipOutput(source="leaderships", many=True, read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Cluster
        fields = ["id", "code", "name", "organiser", "members", "leaders"]
        read_only_fields = fields

    def get_members(self, cluster) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for m in cluster.memberships.select_related("unit").order_by("year", "unit__code"):
            out.setdefault(str(m.year), []).append(m.unit.code)
        return out


class HandoverInput(serializers.Serializer):
    to_year = YearField()
    to_unit = MemberUnitCodeField()
    on = serializers.DateField()
    deputy = MemberUnitCodeField(required=False, allow_null=True, default=None)


class CriterionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=CriterionKind.choices)
    max_points = serializers.DecimalField(max_digits=7, decimal_places=2)


class StandingOutput(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)  # null: no points yet; equal totals share a rank
    tied = serializers.BooleanField()
    unit = UnitRefSerializer()
    total = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    by_criterion = serializers.DictField(
        child=serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    )


class RoundOutput(serializers.ModelSerializer):
    criteria = CriterionOutput(many=True, read_only=True)
    ranking = serializers.SerializerMethodField()
    acclaimed = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ScoringRound
        fields = ["id", "cluster", "year", "status", "acclaimed", "criteria", "ranking"]
        read_only_fields = fields

    @extend_schema(exclude=True)
    def get_ranking(self, round_) -> list[dict]:
        return StandingOutput(
            [
                {**s.__dict__, "by_criterion": {str(k): v for k, v in s.by_criterion.items()}}
                for s in scoring.ranking(round_)
            ],
            many=True,
        ).data


class RoundInput(serializers.Serializer):
    cluster = IdField()
    year = YearField()


class CriterionInput(serializers.Serializer):
    name = serializers.CharField(max_length=500)
    max_points = serializers.DecimalField(max_digits=7, decimal_places=2)
    kind = serializers.ChoiceField(choices=CriterionKind.choices, default=CriterionKind.DIEM)
    parent = IdField(required=False, allow_null=True, default=None)


class AdvanceInput(serializers.Serializer):
    # locking with a tie at the top: the unit the cluster acclaims, among the tied ones (else refused)
    acclaimed = MemberUnitCodeField(required=False, allow_null=True, default=None)


class ScoreInput(serializers.Serializer):
    unit = MemberUnitCodeField()
    criterion = IdField()
    points = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)
    text = serializers.CharField(required=False, allow_blank=True, default="")


class RegistrationOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    entry = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "person", "unit", "entry", "year", "status", "reason"]
        read_only_fields = fields


class RegistrationInput(serializers.Serializer):
    person = ScopedPersonField(required=False, allow_null=True, default=None)
    unit = ScopedUnitField(required=False, allow_null=True, default=None)
    entry = serializers.SlugRelatedField(slug_field="code", queryset=CatalogueEntry.objects.all())
    year = YearField()


class RegistrationReviewInput(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ExemplarOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Exemplar
        fields = ["id", "person", "unit", "field", "campaigns", "stage", "summary", "steps"]
        read_only_fields = fields

    def get_steps(self, exemplar) -> list[dict]:
        return [
            {"stage": s.stage, "on": s.on.isoformat(), "note": s.note, "reason": s.reason} for s in exemplar.steps.all()
        ]


class ExemplarInput(serializers.Serializer):
    person = ScopedPersonField(required=False, allow_null=True, default=None)
    unit = ScopedUnitField(required=False, allow_null=True, default=None)
    field = serializers.CharField(max_length=255)
    campaigns = serializers.ListField(child=serializers.CharField(max_length=300), required=False, allow_empty=True)
    on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class MoveInput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=ExemplarStage.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class TargetOutput(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "name", "measure", "planned", "result", "met"]
        read_only_fields = fields


class MovementOutput(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    targets = TargetOutput(many=True, read_only=True)

    class Meta:
        model = Movement
        fields = ["id", "unit", "kind", "name", "year", "starts_on", "ends_on", "parent", "content", "targets"]
        read_only_fields = fields


class MovementInput(serializers.Serializer):
    unit = ScopedUnitField()
    kind = serializers.ChoiceField(choices=MovementKind.choices)
    name = serializers.CharField(max_length=300)
    year = YearField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    content = serializers.CharField(required=False, allow_blank=True, default="")


class TargetInput(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    measure = serializers.CharField(max_length=40)
    planned = serializers.DecimalField(max_digits=12, decimal_places=2)


class ClusterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = ClusterOutput
    queryset = Cluster.objects.none()
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return selectors.cluster_list(actor=self.request.user).order_by("code")

    @extend_schema(
        request=HandoverInput,
        responses={201: LeadershipOutput},
        summary="Bàn giao cụm trưởng cho năm sau (tại hội nghị tổng kết)",
    )
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        data = self._validated(HandoverInput)
        leadership = services.cluster_handover(actor=request.user, cluster=self.get_object(), **data)
        return Response(LeadershipOutput(leadership).data, status=status.HTTP_201_CREATED)


class RoundViewSet(mixins.RetrieveModelMixin, ServiceViewSet):
    """A cluster's scoring round: criteria, self-scores, review, explanation, lock; ranking and acclaim."""

    serializer_class = RoundOutput
    queryset = ScoringRound.objects.none()
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return ScoringRound.objects.filter(cluster__in=selectors.cluster_list(actor=self.request.user))

    def _out(self, round_, code=status.HTTP_200_OK):
        return Response(RoundOutput(ScoringRound.objects.get(pk=round_.pk)).data, status=code)

    def _criterion(self, round_, pk):
        criterion = round_.criteria.filter(pk=pk).first()
        if criterion is None:
            raise serializers.ValidationError({"criterion": "Tiêu chí không thuộc đợt chấm này."})
        return criterion

    @extend_schema(request=RoundInput, responses={201: RoundOutput}, summary="Mở đợt chấm điểm")
    def create(self, request):
        data = self._validated(RoundInput)
        cluster = selectors.cluster_list(actor=request.user).filter(pk=data["cluster"]).first()
        if cluster is None:
            raise serializers.ValidationError({"cluster": "Không tìm thấy cụm thi đua."})
        return self._out(
            scoring.round_create(actor=request.user, cluster=cluster, year=data["year"]), status.HTTP_201_CREATED
        )

    @extend_schema(request=CriterionInput, responses=RoundOutput, summary="Thêm tiêu chí")
    @action(detail=True, methods=["post"])
    def criteria(self, request, pk=None):
        data = self._validated(CriterionInput)
        round_ = self.get_object()
        parent = self._criterion(round_, data["parent"]) if data["parent"] else None
        scoring.criterion_add(
            actor=request.user,
            round_=round_,
            name=data["name"],
            max_points=data["max_points"],
            kind=data["kind"],
            parent=parent,
        )
        return self._out(round_)

    @extend_schema(request=AdvanceInput, responses=RoundOutput, summary="Chuyển bước (khóa ở bước cuối)")
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        round_ = self.get_object()
        data = self._validated(AdvanceInput)
        return self._out(scoring.round_advance(actor=request.user, round_=round_, acclaimed=data["acclaimed"]))

    @extend_schema(request=ScoreInput, responses=RoundOutput, summary="Tự chấm (points, text = minh chứng)")
    @action(detail=True, methods=["post"], url_path="self-score")
    def self_score(self, request, pk=None):
        data, round_ = self._validated(ScoreInput), self.get_object()
        scoring.score_self(
            actor=request.user,
            round_=round_,
            unit=data["unit"],
            criterion=self._criterion(round_, data["criterion"]),
            points=data.get("points", -1),
            evidence=data["text"],
        )
        return self._out(round_)

    @extend_schema(request=ScoreInput, responses=RoundOutput, summary="Cụm trưởng chấm (points, text = nhận xét)")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data, round_ = self._validated(ScoreInput), self.get_object()
        scoring.score_review(
            actor=request.user,
            round_=round_,
            unit=data["unit"],
            criterion=self._criterion(round_, data["criterion"]),
            points=data.get("points", -1),
            note=data["text"],
        )
        return self._out(round_)

    @extend_schema(request=ScoreInput, responses=RoundOutput, summary="Đơn vị giải trình (text)")
    @action(detail=True, methods=["post"])
    def explain(self, request, pk=None):
        data, round_ = self._validated(ScoreInput), self.get_object()
        scoring.score_explain(
            actor=request.user,
            round_=round_,
            unit=data["unit"],
            criterion=self._criterion(round_, data["criterion"]),
            explanation=data["text"],
        )
        return self._out(round_)


class RegistrationViewSet(ListFilters, mixins.ListModelMixin, ServiceViewSet):
    serializer_class = RegistrationOutput
    queryset = Registration.objects.none()
    filterset_class = filters.RegistrationFilterSet

    def get_queryset(self):
        return selectors.registration_list(actor=self.request.user).order_by("year", "id")

    @extend_schema(request=RegistrationInput, responses={201: RegistrationOutput}, summary="Đăng ký thi đua")
    def create(self, request):
        registration = services.registration_submit(actor=request.user, **self._validated(RegistrationInput))
        return Response(RegistrationOutput(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RegistrationReviewInput, responses=RegistrationOutput, summary="Duyệt hoặc trả lại đăng ký")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        registration = self.get_object()
        registration = services.registration_review(
            actor=request.user, registration=registration, **self._validated(RegistrationReviewInput)
        )
        return Response(RegistrationOutput(registration).data)


class LinkAwardInput(serializers.Serializer):
    award = IdField()


class ExemplarViewSet(ListFilters, mixins.ListModelMixin, ServiceViewSet):
    serializer_class = ExemplarOutput
    queryset = Exemplar.objects.none()
    filterset_class = filters.ExemplarFilterSet

    def get_queryset(self):
        return selectors.exemplar_queryset(actor=self.request.user).order_by("id")

    @extend_schema(request=ExemplarInput, responses={201: ExemplarOutput}, summary="Ghi nhận điển hình")
    def create(self, request):
        data = self._validated(ExemplarInput)
        exemplar = services.exemplar_create(actor=request.user, **{"campaigns": [], **data})
        return Response(ExemplarOutput(exemplar).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MoveInput, responses=ExemplarOutput, summary="Chuyển giai đoạn")
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        exemplar = services.exemplar_move(actor=request.user, exemplar=self.get_object(), **self._validated(MoveInput))
        return Response(ExemplarOutput(exemplar).data)

    @extend_schema(request=LinkAwardInput, responses=ExemplarOutput, summary="Gắn khen thưởng sau đó với điển hình")
    @action(detail=True, methods=["post"], url_path="link-award")
    def link_award(self, request, pk=None):
        from tdkt.records.selectors import award_list

        data = self._validated(LinkAwardInput)
        award = award_list(actor=request.user).filter(pk=data["award"]).first()
        if award is None:
            raise serializers.ValidationError({"award": "Không tìm thấy khen thưởng trong phạm vi."})
        exemplar = services.exemplar_link_award(actor=request.user, exemplar=self.get_object(), award=award)
        return Response(ExemplarOutput(exemplar).data)


class MovementViewSet(ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = MovementOutput
    queryset = Movement.objects.none()
    lookup_value_regex = ID_PATTERN
    filterset_class = filters.MovementFilterSet

    def get_queryset(self):
        return selectors.movement_list(actor=self.request.user).prefetch_related("targets").order_by("-year", "id")

    @extend_schema(request=MovementInput, responses={201: MovementOutput}, summary="Phát động phong trào")
    def create(self, request):
        movement = services.movement_launch(actor=request.user, **self._validated(MovementInput))
        return Response(MovementOutput(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TargetInput, responses={201: TargetOutput}, summary="Thêm chỉ tiêu")
    @action(detail=True, methods=["post"])
    def targets(self, request, pk=None):
        target = services.target_add(actor=request.user, movement=self.get_object(), **self._validated(TargetInput))
        return Response(TargetOutput(target).data, status=status.HTTP_201_CREATED)
