import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from eduguard.audit.models import ChangeLog
from eduguard.health.services.reports import submit_report
from eduguard.screening.models import Quarantine, QuarantineKind, QuarantineObservation, RiskCategory
from eduguard.screening.services.campaigns import ensure_categories
from eduguard.screening.services.quarantine import (
    observed_days,
    open_quarantine,
    record_observation,
    release_quarantine,
)

ARRIVAL = dt.date(2020, 2, 1)  # day 0
DAY_15 = dt.date(2020, 2, 16)


@pytest.fixture
def home(world):
    return open_quarantine(
        person=world.people["S1C1A"],
        kind=QuarantineKind.HOME,
        started_on=ARRIVAL,
        actor=world.head_teacher,
        reason="从沈阳返回",
        today=ARRIVAL,
    )


def test_it_plans_fourteen_days_with_day_fifteen_as_the_first_day_out(home):
    assert home.planned_days == 14
    assert home.ends_on == dt.date(2020, 2, 15) and home.clears_on == DAY_15
    assert home.day_number(DAY_15) == 15
    assert ChangeLog.objects.filter(object_type="screening.quarantine", object_id=str(home.pk)).exists()


def test_it_takes_the_days_from_the_category_and_monitoring_from_its_rule(world):
    ensure_categories(world.county)
    sanfan = RiskCategory.objects.get(county=world.county, code="sanfan")
    sanfan.quarantine_days = 21
    sanfan.save()
    q = open_quarantine(
        person=world.people["S1C1B"], kind="home", started_on=ARRIVAL, actor=world.doctor, category=sanfan
    )
    assert q.planned_days == 21 and q.reason == sanfan.definition
    m = open_quarantine(
        person=world.people["S1C2A"], kind="monitoring", started_on=ARRIVAL, actor=world.doctor, reason="密接"
    )
    assert m.planned_days == 7


def test_a_release_on_day_fifteen_needs_only_the_document(world, home):
    released = release_quarantine(
        quarantine=home,
        released_on=DAY_15,
        actor=world.head_teacher,
        release_doc="解隔字〔2020〕15号",
        today=DAY_15,
    )
    assert released.released_on == DAY_15 and not released.released_early
    assert released.released_by == world.head_teacher and released.release_reason == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"released_on": dt.date(2020, 1, 31)}, "不能早于开始日期"),
        ({"released_on": dt.date(2020, 2, 20), "today": dt.date(2020, 2, 18)}, "不能晚于今天"),
        ({"release_doc": ""}, "文书编号或上传文书"),
        ({"released_on": dt.date(2020, 2, 10)}, "提前解除须写明理由"),
        (
            {"release_file": SimpleUploadedFile("release.exe", b"MZ")},
            "PDF 或图片",
        ),
    ],
)
def test_a_bad_release_is_refused_and_nothing_changes(world, home, kwargs, message):
    args = {
        "quarantine": home,
        "released_on": DAY_15,
        "actor": world.head_teacher,
        "release_doc": "解隔字1号",
        "today": dt.date(2020, 3, 1),
        **kwargs,
    }
    with pytest.raises(ValidationError, match=message):
        release_quarantine(**args)
    home.refresh_from_db()
    assert home.released_on is None


def test_an_early_release_needs_a_reason_and_an_authorised_role(world, home):
    early = {"quarantine": home, "released_on": dt.date(2020, 2, 10), "release_doc": "1号", "today": DAY_15}
    with pytest.raises(ValidationError, match="提前解除须由.*校医"):
        release_quarantine(**early, actor=world.head_teacher, reason="核酸阴性，疾控评估")
    released = release_quarantine(**early, actor=world.doctor, reason="核酸阴性，疾控评估")
    assert released.released_early and released.release_reason == "核酸阴性，疾控评估"
    with pytest.raises(ValidationError, match="已于 2020-02-10 解除"):
        release_quarantine(**early, actor=world.doctor, reason="again")


def test_a_release_stores_its_document(world, home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    doc = SimpleUploadedFile("解除隔离告知书.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    released = release_quarantine(
        quarantine=home, released_on=DAY_15, actor=world.doctor, release_file=doc, today=DAY_15
    )
    assert released.release_file.name.endswith(".pdf")
    assert (tmp_path / released.release_file.name).read_bytes() == b"%PDF-1.4 test"


def test_the_database_refuses_a_period_that_ends_before_it_starts(home):
    with pytest.raises(IntegrityError), transaction.atomic():
        Quarantine.objects.filter(pk=home.pk).update(released_on=dt.date(2020, 1, 1))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"kind": "hotel"}, "请选择隔离类型"),
        ({"planned_days": 0}, "1 到 60"),
        ({"planned_days": 61}, "1 到 60"),
        ({"reason": ""}, "隔离原因"),
        ({"started_on": dt.date(2020, 4, 1)}, "不能晚于今天30天"),
    ],
)
def test_a_bad_quarantine_is_refused(world, kwargs, error):
    args = {
        "person": world.people["S1C1B"],
        "kind": "home",
        "started_on": ARRIVAL,
        "actor": world.doctor,
        "reason": "返乡",
        "today": ARRIVAL,
        **kwargs,
    }
    with pytest.raises(ValidationError, match=error):
        open_quarantine(**args)
    assert not Quarantine.objects.exists()


