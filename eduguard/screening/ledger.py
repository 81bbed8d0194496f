"""The screening app's entries in a person's ledger: answers, risk categories, quarantines."""

from django.urls import reverse

from eduguard.org.ledger import Entry
from eduguard.screening.models import (
    ANSWERS,
    CategoryStatus,
    PersonCategory,
    Quarantine,
    QuarantineObservation,
    ScreeningResponse,
)

SHORT_LABELS = {
    "left_county": "离开过本县",
    "hubei_since_cutoff": "到过湖北",
    "studying_in_wuhan": "在武汉就读/工作",
    "contact_case": "接触病例或一类人员",
    "contact_outsiders": "接触县外返回人员",
    "returned_from_outside": "三返",
    "family_symptoms": "家人有症状",
}


def answers_summary(response: ScreeningResponse) -> str:
    yes = [label for name, label in SHORT_LABELS.items() if getattr(response, name)]
    trips = "；".join(
        f"{t['place']} {t['left_on']}→{t.get('back_on') or '未返回'}" for t in response.trips or []
    )
    return "、".join(yes or ["均为否"]) + (f"；行程：{trips}" if trips else "")


def screenings(person, user) -> list[Entry]:
    rows = ScreeningResponse.objects.visible_to(user).filter(person=person).select_related("campaign")
    return [
        Entry(
            r.filled_at,
            "排查",
            f"{r.campaign.name}",
            answers_summary(r),
            "warn" if any(getattr(r, n) for n in ANSWERS) else "",
            reverse("screening:campaign", args=[r.campaign_id]),
        )
        for r in rows
    ]


def categories(person, user) -> list[Entry]:
    entries = []
    rows = (
        PersonCategory.objects.visible_to(user).filter(person=person).select_related("category", "decided_by")
    )
    for pc in rows:
        verb = {
            CategoryStatus.PROPOSED: "系统判定",
            CategoryStatus.CONFIRMED: "确认",
            CategoryStatus.OVERRIDDEN: "改判",
        }
        who = f"（{pc.decided_by}）" if pc.decided_by else ""
        tone = "bad" if pc.category.risk_level == "high" else "warn"
        entries.append(
            Entry(pc.valid_from, "风险类别", f"{verb[pc.status]}：{pc.category.name}{who}", pc.reason, tone)
        )
        if pc.valid_to and pc.end_reason:
            entries.append(Entry(pc.valid_to, "风险类别", f"结束：{pc.category.name}", pc.end_reason, "ok"))
    return entries


def quarantines(person, user) -> list[Entry]:
    entries = []
    for q in Quarantine.objects.visible_to(user).filter(person=person):
        url = reverse("screening:quarantine", args=[q.pk])
        title = f"开始{q.get_kind_display()}（计划{q.planned_days}天）"
        entries.append(Entry(q.started_on, "隔离", title, q.reason, "bad", url))
        if q.released_on:
            detail = "；".join(
                filter(None, [q.release_doc, q.release_reason and f"提前解除：{q.release_reason}"])
            )
            entries.append(Entry(q.released_on, "隔离", f"解除{q.get_kind_display()}", detail, "ok", url))
    observations = QuarantineObservation.objects.visible_to(user).filter(quarantine__person=person)
    for o in observations.exclude(temperature__isnull=True).select_related("quarantine"):
        entries.append(
            Entry(o.day, "隔离观察", f"第{o.quarantine.day_number(o.day)}天观察", f"体温 {o.temperature}°C")
        )
    return entries
