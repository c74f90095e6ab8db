"""API of the nomination flow: dossiers, items, transitions, meetings and tallies, decisions (same services)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tdkt.api.base import ServiceViewSet, scoped_key
from tdkt.api.filters import ListFilters
from tdkt.api.nominations_batch import DossierBatchActions
from tdkt.api.records import PersonRefSerializer, ScopedPersonField
from tdkt.api.serializers import ID_PATTERN, IdField, ScopedUnitField, UnitRefSerializer, YearField
from tdkt.nominations import selectors, services
from tdkt.nominations.choices import DossierKind
from tdkt.nominations.filters import DossierFilterSet
from tdkt.nominations.models import Authority, DecisionIssue, Dossier, DossierEvent, DossierItem, Tally
from tdkt.nominations.policies import dossier_policy
from tdkt.records.models import CatalogueEntry
from tdkt.records.selectors import award_list


class AuthorityRef(serializers.ModelSerializer):
    class Meta:
        model = Authority
        fields = ["code", "name", "level"]
        read_only_fields = fields


class ItemOutput(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    entry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    eligibility = serializers.JSONField(source="eligibility_snapshot", read_only=True)

    class Meta:
        model = DossierItem
        fields = [
            "id",
            "person",
            "unit",
            "entry",
            "year",
            "kind",
            "achievement",
            "status",
            "status_reason",
            "eligibility_status",
            "eligibility",
            "justification",
            "award",
        ]
        read_only_fields = fields


class EventOutput(serializers.ModelSerializer):
    authority = serializers.SlugRelatedField(slug_field="code", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = DossierEvent
        fields = ["action", "from_status", "to_status", "authority", "actor", "at", "reason"]
        read_only_fields = fields


class DossierOutput(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    authority = AuthorityRef(read_only=True)
    items = ItemOutput(many=True, read_only=True)
    events = EventOutput(many=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "title",
            "unit",
            "year",
            "kind",
            "status",
            "authority",
            "status_since",
            "submission_number",
            "submitted_on",
            "received_on",
            "items",
            "events",
        ]
        read_only_fields = fields


class DossierInput(serializers.Serializer):
    unit = ScopedUnitField()
    year = YearField()
    kind = serializers.ChoiceField(choices=DossierKind.choices)
    title = serializers.CharField(max_length=300)


class ItemInput(serializers.Serializer):
    person = ScopedPersonField(required=False, allow_null=True, default=None)
    unit = ScopedUnitField(required=False, allow_null=True, default=None)
    entry = serializers.SlugRelatedField(slug_field="code", queryset=CatalogueEntry.objects.all())
    achievement = serializers.CharField(required=False, allow_blank=True, default="")
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class BulkInput(serializers.Serializer):
    award = serializers.CharField(max_length=30)
    status = serializers.ChoiceField(choices=["ELIGIBLE", "REVIEW", "NOT_ELIGIBLE"], default="ELIGIBLE")
    unit = ScopedUnitField(required=False, allow_null=True, default=None)
    review_date = serializers.DateField(required=False, allow_null=True, default=None)  # niên hạn: service up to D


class TransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=[a for a in services.TRANSITIONS if a != "decide"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewInput(serializers.Serializer):
    item = IdField()
    action = serializers.ChoiceField(choices=list(services.ITEM_ACTIONS))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=255)
    presided_by = IdField()
    attendees = serializers.ListField(child=IdField(), allow_empty=False)
    conclusion = serializers.CharField(required=False, allow_blank=True, default="")


class MeetingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    place = serializers.CharField()


class TallyInput(serializers.Serializer):
    meeting = IdField()
    item = IdField()
    agree = serializers.IntegerField(min_value=0, max_value=100_000)
    disagree = serializers.IntegerField(min_value=0, max_value=100_000)
    abstain = serializers.IntegerField(min_value=0, max_value=100_000)
    invalid = serializers.IntegerField(min_value=0, max_value=100_000)
    recused = serializers.ListField(child=IdField(), required=False, default=list)


class TallyOutput(serializers.ModelSerializer):
    class Meta:
        model = Tally
        fields = [
            "id",
            "meeting",
            "item",
            "agree",
            "disagree",
            "abstain",
            "invalid",
            "members",
            "present",
            "base",
            "rule",
            "passed",
        ]
        read_only_fields = fields


class SignerInput(serializers.Serializer):
    signed_on = serializers.DateField()
    signer_title = serializers.CharField(max_length=120)
    signer_name = serializers.CharField(max_length=120)
    signer_rank = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    signer_authority = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class RevocationInput(SignerInput):
    authority = serializers.SlugRelatedField(slug_field="code", queryset=Authority.objects.all())
    awards = serializers.ListField(child=IdField(), allow_empty=False)
    reason = serializers.CharField()


class DecisionOutput(serializers.ModelSerializer):
    number = serializers.CharField(source="decision.number", read_only=True)
    signed_on = serializers.DateField(source="decision.signed_on", read_only=True)
    is_revocation = serializers.BooleanField(source="decision.is_revocation", read_only=True)
    authority = serializers.SlugRelatedField(slug_field="code", read_only=True)
    awards = serializers.SerializerMethodField()

    class Meta:
        model = DecisionIssue
        fields = [
            "id",
            "number",
            "year",
            "sequence",
            "signed_on",
            "authority",
            "title",
            "signer_authority",
            "signer_title",
            "signer_rank",
            "signer_name",
            "dossier",
            "is_revocation",
            "awards",
        ]
        read_only_fields = fields

    def get_awards(self, issue) -> list[int]:
        related = issue.decision.revoked_awards if issue.decision.is_revocation else issue.decision.awards
        return sorted(related.values_list("id", flat=True))


def _signer(data) -> services.Signer:
    return services.Signer(
        title=data["signer_title"],
        name=data["signer_name"],
        rank=data["signer_rank"],
        authority=data["signer_authority"],
    )


def _key(request, data) -> str:
    # the decision services keep the key with the decision: scoped here to (user, operation), another user's
    # key (or one sent to another dossier) never finds this user's decision, nor theirs
    return scoped_key(request, data.get("idempotency_key", ""))


def _side(side: str):
    """A write gate of the dossier viewset: the actor must be on `side` of the dossier (404 / 403)."""

    def gate(actor, dossier) -> None:
        dossier_policy.check_side(actor, side, dossier)

    return gate


class DossierViewSet(
    DossierBatchActions, ListFilters, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet
):
    """Dossiers the caller may see (proposing unit, or a level it went through)."""

    serializer_class = DossierOutput
    filterset_class = DossierFilterSet
    queryset = Dossier.objects.none()
    lookup_value_regex = ID_PATTERN
    # the side of the dossier each write belongs to (a transition's side depends on the body: its service decides)
    write_gates = {
        "items": _side("submitter"),
        "items_from_screening": _side("submitter"),
        "review": _side("reviewer"),
        "review_batch": _side("reviewer"),
        "meetings": _side("council"),
        "tallies": _side("council"),
        "tallies_batch": _side("council"),
        "decision": _side("signer"),
    }

    def get_queryset(self):
        return selectors.dossier_list(actor=self.request.user).prefetch_related(
            "items__entry", "items__person", "items__unit", "events__authority", "events__actor"
        )

    def _dossier(self):
        return self.get_object()

    def _out(self, dossier, code=status.HTTP_200_OK):
        return Response(DossierOutput(Dossier.objects.get(pk=dossier.pk)).data, status=code)

    @extend_schema(request=DossierInput, responses={201: DossierOutput}, summary="Lập hồ sơ đề nghị khen thưởng")
    def create(self, request):
        dossier = services.dossier_create(actor=request.user, **self._validated(DossierInput))
        return self._out(dossier, status.HTTP_201_CREATED)

    @extend_schema(request=ItemInput, responses={201: ItemOutput}, summary="Thêm đề nghị vào hồ sơ")
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        item = services.item_add(actor=request.user, dossier=self._dossier(), **self._validated(ItemInput))
        return Response(ItemOutput(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BulkInput, responses={200: DossierOutput}, summary="Thêm từ kết quả xét điều kiện")
    @action(detail=True, methods=["post"], url_path="items-from-screening")
    def items_from_screening(self, request, pk=None):
        data = self._validated(BulkInput)
        dossier = self._dossier()
        result = services.items_add_from_screening(
            actor=request.user,
            dossier=dossier,
            award_code=data["award"].upper(),
            status=data["status"],
            root=data["unit"],
            review_date=data["review_date"],
        )
        response = self._out(dossier)
        # what was added, how many already hold the award (HELD, left out) and every refusal, all at once
        response.data["screening"] = {"added": result.added, "held": result.held, "refused": list(result.refused)}
        return response

    @extend_schema(request=TransitionInput, responses=DossierOutput, summary="Chuyển bước hồ sơ (bảng chuyển)")
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        dossier = services.dossier_transition(
            actor=request.user, dossier=self._dossier(), **self._validated(TransitionInput)
        )
        return self._out(dossier)

    @extend_schema(request=ReviewInput, responses=ItemOutput, summary="Xét từng đề nghị (thông qua, loại, chuyển)")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = self._validated(ReviewInput)
        item = selectors.item_of(dossier=self._dossier(), pk=data["item"])
        item = services.item_review(actor=request.user, item=item, action=data["action"], reason=data["reason"])
        return Response(ItemOutput(item).data)

    @extend_schema(request=MeetingInput, responses={201: MeetingOutput}, summary="Ghi cuộc họp hội đồng")
    @action(detail=True, methods=["post"])
    def meetings(self, request, pk=None):
        data = self._validated(MeetingInput)
        dossier = self._dossier()
        council = services.council_for(dossier.authority.unit, data["held_on"]) if dossier.authority.unit else None
        members = {m.pk: m for m in council.members.all()} if council else {}
        if data["presided_by"] not in members or any(a not in members for a in data["attendees"]):
            raise serializers.ValidationError({"attendees": "Người dự họp phải là thành viên của hội đồng."})
        meeting = services.meeting_create(
            actor=request.user,
            dossier=dossier,
            held_on=data["held_on"],
            place=data["place"],
            presided_by=members[data["presided_by"]],
            attendees=[members[a] for a in data["attendees"]],
            conclusion=data["conclusion"],
        )
        return Response(MeetingOutput(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TallyInput, responses={201: TallyOutput}, summary="Ghi kết quả kiểm phiếu (bỏ phiếu kín)")
    @action(detail=True, methods=["post"])
    def tallies(self, request, pk=None):
        data = self._validated(TallyInput)
        dossier = self._dossier()
        meeting = selectors.meeting_of(dossier=dossier, pk=data["meeting"])
        item = selectors.item_of(dossier=dossier, pk=data["item"])
        recused = list(meeting.council.members.filter(pk__in=data["recused"]))
        tally = services.tally_record(
            actor=request.user,
            meeting=meeting,
            item=item,
            agree=data["agree"],
            disagree=data["disagree"],
            abstain=data["abstain"],
            invalid=data["invalid"],
            recused=recused,
        )
        return Response(TallyOutput(tally).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SignerInput,
        responses={201: DecisionOutput},
        summary="Ban hành quyết định (cấp số)",
        parameters=[OpenApiParameter("Idempotency-Key", str, location="header")],
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        data = self._validated(SignerInput)
        issue = services.decision_issue(
            actor=request.user,
            dossier=self._dossier(),
            signed_on=data["signed_on"],
            signer=_signer(data),
            idempotency_key=_key(request, data),
        )
        return Response(DecisionOutput(issue).data, status=status.HTTP_201_CREATED)


class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Decisions issued through tdkt for dossiers the caller may see, and revocation decisions."""

    serializer_class = DecisionOutput
    queryset = DecisionIssue.objects.none()
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        visible = dossier_policy.scope(self.request.user, "view", Dossier.objects.all()).values("pk")
        revoking = award_list(actor=self.request.user).values("revoked_by_id")
        qs = DecisionIssue.objects.select_related("decision", "authority")
        return (
            (qs.filter(dossier__in=visible) | qs.filter(decision_id__in=revoking))
            .distinct()
            .order_by("-year", "-sequence")
        )

    @extend_schema(
        request=RevocationInput,
        responses={201: DecisionOutput},
        summary="Quyết định hủy bỏ khen thưởng (cấp số)",
        parameters=[OpenApiParameter("Idempotency-Key", str, location="header")],
    )
    @action(detail=False, methods=["post"])
    def revocations(self, request):
        data = self._validated(RevocationInput)
        awards = list(award_list(actor=request.user).filter(pk__in=data["awards"]))
        if len(awards) != len(set(data["awards"])):
            raise serializers.ValidationError({"awards": "Có khen thưởng không tồn tại hoặc ngoài phạm vi."})
        issue = services.revocation_issue(
            actor=request.user,
            authority=data["authority"],
            awards=awards,
            reason=data["reason"],
            signed_on=data["signed_on"],
            signer=_signer(data),
            idempotency_key=_key(request, data),
        )
        return Response(DecisionOutput(issue).data, status=status.HTTP_201_CREATED)
