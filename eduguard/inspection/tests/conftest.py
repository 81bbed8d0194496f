import pytest
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.testing import make_user
from eduguard.inspection.models import Batch, ChecklistTemplate, Team
from eduguard.inspection.services.postings import add_posting
from eduguard.inspection.tests.helpers import approved_plan

TODAY = timezone.localdate()


@pytest.fixture
def setup(world):
    """S2 (the inspector's school) in batch 1, covered by team 一组; a second team with another
    inspector. S2 has an approved 一校一策 and a doctor stationed from today (the conditions of
    `inspection.readiness_requires`), so the tests of inspections see only what they change."""
    school = world.schools["S2"]
    world.team = Team.objects.create(county=world.county, name="第一督导组", leader=world.inspector)
    world.team.members.add(world.inspector)
    world.team.schools.add(school)
    world.other = make_user("inspector2", Role.INSPECTOR, school)
    world.other_team = Team.objects.create(county=world.county, name="第二督导组")
    world.other_team.members.add(world.other)
    world.other_team.schools.add(school)
    world.s2_principal = make_user("principal2", Role.PRINCIPAL, school)
    world.bureau = make_user("bureau2", Role.BUREAU_STAFF, school)
    world.batch = Batch.objects.create(county=world.county, number=1, name="首批25所中学", target_date=TODAY)
    world.batch.schools.add(school)
    world.template = ChecklistTemplate.objects.get(code="closed-campus")
    world.plan = approved_plan(world)
    world.posting = add_posting(
        school=school,
        hospital="县人民医院",
        name="王医生",
        role="doctor",
        starts_on=TODAY,
        actor=world.bureau,
    )
    return world
