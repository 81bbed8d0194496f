"""The health app's entries in a person's ledger: daily reports, their follow-ups, class-check
findings, absences and return certificates."""

from django.urls import reverse

from eduguard.health.choices import Symptom
from eduguard.health.models import DailyReport, FollowUp, HealthCheckFinding, SickAbsence
from eduguard.health.services.values import check_symptoms
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


def check_findings(person, user) -> list[Entry]:
    """What the class checks found about the person (absences, temperatures, symptoms)."""
    entries = []
    rows = (
        HealthCheckFinding.objects.visible_to(user)
        .filter(person=person)
        .select_related("health_check")
        .order_by("-health_check__date")[:LIMIT]
    )
    for f in rows:
        check = f.health_check
        parts = [f.get_absence_kind_display() + "缺勤"] if not f.present else []
        if f.temperature is not None:
            parts.append(f"体温 {f.temperature}°C")
        if f.symptoms:
            labels = check_symptoms(check.date)
            parts.append("、".join(labels.get(code, code) for code in f.symptoms))
        if f.diagnosis:
            parts.append(f.diagnosis)
        title = f"{check.date:%m-%d} {check.get_session_display()}"
        entries.append(Entry(check.date, "晨午检", title, "；".join(parts), "warn"))
    return entries


def absences(person, user) -> list[Entry]:
    """Absences with their outcome and certificates."""
    entries = []
    rows = SickAbsence.objects.visible_to(user).filter(person=person).prefetch_related("certificates")
    for a in rows[:LIMIT]:
        url = reverse("health:absence", args=[a.pk])
        detail = "；".join(filter(None, [a.diagnosis, a.disease, f"{a.days:g}天"]))
        tone = "bad" if a.needs_certificate and a.is_open else "warn" if a.is_open else ""
        entries.append(
            Entry(a.started_on, "缺勤", f"{a.started_on:%m-%d} {a.get_kind_display()}", detail, tone, url)
        )
        for c in a.certificates.all():
            if c.number:
                text = f"复课证明 {c.number}，{c.return_on:%m-%d} 复课"
                entries.append(Entry(c.reviewed_at, "复课证明", text, c.hospital, "ok", url))
    return entries
