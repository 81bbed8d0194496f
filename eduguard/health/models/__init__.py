"""The health app's records: the daily report (daily.py), the class checks (checks.py), and sick
absences with their follow-up and return certificates (absences.py)."""

from eduguard.health.models.absences import AbsenceFollowUp, ReturnCertificate, SickAbsence
from eduguard.health.models.chat_groups import ChatGroup, ChatKind
from eduguard.health.models.checks import HealthCheck, HealthCheckFinding
from eduguard.health.models.daily import (
    RULE_FIELDS,
    AbnormalRule,
    ChainImport,
    ChainLine,
    ClassLink,
    DailyReport,
    DailyReportRevision,
    DailyTally,
    FollowUp,
    ZeroReport,
)

__all__ = [
    "ChatGroup",
    "ChatKind",
    "RULE_FIELDS",
    "AbnormalRule",
    "AbsenceFollowUp",
    "ChainImport",
    "ChainLine",
    "ClassLink",
    "DailyReport",
    "DailyReportRevision",
    "DailyTally",
    "FollowUp",
    "HealthCheck",
    "HealthCheckFinding",
    "ReturnCertificate",
    "SickAbsence",
    "ZeroReport",
]
