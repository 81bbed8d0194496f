from eduguard.campus.models.documents import DocumentKind, DocumentStatus, RequiredDocument, SchoolDocument
from eduguard.campus.models.gate import (
    Direction,
    GateDecision,
    GateEntry,
    LeavePass,
    Visit,
    VisitApproval,
    VisitStatus,
)
from eduguard.campus.models.hygiene import (
    DisinfectionLog,
    DisinfectionMethod,
    Place,
    PlaceKind,
    VentilationLog,
)

__all__ = [
    "Direction",
    "GateDecision",
    "GateEntry",
    "LeavePass",
    "Visit",
    "VisitApproval",
    "VisitStatus",
    "DisinfectionLog",
    "DisinfectionMethod",
    "DocumentKind",
    "DocumentStatus",
    "Place",
    "PlaceKind",
    "RequiredDocument",
    "SchoolDocument",
    "VentilationLog",
]
