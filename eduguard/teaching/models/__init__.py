"""Models of the area, one module per part."""

from eduguard.teaching.models.events import HealthEducationEvent, Speaker
from eduguard.teaching.models.participation import TeachingParticipation
from eduguard.teaching.models.periods import TeachingPeriod

__all__ = ["HealthEducationEvent", "Speaker", "TeachingParticipation", "TeachingPeriod"]
