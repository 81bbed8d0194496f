"""Forms of the health pages: the daily report (daily.py), the class check (checks.py), the
absence register and return certificates (absences.py)."""

from eduguard.health.forms.daily import DailyReportForm, VerifyForm, YesNoField

__all__ = ["DailyReportForm", "VerifyForm", "YesNoField"]
