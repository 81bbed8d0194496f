"""Every row that carries a county has its person's county (docs/scaling.md: sharding by county).

Called by the seed-demo test after the whole demo is loaded, so every writer that bypasses save()
and bulk_create (raw INSERTs, COPY, queryset updates) is caught, whichever app it is in.
"""

from django.apps import apps
from django.db.models import F, Q

from eduguard.core.county import CarriesCounty


def county_carriers() -> list[tuple[type, str]]:
    """(model, link to the person) for every table whose county must be its person's.

    The CarriesCounty models, and those with a county of their own that is never empty
    (a counselling session, a volunteer). Not a responsibility assignment: its county is the unit
    it is assigned to, empty when that unit is a person.
    """
    person = apps.get_model("org", "Person")
    carriers = []
    for model in apps.get_models():
        if not model.__module__.startswith("eduguard."):
            continue
        fields = {f.name: f for f in model._meta.concrete_fields}
        county = fields.get("county")
        if county is None or not (issubclass(model, CarriesCounty) or not county.null):
            continue
        carriers += [(model, f.name) for f in fields.values() if f.is_relation and f.related_model is person]
    return carriers


def check_rows_carry_their_persons_county() -> dict[str, int]:
    """Assert no row lacks its county or differs from its person's; return the rows checked per table."""
    checked = {}
    for model, link in county_carriers():
        rows = model._base_manager.filter(**{f"{link}__isnull": False})
        wrong = rows.filter(Q(county__isnull=True) | ~Q(county_id=F(f"{link}__county_id")))
        bad = list(wrong.values_list("pk", "county_id", f"{link}__county_id")[:5])
        assert not bad, f"{model._meta.label}: (id, county, {link}'s county) {bad}, {wrong.count()} in all"
        checked[f"{model._meta.label}.{link}"] = rows.count()
    return checked
