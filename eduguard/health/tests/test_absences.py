"""The absence register and return certificates: services, pages, and every bad input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.audit.models import AccessLog
from eduguard.health.models import AbsenceFollowUp, HealthCheck, ReturnCertificate, SickAbsence
from eduguard.health.services.absences import end_absence, register_absence, update_absence
from eduguard.health.services.certificates import review_certificate, submit_certificate
from eduguard.screening.services.entry import entry_status

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def chickenpox(world):
    return register_absence(
        person=world.people["S1C1A"],
        started_on=YESTERDAY,
        actor=world.head_teacher,
        kind="sick",
        onset_on=YESTERDAY,
        infectious="yes",
        disease="水痘",
    )


def certificate(absence, actor, level="secondary", issued_on=TODAY, **kw):
    return submit_certificate(
        absence=absence, hospital="县人民医院", hospital_level=level, issued_on=issued_on, actor=actor, **kw
    )


def test_an_infectious_absence_needs_a_certificate_and_keeps_the_student_out(world, chickenpox):
    assert chickenpox.needs_certificate
    status = entry_status(world.people["S1C1A"], world.doctor, TODAY)
    assert status.decision == "deny" and status.reasons[0].code == "return_certificate"
    with pytest.raises(ValidationError, match="复课证明"):
        end_absence(absence=chickenpox, returned_on=TODAY, actor=world.head_teacher)


def test_the_doctor_approves_and_the_school_certificate_is_numbered(world, chickenpox, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("cert.pdf", b"%PDF-1.4")
    c = certificate(chickenpox, world.head_teacher, file=scan)
    assert c.status == "pending"
    with pytest.raises(PermissionDenied):
        review_certificate(certificate=c, approve=True, actor=world.head_teacher)
    c = review_certificate(certificate=c, approve=True, actor=world.doctor)
    assert c.number == f"FK-TS1-{TODAY.year}-0001" and c.return_on == TODAY
    chickenpox.refresh_from_db()
    assert chickenpox.returned_on == TODAY and chickenpox.outcome == "recovered"
    assert entry_status(world.people["S1C1A"], world.doctor, TODAY).cleared
    with pytest.raises(ValidationError, match="已经审核过"):
        review_certificate(certificate=c, approve=False, actor=world.doctor, note="再议")


def test_the_doctors_conclusion_prevails_and_needs_a_reason(world, chickenpox):
    c = certificate(chickenpox, world.doctor)
    with pytest.raises(ValidationError, match="校医意见"):
        review_certificate(certificate=c, approve=False, actor=world.doctor)
    review_certificate(certificate=c, approve=False, actor=world.doctor, note="仍有疱疹未结痂")
    chickenpox.refresh_from_db()
    assert chickenpox.is_open and not entry_status(world.people["S1C1A"], world.doctor, TODAY).cleared


def test_a_clinic_certificate_passes_only_with_the_doctors_reason(world, chickenpox):
    c = certificate(chickenpox, world.doctor, level="clinic")
    with pytest.raises(ValidationError, match="低于二级医院"):
        review_certificate(certificate=c, approve=True, actor=world.doctor)
    assert review_certificate(certificate=c, approve=True, actor=world.doctor, note="已复查").number


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"issued_on": YESTERDAY - dt.timedelta(days=1)}, "不能早于发病或缺勤日期"),
        ({"issued_on": TODAY + dt.timedelta(days=1)}, "不能晚于今天"),
        ({"level": "palace"}, "请选择医院等级"),
        ({"file": SimpleUploadedFile("cert.exe", b"MZ")}, "文件应为 PDF 或图片"),
    ],
)
def test_bad_certificates_are_refused_and_nothing_is_written(world, chickenpox, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        certificate(chickenpox, world.doctor, **kwargs)
    assert any(message in m for m in exc.value.messages)
    assert not ReturnCertificate.objects.exists()


@pytest.mark.parametrize(
    "details, field",
    [
        ({"half_days": 0}, "half_days"),
        ({"half_days": -2}, "half_days"),
        ({"kind": "holiday"}, "kind"),
        ({"infectious": "yes"}, "disease"),
        ({"symptoms": ["sneezing"]}, "symptoms"),
        ({"onset_on": TODAY + dt.timedelta(days=1)}, "onset_on"),
    ],
)
def test_bad_absence_details_are_refused(world, details, field):
    with pytest.raises(ValidationError) as exc:
        register_absence(person=world.people["S1C1A"], started_on=TODAY, actor=world.head_teacher, **details)
    assert field in exc.value.message_dict
    assert not SickAbsence.objects.exists()


def test_one_open_absence_per_student_and_only_for_students_in_scope(world, chickenpox):
    with pytest.raises(ValidationError, match="未结束的缺勤"):
        register_absence(person=world.people["S1C1A"], started_on=TODAY, actor=world.head_teacher)
    with pytest.raises(PermissionDenied):
        register_absence(person=world.people["S1C2A"], started_on=TODAY, actor=world.head_teacher)
    with pytest.raises(ValidationError, match="在班学生"):
        register_absence(person=world.people["S1TA"], started_on=TODAY, actor=world.principal)


def test_a_fever_makes_a_sick_absence_need_a_certificate(world):
    a = register_absence(
        person=world.people["S1C1B"], started_on=TODAY, actor=world.head_teacher, kind="personal"
    )
    assert not a.needs_certificate
    a = update_absence(absence=a, actor=world.head_teacher, kind="sick", symptoms=["fever"], half_days=2)
    assert a.needs_certificate and a.days == 1


# ---- pages ------------------------------------------------------------------------------------


def test_the_head_teacher_registers_and_follows_an_absence(world, client):
    client.force_login(world.head_teacher)
    person = world.people["S1C1B"]
    url = f"/health/absences/new/?person={person.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"started_on": TODAY, "kind": "sick", "days": "-1", "infectious": "unknown"})
    assert response.status_code == 400 and "0.5" in response.content.decode()
    assert not SickAbsence.objects.exists()
    response = client.post(url, {"started_on": TODAY, "kind": "sick", "days": "1.5", "infectious": "unknown"})
    absence = SickAbsence.objects.get()
    assert response.status_code == 302 and absence.half_days == 3
    page = f"/health/absences/{absence.pk}/"
    response = client.post(page + "follow-up/", {"on": TODAY, "method": "phone", "status": ""})
    assert response.status_code == 400 and not AbsenceFollowUp.objects.exists()
    assert (
        client.post(page + "follow-up/", {"on": TODAY, "method": "phone", "status": "退烧"}).status_code
        == 302
    )
    assert "退烧" in client.get(page).content.decode()


def test_a_certificate_form_with_a_date_before_the_illness_answers_400(world, client, chickenpox):
    client.force_login(world.doctor)
    url = f"/health/absences/{chickenpox.pk}/certificate/"
    data = {
        "hospital": "县医院",
        "hospital_level": "secondary",
        "issued_on": YESTERDAY - dt.timedelta(days=3),
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "不能早于发病或缺勤日期" in response.content.decode()
    assert not ReturnCertificate.objects.exists()


def test_the_printed_certificate_has_two_copies_and_the_scan_is_logged(
    world, client, chickenpox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    c = certificate(chickenpox, world.doctor, file=SimpleUploadedFile("c.pdf", b"%PDF-1.4"))
    client.force_login(world.doctor)
    assert client.get(f"/health/certificates/{c.pk}/print/").status_code == 404  # not approved yet
    response = client.post(
        f"/health/certificates/{c.pk}/review/", {"decision": "approve", "return_on": TODAY}
    )
    assert response.status_code == 302
    page = client.get(f"/health/certificates/{c.pk}/print/").content.decode()
    assert page.count('<article class="copy">') == 2 and "学生联" in page and "学校存根" in page
    assert f"FK-TS1-{TODAY.year}-0001" in page
    assert client.get(f"/health/certificates/{c.pk}/file/").status_code == 200
    assert AccessLog.objects.filter(object_type="health.returncertificate").exists()


def test_the_school_page_shows_checks_and_absences_lacking_certificates(world, client, chickenpox):
    client.force_login(world.doctor)
    page = client.get(f"/health/schools/{world.schools['S1'].pk}/checks/").content.decode()
    assert "生S1C1A" in page and "待复课证明" in page
    school = client.get(f"/org/schools/{world.schools['S1'].pk}/").content.decode()
    assert "晨午晚检（今日）" in school


def test_the_class_check_page_files_findings_and_zero_reports(world, client):
    w = world
    client.force_login(w.head_teacher)
    url = f"/health/classes/{w.classes['S1C1'].pk}/check/?session=morning"
    assert client.get(url).status_code == 200
    a, b = w.people["S1C1A"].pk, w.people["S1C1B"].pk
    response = client.post(url, {f"p{a}-temperature": "99", f"p{b}-absent": "on"})
    assert response.status_code == 400 and "体温应在" in response.content.decode()
    assert not HealthCheck.objects.exists() and not SickAbsence.objects.exists()
    response = client.post(
        url, {f"p{a}-temperature": "37.6", f"p{a}-symptoms": ["fever"], f"p{b}-absent": "on"}
    )
    assert response.status_code == 302
    check = HealthCheck.objects.get()
    assert {(f.person_id, f.present) for f in check.findings.all()} == {(a, True), (b, False)}
    response = client.post(url, {"zero": "1"})  # the same session again: updated, not duplicated
    check.refresh_from_db()
    assert response.status_code == 302 and HealthCheck.objects.count() == 1 and check.zero_report


def test_a_head_teacher_cannot_file_for_another_class(world, client):
    client.force_login(world.head_teacher)
    assert client.post(f"/health/classes/{world.classes['S1C2'].pk}/check/", {"zero": "1"}).status_code == 404
    client.force_login(world.subject_teacher)  # sees one student, not the class
    assert client.post(f"/health/classes/{world.classes['S1C2'].pk}/check/", {"zero": "1"}).status_code == 404
    client.force_login(world.inspector)  # sees S2's classes, but files no checks
    assert client.post(f"/health/classes/{world.classes['S2C1'].pk}/check/", {"zero": "1"}).status_code == 403
    assert not HealthCheck.objects.exists()
