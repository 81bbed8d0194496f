import datetime as dt

import pytest
from django.utils import timezone

from eduguard.command.services import meetings


@pytest.fixture
def meeting(world, settings, tmp_path):
    """A bureau meeting three days ago, recorded by the county leader."""
    settings.MEDIA_ROOT = tmp_path
    day = timezone.localdate() - dt.timedelta(days=3)
    data = meetings.MeetingIn(date=day, topic="研究复学工作", chair="局长")
    return meetings.record_meeting(actor=world.leader, unit=world.county, data=data)


@pytest.fixture
def school_meeting(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = meetings.MeetingIn(date=timezone.localdate(), topic="一校部署会", chair="校长")
    return meetings.record_meeting(actor=world.principal, unit=world.schools["S1"], data=data)
