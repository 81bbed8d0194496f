"""Every person-linked table carries its county, so a province can shard by county (docs/scaling.md).

A model that links a person mixes in `CarriesCounty` and names the link in `county_from`; its
`county` is copied from that person on save and on bulk_create (through `CountyQuerySet`). Raw SQL
writers (the report fast path, the demo's COPY) set it themselves. The column has no database
constraint and no index: each insert would otherwise lock the one county row (FOR KEY SHARE) and the
morning peak would queue on it; Citus uses it as the distribution column, not as a lookup.
The system check `eduguard.E001` refuses a model that links a person and carries no county.
"""

from django.apps import apps
from django.core import checks
from django.db import models


def fill_county(objs, source: str) -> None:
    """Set county_id on every object lacking it, from the row its `source` link names (a person,
    or a person-linked parent), in chunks that stay under SQLite's variable limit."""
    missing = [o for o in objs if o.county_id is None]
    if not missing:
        return
    linked = missing[0]._meta.get_field(source).related_model
    ids = sorted({getattr(o, f"{source}_id") for o in missing} - {None})
    counties = {}
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        counties.update(linked.objects.filter(pk__in=chunk).values_list("pk", "county_id"))
    for o in missing:
        o.county_id = counties.get(getattr(o, f"{source}_id"))


class CountyQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_county(objs, self.model.county_from)
        return super().bulk_create(objs, *args, **kwargs)


class CarriesCounty(models.Model):
    county_from = "person"

    county = models.ForeignKey(
        "org.County",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,
        db_constraint=False,
        verbose_name="县",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.county_id is None:
            linked = getattr(self, self.county_from, None)
            self.county_id = linked.county_id if linked is not None else None
            fields = kwargs.get("update_fields")
            if fields is not None and self.county_id is not None:
                kwargs["update_fields"] = {*fields, "county"}
        super().save(*args, **kwargs)


@checks.register(checks.Tags.models)
def person_linked_tables_carry_county(app_configs=None, **kwargs):
    person = apps.get_model("org", "Person")
    errors = []
    for model in apps.get_models():
        if not model.__module__.startswith("eduguard."):
            continue
        links = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is person]
        names = {f.name for f in model._meta.concrete_fields}
        if links and "county" not in names:
            errors.append(
                checks.Error(
                    f"{model._meta.label} links a person ({links[0].name}) but carries no county.",
                    hint="Mix in eduguard.core.county.CarriesCounty (docs/scaling.md: sharding by county).",
                    obj=model,
                    id="eduguard.E001",
                )
            )
    return errors
