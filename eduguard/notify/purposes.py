"""What each kind of message is for, as the messages page and the briefing name it. A kind is
matched by its longest listed prefix; a kind not listed is shown as it is."""

PURPOSES: tuple[tuple[str, str], ...] = (
    ("health.reminder", "日报提醒"),
    ("health.escalate", "日报未报通报"),
    ("health.absence", "缺勤追踪"),
    ("health.checks_missing", "晨午检催交"),
    ("response.fever", "发热处置通知"),
    ("response.incident", "疫情报告通知"),
    ("response.overdue", "报告超时督办"),
    ("response.contact", "密接通知"),
    ("visit", "来访审批"),
    ("logistics.return_notice", "返校通知"),
    ("outreach.notice", "家校通知"),
    ("outreach.document", "公文签收提醒"),
)


def purpose_of(kind: str) -> str:
    best = ""
    label = kind
    for prefix, name in PURPOSES:
        if (kind == prefix or kind.startswith(prefix + ".") or kind.startswith(prefix + "_")) and len(
            prefix
        ) > len(best):
            best, label = prefix, name
    return label
