"""The demo county's command and coordination (seed 000 (一)(二)): the bureau's task force (组长 the
bureau leader, a 24-hour liaison) and one in every school; seven special meetings of the bureau from
late January to the eve of the opening, with their decisions (most done, some open, two overdue),
and two meetings of the demo principal's school; the departments of 联防联控 with their liaisons,
and the joint actions of seed 000 (the CDC's all-staff training on protection and disinfection, the
police escort of the return buses, the market regulator's canteen inspection).

The bureau's records go through the services (with their change-log rows and outbox messages);
the schools' task forces, which are many and alike, are written in bulk. Deterministic."""

import datetime as dt

from django.utils import timezone

from eduguard.command.choices import ActionStatus, MemberRole
from eduguard.command.demo_data import BUREAU_MEETINGS, DEPARTMENTS, SCHOOL_MEETINGS
from eduguard.command.models import ActionItem, TaskForce, TaskForceMember
from eduguard.command.services import joint, meetings, task_forces
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

START_DAYS = 28  # the bureau's task force was set up four weeks before the briefing day


def _phone(n: int) -> str:
    return f"+86139{41000000 + n * 7919 % 1000000:08d}"


def command_demo(ctx) -> None:
    leader = ctx.users.get("leader")
    if leader is None:
        return
    today = ctx.options.today
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    county = schools[0].county
    _bureau_task_force(ctx, county, today)
    _school_task_forces(ctx, schools, today)
    _meetings(ctx, county, today)
    _joint(ctx, county, schools, today)


def _bureau_task_force(ctx, county, today) -> None:
    users = ctx.users
    tf = task_forces.create_task_force(
        actor=users["leader"],
        unit=county,
        name=f"{county.bureau_name}疫情防控和开学工作专班",
        starts_on=today - dt.timedelta(days=START_DAYS),
        duties="统筹全县教育系统疫情防控和开学工作，研究部署重大事项，督促检查各校落实情况。",
        today=today,
    )
    liaison = (
        Person.objects.filter(county=county, school__isnull=True)
        .order_by("id")
        .values_list("name", flat=True)
    )
    rows = [("leader", MemberRole.LEADER, "局长")]
    rows += [(f"grid{i}", MemberRole.DEPUTY, "副局长") for i in range(1, 5)]
    rows += [
        (k, MemberRole.MEMBER, post)
        for k, post in (("keshi", "安全科科长"), ("duban", "督导室主任"), ("jijian", "纪检组长"))
    ]
    for n, (key, role, post) in enumerate(rows):
        user = users.get(key)
        if user is not None:
            data = task_forces.MemberIn(
                name=user.full_name or key, role=role, post=post, phone=_phone(n), user=user
            )
            task_forces.add_member(actor=users["leader"], task_force=tf, data=data)
    name = liaison.first() or "值班员"
    data = task_forces.MemberIn(name=name, role=MemberRole.LIAISON, post="局办公室", phone=_phone(99))
    task_forces.add_member(actor=users["leader"], task_force=tf, data=data)


def _school_task_forces(ctx, schools, today) -> None:
    """One per school, in bulk: 组长 the principal (the school's first staff member), a deputy, two
    members and a 24-hour liaison, set up in the days after the bureau's."""
    staff: dict[int, list[str]] = {}
    rows = Person.objects.filter(school__in=schools, category=PersonCategory.STAFF).order_by(
        "school_id", "id"
    )
    for school_id, name in rows.values_list("school_id", "name"):
        if len(staff.setdefault(school_id, [])) < 5:
            staff[school_id].append(name)
    admin = ctx.users["admin"]
    forces = TaskForce.objects.bulk_create(
        TaskForce(
            county=s.county,
            school=s,
            name=f"{s.name}疫情防控工作专班",
            starts_on=today - dt.timedelta(days=START_DAYS - 2 - n % 5),
            created_by=admin,
        )
        for n, s in enumerate(schools)
    )
    roles = [
        (MemberRole.LEADER, "校长"),
        (MemberRole.DEPUTY, "副校长"),
        (MemberRole.MEMBER, "德育主任"),
        (MemberRole.MEMBER, "校医"),
        (MemberRole.LIAISON, "办公室主任"),
    ]
    members = []
    for n, tf in enumerate(forces):
        for k, name in enumerate(staff.get(tf.school_id, [])):
            role, post = roles[k]
            member = TaskForceMember(task_force=tf, name=name, role=role, post=post)
            member.set_phone(_phone(100 + n * 5 + k))
            members.append(member)
    TaskForceMember.objects.bulk_create(members)


