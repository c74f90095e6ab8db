"""API for the legal record: catalogue, ratings, initiatives, discipline, awards and revocation."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tdkt.api.base import KEY_HEADER, ServiceViewSet, idempotent
from tdkt.api.filters import ListFilters
from tdkt.api.serializers import (
    ID_PATTERN,
    BoundedPrimaryKeyField,
    ScopedUnitField,
    UnitRefSerializer,
    YearField,
)
from tdkt.org.models import Person
from tdkt.org.selectors import person_list
from tdkt.records import filters, selectors, services
from tdkt.records.choices import AwardKind, DisciplineForm, InitiativeScope, InitiativeType, Rating
from tdkt.records.models import Award, CatalogueEntry, Discipline, Initiative, YearlyRating
from tdkt.records.policies import subject_record_policy


@extend_schema_field(OpenApiTypes.INT)
class ScopedPersonField(BoundedPrimaryKeyField):
    def get_queryset(self):
        return person_list(actor=self.context["request"].user)


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "code", "full_name"]
        read_only_fields = fields


class CatalogueEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogueEntry
        fields = [
            "code",
            "name",
            "kind",
            "subject",
            "level",
            "authority",
            "bonus_multiple",
            "legal_source",
            "certainty",
            "yearly",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class SubjectInput(serializers.Serializer):
    person = ScopedPersonField(required=False, allow_null=True, default=None)
    unit = ScopedUnitField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if (attrs.get("person") is None) == (attrs.get("unit") is None):
            raise serializers.ValidationError("Chọn đúng một đối tượng: person hoặc unit.")
        return attrs


class RatingInput(SubjectInput):
    year = YearField()
    rating = serializers.ChoiceField(choices=Rating.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class RatingOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = YearlyRating
        fields = ["id", "person", "unit", "year", "rating"]
        read_only_fields = fields


class AwardInput(SubjectInput):
    entry = serializers.SlugRelatedField(slug_field="code", queryset=CatalogueEntry.objects.all())
    year = YearField()
    kind = serializers.ChoiceField(choices=AwardKind.choices, default=AwardKind.THUONG_XUYEN)
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    issuer = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="",
        help_text="Cơ quan ban hành quyết định: bắt buộc khi có số quyết định.",
    )  # fmt: skip
    achievement = serializers.CharField(required=False, allow_blank=True, default="")


class AwardOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    entry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    decision_number = serializers.CharField(source="decision.number", default="", read_only=True)
    decision_date = serializers.DateField(source="decision.signed_on", default=None, read_only=True, allow_null=True)
    # A decision is identified by (issuer, year, number): the issuer is part of the answer (issue #14, finding 3).
    decision_issuer = serializers.CharField(source="decision.issuer", default="", read_only=True)
    revoked_by_number = serializers.CharField(source="revoked_by.number", default="", read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "person",
            "unit",
            "entry",
            "year",
            "kind",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "achievement",
            "status",
            "revoked_by_number",
            "revoked_on",
            "revocation_reason",
        ]
        read_only_fields = fields


class AwardCreatedOutput(AwardOutput):
    """The award written, with what is unusual but allowed in it (a year's title decided within that year)."""

    warnings = serializers.SerializerMethodField()

    class Meta(AwardOutput.Meta):
        fields = [*AwardOutput.Meta.fields, "warnings"]
        read_only_fields = fields

    def get_warnings(self, award) -> list[str]:
        request = self.context.get("request")
        return services.award_warnings(award, actor=request.user if request else None)


class RevokeInput(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    issuer = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    reason = serializers.CharField()


class InitiativeInput(serializers.Serializer):
    person = ScopedPersonField()
    year = YearField()
    name = serializers.CharField(max_length=500)
    initiative_type = serializers.ChoiceField(choices=InitiativeType.choices, default=InitiativeType.SANG_KIEN)
    scope = serializers.ChoiceField(choices=InitiativeScope.choices)
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class InitiativeOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = Initiative
        fields = ["id", "person", "year", "name", "initiative_type", "scope", "decision_number"]
        read_only_fields = fields


class DisciplineInput(serializers.Serializer):
    person = ScopedPersonField()
    form = serializers.ChoiceField(choices=DisciplineForm.choices)
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    until = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DisciplineOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = Discipline
        fields = ["id", "person", "form", "decided_on", "decision_number", "until", "reason"]
        read_only_fields = fields


class CatalogueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The catalogue of titles and forms, with legal sources (read-only)."""

    serializer_class = CatalogueEntrySerializer
    queryset = CatalogueEntry.objects.none()

    def get_queryset(self):
        return selectors.catalogue_list()


class RatingViewSet(ListFilters, mixins.ListModelMixin, ServiceViewSet):
    serializer_class = RatingOutput
    queryset = YearlyRating.objects.none()
    filterset_class = filters.RatingFilterSet

    def get_queryset(self):
        return selectors.rating_list(actor=self.request.user).order_by("year", "id")

    @extend_schema(request=RatingInput, responses={201: RatingOutput}, summary="Ghi hoặc sửa đánh giá năm")
    def create(self, request):
        rating = services.rating_set(actor=request.user, **self._validated(RatingInput))
        return Response(RatingOutput(rating).data, status=status.HTTP_201_CREATED)


class AwardViewSet(ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = AwardOutput
    queryset = Award.objects.none()
    lookup_value_regex = ID_PATTERN
    filterset_class = filters.AwardFilterSet

    def get_queryset(self):
        return selectors.award_list(actor=self.request.user).order_by("year", "id")

    @extend_schema(
        request=AwardInput,
        responses={201: AwardCreatedOutput},
        summary="Ghi khen thưởng",
        parameters=[
            OpenApiParameter(
                KEY_HEADER, str, location="header", required=False,
                description="Gửi lại cùng mã thì chỉ một khen thưởng được ghi (trả lại kết quả lần đầu).",
            )
        ],
    )  # fmt: skip
    def create(self, request):
        def authorize():  # before a stored answer is read: a replay by someone who may not record it is refused
            data = self._validated(AwardInput)
            subject_record_policy.check(request.user, "record", Award(person=data["person"], unit=data["unit"]))

        def perform():
            award = services.award_record(actor=request.user, **self._validated(AwardInput))
            output = AwardCreatedOutput(award, context={"request": request})
            return Response(output.data, status=status.HTTP_201_CREATED)

        return idempotent(request, perform, authorize=authorize)

    @extend_schema(request=RevokeInput, responses=AwardOutput, summary="Hủy bỏ khen thưởng (không xóa)")
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        award = services.award_revoke(actor=request.user, award=self.get_object(), **self._validated(RevokeInput))
        return Response(AwardOutput(award).data)


class InitiativeViewSet(ListFilters, mixins.ListModelMixin, ServiceViewSet):
    serializer_class = InitiativeOutput
    queryset = Initiative.objects.none()
    filterset_class = filters.InitiativeFilterSet

    def get_queryset(self):
        return selectors.initiative_list(actor=self.request.user).order_by("year", "id")

    @extend_schema(request=InitiativeInput, responses={201: InitiativeOutput})
    def create(self, request):
        initiative = services.initiative_record(actor=request.user, **self._validated(InitiativeInput))
        return Response(InitiativeOutput(initiative).data, status=status.HTTP_201_CREATED)


class DisciplineViewSet(ListFilters, mixins.ListModelMixin, ServiceViewSet):
    serializer_class = DisciplineOutput
    queryset = Discipline.objects.none()
    filterset_class = filters.DisciplineFilterSet

    def get_queryset(self):
        return selectors.discipline_list(actor=self.request.user).order_by("decided_on", "id")

    @extend_schema(request=DisciplineInput, responses={201: DisciplineOutput})
    def create(self, request):
        discipline = services.discipline_record(actor=request.user, **self._validated(DisciplineInput))
        return Response(DisciplineOutput(discipline).data, status=status.HTTP_201_CREATED)


class HistoryYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    rating = serializers.CharField(source="rating.rating", default=None, allow_null=True)
    titles = AwardOutput(many=True)
    forms = AwardOutput(many=True)
    initiatives = InitiativeOutput(many=True)
    disciplines = DisciplineOutput(many=True)


def history_response(subject) -> Response:
    return Response(HistoryYearSerializer(selectors.record_history(subject=subject), many=True).data)
