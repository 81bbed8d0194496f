"""Kindergartens and training institutions (seed 004): closure orders and their lifting, the visits
that check them, and the figures per township, all computed from the rows."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.inspection.models import ClosureOrder, Institution, InstitutionKind, InstitutionVisit, Ownership

MAX_PEOPLE, MAX_NOTICES = 50, 100


def may_manage(user, institution: Institution) -> bool:
    return holds_role_over(user, get_rule("inspection.institution_roles"), institution)


def _check(user, institution):
    if not may_manage(user, institution):
        raise PermissionDenied(f"须由{role_names('inspection.institution_roles')}办理")


def closed_q(day: dt.date, prefix: str = "") -> Q:
    """Institutions under a closure order on `day`."""
    return Q(
        **{f"{prefix}closures__ordered_on__lte": day},
    ) & (Q(**{f"{prefix}closures__lifted_on__isnull": True}) | Q(**{f"{prefix}closures__lifted_on__gt": day}))


@dataclass
class Township:
    name: str
    kindergartens: int = 0
    private_kindergartens: int = 0
    training: int = 0
    closed: int = 0
    visits: int = 0
    person_times: int = 0
    notices: int = 0
    found_operating: int = 0


def by_township(institutions, day: dt.date) -> list[Township]:
    """Per township of `institutions` (a queryset the user may see), and a total row last."""
    rows: dict[str, Township] = {}
    for r in (
        institutions.order_by()
        .values("township")
        .annotate(
            k=Count("id", filter=Q(kind=InstitutionKind.KINDERGARTEN)),
            kp=Count("id", filter=Q(kind=InstitutionKind.KINDERGARTEN, ownership=Ownership.PRIVATE)),
            t=Count("id", filter=Q(kind=InstitutionKind.TRAINING)),
        )
    ):
        rows[r["township"]] = Township(r["township"], r["k"], r["kp"], r["t"])
    closed = (
        institutions.filter(closed_q(day))
        .order_by()
        .values("township")
        .annotate(n=Count("id", distinct=True))
    )
    for r in closed:
        rows[r["township"]].closed = r["n"]
    visits = InstitutionVisit.objects.filter(institution__in=institutions.values("id"), date__lte=day)
    for r in visits.values("institution__township").annotate(
        n=Count("id"), p=Sum("people"), notices=Sum("notices"), op=Count("id", filter=Q(found_operating=True))
    ):
        t = rows[r["institution__township"]]
        t.visits, t.person_times, t.notices, t.found_operating = (
            r["n"],
            r["p"] or 0,
            r["notices"] or 0,
            r["op"],
        )
    out = sorted(rows.values(), key=lambda t: t.name)
    total = Township("合计")
    for t in out:
        for f in (
            "kindergartens",
            "private_kindergartens",
            "training",
            "closed",
            "visits",
            "person_times",
            "notices",
            "found_operating",
        ):
            setattr(total, f, getattr(total, f) + getattr(t, f))
    return [*out, total]


def _day(value, errors: dict, field: str) -> None:
    if value is not None and value > timezone.localdate():
        errors[field] = ["日期不能晚于今天"]


@transaction.atomic
def record_visit(
    *,
    institution: Institution,
    date: dt.date,
    inspectors: str,
    people: int,
    notices: int,
    found_operating: bool,
    note: str,
    actor,
) -> InstitutionVisit:
    _check(actor, institution)
    errors: dict[str, list[str]] = {}
    _day(date, errors, "date")
    if not (inspectors or "").strip():
        errors["inspectors"] = ["请填写检查人员"]
    if people is None or not 1 <= people <= MAX_PEOPLE:
        errors["people"] = [f"人数应在 1 到 {MAX_PEOPLE} 之间"]
    if notices is None or not 0 <= notices <= MAX_NOTICES:
        errors["notices"] = [f"张贴通知份数应在 0 到 {MAX_NOTICES} 之间"]
    if found_operating and not (note or "").strip():
        errors["note"] = ["发现违规办学时请写明情况"]
    if errors:
        raise ValidationError(errors)
    visit = InstitutionVisit.objects.create(
        institution=institution,
        date=date,
        inspectors=inspectors.strip()[:100],
        people=people,
        notices=notices,
        found_operating=found_operating,
        note=(note or "").strip()[:200],
        recorded_by=actor,
    )
    record_web_change(actor=actor, obj=visit, before=None, after={"date": date.isoformat(), "people": people})
    return visit


@transaction.atomic
def order_closure(*, institution: Institution, ordered_on: dt.date, reason: str, actor) -> ClosureOrder:
    _check(actor, institution)
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    errors: dict[str, list[str]] = {}
    _day(ordered_on, errors, "ordered_on")
    if not (reason or "").strip():
        errors["reason"] = ["请写明停办依据"]
    if institution.closures.filter(lifted_on__isnull=True).exists():
        errors["__all__"] = [f"{institution.name}已在停办中"]
    if errors:
        raise ValidationError(errors)
    order = ClosureOrder.objects.create(
        institution=institution, ordered_on=ordered_on, reason=reason.strip()[:120], ordered_by=actor
    )
    record_web_change(actor=actor, obj=order, before=None, after={"ordered_on": ordered_on.isoformat()})
    return order


@transaction.atomic
def lift_closure(*, institution: Institution, lifted_on: dt.date, actor) -> ClosureOrder:
    _check(actor, institution)
    order = (
        ClosureOrder.objects.select_for_update()
        .filter(institution=institution, lifted_on__isnull=True)
        .first()
    )
    if order is None:
        raise ValidationError({"__all__": [f"{institution.name}没有停办令，无须准予复课"]})
    errors: dict[str, list[str]] = {}
    _day(lifted_on, errors, "lifted_on")
    if lifted_on < order.ordered_on:
        errors["lifted_on"] = [f"准予复课日期不能早于停办日期（{order.ordered_on}）"]
    if errors:
        raise ValidationError(errors)
    order.lifted_on, order.lifted_by = lifted_on, actor
    order.save(update_fields=["lifted_on", "lifted_by"])
    record_web_change(
        actor=actor, obj=order, before={"lifted_on": None}, after={"lifted_on": lifted_on.isoformat()}
    )
    return order
