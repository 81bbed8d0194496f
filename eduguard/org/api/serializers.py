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
    class_ = serializers.PrimaryKeyRelatedField(source="school_class", read_only=True)
    id_number = serializers.CharField(source="id_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "role", "school", "class_", "sex", "id_type", "id_number", "phone"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["class"] = data.pop("class_")
        return data
