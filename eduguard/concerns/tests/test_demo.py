"""The demo steps of concerns and counselling on the test county (the demo school is S1): the
five concerns with their states, the counsellor's sessions; skipped without their accounts."""

import random

from django.utils import timezone

from eduguard.concerns.demo import concerns_demo
from eduguard.concerns.models import Concern
from eduguard.counselling.demo import counselling_demo
from eduguard.counselling.models import CounsellingSession, FollowUp
from eduguard.org.demo import PROFILES
from eduguard.org.demo.generator import DemoContext, DemoOptions


def _ctx(w, users):
    profile = PROFILES["benxi-2020"]
    others = [s for k, s in w.schools.items() if k != "S1"]
    return DemoContext(
        options=DemoOptions(profile, today=timezone.localdate()),
        rng=random.Random(7),
        county=w.county,
        grids={"G1": w.grid1, "G2": w.grid2},
        schools={profile.demo_school: w.schools["S1"], 101: others[0], 102: others[1]},
        users=users,
    )


def test_the_demo_has_a_refuted_rumour_a_closed_complaint_an_open_petition_and_a_media_enquiry(world):
    users = {"leader": world.leader, "principal": world.principal, "keshi": world.bureau_staff}
    concerns_demo(_ctx(world, users))
    state = {c.kind: c.status for c in Concern.objects.all()}
    assert state == {
        "rumour": "closed",
        "complaint": "closed",
        "petition": "open",
        "media": "responded",
        "hotline": "open",
    }
    assert Concern.objects.get(kind="rumour").response.startswith("经核实")
    assert Concern.objects.overdue(timezone.localdate()).filter(kind="hotline").exists()
    concerns_demo(_ctx(world, {}))  # no leader account: nothing
    assert Concern.objects.count() == 5


def test_the_demo_counsellor_has_sessions_of_the_demo_school_only(world):
    counselling_demo(_ctx(world, {}))
    assert not CounsellingSession.objects.exists()
    counselling_demo(_ctx(world, {"xinli": world.counsellor}))
    sessions = CounsellingSession.objects.all()
    assert sessions.count() == 6  # the test school's four students and two staff
    assert {s.school_id for s in sessions} == {world.schools["S1"].pk}
    assert sessions.filter(kind="referral").count() <= 1
    assert FollowUp.objects.count() <= sessions.count()
