"""Models of the area, one module per part."""

from eduguard.briefing.models.filed import FiledBriefing  # noqa: F401
from eduguard.briefing.models.templates import BriefingSection, BriefingTemplate  # noqa: F401
