"""The demo county's concerns and counselling, asserted by the seed-demo test."""

import datetime as dt

from eduguard.accounts.models import User
from eduguard.concerns.models import Concern
from eduguard.counselling.models import CounsellingSession


def check_concerns_demo(today: dt.date) -> None:
    state = {c.kind: c.status for c in Concern.objects.all()}
    assert state == {
        "rumour": "closed",
        "complaint": "closed",
        "petition": "open",
        "media": "responded",
        "hotline": "open",
    }
    assert Concern.objects.overdue(today).filter(kind="hotline").exists()
    principal = User.objects.get(username="principal")
    assert set(Concern.objects.visible_to(principal).values_list("kind", flat=True)) == {
        "rumour",
        "complaint",
        "petition",
    }
    for name in ("banzhuren", "doctor", "xinli", "jijian"):
        assert not Concern.objects.visible_to(User.objects.get(username=name)).exists(), name


def check_counselling_demo(today: dt.date) -> None:
    xinli, principal = User.objects.get(username="xinli"), User.objects.get(username="principal")
    school = principal.assignments.get().school
    sessions = CounsellingSession.objects.all()
    assert sessions.count() == 27 and set(sessions.values_list("school", flat=True)) == {school.pk}
    assert CounsellingSession.objects.visible_to(xinli).count() == 27
    assert CounsellingSession.objects.visible_to(principal).count() == 27
    for name in ("leader", "keshi", "banzhuren", "doctor", "gradelead", "principal2"):
        assert not CounsellingSession.objects.visible_to(User.objects.get(username=name)).exists(), name
