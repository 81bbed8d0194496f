"""The demo step on the test county: seed 000's totals are spread over whatever roster there is and
come out exact; the 开学第一课 reaches the 初三 classes of the batch-1 schools. (The full demo
county is checked by eduguard/org/tests/test_seed_demo.py with demo_checks.check_teaching_demo.)"""

import random

from django.utils import timezone

from eduguard.core.testing import make_person
from eduguard.org.demo import PROFILES
from eduguard.org.demo.generator import DemoContext, DemoOptions
from eduguard.org.models import Grade, School, SchoolClass
from eduguard.teaching.demo import teaching_demo, within
from eduguard.teaching.models import HealthEducationEvent, TeachingParticipation, TeachingPeriod
from eduguard.teaching.tests.demo_checks import check_participation


def test_the_demo_step_reproduces_seed_000_from_records(county):
    w = county
    TeachingPeriod.objects.all().delete()
    grade = Grade.objects.create(school=w.schools["S1"], name="九年级", level=9)
    klass = SchoolClass.objects.create(grade=grade, number=1, name="九(1)班")
    for n in range(3):
        make_person(w.schools["S1"], klass, name=f"初三生{n}")
    School.objects.filter(pk__in=[w.schools["S1"].pk, w.schools["S2"].pk]).update(reopening_batch=1)
    today = timezone.localdate()
    ctx = DemoContext(
        options=DemoOptions(PROFILES["benxi-2020"], today=today),
        rng=random.Random(7),
        county=w.county,
        grids={"G1": w.grid1, "G2": w.grid2},
        schools={1: School.objects.get(pk=w.schools["S1"].pk), 2: w.schools["S2"], 3: w.schools["S3"]},
        users={"admin": w.admin},
    )
    teaching_demo(ctx)
    check_participation(w.county, today)
    assert TeachingParticipation.objects.count() == 2 * 5  # 七年级 ×3, 九年级, 高一; two periods
    (event,) = HealthEducationEvent.objects.all()  # one township (小市镇) with batch-1 schools
    assert list(event.classes.all()) == [klass] and event.students_reached() == 3
    assert event.speakers.get().title in ("小市镇党委书记", "小市镇镇长")


def test_shares_never_exceed_their_caps_and_add_up():
    shares = within(100, [50, 30, 20], [45, 60, 10])
    assert sum(shares) == 100 and all(s <= c for s, c in zip(shares, [45, 60, 10], strict=True))
    assert within(7, [1, 0, 1], [5, 5, 5])[1] == 0
