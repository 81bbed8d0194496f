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
from eduguard.inspection.models.plans import Dining, PlanStatus, ReopeningPlan, ReturnSlot
from eduguard.inspection.models.postings import MedicalPosting, MedicalRole
from eduguard.inspection.models.tutoring import CaseOutcome, CaseSource, CaseStatus, CaseStep, TutoringCase

__all__ = [
    "CaseOutcome",
    "CaseSource",
    "CaseStatus",
    "CaseStep",
    "Dining",
    "MedicalPosting",
    "MedicalRole",
    "PlanStatus",
    "ReopeningPlan",
    "ReturnSlot",
    "TutoringCase",
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
