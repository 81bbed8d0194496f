"""The only figure that leaves the counselling records: how many person-times of counselling the
students of a county received in a period (the briefing suppresses small counts)."""

from django.db.models import Q

from eduguard.counselling.models import CounsellingSession
from eduguard.org.choices import PersonCategory


def student_sessions(county, since, until) -> int:
    within = Q(held_at__date__lte=until) & (Q(held_at__date__gte=since) if since else Q())
    return CounsellingSession.objects.filter(
        within, county=county, person__category=PersonCategory.STUDENT
    ).count()
