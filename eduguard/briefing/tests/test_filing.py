"""Filing the work briefing (存档): the page's button queues the task (inline with no broker, so
the page answers with the filed briefing listed), a filed briefing is kept as it was and
downloaded as it was, the list polls while one is being filed, and the evening run files every
county even when one of them fails."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from eduguard.audit.models import AccessLog
from eduguard.briefing.models import FiledBriefing
from eduguard.briefing.services import filing
from eduguard.org.models import County

TODAY = timezone.localdate()
URL = "/briefing/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the call left for after the commit, as a real request's transaction would: with
    no broker the filing task runs there, before the page answers."""

    def call(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return call


@pytest.fixture
def leader(world, client):
    client.force_login(world.leader)
    return world.leader


def test_the_button_files_the_picked_briefing_and_the_page_lists_it(world, leader, client, committed):
    assert reverse("briefing:briefing") == URL
    page = client.get(URL).content.decode()
    assert 'id="file-briefing"' in page and "还没有存档的简报" in page and "hx-trigger" not in page
    since = TODAY - dt.timedelta(days=6)
    response = committed(client.post, URL, {"date": TODAY.isoformat(), "since": since.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?date={TODAY}&county={world.county.pk}&since={since}"
    filed = FiledBriefing.objects.get()
    assert (filed.county, filed.date, filed.since, filed.status) == (world.county, TODAY, since, "done")
    assert filed.requested_by == leader and filed.generated_at is not None
    page = client.get(response["Location"]).content.decode()
    assert f"?filed={filed.pk}&amp;format=docx" in page and "hx-trigger" not in page  # done: no polling

    docx = client.get(URL, {"filed": filed.pk, "format": "docx"})
    assert docx.status_code == 200 and docx.content == bytes(filed.docx) and docx.content[:2] == b"PK"
    md = client.get(URL, {"filed": filed.pk, "format": "md"})
    assert md["Content-Type"].startswith("text/markdown") and md.content.decode() == filed.markdown
    assert AccessLog.objects.filter(action="export", detail__what="filed briefing").count() == 2


def test_a_filed_briefing_stays_as_it_was_until_it_is_filed_again(world, leader, client, committed):
    committed(client.post, URL, {"date": TODAY.isoformat()})
    first = FiledBriefing.objects.get()
    FiledBriefing.objects.filter(pk=first.pk).update(markdown="# 当时的简报\n")
    assert client.get(URL, {"filed": first.pk, "format": "md"}).content.decode() == "# 当时的简报\n"
    committed(client.post, URL, {"date": TODAY.isoformat()})
    again = FiledBriefing.objects.get()  # one per county and day: filing again replaces it
    assert again.pk == first.pk and again.markdown.startswith(f"# {again.title}")


def test_the_list_polls_while_a_briefing_is_being_filed(world, leader, client, committed, monkeypatch):
    from eduguard.briefing import tasks

    queued = []
    monkeypatch.setattr(tasks.file_day, "delay", lambda *args: queued.append(args))  # a broker: not run yet
    committed(client.post, URL, {"date": TODAY.isoformat()})
    assert queued == [(world.county.pk, TODAY.isoformat(), None)]
    filed = FiledBriefing.objects.get()
    assert filed.status == "pending" and filed.markdown == ""
    page = client.get(URL).content.decode()
    assert f'hx-get="?part=filed&amp;county={world.county.pk}"' in page and 'hx-trigger="every 2s"' in page
    part = client.get(URL, {"part": "filed", "county": world.county.pk}).content.decode()
    assert (
        part.startswith('<section class="panel panel-body filed" id="filed" hx-get=')
        and "<article" not in part
    )
    assert client.get(URL, {"filed": filed.pk, "format": "docx"}).status_code == 404  # nothing to give yet
    filing.file_day(TODAY, [world.county.pk])  # the worker's turn
    part = client.get(URL, {"part": "filed", "county": world.county.pk}).content.decode()
    assert "hx-trigger" not in part and f"?filed={filed.pk}&amp;format=md" in part


def test_bad_requests_are_refused_and_write_nothing(world, leader, client):
    for bad in (
        {"date": "yesterday"},
        {"date": (TODAY + dt.timedelta(days=1)).isoformat()},
        {"date": TODAY.isoformat(), "since": (TODAY + dt.timedelta(days=1)).isoformat()},
        {"date": TODAY.isoformat(), "county": "abc"},
    ):
        assert client.post(URL, bad).status_code == 400, bad
    assert not FiledBriefing.objects.exists()
    for bad in ({"filed": "abc", "format": "md"}, {"filed": "1", "format": "pdf"}, {"filed": "1"}):
        assert client.get(URL, bad).status_code == 400, bad
    assert client.get(URL, {"filed": "999999", "format": "md"}).status_code == 404


def test_only_those_who_see_the_county_whole_file_or_read_its_briefings(world, client):
    other = County.objects.create(code="210522", name="邻县", bureau_name="邻县教育局")
    theirs = filing.file_briefing(other, TODAY)
    client.force_login(world.principal)  # a school, not the county
    assert client.post(URL, {"date": TODAY.isoformat()}).status_code == 403
    assert client.get(URL, {"filed": theirs.pk, "format": "md"}).status_code == 404
    client.force_login(world.leader)
    assert client.get(URL, {"filed": theirs.pk, "format": "md"}).status_code == 404  # another county's
    assert client.post(URL, {"date": TODAY.isoformat(), "county": other.pk}).status_code == 400
    assert list(FiledBriefing.objects.all()) == [theirs]
    assert "邻县" not in client.get(URL).content.decode()


def test_the_evening_run_files_every_county_even_when_one_fails(world, monkeypatch, caplog):
    other = County.objects.create(code="210522", name="邻县", bureau_name="邻县教育局")
    build = filing.build

    def failing(county, day, since=None):
        if county == world.county:
            raise RuntimeError("figures unavailable")
        return build(county, day, since)

    monkeypatch.setattr(filing, "build", failing)
    FiledBriefing.objects.create(county=world.county, date=TODAY, requested_at=timezone.now())
    filed = filing.file_day(TODAY)
    assert [FiledBriefing.objects.get(pk=pk).county for pk in filed] == [other]
    assert FiledBriefing.objects.get(county=world.county).status == "failed"
    assert "filing the briefing of county" in caplog.text


def test_out_of_time_the_run_stops_at_the_county_in_hand(world, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    County.objects.create(code="210522", name="邻县", bureau_name="邻县教育局")

    started = []

    def slow(county, day, since=None):
        started.append(county)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(filing, "build", slow)
    with pytest.raises(SoftTimeLimitExceeded):
        filing.file_day(TODAY)
    assert started == [world.county]  # the next county waits for the next run
    assert not FiledBriefing.objects.exists()  # nothing half-filed
