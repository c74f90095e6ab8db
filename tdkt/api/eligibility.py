"""Eligibility screening over the API: the same JSON shape as `tdkt eligibility --format json`."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tdkt.api.serializers import IdField, YearField
from tdkt.eligibility.screening import screen
from tdkt.org.selectors import unit_list
from tdkt.rules.loader import RuleSetError


class ReasonSerializer(serializers.Serializer):
    condition = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    evidence = serializers.CharField()
    source = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    subject_type = serializers.ChoiceField(choices=["CA_NHAN", "TAP_THE"])
    subject_code = serializers.CharField()
    award_code = serializers.CharField()
    rule_set = serializers.CharField(help_text="Bộ quy tắc (chế độ pháp luật) áp dụng cho kết quả này")
    status = serializers.ChoiceField(choices=["ELIGIBLE", "NOT_ELIGIBLE", "REVIEW", "HELD"])
    reasons = ReasonSerializer(many=True)


class ScreeningSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    rule_set = serializers.CharField()
    results = ResultSerializer(many=True)


class EligibilityQuery(serializers.Serializer):
    year = YearField()
    unit = IdField(required=False)
    award = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    subject = serializers.CharField(required=False, max_length=40)


class EligibilityView(APIView):
    @extend_schema(
        summary="Xét điều kiện khen thưởng",
        responses=ScreeningSerializer,
        parameters=[
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("unit", int),
            OpenApiParameter("award", str, many=True),
            OpenApiParameter("subject", str),
        ],
    )
    def get(self, request):
        query = EligibilityQuery(data={**request.query_params.dict(), "award": request.query_params.getlist("award")})
        query.is_valid(raise_exception=True)
        params = query.validated_data
        root = None
        if "unit" in params:
            root = unit_list(actor=request.user).filter(pk=params["unit"]).first()
            if root is None:
                raise serializers.ValidationError({"unit": "Không tìm thấy đơn vị trong phạm vi của bạn."})
        try:
            rule_set, verdicts = screen(
                year=params["year"],
                actor=request.user,
                root=root,
                award_codes=params.get("award"),
                subject_code=params.get("subject"),
            )
        except RuleSetError as exc:
            raise serializers.ValidationError({"year": "Không có bộ quy tắc áp dụng cho năm này."}) from exc
        return Response({"year": params["year"], "rule_set": rule_set, "results": [v.as_dict() for v in verdicts]})
