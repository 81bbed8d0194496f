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


def _prepared_here(fragment: str) -> int:
    """Statements this connection has prepared on the PostgreSQL server that mention `fragment`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("enabled", [True, False])
def test_hot_statements_are_prepared_on_postgresql_when_enabled_and_always_logged(world, settings, enabled):
    settings.DB_PREPARED_STATEMENTS = enabled
    prepared = Prepared(
        f"test_hot_{enabled}", lambda pk: Person.objects.filter(pk=pk).values_list("name", "school_id")
    )
    person = world.people["S1C1A"]
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert prepared.rows(None, person.pk) == [(person.name, person.school_id)]
    assert len(queries) == 3  # the query log (and execute wrappers) still see every statement
    assert all('"org_person"' in q["sql"] for q in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert _prepared_here('"org_person"."school_id"') == (1 if enabled else 0)
