import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from eduguard.core.prepared import Prepared
from eduguard.org.models import Person, School


@pytest.mark.django_db
def test_it_compiles_once_and_runs_with_each_value(world):
    built = []

    def build(pk, user):
        built.append(pk)
        return Person.objects.visible_to(user).filter(pk=pk).values_list("name")

    prepared = Prepared("test_names", build)
    mine, other = world.people["S1C1A"], world.people["S2C1A"]
    assert prepared.rows("teacher", mine.pk, world.head_teacher) == [(mine.name,)]
    with CaptureQueriesContext(connection) as queries:
        assert prepared.rows("teacher", other.pk, world.head_teacher) == []  # outside the scope
    assert len(built) == 1 and len(queries) == 1
    assert prepared.rows("county", other.pk, world.leader) == [(other.name,)]


@pytest.mark.django_db
def test_it_runs_the_queryset_plainly_when_the_value_is_not_one_parameter(world):
    # The value appears twice in the SQL: no single slot to swap, so each call builds afresh.
    prepared = Prepared(
        "test_twice", lambda v: School.objects.filter(Q(code=v) | Q(name=v)).values_list("code")
    )
    school = world.schools["S2"]
    assert prepared.rows(None, school.code) == [(school.code,)]
    assert prepared.rows(None, school.name) == [(school.code,)]
    assert prepared.rows(None, "no-such-school") == []
