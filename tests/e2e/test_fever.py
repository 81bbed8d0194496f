"""The fever workflow in a real browser: a head teacher records a fever from the student's page on
a phone; the school doctor takes the student to the isolation room (a second student is refused
the occupied room), re-tests, refers to the fever clinic, and the incident that opens is reported
to the CDC and the education authority."""

import shutil

import pytest
from django.utils import timezone

from eduguard.campus.services.hygiene import add_place
from eduguard.health.models import SickAbsence
from eduguard.response.models import FeverEvent, Incident
from eduguard.response.services.fever import detect_fever
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def shot(snap):
    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/fever-{step}.png")

    return take


def test_the_school_doctor_handles_a_fever_from_detection_to_referral(
    world, live_server, new_page, login, shot
):
    add_place(school=world.schools["S1"], name="临时隔离室", kind="isolation_room", actor=world.admin)
    student = world.people["S1C1A"]

    teacher = login(new_page(PHONE), world.head_teacher)
    teacher.goto(f"{live_server.url}/org/people/{student.pk}/")
    teacher.locator("#fevers").get_by_role("link", name="登记发热").click()
    teacher.get_by_label("发现途径").select_option("observation")
    teacher.get_by_label("初测体温（°C）").fill("36.4")
    teacher.get_by_role("button", name="登记并通知校医").click()
    teacher.wait_for_selector("text=无需登记发热")
    shot(teacher, "refused-phone")
    teacher.get_by_label("初测体温（°C）").fill("38.1")
    teacher.get_by_label("咳嗽").check()
    teacher.get_by_label("发现地点").fill("七(1)班教室")
    teacher.get_by_role("button", name="登记并通知校医").click()
    teacher.wait_for_selector("text=已通知校医")
    assert teacher.locator("#state").inner_text() == "发现"
    assert teacher.locator("#actions").count() == 0, "the head teacher records, the doctor handles"
    shot(teacher, "recorded-phone")

    # Another student already occupies the room.
    other = detect_fever(person=world.people["S1C2A"], source="gate", temperature="37.8", actor=world.doctor)
    doctor = login(new_page(DESKTOP), world.doctor)
    doctor.goto(f"{live_server.url}/response/fever/{other.pk}/")
    doctor.get_by_label("临时隔离室").select_option(label="临时隔离室")
    doctor.get_by_role("button", name="进入隔离室").click()
    doctor.wait_for_selector("text=已进入临时隔离室")

    event = FeverEvent.objects.get(person=student)
    doctor.goto(f"{live_server.url}/response/fever/")
    doctor.get_by_role("link", name=student.name).click()
    doctor.get_by_label("临时隔离室").select_option(label="临时隔离室")
    doctor.get_by_role("button", name="进入隔离室").click()
    doctor.wait_for_selector("text=已有人在隔离观察")
    shot(doctor, "room-occupied")
    second = add_place(
        school=world.schools["S1"], name="隔离观察室2", kind="isolation_room", actor=world.admin
    )
    doctor.goto(f"{live_server.url}/response/fever/{event.pk}/")
    doctor.get_by_label("临时隔离室").select_option(label=second.name)
    doctor.get_by_role("button", name="进入隔离室").click()
    doctor.wait_for_selector("text=已进入隔离观察室2")

    doctor.get_by_label("复测体温（°C）").fill("38.4")
    doctor.get_by_label("旅居史").fill("近14天未离开本县")
    doctor.get_by_role("button", name="记录复测").click()
    doctor.wait_for_selector("text=复测体温 38.4℃ 已记录")
    assert doctor.locator("#readings tbody tr").count() == 1
    doctor.get_by_label("转诊发热门诊/医院").fill("县人民医院发热门诊")
    doctor.get_by_label("转运方式").select_option("escort")
    doctor.get_by_role("button", name="转诊").click()
    doctor.wait_for_selector("text=学校护送须填写护送人")
    doctor.get_by_label("护送人").fill("李老师")
    doctor.get_by_role("button", name="转诊").click()
    doctor.wait_for_selector("text=已登记缺勤并建立报告事件")
    assert doctor.locator("#state").inner_text() == "已转诊"
    steps = doctor.locator("#steps li b").all_inner_texts()
    assert steps == ["发现", "临时隔离", "已复测", "已转诊"]
    shot(doctor, "referred")
    assert SickAbsence.objects.get(person=student).needs_certificate

    doctor.goto(f"{live_server.url}/response/incidents/")
    assert doctor.locator("#incidents tbody tr").count() == 1
    shot(doctor, "incidents")
    doctor.goto(f"{live_server.url}/response/fever/{event.pk}/")
    doctor.get_by_role("link", name="报告事件").click()
    assert doctor.locator("#cases tbody tr").count() == 1
    assert "疾控机构" in doctor.locator("#missing").inner_text()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    for recipient, receiver in (("cdc", "县疾控中心 王医生"), ("education", "县教育局 体卫艺科")):
        form = doctor.locator("#report-form")
        form.get_by_label("报告对象").select_option(recipient)
        form.get_by_label("报告时间").fill(now)
        form.get_by_label("接报人及单位").fill(receiver)
        form.get_by_label("接报电话").fill("0414-4812345")
        form.get_by_role("button", name="保存报告记录").click()
        doctor.wait_for_selector("#reports tbody tr >> nth=0")
    assert doctor.locator("#state").inner_text() == "已报告，处置中"
    assert doctor.locator("#reports tbody tr").count() == 2
    shot(doctor, "incident-reported")
    assert Incident.objects.get().status == "reported"