def _meetings(ctx, county, today) -> None:
    users = ctx.users
    for days, topic, chair, decisions in BUREAU_MEETINGS:
        _meeting(
            ctx, county, today - dt.timedelta(days=days), topic, users[chair].full_name, decisions, today
        )
    principal = users.get("principal")
    if principal is not None:
        school = principal.assignments.get().school
        for days, topic, decisions in SCHOOL_MEETINGS:
            day = today - dt.timedelta(days=days)
            _meeting(ctx, school, day, topic, principal.full_name, decisions, today, actor=principal)


def _meeting(ctx, unit, day, topic, chair, decisions, today, actor=None) -> None:
    users, actor = ctx.users, actor or ctx.users["leader"]
    bureau = not hasattr(unit, "county")
    attendees = "局班子成员、机关各科室负责人" if bureau else "学校领导班子、班主任代表"
    data = meetings.MeetingIn(date=day, topic=topic, chair=chair, attendees=attendees)
    meeting = meetings.record_meeting(actor=actor, unit=unit, data=data, today=today)
    now = timezone.now()
    for text, owner_key, due_in, done in decisions:
        owner = users.get(owner_key)
        if owner is None:
            continue
        deadline = day + dt.timedelta(days=due_in)
        item = meetings.add_action(actor=actor, meeting=meeting, text=text, owner=owner, deadline=deadline)
        if done and deadline <= today:
            meetings.close_action(actor=owner, item=item, status=ActionStatus.DONE, note="已按期完成")
            closed = min(deadline, today)
            ActionItem.objects.filter(pk=item.pk).update(
                closed_at=now - dt.timedelta(days=(today - closed).days)
            )


def _joint(ctx, county, schools, today) -> None:
    actor = ctx.users["leader"]
    depts = {}
    for n, (kind, name, liaison, post) in enumerate(DEPARTMENTS):
        depts[kind] = joint.add_department(actor=actor, county=county, kind=kind, name=name)
        joint.add_liaison(actor=actor, department=depts[kind], name=liaison, post=post, phone=_phone(500 + n))
    first = [s for s in schools if s.reopening_batch == 1]
    staff = Person.objects.filter(school__in=schools, category=PersonCategory.STAFF).count()
    actions = [
        (
            8,
            "training",
            "教职工个人防护和校园消杀知识技能全员培训",
            ["health", "cdc"],
            schools,
            staff,
            "县卫健局、疾控中心专业人员分片授课，内容包括个人防护、校园消杀、发热人员处置流程。",
        ),
        (
            4,
            "guidance",
            "医护人员驻校指导对接",
            ["health"],
            first,
            0,
            "城区医院和镇（街道）卫生院派出医护人员到包点学校，开学后驻点指导两周。",
        ),
        (
            3,
            "canteen",
            "学校食堂开学前食品安全和分餐检查",
            ["market"],
            first,
            0,
            "检查食堂消毒、从业人员健康证明和分餐设施。",
        ),
        (
            1,
            "escort",
            "返校学生乘车护送",
            ["police", "transport"],
            first,
            0,
            "公安、交通部门对首批返校学生乘坐的客车全程护送，核查载客人数和车辆消毒。",
        ),
    ]
    for days, kind, title, kinds, involved, reached, summary in actions:
        data = joint.JointActionIn(
            date=today - dt.timedelta(days=days),
            kind=kind,
            title=title,
            departments=[depts[k] for k in kinds],
            schools=involved,
            summary=summary,
            people_reached=reached,
        )
        joint.record_joint_action(actor=actor, county=county, data=data, today=today)
