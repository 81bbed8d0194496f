from eduguard.screening.models.campaigns import (
    ANSWERS,
    Campaign,
    CategoryStatus,
    PersonCategory,
    RiskCategory,
    RiskLevel,
    ScreeningResponse,
)
from eduguard.screening.models.quarantine import Quarantine, QuarantineKind, QuarantineObservation

__all__ = [
    "ANSWERS",
    "Campaign",
    "CategoryStatus",
    "PersonCategory",
    "Quarantine",
    "QuarantineKind",
    "QuarantineObservation",
    "RiskCategory",
    "RiskLevel",
    "ScreeningResponse",
]
