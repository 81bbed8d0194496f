from eduguard.inspection.models.batches import Batch, OpeningApproval
from eduguard.inspection.models.checklists import AutoCheck, ChecklistItem, ChecklistTemplate, TemplateKind
from eduguard.inspection.models.inspections import (
    Inspection,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    Outcome,
    Rectification,
    Team,
)

__all__ = [
    "AutoCheck",
    "Batch",
    "ChecklistItem",
    "ChecklistTemplate",
    "Inspection",
    "InspectionKind",
    "InspectionStatus",
    "ItemResult",
    "OpeningApproval",
    "Outcome",
    "Rectification",
    "Team",
    "TemplateKind",
]
