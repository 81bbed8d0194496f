from rest_framework import serializers

from eduguard.response.models import Incident, IncidentCase


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="person_id", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = IncidentCase
        fields = ["id", "name", "class", "onset_on", "symptoms", "sources"]


# `class` is a Python keyword: declared below the class body, so the schema names it as the answer does.
CaseSerializer._declared_fields["class"] = serializers.IntegerField(
    source="person.school_class_id", read_only=True, allow_null=True
)


class IncidentSerializer(serializers.ModelSerializer):
    """An incident as the contract names it (DESIGN.md): trigger code, scope, cases, deadline."""

    trigger = serializers.CharField(source="trigger.code", read_only=True)
    cases = CaseSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "trigger",
            "scope_type",
            "scope_id",
            "scope_name",
            "school",
            "summary",
            "cases",
            "detected_at",
            "deadline",
            "status",
            "overdue",
            "closed_at",
        ]
