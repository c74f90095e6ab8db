"""The batch writes of a dossier over the API (issue #16, item 3), through the same services as the pages.

`POST /api/v1/dossiers/{id}/review-batch/` (`services.items_review`):

    {"action": "approve", "reason": "", "items": [12, 13, 14, …],
     "exceptions": [{"item": 15, "action": "reject", "reason": "Thiếu bản nhận xét"}]}

every item of `items` gets `action` (and `reason`); an exception replaces it for its item (it need not be in
`items`). 200 answers the dossier with `"review": {"approve": n, "reject": n, "forward": n}`.

`POST /api/v1/dossiers/{id}/tallies-batch/` (`services.tallies_record`):

    {"meeting": 3, "rows": [{"item": 12, "agree": 8, "disagree": 1, "abstain": 0, "invalid": 0, "recused": []}]}

201 answers `{"tallies": [<tally>, …]}`. Both are all or nothing: when one row is refused, 400 with
`non_field_errors` naming every refused row and `items.<pk>` (review) or `rows.<pk>` (tallies) for each one.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tdkt.api.serializers import IdField
from tdkt.nominations import selectors, services
from tdkt.nominations.models import Tally

COUNT = {"min_value": 0, "max_value": 100_000}
MAX_ROWS = 2000


class ExceptionInput(serializers.Serializer):
    item = IdField()
    action = serializers.ChoiceField(choices=list(services.ITEM_ACTIONS))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReviewBatchInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.ITEM_ACTIONS), required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    items = serializers.ListField(child=IdField(), required=False, default=list, max_length=MAX_ROWS)
    exceptions = serializers.ListField(child=ExceptionInput(), required=False, default=list, max_length=MAX_ROWS)

    def validate(self, data):
        if not data["items"] and not data["exceptions"]:
            raise serializers.ValidationError({"items": "Chọn ít nhất một đề nghị để xét."})
        if data["items"] and not data["action"]:
            raise serializers.ValidationError({"action": "Chọn thao tác cho các đề nghị đã chọn."})
        return data


class TallyRowInput(serializers.Serializer):
    item = IdField()
    agree = serializers.IntegerField(**COUNT)
    disagree = serializers.IntegerField(default=0, **COUNT)
    abstain = serializers.IntegerField(default=0, **COUNT)
    invalid = serializers.IntegerField(default=0, **COUNT)
    recused = serializers.ListField(child=IdField(), required=False, default=list)


class TallyBatchInput(serializers.Serializer):
    meeting = IdField()
    rows = serializers.ListField(child=TallyRowInput(), allow_empty=False, max_length=MAX_ROWS)


class TallyBatchRow(serializers.ModelSerializer):
    class Meta:
        model = Tally
        fields = ["id", "meeting", "item", "agree", "disagree", "abstain", "invalid", "members", "present", "base"]
        fields += ["rule", "passed"]
        read_only_fields = fields


class TallyBatchOutput(serializers.Serializer):
    tallies = TallyBatchRow(many=True)


def _refused(exc: services.BatchRefused, key: str):
    """A refused batch as a 400: the summary naming every refused row, and each row's reason under its pk."""
    return serializers.ValidationError(
        {"non_field_errors": [exc.summary], key: {str(pk): [message] for pk, message in exc.refusals.items()}}
    )


class DossierBatchActions:
    """Mixed into `DossierViewSet` (its write gates: reviewer for the review, council for the tallies)."""

    @extend_schema(
        request=ReviewBatchInput,
        summary="Xét nhiều đề nghị một lần (thông qua, không chấp thuận, chuyển; có ngoại lệ)",
    )
    @action(detail=True, methods=["post"], url_path="review-batch")
    def review_batch(self, request, pk=None):
        data = self._validated(ReviewBatchInput)
        dossier = self._dossier()
        choices = services.review_choices(
            items=data["items"],
            action=data["action"],
            reason=data["reason"],
            exceptions=[
                services.ReviewChoice(item=e["item"], action=e["action"], reason=e["reason"])
                for e in data["exceptions"]
            ],
        )
        try:
            result = services.items_review(actor=request.user, dossier=dossier, choices=choices)
        except services.BatchRefused as exc:
            raise _refused(exc, "items") from exc
        response = self._out(dossier)
        response.data["review"] = result.counts
        return response

    @extend_schema(
        request=TallyBatchInput,
        responses={201: TallyBatchOutput},
        summary="Ghi kết quả kiểm phiếu của nhiều đề nghị một lần (một cuộc họp)",
    )
    @action(detail=True, methods=["post"], url_path="tallies-batch")
    def tallies_batch(self, request, pk=None):
        data = self._validated(TallyBatchInput)
        dossier = self._dossier()
        meeting = selectors.meeting_of(dossier=dossier, pk=data["meeting"])
        rows = [services.TallyRow(**{**row, "recused": tuple(row["recused"])}) for row in data["rows"]]
        try:
            result = services.tallies_record(actor=request.user, dossier=dossier, meeting=meeting, rows=rows)
        except services.BatchRefused as exc:
            raise _refused(exc, "rows") from exc
        return Response({"tallies": TallyBatchRow(result.tallies, many=True).data}, status=status.HTTP_201_CREATED)
