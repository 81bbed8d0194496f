"""The default supply items and norms (domain.md §6.1), loaded by migration 0002; a bureau edits
them in the admin. Masks: 1 a student and 2 a staff member a day (Shandong 2020); hand sanitiser
about one bottle per 100 people a day; disinfectant by the litre; thermometers have no daily use."""

from decimal import Decimal

# code → (name, unit, whole, per student a day, per staff a day, boarding emergency share, order)
ITEMS = {
    "mask": ("医用口罩", "只", True, Decimal(1), Decimal(2), Decimal("0.10"), 1),
    "sanitiser": ("洗手液/手消毒剂", "瓶", True, Decimal("0.01"), Decimal("0.01"), Decimal(0), 2),
    "disinfectant": ("含氯消毒液", "升", False, Decimal("0.02"), Decimal("0.02"), Decimal(0), 3),
    "thermometer": ("体温计/测温枪", "把", True, Decimal(0), Decimal(0), Decimal(0), 4),
    "gloves": ("一次性手套", "副", True, Decimal(0), Decimal(1), Decimal("0.10"), 5),
}


def load(Item) -> None:
    for code, (name, unit, whole, student, staff, extra, order) in ITEMS.items():
        Item.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "whole": whole,
                "per_student_day": student,
                "per_staff_day": staff,
                "boarding_extra": extra,
                "order": order,
            },
        )


def ensure_defaults() -> None:
    from eduguard.supplies.models import Item

    if not Item.objects.exists():
        load(Item)
