"""Inspections (督导检查, domain.md §5.3): a school's self-check, a team's inspection and its
re-inspection. Each scores every item of its checklist; items the records answer are filled in
when the inspection starts (the inspector may overrule them with a note). Submitting turns each
item that is not a pass into a rectification, closed later with evidence.

Who: a self-check by the school's leaders (`inspection.self_check_roles`); an inspection by a
member of a team that covers the school (a member of another team may read it, not edit it)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.core.uploads import check_document
from eduguard.inspection.models import (
    ChecklistTemplate,
    Inspection,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    Outcome,
    Rectification,
    Team,
)
from eduguard.inspection.services.auto import answer
from eduguard.org.models import School


def teams_of(user, school: School):
    """The teams `user` belongs to that cover `school`."""
    return Team.objects.filter(members=user, schools=school)


def may_self_check(user, school: School) -> bool:
    return holds_role_over(user, _self_roles(None), school)


def may_start(user, school: School) -> bool:
    return may_self_check(user, school) or teams_of(user, school).exists()


def may_edit(user, inspection: Inspection) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if inspection.kind == InspectionKind.SELF_CHECK:
        return holds_role_over(user, _self_roles(inspection.date), inspection.school)
    return user.is_superuser or inspection.team.members.filter(pk=user.pk).exists()


def _self_roles(day):
    from eduguard.core.rules import get_rule

    return get_rule("inspection.self_check_roles", day)


def _snapshot(i: Inspection) -> dict:
    return {"status": i.status, "kind": i.kind, "date": i.date.isoformat(), "team": i.team_id}


@transaction.atomic
def start_inspection(
    *, school: School, template: ChecklistTemplate, kind: str, date: dt.date, actor, team: Team | None = None
) -> Inspection:
    errors: dict[str, list[str]] = {}
    if kind not in InspectionKind.values:
        errors["kind"] = ["请选择检查类别"]
    if date > timezone.localdate():
        errors["date"] = ["检查日期不能晚于今天"]
    if not template.active or template.effective_from > date:
        errors["template"] = ["该检查清单在检查日期未生效"]
    if kind == InspectionKind.SELF_CHECK:
        if not holds_role_over(actor, _self_roles(date), school):
            raise PermissionDenied(f"学校自查须由本校{role_names('inspection.self_check_roles', date)}填报")
        team = None
    elif kind in InspectionKind.values:
        if team is None or not team.schools.filter(pk=school.pk).exists():
            errors["team"] = ["请选择负责该校的督导组"]
        elif not (actor.is_superuser or team.members.filter(pk=actor.pk).exists()):
            raise PermissionDenied(f"您不是{team.name}的成员，不能以该组名义检查")
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        school=school, team=team, kind=kind, template=template, date=date, created_by=actor
    )
    for item in template.items.all():
        if item.auto:
            short = answer(item.auto, school, date)
            ItemResult.objects.create(
                inspection=inspection,
                item=item,
                outcome=Outcome.FIX if short else Outcome.PASS,
                automatic=True,
                deadline=date + dt.timedelta(days=3) if short else None,
                note=short or "系统核验：符合",
            )
    record_web_change(actor=actor, obj=inspection, before=None, after=_snapshot(inspection))
    return inspection


def _editable(inspection: Inspection, actor) -> Inspection:
    inspection = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("team", "school")
        .get(pk=inspection.pk)
    )
    if not may_edit(actor, inspection):
        raise PermissionDenied("只有本次检查的督导组成员（学校自查：本校负责人）可以填写")
    if inspection.status != InspectionStatus.DRAFT:
        raise ValidationError({"__all__": ["该检查已提交，不能再修改；如需复查请新建整改复查"]})
    return inspection


@transaction.atomic
def record_result(
    *,
    inspection: Inspection,
    item,
    outcome: str,
    actor,
    deadline: dt.date | None = None,
    note: str = "",
    photo=None,
) -> ItemResult:
    inspection = _editable(inspection, actor)
    errors: dict[str, list[str]] = {}
    if item.template_id != inspection.template_id:
        errors["item"] = ["该项目不属于本次检查的清单"]
    if outcome not in Outcome.values:
        errors["outcome"] = ["请选择合格、需整改或不合格"]
    if outcome == Outcome.FIX:
        if deadline is None:
            errors["deadline"] = ["需整改的项目须定整改期限"]
        elif deadline < inspection.date:
            errors["deadline"] = ["整改期限不能早于检查日期"]
    if outcome in (Outcome.FIX, Outcome.FAIL) and not (note or "").strip():
        errors["note"] = ["请写明存在的问题"]
    if photo:
        try:
            check_document(photo, "photo")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    result, _ = ItemResult.objects.update_or_create(
        inspection=inspection,
        item=item,
        defaults={
            "outcome": outcome,
            "automatic": False,
            "deadline": deadline if outcome == Outcome.FIX else None,
            "note": (note or "").strip()[:300],
            "by": actor,
        },
    )
    if photo:
        result.photo = photo
        result.save(update_fields=["photo"])
    return result


@transaction.atomic
def submit_inspection(*, inspection: Inspection, actor, note: str = "") -> Inspection:
    inspection = _editable(inspection, actor)
    answered = set(inspection.results.values_list("item_id", flat=True))
    missing = [str(i) for i in inspection.template.items.exclude(id__in=answered)]
    if missing:
        raise ValidationError({"__all__": [f"还有 {len(missing)} 项未填写：" + "；".join(missing[:3])]})
    before = _snapshot(inspection)
    inspection.status, inspection.submitted_at = InspectionStatus.SUBMITTED, timezone.now()
    inspection.note = (note or "").strip()
    inspection.save()
    for result in inspection.results.select_related("item").exclude(outcome=Outcome.PASS):
        Rectification.objects.create(
            school=inspection.school,
            result=result,
            text=f"{result.item.text}：{result.note}"[:300],
            deadline=result.deadline,
        )
    record_web_change(actor=actor, obj=inspection, before=before, after=_snapshot(inspection))
    return inspection


def may_close(user, fix: Rectification) -> bool:
    """The school's leaders close their fixes; a member of a team covering the school may too."""
    return (
        holds_role_over(user, _self_roles(None), fix.school)
        or Team.objects.filter(members=user, schools=fix.school).exists()
    )


@transaction.atomic
def close_rectification(*, fix: Rectification, evidence, note: str, actor) -> Rectification:
    fix = Rectification.objects.select_for_update(of=("self",)).select_related("school").get(pk=fix.pk)
    if not may_close(actor, fix):
        raise PermissionDenied("只有本校负责人或负责该校的督导组成员可以销号")
    if not fix.is_open:
        raise ValidationError({"__all__": ["该整改事项已销号"]})
    errors: dict[str, list[str]] = {}
    if not evidence:
        errors["evidence"] = ["销号须上传整改佐证（照片或文件）"]
    else:
        try:
            check_document(evidence, "evidence")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not (note or "").strip():
        errors["note"] = ["请写明整改情况"]
    if errors:
        raise ValidationError(errors)
    before = {"closed_at": None}
    fix.evidence = evidence
    fix.closing_note = note.strip()[:300]
    fix.closed_by, fix.closed_at = actor, timezone.now()
    fix.save()
    record_web_change(actor=actor, obj=fix, before=before, after={"closed_at": fix.closed_at.isoformat()})
    return fix
