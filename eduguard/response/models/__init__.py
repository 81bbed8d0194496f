"""The response area's records: fever events (fever.py), incidents with their reports and the
rules that open them (incidents.py), and emergency drills (drills.py)."""

from eduguard.response.models.drills import Drill
from eduguard.response.models.fever import FeverEvent, FeverReading, FeverStep
from eduguard.response.models.incidents import (
    ClusterRule,
    Incident,
    IncidentCase,
    IncidentEvent,
    IncidentReport,
    ReportingTrigger,
)

__all__ = [
    "ClusterRule",
    "Drill",
    "FeverEvent",
    "FeverReading",
    "FeverStep",
    "Incident",
    "IncidentCase",
    "IncidentEvent",
    "IncidentReport",
    "ReportingTrigger",
]
