"""The demo county reproduces seed 004's volunteer figures from its records (DOC-B, domain.md §9),
its step well within the seed-demo budget, and its pages read them in a bounded number of queries."""

import datetime as dt
import time

from django.urls import reverse
from django.utils import timezone

from eduguard.accounts.models import User
from eduguard.org.demo import generator, seed_demo
from eduguard.outreach.demo_volunteers import volunteers_demo
from eduguard.outreach.models import Shift
from eduguard.outreach.services.volunteer_totals import volunteer_totals
from eduguard.outreach.tests.demo_checks_volunteers import SENTENCE, check_volunteers_demo

TODAY = dt.date(2020, 2, 19)


def test_it_reproduces_the_seed_figures_from_records(db, monkeypatch, client, django_assert_max_num_queries):
    spent = []

    def timed(ctx):
        started = time.perf_counter()
        volunteers_demo(ctx)
        spent.append(time.perf_counter() - started)

    steps = [timed if step is volunteers_demo else step for step in generator._STEPS]
    monkeypatch.setattr(generator, "_STEPS", steps)
    seed_demo(today=TODAY, days=2)  # two days of reports are enough here (test_seed_demo checks 14)
    check_volunteers_demo(TODAY)
    assert spent and spent[0] < 2.0, spent

    client.force_login(User.objects.get(username="leader"))
    with django_assert_max_num_queries(16):  # one is the navigation's roles (舆情信访, 心理辅导)
        page = client.get(reverse("outreach:volunteers"))
    assert page.status_code == 200 and SENTENCE in page.content.decode()
    assert len(page.context["totals"].rows) == 12 and page.context["paginator"].count == 459
    principal = User.objects.get(username="principal")
    client.force_login(principal)
    shifts = client.get(reverse("outreach:shifts")).context["object_list"]
    school = principal.assignments.get().school
    assert shifts and all(s.school_id == school.pk for s in shifts)
    this_morning = next(s for s in shifts if timezone.localtime(s.starts_at).date() == TODAY)
    assert this_morning.n_present == 0 and client.get(this_morning.get_absolute_url()).context["may_mark"]
    teams = client.get(reverse("outreach:teams")).context["object_list"]
    assert [t.school_id for t in teams] == [school.pk]


def test_a_scaled_county_gets_the_same_shapes(db):
    seed_demo(scale=0.02, today=TODAY)
    totals = volunteer_totals(until=TODAY).total
    assert totals.volunteers >= 28 and totals.person_times > totals.volunteers  # every principal, and more
    assert totals.banners and totals.leaflets and totals.persuaded
    assert Shift.objects.filter(school__isnull=False).exists()
