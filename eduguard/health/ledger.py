"""The health app's entries in a person's ledger: daily reports and their follow-ups."""

from django.urls import reverse

from eduguard.health.choices import Symptom
from eduguard.health.models import DailyReport, FollowUp
from eduguard.org.ledger import LIMIT, Entry

_SYMPTOMS = dict(Symptom.choices)


def reports(person, user) -> list[Entry]:
    entries = []
    rows = DailyReport.objects.visible_to(user).filter(person=person).order_by("-date")[:LIMIT]
    for r in rows:
        symptoms = "、".join(_SYMPTOMS.get(s, s) for s in r.symptoms)
        detail = f"体温 {r.temperature}°C" + (f"；{symptoms}" if symptoms else "")
        if r.abnormal:
            detail += "；异常：" + "、".join(r.abnormal_reasons)
        title = f"{r.date:%m-%d} 日报告（{r.get_reporter_kind_display()}）"
        entries.append(
            Entry(r.date, "日报告", title, detail, "bad" if r.fever else "warn" if r.abnormal else "")
        )
    return entries


def follow_ups(person, user) -> list[Entry]:
    entries = []
    rows = FollowUp.objects.visible_to(user).filter(report__person=person).select_related("report")
    for f in rows:
        url = reverse("health:follow-ups")
        entries.append(
            Entry(
                f.opened_at,
                "异常跟进",
                f"{f.report.date:%m-%d} 异常待跟进",
                "、".join(f.reasons),
                "warn",
                url,
            )
        )
        if f.closed_at:
            entries.append(Entry(f.closed_at, "异常跟进", "跟进已关闭", f.note, "ok", url))
    return entries
