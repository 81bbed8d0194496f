"""A published return plan: telling the guardians, the WeChat text, and the day itself (the escort
ticks each student onto the bus, the gate checks them in; who is still missing, live)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.campus.models import Direction, GateEntry
from eduguard.core.rules import get_rule
from eduguard.logistics.models import ClassSlot, PlanStatus, ReturnPlan, Ride, Trip
from eduguard.logistics.services.planning import may_plan
from eduguard.notify.models import Message
from eduguard.notify.services import phone_channel
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Guardian, Person


@transaction.atomic
def publish(*, plan: ReturnPlan, actor) -> int:
    """Publish a solved plan and queue a notice to each guardian with a phone: the bus (time,
    point, plate) for riders, the arrival time and gate for the others. Returns the notices queued."""
    if not may_plan(actor, plan.batch):
        raise PermissionDenied(f"发布错峰返校方案须由{role_names('logistics.planner_roles')}办理")
    plan = ReturnPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SOLVED:
        raise ValidationError({"__all__": [f"方案{plan.get_status_display()}，不能发布"]})
    other = ReturnPlan.objects.filter(batch=plan.batch, date=plan.date, status=PlanStatus.PUBLISHED).first()
    if other is not None:  # guardians must not get two contradicting notices
        raise ValidationError(
            {"__all__": [f"{plan.batch}{plan.date}已有发布的方案（编号 {other.pk}），不能再发布一份"]}
        )
    plan.status, plan.published_by, plan.published_at = PlanStatus.PUBLISHED, actor, timezone.now()
    plan.save(update_fields=["status", "published_by", "published_at"])
    record_web_change(
        actor=actor, obj=plan, before={"status": PlanStatus.SOLVED}, after={"status": plan.status}
    )
    day = f"{plan.date:%m月%d日}"
    bodies: dict[int, str] = {}
    for ride in Ride.objects.filter(trip__plan=plan).select_related("trip__point", "person"):
        t = ride.trip
        where = f"{t.point.name}（{t.point.address}）" if t.point.address else t.point.name
        bodies[ride.person_id] = (
            f"【返校通知】{ride.person.name}于{day} {t.departs_at:%H:%M}在{where}乘{t.vehicle}返校，"
            "请提前10分钟到达，佩戴口罩，带好健康承诺书。"
        )
    slots = ClassSlot.objects.filter(plan=plan).select_related("school_class__school")
    for slot in slots:
        klass = slot.school_class
        students = Person.objects.filter(school_class=klass, category=PersonCategory.STUDENT, is_active=True)
        for pid, name in students.values_list("id", "name"):
            bodies.setdefault(
                pid,
                f"【返校通知】{name}（{klass.school.name}{klass.name}）于{day} {slot.arrive_at:%H:%M}"
                f"经{slot.gate}入校，放学 {slot.dismiss_at:%H:%M}，请错峰接送，不在校门聚集。",
            )
    schools = dict(Person.objects.filter(id__in=list(bodies)).values_list("id", "school_id"))
    messages = []
    for g in Guardian.objects.filter(person_id__in=list(bodies)).exclude(phone_enc="").order_by("id"):
        m = Message(
            channel=phone_channel(),
            kind="logistics.return_notice",
            dedupe_key=f"logistics.return:{plan.pk}:{g.person_id}:{g.pk}",
            body=bodies[g.person_id],
            recipient_name=g.name[:60],
            school_id=schools[g.person_id],
            county_id=plan.batch.county_id,
        )
        m.set_phone(g.reveal_phone())
        messages.append(m)
    # One insert for the county's thousands of notices; a plan is published once (the status
    # guards it), and the unique key keeps a message from being queued twice all the same.
    Message.objects.bulk_create(messages, batch_size=500, ignore_conflicts=True)
    return len(messages)


def may_escort(user, trip: Trip) -> bool:
    return holds_role_over(user, get_rule("logistics.escort_roles"), trip.school)


@transaction.atomic
def board(*, ride: Ride, actor, boarded: bool = True) -> Ride:
    """The escort ticks a student onto the bus (or takes the tick back), on the plan's day only."""
    trip = ride.trip
    if not may_escort(actor, trip):
        raise PermissionDenied(f"上车核对须由{role_names('logistics.escort_roles')}办理")
    if trip.plan is None or trip.plan.status != PlanStatus.PUBLISHED:
        raise ValidationError({"__all__": ["方案尚未发布，不能核对上车"]})
    if trip.date != timezone.localdate():
        raise ValidationError({"__all__": [f"只能在乘车当天（{trip.date}）核对上车"]})
    ride = Ride.objects.select_for_update().get(pk=ride.pk)
    ride.boarded_at, ride.boarded_by = (timezone.now(), actor) if boarded else (None, None)
    ride.save(update_fields=["boarded_at", "boarded_by"])
    return ride


@dataclass
class TripState:
    rides: list
    boarded: int
    arrived: int

    @property
    def missing(self):
        return [r for r in self.rides if r.boarded_at is None]


def trip_state(trip: Trip) -> TripState:
    """Each rider with whether they boarded and whether the gate has them in on the day."""
    rides = list(
        trip.rides.select_related("person", "person__school_class")
        .prefetch_related("person__guardians")
        .order_by("id")
    )
    inside = set(
        GateEntry.objects.filter(
            school=trip.school,
            direction=Direction.IN,
            decision="allow",
            at__date=trip.date,
            person_id__in=[r.person_id for r in rides],
        ).values_list("person_id", flat=True)
    )
    for r in rides:
        r.arrived = r.person_id in inside
    return TripState(rides, sum(r.boarded_at is not None for r in rides), len(inside))


def wechat_text(plan: ReturnPlan, trips, slots) -> str:
    """A map-free text for a WeChat group: buses by time and point, then each class's times; from
    `trips` and `slots` (the rows the reader may see, annotated with `n` riders)."""
    lines = [f"{plan.batch}错峰返校安排（{plan.date:%m月%d日}）"]
    for t in trips:
        when = f"{t.departs_at:%H:%M}" if t.departs_at else "时间待定"
        lines.append(f"{when} {t.point} → {t.school.name}：{t.vehicle}，{t.n}人")
    for s in slots:
        k = s.school_class
        lines.append(f"{k.school.name}{k.name}：{s.arrive_at:%H:%M}经{s.gate}入校，{s.dismiss_at:%H:%M}放学")
    return "\n".join(lines)
