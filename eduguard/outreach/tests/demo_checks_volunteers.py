"""The demo county's volunteers, asserted by the seed-demo test: seed 004's figures computed from
the records, and the records held to the rules the services enforce (bulk-created, they are
checked here instead): every principal serves, a person once, nobody on two overlapping shifts,
a school's shift only with its own volunteers, and every volunteer present at least once."""

import datetime as dt
from collections import defaultdict

from django.db.models import F

from eduguard.org.choices import PersonCategory
from eduguard.org.models import County, Person, School
from eduguard.outreach.demo_volunteers import COUNTY_TEAM
from eduguard.outreach.models import Attendance, Shift, ShiftAssignment, Volunteer, VolunteerTeam
from eduguard.outreach.services.volunteer_totals import volunteer_sentence, volunteer_totals

SENTENCE = (
    "教育系统共有459名志愿者参与志愿服务，累计参与疫情防控3000余人次，悬挂宣传条幅75副，"
    "发放宣传单20000余份，劝返未采取防护措施出行人员100余人"
)


def check_volunteers_demo(today: dt.date) -> None:
    county = County.objects.get()
    totals = volunteer_totals(county=county, until=today)
    t = totals.total
    assert (t.volunteers, t.person_times, t.banners, t.leaflets, t.persuaded) == (459, 3046, 75, 20350, 106)
    assert volunteer_sentence(t) == SENTENCE
    assert len(totals.rows) >= 10  # spread over the townships
    assert all(r.volunteers and r.person_times for r in totals.rows)

    # Every school's principal (its first staff member) serves; most volunteers are on the roster.
    for school in School.objects.all():
        first = Person.objects.filter(school=school, category=PersonCategory.STAFF).order_by("id").first()
        assert Volunteer.objects.filter(person=first, school=school).exists(), school.name
    outsiders = Volunteer.objects.filter(person__isnull=True)
    assert 0 < outsiders.count() < 50 and all(v.phone_masked and v.name for v in outsiders)
    assert not Volunteer.objects.filter(person__category=PersonCategory.STUDENT).exists()
    roster = Volunteer.objects.filter(person__isnull=False).values_list("school_id", "person__school_id")
    assert all(own == theirs for own, theirs in roster)

    # Teams: the county's with everyone, a squad per township.
    team = VolunteerTeam.objects.get(name=COUNTY_TEAM)
    assert team.members.count() == 459 and team.school_id is None
    assert VolunteerTeam.objects.exclude(township="").filter(school__isnull=True).count() == len(totals.rows)

    # Nobody on two overlapping shifts; a school's shift holds only its volunteers.
    booked = defaultdict(list)
    rows = ShiftAssignment.objects.select_related("shift").values_list(
        "volunteer_id", "shift__starts_at", "shift__ends_at", "shift__school_id", "volunteer__school_id"
    )
    for volunteer, start, end, shift_school, own_school in rows:
        booked[volunteer].append((start, end))
        assert shift_school is None or shift_school == own_school
    for spans in booked.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert not Shift.objects.filter(ends_at__lte=F("starts_at")).exists()

    # Everyone took part: present at least once; some planned volunteers did not come.
    present = ShiftAssignment.objects.filter(status=Attendance.PRESENT)
    assert present.values("volunteer").distinct().count() == 459
    assert ShiftAssignment.objects.filter(status=Attendance.ABSENT).exists()
    assert Shift.objects.filter(school__isnull=False, starts_at__date__gte=today).exists()