def test_a_second_open_period_for_the_same_person_is_refused(world, home):
    with pytest.raises(ValidationError, match="已有未解除的居家隔离"):
        open_quarantine(
            person=home.person,
            kind="central",
            started_on=ARRIVAL,
            actor=world.doctor,
            reason="x",
            today=ARRIVAL,
        )


@pytest.mark.parametrize("persona", ["guard", "parent", "subject_teacher", "outsider"])
def test_roles_without_the_duty_cannot_open_or_release(world, home, persona):
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        open_quarantine(person=world.people["S1C2A"], kind="home", started_on=ARRIVAL, actor=user, reason="x")
    with pytest.raises(PermissionDenied):
        release_quarantine(quarantine=home, released_on=DAY_15, actor=user, release_doc="1", today=DAY_15)


def test_a_head_teacher_cannot_act_on_another_class(world):
    with pytest.raises(PermissionDenied):
        open_quarantine(
            person=world.people["S1C2A"],
            kind="home",
            started_on=ARRIVAL,
            actor=world.head_teacher,
            reason="x",
        )


def test_observations_link_the_daily_report_and_fill_the_gaps(world, home):
    report, _ = submit_report(
        person=home.person,
        day=dt.date(2020, 2, 2),
        data={"temperature": "37.6"},
        reporter_kind="guardian",
        source="link",
        now=dt.datetime(2020, 2, 2, 8, tzinfo=dt.UTC),
    )
    today = dt.date(2020, 2, 3)
    first = record_observation(
        quarantine=home, day=ARRIVAL, actor=world.doctor, temperature="36.6", today=today
    )
    assert str(first.temperature) == "36.6" and first.report is None
    linked = record_observation(quarantine=home, day=dt.date(2020, 2, 2), actor=world.doctor, today=today)
    assert linked.report == report and linked.temperature is None
    days = observed_days(home, world.admin, today=today)
    assert [d.number for d in days] == [0, 1, 2]
    assert not days[0].fever and days[1].fever and days[2].missing
    again = record_observation(
        quarantine=home, day=ARRIVAL, actor=world.doctor, temperature="37.5", symptoms=["cough"], today=today
    )
    assert again.pk == first.pk and QuarantineObservation.objects.count() == 2
    assert observed_days(home, world.admin, today=today)[0].fever
    assert observed_days(home, world.admin, today=today)[0].symptoms == ["干咳/咳嗽"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"day": dt.date(2020, 1, 31)}, "观察日期应在"),
        ({"day": dt.date(2020, 2, 4)}, "观察日期应在"),
        ({"temperature": "hot"}, "体温应为数字"),
        ({"temperature": "45.0"}, "体温应在"),
        ({"temperature": ""}, "请填写体温"),
        ({"symptoms": ["sneezing"]}, "未知的症状"),
    ],
)
def test_a_bad_observation_is_refused(world, home, kwargs, error):
    args = {
        "quarantine": home,
        "day": dt.date(2020, 2, 2),
        "actor": world.doctor,
        "temperature": "36.5",
        "today": dt.date(2020, 2, 3),
        **kwargs,
    }
    with pytest.raises(ValidationError, match=error):
        record_observation(**args)
    assert not QuarantineObservation.objects.exists()


def test_a_shorter_period_than_the_rule_needs_the_early_release_authority(world):
    args = {"person": world.people["S1C1B"], "kind": "home", "started_on": ARRIVAL, "reason": "返乡"}
    with pytest.raises(ValidationError, match="少于规定的 14 天须由"):
        open_quarantine(**args, actor=world.head_teacher, planned_days=1, today=ARRIVAL)
    assert open_quarantine(**args, actor=world.doctor, planned_days=7, today=ARRIVAL).planned_days == 7


def test_a_cleared_file_input_is_no_document(world, home):
    with pytest.raises(ValidationError, match="文书编号或上传文书"):
        release_quarantine(
            quarantine=home, released_on=DAY_15, actor=world.doctor, release_file=False, today=DAY_15
        )
    released = release_quarantine(
        quarantine=home,
        released_on=DAY_15,
        actor=world.doctor,
        release_doc="3号",
        release_file=False,
        today=DAY_15,
    )
    assert not released.release_file


def test_a_corrected_observation_keeps_the_old_value_in_the_change_log(world, home):
    today = dt.date(2020, 2, 3)
    record_observation(quarantine=home, day=ARRIVAL, actor=world.doctor, temperature="36.6", today=today)
    record_observation(quarantine=home, day=ARRIVAL, actor=world.doctor, temperature="36.9", today=today)
    last = ChangeLog.objects.filter(object_type="screening.quarantineobservation").order_by("id").last()
    assert last.before["temperature"] == "36.6" and last.after["temperature"] == "36.9"
