from rest_framework import serializers

from eduguard.org.models import Person, School, SchoolClass


class SchoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "code", "name", "type", "grid", "boarding", "reopening_batch"]


class ClassSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(source="grade.name", read_only=True)

    class Meta:
        model = SchoolClass
        fields = ["id", "name", "grade", "school"]


class PersonSerializer(serializers.ModelSerializer):
    """A person as the API shows them: ID number and phone masked, never decrypted."""

    role = serializers.CharField(source="category", read_only=True)
    id_number = serializers.CharField(source="id_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "role", "school", "class", "sex", "id_type", "id_number", "phone"]


# The contract's field is `class`, a Python keyword: declared below the class body, so that the
# schema names it as the answer does.
PersonSerializer._declared_fields["class"] = serializers.PrimaryKeyRelatedField(
    source="school_class", read_only=True, allow_null=True
)
