"""Counts of concerns by kind and status, for the list's header and the work briefing. Counts
below `briefing.suppress_below` are written "不足N": one petition about one school is identifying."""

from django.db.models import Count, Q

from eduguard.concerns.choices import ConcernKind, ConcernStatus
from eduguard.concerns.models import Concern
from eduguard.core.rules import get_rule


def by_kind_and_status(queryset) -> dict[tuple[str, str], int]:
    rows = queryset.values("kind", "status").annotate(n=Count("id")).order_by()
    return {(r["kind"], r["status"]): r["n"] for r in rows}


def _shown(n: int, threshold: int) -> str:
    return f"不足{threshold}" if threshold and 0 < n < threshold else str(n)


def briefing_sentence(county, since, until) -> str:
    """ "受理舆情信访事项N件（谣言a件、投诉b件…），已办结m件、办理中k件" for the items received in
    the period; empty when there were none."""
    within = Q(received_at__date__lte=until) & (Q(received_at__date__gte=since) if since else Q())
    counts = by_kind_and_status(Concern.objects.filter(within, county=county))
    total = sum(counts.values())
    if not total:
        return ""
    threshold = get_rule("briefing.suppress_below", until)
    kinds = []
    for value, label in ConcernKind.choices:
        n = sum(v for (k, _), v in counts.items() if k == value)
        if n:
            kinds.append(f"{label}{_shown(n, threshold)}件")
    closed = sum(v for (_, s), v in counts.items() if s == ConcernStatus.CLOSED)
    parts = [f"已办结{_shown(closed, threshold)}件"] if closed else []
    if total - closed:
        parts.append(f"办理中{_shown(total - closed, threshold)}件")
    return f"受理舆情信访事项{_shown(total, threshold)}件（{'、'.join(kinds)}），{'、'.join(parts)}"
