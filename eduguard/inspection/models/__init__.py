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
from eduguard.inspection.models.institutions import (
    ClosureOrder,
    Institution,
    InstitutionKind,
    InstitutionVisit,
    Ownership,
)

__all__ = [
    "AutoCheck",
    "Batch",
    "ChecklistItem",
    "ChecklistTemplate",
    "ClosureOrder",
    "Inspection",
    "InspectionKind",
    "InspectionStatus",
    "Institution",
    "InstitutionKind",
    "InstitutionVisit",
    "ItemResult",
    "OpeningApproval",
    "Outcome",
    "Ownership",
    "Rectification",
    "Team",
    "TemplateKind",
]
