"""The staggered return in a real browser: the bureau generates the batch's plan on a desktop and
publishes it; on the day an escort opens the bus roster on a phone (guardians' phones masked),
ticks a student aboard, and sees who is still missing."""

import shutil

import pytest
from django.utils import timezone

from eduguard.core.models import RuleValue
from eduguard.inspection.models import Batch
from eduguard.logistics.models import GatheringPoint, ReturnPlan, Ride, SchoolGate, Vehicle
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def shot(snap):
    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/logistics-{step}.png")

    return take


@pytest.fixture
def county(world):
    RuleValue.objects.create(name="logistics.bus_school_types", value=["junior"])
    world.batch = Batch.objects.create(
        county=world.county, number=1, name="首批", target_date=timezone.localdate()
    )
    world.batch.schools.set(world.schools.values())
    for p in world.people.values():
        p.household_township = "小市镇"
        p.save()
    GatheringPoint.objects.create(
        county=world.county, township="小市镇", name="政府广场", address="小市镇中心街", capacity=100
    )
    Vehicle.objects.create(county=world.county, plate="辽E00001", seats=45, driver="李师傅")
    for school in world.schools.values():
        SchoolGate.objects.create(school=school, name="正门", per_minute=20)
    return world


def test_the_bureau_publishes_a_plan_and_an_escort_ticks_a_student_aboard(
    county, live_server, new_page, login, shot
):
    w = county
    desk = login(new_page(DESKTOP), w.leader)
    desk.goto(f"{live_server.url}/logistics/")
    form = desk.locator("#new-plan")
    form.get_by_label("返校日期").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="生成").click()
    desk.wait_for_selector("#plan-status >> text=已生成，待发布")
    assert "政府广场" in desk.locator("#trips").inner_text()
    desk.get_by_role("button", name="发布并通知家长").click()
    desk.wait_for_selector("#plan-status >> text=已发布")
    shot(desk, "published")
    plan = ReturnPlan.objects.get()
    assert plan.status == "published" and plan.buses_used == 1

    phone = login(new_page(PHONE), w.principal)
    ride = Ride.objects.get(person=w.people["S1C1A"])
    phone.goto(f"{live_server.url}/logistics/trips/{ride.trip_id}/")
    assert "生S1C1A" in phone.locator("#roster").inner_text()
    assert "未上车" in phone.locator("#missing").inner_text()
    phone.locator(f"#ride-{ride.pk}").get_by_role("button", name="上车").click()
    phone.wait_for_selector(f"#ride-{ride.pk} >> text=取消")
    shot(phone, "boarded")
    assert Ride.objects.get(pk=ride.pk).boarded_at is not None
