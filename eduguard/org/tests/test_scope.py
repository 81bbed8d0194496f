import pytest

from eduguard.core.testing import EXPECTED_PEOPLE, PERSONAS
from eduguard.org.models import Person


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_persona_exactly_the_people_of_their_chain(world, persona):
    user = getattr(world, persona)
    visible = set(Person.objects.visible_to(user).values_list("id", flat=True))
    expected = {world.people[k].id for k in EXPECTED_PEOPLE[persona](world)}
    assert visible == expected


def test_it_ignores_assignments_that_have_ended(world):
    assignment = world.head_teacher.assignments.get()
    assignment.valid_to = assignment.valid_from
    assignment.valid_from = assignment.valid_from.replace(year=assignment.valid_from.year - 1)
    assignment.valid_to = assignment.valid_from
    assignment.save()
    world.head_teacher.refresh_from_db()
    assert not Person.objects.visible_to(world.head_teacher).exists()
