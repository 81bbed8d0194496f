from eduguard.core.api import ScopedReadOnlyViewSet
from eduguard.org.api.serializers import ClassSerializer, PersonSerializer, SchoolSerializer
from eduguard.org.filters import ClassFilter, PersonFilter, SchoolFilter
from eduguard.org.models import Person, School, SchoolClass


class SchoolViewSet(ScopedReadOnlyViewSet):
    queryset = School.objects.all()
    serializer_class = SchoolSerializer
    filterset_class = SchoolFilter


class ClassViewSet(ScopedReadOnlyViewSet):
    queryset = SchoolClass.objects.select_related("grade")
    serializer_class = ClassSerializer
    filterset_class = ClassFilter


class PersonViewSet(ScopedReadOnlyViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
