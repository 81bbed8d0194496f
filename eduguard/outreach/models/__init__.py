"""Models of the area, one module per part."""

from eduguard.outreach.models.documents import Attachment, Direction, Document, Recipient  # noqa: F401
from eduguard.outreach.models.notices import Audience, Notice  # noqa: F401
from eduguard.outreach.models.volunteers import (  # noqa: F401
    ActivityKind,
    Attendance,
    Post,
    Shift,
    ShiftAssignment,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
