"""Per school and day at the gate: entries, refusals by reason, visitors and fevers found at the
gate. Computed from the records (DESIGN principle 3), for the gate pages and the briefing."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from eduguard.campus.models import Direction, GateDecision, GateEntry, Visit, VisitStatus

# Reason codes (screening.services.entry and services.gate) as a tally names them.
REASON_LABELS = {
    "in_quarantine": "隔离期未满",
    "awaiting_release": "待解除隔离",
    "category": "重点人员未完成隔离",
    "away": "在外未返回",
    "recent_return": "返回未满隔离期",
    "fever": "日报发热",
    "symptoms": "日报有症状",
    "red_code": "红码",
    "yellow_code": "黄码",
    "return_certificate": "待复课证明",
    "gate_fever": "校门测温发热",
    "gate_recheck": "初筛体温偏高",
    "gate_symptoms": "发热咳嗽等症状",
    "no_pass": "住校生无离校单",
}


@dataclass
class GateDay:
    entries: int = 0  # people who came in through the gate
    admitted: int = 0  # …whose last passage in was allowed
    refused: int = 0  # …whose last passage in was deferred or denied
    exits: int = 0
    offline: int = 0
    reasons: Counter = field(default_factory=Counter)
    visitors: int = 0  # admitted
    visitors_refused: int = 0
    fevers: int = 0  # fever events opened at the gate

    @property
    def reason_list(self) -> list[tuple[str, int]]:
        return [(REASON_LABELS.get(code, code), n) for code, n in self.reasons.most_common()]


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def gate_days(school_ids, day: dt.date) -> dict[int, GateDay]:
    """{school id: GateDay} for the schools (ids the caller may see) on `day`. Five queries."""
    from eduguard.response.models import FeverEvent

    ids = list(school_ids)
    out = {sid: GateDay() for sid in ids}
    start, end = day_bounds(day)
    entries = GateEntry.objects.filter(school_id__in=ids, at__gte=start, at__lt=end)
    for row in entries.values("school_id").annotate(
        exits=Count("id", filter=Q(direction=Direction.OUT)),
        offline=Count("id", filter=Q(offline=True)),
    ):
        out[row["school_id"]].exits, out[row["school_id"]].offline = row["exits"], row["offline"]
    # Each person counts once, by their last passage in: a re-test that ends in admission is an
    # admission, not a refusal and an admission.
    last: dict[tuple[int, int], tuple[str, list]] = {}
    for school_id, person_id, decision, reasons in (
        entries.filter(direction=Direction.IN)
        .order_by("at", "id")
        .values_list("school_id", "person_id", "decision", "reasons")
    ):
        last[(school_id, person_id)] = (decision, reasons)
    for (school_id, _), (decision, reasons) in last.items():
        g = out[school_id]
        g.entries += 1
        if decision == GateDecision.ALLOW:
            g.admitted += 1
            continue
        g.refused += 1
        g.reasons.update(
            {r["code"] for r in reasons if r.get("decision") != "allow" and r["code"] in REASON_LABELS}
        )
    visits = Visit.objects.filter(school_id__in=ids, date=day)
    for row in visits.values("school_id").annotate(
        admitted=Count("id", filter=Q(status__in=[VisitStatus.INSIDE, VisitStatus.LEFT])),
        refused=Count("id", filter=Q(status=VisitStatus.REFUSED)),
    ):
        out[row["school_id"]].visitors = row["admitted"]
        out[row["school_id"]].visitors_refused = row["refused"]
    fevers = FeverEvent.objects.filter(
        school_id__in=ids, source="gate", detected_at__gte=start, detected_at__lt=end
    )
    for row in fevers.values("school_id").annotate(n=Count("id")):
        out[row["school_id"]].fevers = row["n"]
    return out


def total(days: dict[int, GateDay]) -> GateDay:
    t = GateDay()
    for g in days.values():
        for name in (
            "entries",
            "admitted",
            "refused",
            "exits",
            "offline",
            "visitors",
            "visitors_refused",
            "fevers",
        ):
            setattr(t, name, getattr(t, name) + getattr(g, name))
        t.reasons.update(g.reasons)
    return t
