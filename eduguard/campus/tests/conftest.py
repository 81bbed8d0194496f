import pytest


@pytest.fixture
def boarder(world):
    """Student S1C1A, made a boarder (the gate asks boarders for a leave pass on the way out)."""
    person = world.people["S1C1A"]
    person.boarding = True
    person.save()
    return person
