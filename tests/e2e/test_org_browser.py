"""The organisation browser in a real browser: a phone within one class, a desktop down the tree,
unmasking with the permission, and the language switch."""

import pytest
from django.contrib.auth.models import Permission

from eduguard.audit.models import AccessAction, AccessLog
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_it_shows_the_head_teacher_only_their_class_on_a_phone(world, live_server, new_page, login, snap):
    page = login(new_page(PHONE), world.head_teacher)
    snap(page, "home")
    card = page.locator("a.card")
    assert card.count() == 1
    assert "七(1)班" in card.inner_text() and "班主任" in card.inner_text()

    card.click()
    page.wait_for_url(f"**/org/classes/{world.classes['S1C1'].pk}/")
    snap(page, "class")
    names = page.locator("#students tbody td.head").all_inner_texts()
    assert names == ["生S1C1A", "生S1C1B"]
    assert page.locator("#students").is_visible()
    # Nothing is wider than the phone: the table is stacked, not scrolled sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator("nav.nav").get_by_role("link", name="人员").click()
    page.wait_for_url("**/org/people/")
    snap(page, "people")
    assert page.locator("#people tbody td.head").all_inner_texts() == ["生S1C1A", "生S1C1B"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    response = page.goto(f"{live_server.url}/org/classes/{world.classes['S1C2'].pk}/")
    assert response.status == 404
    snap(page, "other-class")
    assert "生S1C2A" not in page.content()


def test_it_walks_the_bureau_leader_down_the_tree(world, live_server, new_page, login, snap):
    page = login(new_page(DESKTOP), world.leader)
    snap(page, "home")
    steps = [
        ("测试县", "county", world.county),
        ("第一网格", "grid", world.grid1),
        ("测试S1中学", "school", world.schools["S1"]),
        ("七年级", "grade", world.grades["S1"]),
        ("七(1)班", "class", world.classes["S1C1"]),
    ]
    paths = {
        "county": "/org/counties/{}/",
        "grid": "/org/grids/{}/",
        "school": "/org/schools/{}/",
        "grade": "/org/grades/{}/",
        "class": "/org/classes/{}/",
    }
    for label, kind, unit in steps:
        if kind == "county":  # a card on the home page; then links in the tables below
            page.locator("a.card", has_text=label).click()
        else:
            page.locator("main table").get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"**{paths[kind].format(unit.pk)}")
        snap(page, kind)
        assert page.locator("h1").inner_text().startswith(label)
    crumbs = page.locator(".crumbs li").all_inner_texts()
    assert crumbs == ["测试县", "第一网格", "测试S1中学", "七年级", "七(1)班"]
    assert page.locator("#students tbody td.head").all_inner_texts() == ["生S1C1A", "生S1C1B"]

    page.get_by_role("link", name="人员", exact=True).click()
    page.wait_for_url("**/org/people/")
    snap(page, "people")
    page.fill("input[name=q]", "S2C")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/org/people/?*")
    snap(page, "people-filtered")
    assert sorted(page.locator("#people tbody td.head").all_inner_texts()) == [
        "生S2C1A",
        "生S2C1B",
        "生S2C2A",
        "生S2C2B",
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_masks_the_person_page_until_the_doctor_unmasks_it(
    world, live_server, new_page, login, snap, viewport
):
    perm = Permission.objects.get(content_type__app_label="org", codename="unmask_person")
    world.doctor.user_permissions.add(perm)
    student = world.people["S1C1A"]
    full_id = student.reveal_id_number()

    page = login(new_page(viewport), world.doctor)
    page.goto(f"{live_server.url}/org/people/{student.pk}/")
    snap(page, "person-masked")
    assert student.id_masked in page.locator("#facts").inner_text()
    assert full_id not in page.content()

    page.get_by_role("button", name="查看完整信息（留痕）").click()
    revealed = page.locator("#revealed-id")
    revealed.wait_for()
    snap(page, "person-unmasked")
    assert revealed.inner_text() == full_id
    assert AccessLog.objects.filter(action=AccessAction.UNMASK, actor=world.doctor).count() == 1


def test_it_switches_the_interface_to_english(world, live_server, new_page, login, snap):
    page = new_page(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    snap(page, "login-en")
    assert page.locator("h1").inner_text() == "Sign in to EduGuard"

    page.fill("input[name=username]", world.principal.get_username())
    page.fill("input[name=password]", "pass-1234-word")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    snap(page, "home-en")
    nav = page.locator("nav.nav").inner_text()
    assert "Home" in nav and "People" in nav
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state()
    snap(page, "home-zh")
    assert "首页" in page.locator("nav.nav").inner_text()
