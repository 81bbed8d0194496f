"""The organisation pages: scope (200 in, 404 out), counts, masking, unmasking and the language switch."""

import re

import pytest
from django.contrib.auth.models import Permission

from eduguard.audit.models import AccessAction, AccessLog
from eduguard.core.testing import EXPECTED_PEOPLE, PASSWORD, PERSONAS
from eduguard.org.models import Person


def grant_unmask(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="org", codename="unmask_person"))


def unit_urls(w) -> dict[str, str]:
    """One URL per page of the browser, keyed by a short name."""
    return {
        "home": "/",
        "county": f"/org/counties/{w.county.pk}/",
        "grid": f"/org/grids/{w.grid1.pk}/",
        "school": f"/org/schools/{w.schools['S1'].pk}/",
        "grade": f"/org/grades/{w.grades['S1'].pk}/",
        "class": f"/org/classes/{w.classes['S1C1'].pk}/",
        "people": "/org/people/",
        "person": f"/org/people/{w.people['S1C1A'].pk}/",
    }


def links_in(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


# ---- log-in, scope ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["home", "county", "grid", "school", "grade", "class", "people", "person"])
def test_it_sends_anonymous_visitors_to_the_login_page(world, client, page):
    url = unit_urls(world)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_it_serves_the_login_page_and_logs_in_through_it(world, client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "登录教育防控平台" in page.text and 'name="username"' in page.text
    response = client.post("/accounts/login/", {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "我的包联" in home.text and "测试县" in home.text


def test_it_rejects_a_wrong_password_with_a_message(world, client):
    response = client.post("/accounts/login/", {"username": "leader", "password": "nope-nope"})
    assert response.status_code == 200
    assert 'class="errors"' in response.text


def test_it_logs_out_with_a_post(world, client):
    client.force_login(world.leader)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("page", ["home", "county", "grid", "school", "grade", "class", "people", "person"])
def test_it_shows_every_page_to_the_bureau_leader(world, client, page):
    client.force_login(world.leader)
    response = client.get(unit_urls(world)[page])
    assert response.status_code == 200
    assert "教育防控平台" in response.text


@pytest.mark.parametrize(
    ("persona", "pages"),
    [
        ("grid_leader", ["grid", "school", "grade", "class", "person"]),
        ("principal", ["school", "grade", "class", "person"]),
        ("school_leader", ["grade", "class", "person"]),
        ("head_teacher", ["class", "person"]),
        ("parent", ["person"]),
    ],
)
def test_it_opens_the_pages_of_each_personas_chain(world, client, persona, pages):
    client.force_login(getattr(world, persona))
    for page in pages:
        assert client.get(unit_urls(world)[page]).status_code == 200, page


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("head_teacher", lambda w: f"/org/classes/{w.classes['S1C2'].pk}/"),
        ("head_teacher", lambda w: f"/org/grades/{w.grades['S1'].pk}/"),
        ("head_teacher", lambda w: f"/org/people/{w.people['S1C2A'].pk}/"),
        ("school_leader", lambda w: f"/org/schools/{w.schools['S1'].pk}/"),
        ("school_leader", lambda w: f"/org/people/{w.people['S1TA'].pk}/"),
        ("grid_leader", lambda w: f"/org/counties/{w.county.pk}/"),
        ("grid_leader", lambda w: f"/org/grids/{w.grid2.pk}/"),
        ("grid_leader", lambda w: f"/org/schools/{w.schools['S3'].pk}/"),
        ("principal", lambda w: f"/org/grids/{w.grid1.pk}/"),
        ("principal", lambda w: f"/org/classes/{w.classes['S2C1'].pk}/"),
        ("doctor", lambda w: f"/org/people/{w.people['S2C1A'].pk}/"),
        ("subject_teacher", lambda w: f"/org/classes/{w.classes['S1C2'].pk}/"),
        ("guard", lambda w: f"/org/schools/{w.schools['S1'].pk}/"),
        ("parent", lambda w: f"/org/people/{w.people['S1C1B'].pk}/"),
        ("outsider", lambda w: f"/org/counties/{w.county.pk}/"),
        ("leader", lambda w: "/org/classes/999999/"),
    ],
)
def test_it_answers_404_outside_the_scope(world, client, persona, url):
    client.force_login(getattr(world, persona))
    assert client.get(url(world)).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_exactly_the_people_of_the_personas_chain(world, client, persona):
    client.force_login(getattr(world, persona))
    response = client.get("/org/people/")
    assert response.status_code == 200
    listed = {p.pk for p in response.context["object_list"]}
    assert listed == {world.people[k].pk for k in EXPECTED_PEOPLE[persona](world)}


# ---- what each page shows --------------------------------------------------------------------


def test_it_shows_the_assignments_on_the_home_page(world, client):
    client.force_login(world.head_teacher)
    response = client.get("/")
    assert "班主任" in response.text and "七(1)班" in response.text
    assert f"/org/classes/{world.classes['S1C1'].pk}/" in links_in(response.text)


def test_it_shows_a_role_without_roster_access_without_a_link(world, client):
    client.force_login(world.guard)
    response = client.get("/")
    assert "测试S1中学" in response.text
    assert f"/org/schools/{world.schools['S1'].pk}/" not in links_in(response.text)


def test_it_shows_the_superuser_the_counties(world, client):
    client.force_login(world.admin)
    assert f"/org/counties/{world.county.pk}/" in links_in(client.get("/").text)


def test_it_says_so_when_a_user_has_no_assignment(world, client):
    client.force_login(world.outsider)
    assert "暂无包联责任" in client.get("/").text


def test_it_counts_schools_and_people_per_grid_on_the_county_page(world, client):
    client.force_login(world.leader)
    response = client.get(unit_urls(world)["county"])
    grids = {g.code: (g.n_schools, g.tally["students"], g.tally["staff"]) for g in response.context["grids"]}
    assert grids == {"G1": (2, 8, 4), "G2": (1, 4, 2)}
    assert response.context["n_schools"] == 3
    # The bureau employee has a county but no school: counted in the county's staff, in no grid.
    assert response.context["total"] == {"students": 12, "staff": 7, "temporary": 0}


def test_it_lists_schools_with_their_counts_on_the_grid_page(world, client):
    client.force_login(world.grid_leader)
    response = client.get(unit_urls(world)["grid"])
    rows = {s.code: (s.tally["students"], s.tally["staff"]) for s in response.context["schools"]}
    assert rows == {"TS1": (4, 2), "TS2": (4, 2)}
    assert "初中" in response.text


def test_it_lists_grades_and_staff_on_the_school_page(world, client):
    client.force_login(world.principal)
    response = client.get(unit_urls(world)["school"])
    [grade] = response.context["grades"]
    assert (grade.n_classes, grade.tally["students"]) == (2, 4)
    assert {p.name for p in response.context["staff"]} == {"师S1TA", "师S1TB"}
    assert world.people["S1TA"].phone_masked in response.text


def test_it_lists_classes_with_student_counts_on_the_grade_page(world, client):
    client.force_login(world.school_leader)
    response = client.get(unit_urls(world)["grade"])
    assert [(c.name, c.tally["students"]) for c in response.context["classes"]] == [
        ("七(1)班", 2),
        ("七(2)班", 2),
    ]


def test_it_lists_the_students_of_the_class_masked(world, client):
    client.force_login(world.head_teacher)
    response = client.get(unit_urls(world)["class"])
    assert [p.name for p in response.context["people"]] == ["生S1C1A", "生S1C1B"]
    student = world.people["S1C1A"]
    assert student.id_masked in response.text and student.phone_masked in response.text
    assert "*" in student.id_masked and student.reveal_id_number() not in response.text
    assert response.context["summary"]["students"] == 2


def test_it_shows_the_person_page_with_guardians_masked(world, client):
    client.force_login(world.head_teacher)
    response = client.get(unit_urls(world)["person"])
    student = world.people["S1C1A"]
    assert student.id_masked in response.text
    assert "家长S1C1A" in response.text
    assert student.reveal_id_number() not in response.text


def test_it_filters_the_person_list_by_name_and_role(world, client):
    client.force_login(world.principal)
    by_name = client.get("/org/people/", {"q": "S1C1"})
    assert {p.name for p in by_name.context["object_list"]} == {"生S1C1A", "生S1C1B"}
    by_role = client.get("/org/people/", {"role": "staff"})
    assert {p.name for p in by_role.context["object_list"]} == {"师S1TA", "师S1TB"}


def test_it_paginates_the_person_list(world, client):
    client.force_login(world.admin)
    response = client.get("/org/people/")
    assert response.context["paginator"].count == len(world.people)
    assert not response.context["is_paginated"]  # 19 people fit on one page of 50


# ---- breadcrumbs -----------------------------------------------------------------------------


def test_it_links_every_ancestor_in_the_breadcrumbs_of_the_county_leader(world, client):
    client.force_login(world.leader)
    crumbs = client.get(unit_urls(world)["class"]).context["crumbs"]
    assert [c["label"] for c in crumbs] == ["测试县", "第一网格", "测试S1中学", "七年级", "七(1)班"]
    assert all(c["url"] for c in crumbs[:-1]) and crumbs[-1]["url"] is None


def test_it_names_ancestors_outside_the_scope_without_a_link(world, client):
    client.force_login(world.school_leader)
    response = client.get(unit_urls(world)["class"])
    crumbs = response.context["crumbs"]
    assert [c["label"] for c in crumbs] == ["测试县", "第一网格", "测试S1中学", "七年级", "七(1)班"]
    assert [bool(c["url"]) for c in crumbs] == [False, False, False, True, False]
    assert f"/org/schools/{world.schools['S1'].pk}/" not in links_in(response.text)


# ---- masking and unmasking -------------------------------------------------------------------


def test_it_never_shows_a_full_id_number_or_phone_on_any_page(world, client):
    client.force_login(world.admin)
    urls = [*unit_urls(world).values(), *(f"/org/people/{p.pk}/" for p in world.people.values())]
    html = "".join(client.get(url).text for url in urls)
    for person in Person.objects.all():
        assert person.reveal_id_number() not in html, person.name
        assert person.reveal_phone()[3:] not in html, person.name  # the 11 digits without +86


def test_it_shows_the_unmask_button_only_with_the_permission(world, client):
    url = unit_urls(world)["person"]
    client.force_login(world.doctor)
    assert "查看完整信息（留痕）" not in client.get(url).text
    grant_unmask(world.doctor)
    assert "查看完整信息（留痕）" in client.get(url).text
    client.force_login(world.admin)
    assert "查看完整信息（留痕）" in client.get(url).text


def test_it_refuses_unmasking_without_the_permission(world, client):
    client.force_login(world.doctor)
    response = client.post(f"/org/people/{world.people['S1C1A'].pk}/unmask/", HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert not AccessLog.objects.filter(action=AccessAction.UNMASK).exists()


def test_it_reveals_the_values_and_logs_the_unmasking(world, client):
    grant_unmask(world.doctor)
    client.force_login(world.doctor)
    student = world.people["S1C1A"]
    response = client.post(f"/org/people/{student.pk}/unmask/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert student.reveal_id_number() in response.text
    assert student.reveal_phone() in response.text
    assert "<html" not in response.text  # an htmx fragment, not a page
    log = AccessLog.objects.get(action=AccessAction.UNMASK)
    assert (log.actor, log.object_id) == (world.doctor, str(student.pk))


def test_it_reveals_on_a_whole_page_without_htmx(world, client):
    grant_unmask(world.doctor)
    client.force_login(world.doctor)
    student = world.people["S1C1A"]
    response = client.post(f"/org/people/{student.pk}/unmask/")
    assert response.status_code == 200
    assert "<html" in response.text and student.reveal_id_number() in response.text
    assert AccessLog.objects.filter(action=AccessAction.UNMASK).count() == 1


def test_it_answers_404_to_unmasking_outside_the_scope(world, client):
    grant_unmask(world.doctor)
    client.force_login(world.doctor)
    response = client.post(f"/org/people/{world.people['S2C1A'].pk}/unmask/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessAction.UNMASK).exists()


def test_it_does_not_unmask_on_get(world, client):
    grant_unmask(world.doctor)
    client.force_login(world.doctor)
    assert client.get(f"/org/people/{world.people['S1C1A'].pk}/unmask/").status_code == 405


# ---- language --------------------------------------------------------------------------------


def test_it_speaks_chinese_by_default(world, client):
    client.force_login(world.leader)
    response = client.get("/")
    assert '<html lang="zh-Hans">' in response.text
    assert "首页" in response.text and "退出" in response.text


def test_it_switches_to_english(world, client):
    client.force_login(world.leader)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    home = client.get("/")
    assert '<html lang="en">' in home.text
    for text in ("Home", "People", "Log out", "My responsibilities", "EduGuard"):
        assert text in home.text, text
    assert "首页" not in home.text
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "首页" in client.get("/").text


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("county", "Grids"),
        ("grid", "Reopening batch"),
        ("school", "All people"),
        ("grade", "Classes"),
        ("class", "Day student"),
        ("people", "Name contains"),
        ("person", "Date of birth"),
    ],
)
def test_it_renders_every_page_in_english(world, client, page, text):
    client.force_login(world.leader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(unit_urls(world)[page])
    assert response.status_code == 200
    assert text in response.text


def test_it_shows_the_login_page_in_english(world, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/")
    assert "Sign in" in response.text and "Username" in response.text and "Password" in response.text


# ---- cost ------------------------------------------------------------------------------------


def give_a_history(person, actor) -> None:
    """Two of every record in a person's ledger, so a query per row would show in the count."""
    import datetime as dt

    from eduguard.health.services.reports import submit_report
    from eduguard.screening.services.campaigns import create_campaign, save_response
    from eduguard.screening.services.quarantine import open_quarantine, record_observation

    today = dt.date.today()
    for n in (1, 2):
        campaign = create_campaign(county=person.county, name=f"排查{n}", opened_on=today, deadline=today)
        save_response(
            campaign=campaign,
            person=person,
            answers={"contact_outsiders": True, "contact_case": True},
            actor=None,
        )
        submit_report(
            person=person,
            day=today - dt.timedelta(days=n),
            data={"temperature": "38.0"},
            reporter_kind="guardian",
            source="link",
        )
    q = open_quarantine(
        person=person, kind="home", started_on=today - dt.timedelta(days=3), actor=actor, reason="返乡"
    )
    for n in (1, 2):
        record_observation(
            quarantine=q, day=q.started_on + dt.timedelta(days=n), actor=actor, temperature="36.6"
        )


# A fixed ceiling whatever the county's size: session, user, the nav's permission check
# (user and group permissions), the unit and its scoped lists and counts. A person's page also
# reads the ledger's sources (checks and absences too), the return decision's facts and rules, and
# who may act; a school's page also counts who is cleared to return (one query per kind of fact,
# whatever the school's size), summarises today's class checks (classes, checks, absences, the two
# symptom sources, and the rules they read, once per process), and its campus panel reads the
# required documents and versions, the norms, places and two logs.
CEILING = {"person": 34, "school": 36}


@pytest.mark.parametrize("page", ["county", "grid", "school", "grade", "class", "people", "person"])
def test_it_keeps_the_query_count_flat(world, client, django_assert_max_num_queries, page):
    client.force_login(world.leader)
    if page == "person":
        give_a_history(world.people["S1C1A"], world.admin)
    with django_assert_max_num_queries(CEILING.get(page, 14)):
        assert client.get(unit_urls(world)[page]).status_code == 200
