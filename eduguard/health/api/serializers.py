from rest_framework import serializers

from eduguard.health.choices import HealthCode, Symptom
from eduguard.health.models import DailyReport
from eduguard.health.services.reports import ANSWER_FIELDS
from eduguard.org.filters import MAX_ID
from eduguard.org.models import Person


class DailyReportInSerializer(serializers.Serializer):
    """A report as submitted. `person` must be in the caller's scope (else: "does not exist")."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    date = serializers.DateField()
    temperature = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)
    symptoms = serializers.ListField(
        child=serializers.ChoiceField(choices=Symptom.choices), required=False, max_length=20
    )
    symptom_note = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_symptoms = serializers.BooleanField(required=False, default=False)
    in_county = serializers.BooleanField(required=False, default=True)
    current_location = serializers.CharField(max_length=100, required=False, allow_blank=True)
    left_county = serializers.BooleanField(required=False, default=False)
    contact_three_categories = serializers.BooleanField(required=False, default=False)
    contact_outsiders = serializers.BooleanField(required=False, default=False)
    health_code = serializers.ChoiceField(
        choices=HealthCode.choices, required=False, default=HealthCode.GREEN
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["person"].queryset = Person.objects.visible_to(request.user)


class DailyReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = DailyReport
        fields = [
            "id",
            "person",
            "date",
            *ANSWER_FIELDS,
            "reporter_kind",
            "source",
            "submitted_at",
            "on_time",
            "abnormal",
            "fever",
            "abnormal_reasons",
            "revision",
        ]


def report_json(report: DailyReport) -> dict:
    """The DailyReportSerializer shape, built directly: this is the hot path of the daily report."""
    data = {f: getattr(report, f) for f in DailyReportSerializer.Meta.fields}
    data["person"] = report.person_id
    data["date"] = report.date.isoformat()
    data["temperature"] = str(report.temperature)
    data["submitted_at"] = _DATETIME.to_representation(report.submitted_at)
    return data


_DATETIME = serializers.DateTimeField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AbnormalPersonSerializer(PersonRefSerializer):
    reasons = serializers.ListField(child=serializers.CharField())
    temperature = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)


class RollCallQuerySerializer(serializers.Serializer):
    # The contract's parameter is `class`, a Python keyword: declared below the class body.
    date = serializers.DateField()


# A plain id: the view looks it up in the caller's scope, so a class that does not exist and one
# outside the scope both answer 404 (a 400 for the one would tell that the other exists).
RollCallQuerySerializer._declared_fields["class"] = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class RollCallSerializer(serializers.Serializer):
    expected = serializers.IntegerField()
    reported = serializers.IntegerField()
    completion_rate = serializers.FloatField()
    missing = PersonRefSerializer(many=True)
    abnormal = AbnormalPersonSerializer(many=True)
    summary = serializers.CharField()
    text = serializers.CharField()


class StatsQuerySerializer(serializers.Serializer):
    date = serializers.DateField()
    level = serializers.ChoiceField(choices=["county", "grid", "school", "grade", "class"])
    parent = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class UnitStatsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    expected = serializers.IntegerField()
    reported = serializers.IntegerField()
    on_time = serializers.IntegerField()
    abnormal = serializers.IntegerField()
    fever = serializers.IntegerField()
    completion_rate = serializers.FloatField()


class UnitStatsPageSerializer(serializers.Serializer):
    """The contract's list shape; the units of one level come in one page (next, previous null)."""

    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = UnitStatsSerializer(many=True)
