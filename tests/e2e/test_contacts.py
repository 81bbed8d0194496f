"""Contact tracing in a real browser: the school doctor opens a case's contacts, sees the classmate,
the dorm-mates and the bus-mate, chooses two and quarantines them; the guardians are told and the
two are marked as in quarantine. The head teacher reads the same page on a phone."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from eduguard.logistics.models import Ride, Trip
from eduguard.notify.models import Message
from eduguard.org.choices import GuardianRelation
from eduguard.org.models import DormRoom, Guardian
from eduguard.screening.models import Quarantine
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def shot(snap):
    """snap() and a copy at /tmp/contacts-<step>.png, for a person to look at."""

    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/contacts-{step}.png")

    return take


@pytest.fixture
def case(world):
    """生S1C1A fell ill yesterday: he sleeps in 3号楼-305 with S1C2A and S1TB (a staff member on
    night duty), and took the 城东线 bus the day before with S1C2B."""
    p, school = world.people, world.schools["S1"]
    onset = timezone.localdate() - dt.timedelta(days=1)
    room = DormRoom.objects.create(school=school, label="3号楼-305")
    for key in ("S1C1A", "S1C2A", "S1TB"):
        p[key].dorm = room
        p[key].save()
    trip = Trip.objects.create(
        school=school,
        date=onset - dt.timedelta(days=1),
        vehicle="辽E30521",
        route="城东线",
        departs_at=dt.time(7),
    )
    for seat, key in enumerate(("S1C1A", "S1C2B"), 1):
        Ride.objects.create(trip=trip, person=p[key], seat=str(seat))
    for key, phone in (("S1C1B", "+8613900000011"), ("S1C2A", "+8613900000012")):
        g = Guardian(person=p[key], name=f"家长{key}", relation=GuardianRelation.MOTHER)
        g.set_phone(phone)
        g.save()
    world.onset = onset
    return world


def test_a_doctor_quarantines_two_contacts_of_a_case(case, live_server, new_page, login, shot):
    world, p = case, case.people
    url = f"{live_server.url}/response/people/{p['S1C1A'].pk}/contacts/"
    doctor = login(new_page(DESKTOP), world.doctor)
    doctor.goto(url)
    doctor.get_by_label("发病日期").fill(world.onset.isoformat())
    doctor.get_by_role("button", name="查看").click()
    doctor.wait_for_selector("#window")
    assert doctor.locator("#group-class").inner_text().count("生S1C1B") == 1
    assert "生S1C2A" in doctor.locator("#group-dorm").inner_text()
    assert "师S1TB" in doctor.locator("#group-dorm").inner_text()
    assert "辽E30521" in doctor.locator("#group-bus").inner_text()
    assert "生S1C2B" in doctor.locator("#group-bus").inner_text()
    assert "未关联花名册" in doctor.locator("#group-teacher").inner_text()
    shot(doctor, "list")

    doctor.get_by_label("生S1C1B").check()
    doctor.get_by_label("生S1C2A").check()
    doctor.get_by_role("button", name="隔离所选密接并通知监护人").click()
    doctor.wait_for_selector("text=已为2人登记隔离，已通知监护人")
    assert doctor.get_by_label("生S1C1B").is_disabled() and doctor.get_by_label("生S1C2A").is_disabled()
    assert "已在集中隔离" in doctor.locator(f"#contact-{p['S1C1B'].pk}").inner_text()
    assert not doctor.get_by_label("生S1C2B").is_checked()
    shot(doctor, "quarantined")
    assert set(Quarantine.objects.values_list("person__name", flat=True)) == {"生S1C1B", "生S1C2A"}
    assert Message.objects.filter(kind="response.contact").count() == 2

    # Nothing left to choose but S1C2B and S1TB: quarantining an already quarantined one is refused.
    doctor.get_by_label("生S1C2B").check()
    doctor.get_by_role("button", name="隔离所选密接并通知监护人").click()
    doctor.wait_for_selector("text=已为1人登记隔离")
    assert Quarantine.objects.count() == 3

    phone = login(new_page(PHONE), world.head_teacher)
    phone.goto(f"{url}?onset={world.onset.isoformat()}")
    assert "另有" in phone.locator("#hidden").inner_text()
    assert phone.get_by_label("生S1C1B").is_disabled()
    shot(phone, "phone")

    bad = login(new_page(PHONE), world.doctor)
    bad.goto(f"{url}?onset=2020-02-30")
    assert "不是有效的日期" in bad.locator("#errors").inner_text()
    shot(bad, "bad-onset")
