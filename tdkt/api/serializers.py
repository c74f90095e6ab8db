"""API serializers: explicit fields only; writes go through services, never `serializer.save()`."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tdkt.audit.models import AuditEvent
from tdkt.core.years import FIRST_YEAR, parse_year, year_message
from tdkt.org.choices import Gender, PersonCategory, Rank, UnitType
from tdkt.org.models import Person, Transfer, Unit
from tdkt.org.selectors import unit_list, units_for_person_action

MAX_ID = 2**63 - 1  # the database's bigint: a larger number must be refused before any query
ID_PATTERN = r"\d{1,18}"  # path ids: longer numbers do not resolve (404) instead of overflowing the database


def IdField(**kwargs) -> serializers.IntegerField:  # noqa: N802 - reads like the serializer field it returns
    """An id in a request body: a positive bigint."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class YearField(serializers.IntegerField):
    """A year in a request body: 1945 .. next year (tdkt.core.years), a Vietnamese 400 otherwise."""

    def __init__(self, **kwargs):
        super().__init__(min_value=FIRST_YEAR, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            raise serializers.ValidationError(year_message())
        try:
            year = parse_year(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages[0]) from exc
        if year is None:  # "" or blank: a year is required whenever the field is sent
            raise serializers.ValidationError(year_message())
        return year


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """Refuses ids outside bigint as "not found" (Vietnamese message), never as a database error."""

    default_error_messages = {
        "does_not_exist": "Không tìm thấy đối tượng có mã số {pk_value}.",
        "incorrect_type": "Mã số không hợp lệ: cần một số nguyên.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and not data.isdigit():
            self.fail("incorrect_type", data_type="str")
        if not 0 < int(data) <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(int(data))


@extend_schema_field(OpenApiTypes.INT)
class ScopedUnitField(BoundedPrimaryKeyField):
    """A unit id, looked up only among units the requesting user may act on."""

    def __init__(self, *, person_action: str | None = None, unit_action: str = "view", **kwargs):
        self.person_action = person_action
        self.unit_action = unit_action
        super().__init__(**kwargs)

    def get_queryset(self):
        actor = self.context["request"].user
        if self.person_action:
            return units_for_person_action(actor=actor, action=self.person_action)
        return unit_list(actor=actor, action=self.unit_action)


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name"]
        read_only_fields = fields


class UnitOutputSerializer(serializers.ModelSerializer):
    parent = UnitRefSerializer(read_only=True, allow_null=True)
    successor = UnitRefSerializer(read_only=True, allow_null=True)
    unit_type_display = serializers.CharField(source="get_unit_type_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "unit_type",
            "unit_type_display",
            "parent",
            "founded_on",
            "dissolved_on",
            "successor",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class UnitInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    unit_type = serializers.ChoiceField(choices=UnitType.choices, required=False, default=UnitType.DON_VI_KHAC)
    parent = ScopedUnitField(unit_action="create_child", allow_null=True, required=False, default=None)
    founded_on = serializers.DateField(required=False, allow_null=True, default=None)
    position = serializers.IntegerField(min_value=0, required=False, default=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class UnitDissolveSerializer(serializers.Serializer):
    dissolved_on = serializers.DateField()
    successor = ScopedUnitField(unit_action="change", allow_null=True, required=False, default=None)
    reason = serializers.CharField(max_length=500)


class PersonOutputSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    # blank when not recorded: the schema must say so (read-only model fields lose `allow_blank`)
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, read_only=True)
    rank = serializers.ChoiceField(choices=Rank.choices, allow_blank=True, read_only=True)
    category = serializers.ChoiceField(choices=PersonCategory.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "code",
            "full_name",
            "birth_date",
            "gender",
            "rank",
            "position",
            "category",
            "service_start",
            "unit",
            "unit_since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PersonInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    full_name = serializers.CharField(max_length=120)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, default="")
    rank = serializers.ChoiceField(choices=Rank.choices, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=PersonCategory.choices)
    service_start = serializers.DateField(required=False, allow_null=True, default=None)
    unit = ScopedUnitField(person_action="create")
    unit_since = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class PersonUpdateSerializer(PersonInputSerializer):
    """The unit changes only through a transfer."""

    unit = None
    unit_since = None


class PersonTransferSerializer(serializers.Serializer):
    to_unit = ScopedUnitField(person_action="create")
    effective_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class TransferOutputSerializer(serializers.ModelSerializer):
    from_unit = UnitRefSerializer(read_only=True, allow_null=True)
    to_unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = Transfer
        fields = ["id", "from_unit", "to_unit", "effective_on", "decision_number", "note"]
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "created_at",
            "actor_username",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "reason",
            "hash",
        ]
        read_only_fields = fields
