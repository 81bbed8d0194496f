"""一校一策 and the medical staff stationed at schools: versions, review, what other parts read from
the plan in force (the gate's gates), the readiness conditions they are, and refused input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.campus.services.gate import roster
from eduguard.core.models import RuleValue
from eduguard.inspection.models import Batch, MedicalPosting, ReopeningPlan
from eduguard.inspection.services.acceptance import readiness
from eduguard.inspection.services.plans import Slot, parse_gates, plan_in_force, review_plan
from eduguard.inspection.services.postings import add_posting
from eduguard.inspection.tests.helpers import plan_for
from eduguard.org.models import Grade

TODAY = timezone.localdate()


@pytest.fixture
def two_grades(setup):
    """S2 with a second grade, and no plan yet."""
    w = setup
    ReopeningPlan.objects.all().delete()
    Grade.objects.create(school=w.schools["S2"], name="八年级", level=8)
    return w


def grades(w):
    return list(w.schools["S2"].grades.order_by("level"))


def test_an_approved_version_is_the_plan_in_force_and_the_gate_offers_its_gates(two_grades):
    w = two_grades
    plan = plan_for(w, gates=("东门", "北门"))
    assert plan.version == 1 and plan.status == "submitted" and plan_in_force(w.schools["S2"]) is None
    assert roster(w.schools["S2"], TODAY)["gates"] == []
    review_plan(plan=plan, decision="approve", actor=w.bureau)
    assert plan_in_force(w.schools["S2"]).pk == plan.pk
    assert roster(w.schools["S2"], TODAY)["gates"] == ["东门", "北门"]
    slots = [(s.grade.name, s.start, s.gate) for s in plan.slots.order_by("start")]
    assert slots == [("七年级", dt.time(7, 30), "东门"), ("八年级", dt.time(7, 40), "北门")]


def test_a_new_version_waits_while_the_approved_one_stays_in_force(two_grades):
    w = two_grades
    first = review_plan(plan=plan_for(w), decision="approve", actor=w.bureau)
    second = plan_for(w, gates=("正门", "侧门"))
    assert second.version == 2 and plan_in_force(w.schools["S2"]).pk == first.pk
    with pytest.raises(ValidationError, match="只能审定最新版本"):
        review_plan(plan=ReopeningPlan.objects.get(pk=first.pk), decision="return", note="x", actor=w.bureau)
    with pytest.raises(ValidationError) as e:
        review_plan(plan=second, decision="return", actor=w.bureau)
    assert "note" in e.value.message_dict  # a return says why
    review_plan(plan=second, decision="return", note="侧门无测温点", actor=w.bureau)
    with pytest.raises(ValidationError, match="已退回"):
        review_plan(plan=second, decision="approve", actor=w.bureau)
    assert plan_in_force(w.schools["S2"]).pk == first.pk


def test_who_submits_and_who_reviews_are_rules(two_grades):
    w = two_grades
    with pytest.raises(PermissionDenied):
        plan_for(w, actor=w.inspector)
    plan = plan_for(w)
    with pytest.raises(PermissionDenied):
        review_plan(plan=plan, decision="approve", actor=w.s2_principal)
    RuleValue.objects.create(name="inspection.plan_approver_roles", value=["principal"])
    assert review_plan(plan=plan, decision="approve", actor=w.s2_principal).status == "approved"


def _slots(w, *rows):
    """Slots from (grade index, "HH:MM" start, gate, days from today)."""
    out = []
    for index, start, gate, days in rows:
        at = dt.datetime.combine(TODAY, dt.time.fromisoformat(start))
        out.append(
            Slot(
                grades(w)[index],
                TODAY + dt.timedelta(days=days),
                at.time(),
                (at + dt.timedelta(minutes=20)).time(),
                gate,
            )
        )
    return out


BAD = [
    ("gates", {"gates": []}, "请填写校门"),
    ("gates", {"gates": ["东门", "东门"]}, "重复"),
    ("gates", {"gates": ["门" * 31]}, "不能超过"),
    ("dining", {"dining": "buffet"}, "就餐安排"),
    ("slots", {"slots": [(0, "07:30", "西门", 0), (1, "07:40", "正门", 0)]}, "不在本方案的校门中"),
    ("slots", {"slots": [(0, "07:30", "正门", 0)]}, "未安排返校时间：八年级"),
    ("slots", {"slots": [(0, "07:30", "正门", 0), (0, "07:50", "正门", 0), (1, "08:10", "正门", 0)]}, "两次"),
    ("slots", {"slots": [(0, "07:30", "正门", -4), (1, "07:40", "正门", 0)]}, "不能早于"),
    ("slots", {"slots": [(0, "07:30", "正门", 0), (1, "07:35", "正门", 0)]}, "至少错开 10 分钟"),
]


@pytest.mark.parametrize("field,change,message", BAD)
def test_a_bad_plan_is_refused_whole_and_nothing_is_written(two_grades, field, change, message):
    w = two_grades
    kwargs = dict(change)
    if "slots" in kwargs:
        kwargs["slots"] = _slots(w, *kwargs["slots"])
    with pytest.raises(ValidationError) as e:
        plan_for(w, **kwargs)
    assert field in e.value.message_dict and message in " ".join(e.value.message_dict[field])
    assert not ReopeningPlan.objects.exists()


def test_the_same_gate_on_different_days_or_at_other_gates_is_no_clash(two_grades):
    w = two_grades
    plan_for(w, gates=("正门", "东门"), slots=_slots(w, (0, "07:30", "正门", 0), (1, "07:30", "东门", 0)))
    plan_for(w, slots=_slots(w, (0, "07:30", "正门", -1), (1, "07:30", "正门", 0)))
    assert ReopeningPlan.objects.count() == 2


def test_a_plan_for_a_batch_without_the_school_or_with_a_bad_file_is_refused(two_grades):
    w = two_grades
    other = Batch.objects.create(county=w.county, number=2, name="第二批", target_date=TODAY)
    with pytest.raises(ValidationError) as e:
        plan_for(w, batch=other)
    assert "不在" in e.value.message_dict["batch"][0]
    with pytest.raises(ValidationError) as e:
        plan_for(w, upload=SimpleUploadedFile("plan.pdf", b"MZ not a pdf"))
    assert "file" in e.value.message_dict
    assert not ReopeningPlan.objects.exists()


def test_gates_are_read_from_what_people_type():
    assert parse_gates("东门、北门，西门, 南门\n侧门；") == ["东门", "北门", "西门", "南门", "侧门"]


def test_readiness_needs_an_approved_plan_and_a_doctor_on_the_opening_day(two_grades):
    w = two_grades
    school = w.schools["S2"]
    MedicalPosting.objects.all().delete()
    blocking = readiness(school).blocking
    assert "未提交一校一策开学方案" in blocking and f"开学日（{TODAY}）没有驻校医护人员" in blocking
    plan = plan_for(w)
    assert "一校一策 v1 待审定" in readiness(school).blocking
    review_plan(plan=plan, decision="approve", actor=w.bureau)
    add_posting(
        school=school,
        hospital="小市镇卫生院",
        name="李护士",
        role="nurse",
        starts_on=TODAY - dt.timedelta(days=20),
        ends_on=TODAY - dt.timedelta(days=1),
        actor=w.bureau,
    )
    assert f"开学日（{TODAY}）没有驻校医护人员" in readiness(school).blocking  # that posting has ended
    posting = add_posting(
        school=school, hospital="县人民医院", name="王医生", role="doctor", starts_on=TODAY, actor=w.bureau
    )
    assert posting.ends_on == TODAY + dt.timedelta(days=13)  # two weeks by default
    assert readiness(school).blocking == ["未完成学校自查", "未经督导组检查"]


def test_the_readiness_conditions_are_a_rule(two_grades):
    w = two_grades
    MedicalPosting.objects.all().delete()
    RuleValue.objects.create(name="inspection.readiness_requires", value=["medical_staff"])
    blocking = readiness(w.schools["S2"]).blocking
    assert not any("一校一策" in b for b in blocking) and any("驻校医护" in b for b in blocking)


@pytest.mark.parametrize(
    "change,field",
    [
        ({"hospital": " "}, "hospital"),
        ({"name": ""}, "name"),
        ({"role": "surgeon"}, "role"),
        ({"ends_on": TODAY - dt.timedelta(days=1)}, "ends_on"),
        ({"ends_on": TODAY + dt.timedelta(days=200)}, "ends_on"),
    ],
)
def test_a_bad_posting_is_refused_and_nothing_is_written(setup, change, field):
    w = setup
    data = {"hospital": "县人民医院", "name": "张医生", "role": "doctor", "starts_on": TODAY, **change}
    with pytest.raises(ValidationError) as e:
        add_posting(school=w.schools["S2"], actor=w.bureau, **data)
    assert field in e.value.message_dict
    assert MedicalPosting.objects.count() == 1  # the fixture's


def test_only_the_posting_roles_record_medical_staff(setup):
    w = setup
    with pytest.raises(PermissionDenied):
        add_posting(
            school=w.schools["S2"],
            hospital="县医院",
            name="张",
            role="doctor",
            starts_on=TODAY,
            actor=w.inspector,
        )


def _form(w, **change):
    g7, g8 = grades(w)
    data = {
        "batch": w.batch.pk,
        "gates": "东门、北门",
        "dining": "staggered",
        "slot-TOTAL_FORMS": "2",
        "slot-INITIAL_FORMS": "2",
        "slot-MIN_NUM_FORMS": "1",
        "slot-MAX_NUM_FORMS": "30",
        "slot-0-grade": g7.pk,
        "slot-0-date": TODAY.isoformat(),
        "slot-0-start": "07:30",
        "slot-0-end": "07:50",
        "slot-0-gate": "东门",
        "slot-1-grade": g8.pk,
        "slot-1-date": TODAY.isoformat(),
        "slot-1-start": "07:30",
        "slot-1-end": "07:50",
        "slot-1-gate": "北门",
    }
    data.update(change)
    return data


def test_the_plan_page_starts_from_the_latest_version_and_submits_the_next(two_grades, client):
    w = two_grades
    client.force_login(w.s2_principal)
    url = f"/inspection/schools/{w.schools['S2'].pk}/plan/"
    page = client.get(url)
    assert page.status_code == 200 and "八年级" in page.content.decode()
    response = client.post(url, _form(w))
    plan = ReopeningPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspection/plans/{plan.pk}/"
    assert plan.gates == ["东门", "北门"] and plan.slots.count() == 2
    again = client.get(url)
    assert again.context["form"].initial["gates"] == "东门、北门"
    assert [f.initial["gate"] for f in again.context["formset"]] == ["东门", "北门"]


@pytest.mark.parametrize(
    "change,message",
    [
        ({"slot-1-gate": "正门"}, "不在本方案的校门中"),
        ({"slot-1-gate": "东门", "slot-1-start": "07:35", "slot-1-end": "07:55"}, "至少错开"),
        ({"slot-0-end": "07:00"}, "晚于开始时间"),
        ({"slot-0-grade": "999999"}, "不属于本校的年级"),
        ({"slot-0-date": "2026-13-01"}, "有效的日期"),
        ({"gates": ""}, "该字段是必填项"),
        ({"dining": ""}, "该字段是必填项"),
    ],
)
def test_a_bad_plan_form_is_a_400_that_says_why_and_writes_nothing(two_grades, client, change, message):
    w = two_grades
    client.force_login(w.s2_principal)
    response = client.post(f"/inspection/schools/{w.schools['S2'].pk}/plan/", _form(w, **change))
    assert response.status_code == 400 and message in response.content.decode()
    assert not ReopeningPlan.objects.exists()


def test_the_bureau_reviews_on_the_plan_page_and_the_file_is_served_and_logged(
    two_grades, client, settings, tmp_path
):
    from eduguard.audit.models import AccessLog

    w = two_grades
    settings.MEDIA_ROOT = tmp_path
    plan = plan_for(w, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    client.force_login(w.bureau)
    url = f"/inspection/plans/{plan.pk}/"
    assert "审定" in client.get(url).content.decode()
    refused = client.post(f"{url}review/", {"decision": "return", "note": ""})
    assert refused.status_code == 400 and "退回须写明意见" in refused.content.decode()
    assert client.post(f"{url}review/", {"decision": "approve"}).status_code == 302
    assert ReopeningPlan.objects.get().status == "approved"
    served = client.get(f"{url}file/")
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(object_id=str(plan.pk)).exists()
    client.force_login(w.s2_principal)
    assert client.post(f"{url}review/", {"decision": "approve"}).status_code == 403


def test_a_plan_without_a_file_has_no_file_page(setup, client):
    client.force_login(setup.bureau)
    assert client.get(f"/inspection/plans/{setup.plan.pk}/file/").status_code == 404


def test_the_school_page_records_a_posting_and_refuses_a_bad_one(setup, client):
    w = setup
    url = f"/inspection/schools/{w.schools['S2'].pk}/postings/"
    client.force_login(w.bureau)
    data = {"hospital": "县中医院", "name": "赵护士", "role": "nurse", "starts_on": TODAY.isoformat()}
    bad = client.post(url, {**data, "ends_on": (TODAY - dt.timedelta(days=1)).isoformat()})
    assert bad.status_code == 400 and "不能早于开始日期" in bad.content.decode()
    assert MedicalPosting.objects.count() == 1
    assert client.post(url, data).status_code == 302
    page = client.get(f"/inspection/schools/{w.schools['S2'].pk}/").content.decode()
    assert "赵护士" in page and "一校一策" in page
    client.force_login(w.inspector)
    assert client.post(url, data).status_code == 403
    assert MedicalPosting.objects.count() == 2
