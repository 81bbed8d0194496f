"""What the 接龙报平安 groups reach: the families of the classes that have a group (one per guardian
phone) and the staff of the schools that have a staff group."""

from eduguard.health.models import ChatGroup, ChatKind
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Guardian, Person


def chat_reach(county) -> tuple[int, int]:
    """(groups, people reached) in the county."""
    groups = ChatGroup.objects.filter(school__county=county)
    classes = groups.filter(kind=ChatKind.CLASS).values("school_class_id")
    families = (
        Guardian.objects.filter(person__school_class_id__in=classes, person__is_active=True)
        .exclude(phone_hash="")
        .values("phone_hash")
        .distinct()
        .count()
    )
    schools = groups.filter(kind=ChatKind.STAFF).values("school_id")
    staff = Person.objects.filter(
        school_id__in=schools, category=PersonCategory.STAFF, is_active=True
    ).count()
    return groups.count(), families + staff
