"""Records of the scope leak test: one of every kind, in and out of each persona's scope."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone


@pytest.fixture
def records(world, settings, tmp_path):
    """One record of every kind that has its own detail routes, owned by different personas."""
    from eduguard.health.services.absences import add_follow_up, register_absence
    from eduguard.health.services.certificates import review_certificate, submit_certificate
    from eduguard.health.services.chain import create_chain_import
    from eduguard.health.services.checks import Finding, file_check
    from eduguard.health.services.reports import submit_report
    from eduguard.org.models import ImportJob
    from eduguard.screening.services.campaigns import create_campaign, save_response
    from eduguard.screening.services.quarantine import open_quarantine, record_observation

    for owner in (world.principal, world.head_teacher):
        ImportJob.objects.create(user=owner, file_name=f"{owner.username}.xlsx", status="done")

    from eduguard.campus.models import RequiredDocument
    from eduguard.campus.services.documents import review_document, upload_document
    from eduguard.campus.services.hygiene import add_place, log_disinfection, log_ventilation

    settings.MEDIA_ROOT = tmp_path
    plan = RequiredDocument.objects.order_by("kind", "order").first()
    for key in ("S1", "S2"):  # a document (S2's approved), a place and its logs in two schools
        school, today = world.schools[key], timezone.localdate()
        upload = SimpleUploadedFile(f"{key}.pdf", b"%PDF-1.4 plan")
        doc = upload_document(school=school, required=plan, upload=upload, actor=world.admin)
        if key == "S2":
            review_document(document=doc, decision="approve", actor=world.admin)
        place = add_place(school=school, name=f"{key}教室", kind="classroom", actor=world.admin)
        signed = {"operator": "值日甲", "checker": "值日乙", "actor": world.admin}
        log_ventilation(place=place, date=today, start=dt.time(0, 0), duration_min=30, **signed)
        log_disinfection(
            place=place,
            date=today,
            time=dt.time(0, 0),
            method="chlorine",
            concentration_mg_l=500,
            duration_min=30,
            **signed,
        )

    for key in ("S1C1", "S2C1"):
        text = f"1. {world.people[key + 'A'].name} 36.5℃ 未外出"
        create_chain_import(
            school_class=world.classes[key], day=timezone.localdate(), text=text, actor=world.admin
        )
    campaign = create_campaign(
        county=world.county,
        name="全员大排查",
        opened_on=timezone.localdate(),
        deadline=timezone.localdate(),
    )
    for key in ("S1C1A", "S2C1B", "S1TA", "BUREAU"):  # answers that put people in categories
        save_response(
            campaign=campaign, person=world.people[key], answers={"contact_outsiders": True}, actor=None
        )
    settings.MEDIA_ROOT = tmp_path
    for key in ("S1C1B", "S2C2A", "BUREAU"):  # periods with an observation and a release document
        quarantine = open_quarantine(
            person=world.people[key],
            kind="home",
            started_on=timezone.localdate(),
            actor=world.admin,
            reason="返乡",
        )
        record_observation(
            quarantine=quarantine, day=quarantine.started_on, actor=world.admin, temperature="36.5"
        )
        quarantine.release_file = SimpleUploadedFile(f"{key}.pdf", b"%PDF-1.4")
        quarantine.save()
    for key in ("S1C1", "S2C1"):  # class checks with a finding and an unexplained absence
        klass = world.classes[key]
        findings = [
            Finding(person=world.people[key + "A"], temperature="37.8", symptoms=["fever"]),
            Finding(person=world.people[key + "B"], present=False),
        ]
        file_check(
            school_class=klass,
            day=timezone.localdate(),
            session="morning",
            findings=findings,
            actor=world.admin,
        )
    for key in ("S1C2B", "S2C2B", "S3C1A"):  # sick absences with an approved, numbered certificate
        absence = register_absence(
            person=world.people[key],
            started_on=timezone.localdate(),
            actor=world.admin,
            kind="sick",
            infectious="yes",
            disease="水痘",
        )
        certificate = submit_certificate(
            absence=absence,
            hospital="县人民医院",
            hospital_level="secondary",
            issued_on=timezone.localdate(),
            actor=world.admin,
            file=SimpleUploadedFile(f"{key}.pdf", b"%PDF-1.4"),
        )
        review_certificate(certificate=certificate, approve=True, actor=world.admin)
        add_follow_up(
            absence=absence, on=absence.started_on, method="phone", status="好转", actor=world.admin
        )
    from eduguard.response.services.drills import record_drill
    from eduguard.response.services.fever import detect_fever
    from eduguard.response.services.incidents import (
        CaseIn,
        open_or_merge,
        trigger,
        unit_of_class,
        unit_of_person,
    )

    for key in ("S1", "S2"):  # drills with a photo (the file route needs one)
        photo = SimpleUploadedFile(f"{key}-drill.png", b"\x89PNG\r\n\x1a\n")
        record_drill(
            school=world.schools[key],
            scenario="fever",
            held_on=timezone.localdate(),
            participants=30,
            file=photo,
            actor=world.admin,
        )
    from eduguard.campus.models import Visit
    from eduguard.campus.services.gate import record_entry
    from eduguard.campus.services.leave import issue_pass
    from eduguard.campus.services.visits import register_visit

    visit = {"id_type": "resident", "id_number": "11010519491231002X", "phone": "13912345678"}
    register_visit(  # a visit hosted by the head teacher, and one at S2 with no host
        school=world.schools["S1"],
        data={**visit, "name": "来访甲", "purpose": "送教材", "host": world.head_teacher},
        actor=world.admin,
    )
    Visit.objects.create(
        school=world.schools["S2"],
        name="来访乙",
        purpose="维修",
        date=timezone.localdate(),
        created_by=world.admin,
    )
    for key in ("S1C1A", "S2C1A"):  # a boarder's pass and a passage through the gate in two schools
        person = world.people[key]
        person.boarding = True
        person.save()
        back = timezone.now() + dt.timedelta(days=1)
        issue_pass(
            person=person,
            reason="回家",
            leaves_on=timezone.localdate(),
            expected_back=back,
            destination="",
            actor=world.admin,
        )
        data = {"person": person.pk, "temperature": "36.5", "id_checked": True}
        record_entry(school=person.school, data=data, operator=world.admin)
    from eduguard.inspection.models import Batch, ChecklistTemplate, Team
    from eduguard.inspection.services.inspections import record_result, start_inspection, submit_inspection

    team = Team.objects.create(county=world.county, name="第一督导组")
    batch = Batch.objects.create(county=world.county, number=1, name="首批", target_date=timezone.localdate())
    template = ChecklistTemplate.objects.get(code="isolation-room")
    for key in ("S1", "S2"):  # a submitted inspection with a fix in two schools of one batch
        team.schools.add(world.schools[key])
        batch.schools.add(world.schools[key])
        inspection = start_inspection(
            school=world.schools[key],
            template=template,
            kind="inspection",
            date=timezone.localdate(),
            actor=world.admin,
            team=team,
        )
        for item in template.items.all():
            record_result(inspection=inspection, item=item, outcome="fail", note="缺", actor=world.admin)
        submit_inspection(inspection=inspection, actor=world.admin)
    from eduguard.inspection.services.plans import Slot, submit_plan
    from eduguard.inspection.services.postings import add_posting
    from eduguard.inspection.services.tutoring import open_case

    for key in ("S1", "S2"):  # a plan with its document, a posting and a tutoring case in two schools
        school = world.schools[key]
        grade = world.grades[key]
        slot = Slot(grade, timezone.localdate(), dt.time(7, 30), dt.time(7, 50), "正门")
        upload = SimpleUploadedFile(f"{key}-plan.pdf", b"%PDF-1.4 plan")
        submit_plan(
            school=school,
            batch=batch,
            gates=["正门"],
            dining="staggered",
            slots=[slot],
            upload=upload,
            actor=world.admin,
        )
        add_posting(
            school=school,
            hospital="县人民医院",
            name=f"{key}医生",
            role="doctor",
            starts_on=timezone.localdate(),
            actor=world.admin,
        )
        teacher = world.people[f"{key}TA"]
        open_case(
            actor=world.admin,
            school=school,
            teacher=teacher,
            teacher_name="",
            source="hotline",
            reported_on=timezone.localdate(),
            summary="有偿补课",
        )
    from eduguard.logistics.models import ClassSlot, GatheringPoint, ReturnPlan, Ride, Trip

    plan = ReturnPlan.objects.create(  # a return plan of the batch with a bus and a class slot in two schools
        batch=batch,
        date=timezone.localdate(),
        status="published",
        first_departure=dt.time(6, 30),
        first_arrival=dt.time(7, 30),
        dismissal=dt.time(16, 30),
        created_by=world.admin,
    )
    point = GatheringPoint.objects.create(
        county=world.county, township="小市镇", name="政府广场", capacity=100
    )
    for key in ("S1", "S2"):
        trip = Trip.objects.create(
            school=world.schools[key], date=plan.date, vehicle=f"辽E{key}", plan=plan, point=point, wave=0
        )
        Ride.objects.create(trip=trip, person=world.people[f"{key}C1A"], seat="1")
        klass = world.classes[f"{key}C1"]
        ClassSlot.objects.create(
            plan=plan, school_class=klass, gate="正门", arrive_at=dt.time(7, 30), dismiss_at=dt.time(16, 30)
        )
    from eduguard.supplies.models import Item, Store
    from eduguard.supplies.services.defaults import ensure_defaults
    from eduguard.supplies.services.movements import receive
    from eduguard.supplies.services.orders import LineIn, place_order

    ensure_defaults()  # the warehouse, two schools' stores with stock, and an order
    mask = Item.objects.get(code="mask")
    warehouse = Store.objects.create(county=world.county, name="县物资仓库")
    receive(store=warehouse, item=mask, quantity=100, source="bureau", actor=world.admin)
    for key in ("S1", "S2"):
        store = Store.objects.create(
            county=world.county, school=world.schools[key], name=world.schools[key].name
        )
        receive(store=store, item=mask, quantity=10, source="school", actor=world.admin)
    place_order(
        county=world.county, supplier="康达医疗", source="bureau", lines=[LineIn(mask, 50)], actor=world.admin
    )
    from eduguard.inspection.models import Institution

    Institution.objects.create(
        county=world.county, name="阳光幼儿园", kind="kindergarten", ownership="private", township="小市镇"
    )
    for key in ("S1C2B", "S2C2A"):  # fever events, one in each of two schools
        detect_fever(person=world.people[key], source="gate", temperature="38.1", actor=world.admin)
    for unit, keys in (  # incidents about a class, and one about a school with a staff case
        (unit_of_class(world.classes["S1C1"]), ("S1C1A", "S1C1B")),
        (unit_of_class(world.classes["S2C1"]), ("S2C1A", "S2C1B")),
        (unit_of_person(world.people["S1TB"]), ("S1TB",)),
    ):
        cases = [CaseIn(world.people[k].pk, timezone.localdate(), ["fever"], ["check"]) for k in keys]
        open_or_merge(
            unit=unit, trigger=trigger("T1"), cases=cases, source="manual", summary=f"{len(keys)}例"
        )
    _outreach_records(world)
    _volunteer_records(world)
    _teaching_records(world)
    _command_records(world)
    _concern_records(world)
    _counselling_records(world)
    for key in ("S1C1A", "S2C1A", "BUREAU"):  # abnormal reports open follow-ups
        submit_report(
            person=world.people[key],
            day=timezone.localdate(),
            data={"temperature": "38.2"},
            reporter_kind="guardian",
            source="link",
        )
    return world


def _teaching_records(world):
    """A period with participation of S1 and S2; 开学第一课 events at S1, at S2 and county-wide."""
    from eduguard.teaching.models import TeachingPeriod
    from eduguard.teaching.services.events import classes_of, record_event
    from eduguard.teaching.services.participation import RowIn, record_participation

    today = timezone.localdate()
    period = TeachingPeriod.objects.create(county=world.county, name="本月", start=today, end=today)
    rows = [RowIn(world.grades[k], 4, 3, 2, 2) for k in ("S1", "S2")]
    record_participation(period=period, rows=rows, actor=world.admin)
    for schools in ([world.schools["S1"]], [world.schools["S2"]], []):
        record_event(
            county=world.county,
            kind="first_lesson",
            title="开学第一课",
            date=today,
            county_wide=not schools,
            schools=schools,
            classes=classes_of(schools or world.schools.values(), [7]),
            speakers=[("王建国", "小市镇党委书记")],
            actor=world.admin,
        )


def _concern_records(world):
    """Petitions naming S1, S2, S1 and S3 together, and a county-wide hotline ticket, none answered
    (an empty close form is then refused: these kinds need a response)."""
    from eduguard.concerns.services.concerns import register_concern

    for n, keys in enumerate((["S1"], ["S2"], ["S1", "S3"], [])):
        register_concern(
            actor=world.admin,
            county=world.county,
            kind="petition" if keys else "hotline",
            channel="letter",
            received_at=timezone.now() - dt.timedelta(days=n),
            subject=f"来信反映事项{n}",
            description="请求答复",
            schools=[world.schools[k] for k in keys],
        )


def _counselling_records(world):
    """Sessions of a student and a teacher of S1 (by S1's counsellor), of a student of S2 and of
    the bureau's employee (by the administrator)."""
    from eduguard.counselling.services.sessions import record_session

    for key, actor in (("S1C1A", world.counsellor), ("S1TA", world.counsellor), ("S2C1B", world.admin)):
        record_session(
            actor=actor, person=world.people[key], held_at=timezone.now(), kind="individual", category="study"
        )
    record_session(
        actor=world.admin,
        person=world.people["BUREAU"],
        held_at=timezone.now(),
        kind="hotline",
        category="mood",
    )


def _command_records(world):
    """Task forces of the bureau, S1 and S2, each with a member; meetings of the bureau (items owned
    by the head teacher and the grid leader), of S1 (the doctor's) and of S2 (the inspector's), each
    with minutes; a department with a liaison; a joint action at S1 and a county-wide one."""
    from eduguard.command.services import joint, meetings, task_forces

    day = timezone.localdate()
    units = ((world.leader, world.county, "局"), (world.principal, world.schools["S1"], "一校"))
    units += ((world.admin, world.schools["S2"], "二校"),)
    owners = {
        "局": [world.head_teacher, world.grid_leader],
        "一校": [world.doctor],
        "二校": [world.inspector],
    }
    for actor, unit, tag in units:
        tf = task_forces.create_task_force(actor=actor, unit=unit, name=f"{tag}专班", starts_on=day)
        member = task_forces.MemberIn(name=f"{tag}组长", role="leader", phone="13900000011")
        task_forces.add_member(actor=actor, task_force=tf, data=member)
        minutes = SimpleUploadedFile(f"{tag}纪要.pdf", b"%PDF-1.4 minutes")
        data = meetings.MeetingIn(date=day, topic=f"{tag}专题会", chair=f"{tag}主持", minutes=minutes)
        meeting = meetings.record_meeting(actor=actor, unit=unit, data=data)
        for owner in owners[tag]:
            meetings.add_action(actor=actor, meeting=meeting, text=f"{tag}事项", owner=owner, deadline=day)
    dept = joint.add_department(actor=world.leader, county=world.county, kind="cdc", name="县疾控中心")
    joint.add_liaison(actor=world.leader, department=dept, name="疾控联络人", phone="13900000012")
    for schools in ([world.schools["S1"]], []):
        data = joint.JointActionIn(
            date=day, kind="training", title="全员培训", departments=[dept], schools=schools
        )
        joint.record_joint_action(actor=world.leader, county=world.county, data=data)


def _outreach_records(world):
    """Documents sent to S1 and S2 and to S3 alone (with an attachment); notices to a class of S1 by
    its head teacher and to S2 by the administrator."""
    from eduguard.org.models import Guardian
    from eduguard.outreach.services.documents import DocumentIn, register_document
    from eduguard.outreach.services.notices import preview, send_notice

    day = timezone.localdate()
    for n, keys in enumerate((("S1", "S2"), ("S3",))):
        files = [SimpleUploadedFile(f"附件{n}.pdf", b"%PDF-1.4 doc")] if n else []
        register_document(
            actor=world.leader,
            county=world.county,
            data=DocumentIn(direction="issued", title=f"通知{n}", date=day, number=f"测县教发{n}号"),
            schools=[world.schools[k] for k in keys],
            files=files,
        )
    for g in Guardian.objects.all():
        g.set_phone("+8613800000001")
        g.save()
    g = Guardian(person=world.people["S2C1A"], name="家长S2C1A", relation="father")
    g.set_phone("+8613800000002")
    g.save()
    for actor, unit in ((world.head_teacher, world.classes["S1C1"]), (world.admin, world.schools["S2"])):
        args = {
            "actor": actor,
            "unit": unit,
            "audience": "guardians",
            "signature": "测试",
            "body": "请按时填报",
        }
        send_notice(**args, token=preview(**args).token)


def _volunteer_records(world):
    """Volunteers of S1 and S2 (staff), of the bureau and one from outside the roster (S3); the
    county's team and S1's; a started shift of S1 (marked), of S2 and of the county (S1's teacher
    with the bureau's); an activity of S1 and one of the county recorded without shifts."""
    from eduguard.outreach.services.volunteer_shifts import mark_attendance, plan_shift, record_activity
    from eduguard.outreach.services.volunteers import Unit, create_team, register_volunteer

    admin, county, now, day = world.admin, Unit(world.county), timezone.now(), timezone.localdate()
    school = {k: Unit(world.county, s) for k, s in world.schools.items()}
    v = {
        k: register_volunteer(unit=school[k[:2]], person=world.people[k], township="小市镇", actor=admin)
        for k in ("S1TA", "S2TA")
    }
    v["BUREAU"] = register_volunteer(
        unit=county, person=world.people["BUREAU"], township="小市镇", actor=admin
    )
    register_volunteer(
        unit=school["S3"], name="社会志愿者丙", phone="13900000003", township="高官镇", actor=admin
    )
    team = create_team(unit=county, name="县志愿服务队", leader=v["BUREAU"], members=[v["S1TA"]], actor=admin)
    own = create_team(unit=school["S1"], name="一校小分队", leader=v["S1TA"], actor=admin)
    act = record_activity(
        unit=school["S1"], date=day, township="小市镇", kind="publicity", banners=2, actor=admin
    )
    record_activity(
        unit=county,
        date=day,
        township="高官镇",
        kind="checkpoint",
        persuaded=3,
        entered_person_times=5,
        actor=admin,
    )
    hours = dt.timedelta(hours=1)
    shifts = [
        plan_shift(
            unit=unit,
            post="checkpoint",
            place="路口",
            township="小市镇",
            starts_at=start,
            ends_at=start + 2 * hours,
            volunteers=people,
            team=t,
            activity=act if t is own else None,
            actor=admin,
        )
        for unit, people, t, start in (
            (school["S1"], [v["S1TA"]], own, now - 3 * hours),
            (school["S2"], [v["S2TA"]], None, now - 3 * hours),
            (county, [v["S1TA"], v["BUREAU"]], team, now - 6 * hours),
        )
    ]
    mark_attendance(shift=shifts[0], present=[v["S1TA"]], actor=admin)
