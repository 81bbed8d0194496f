"""Who is cleared to return to school today, per school in scope, and the named list of who is not."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from eduguard.health.views.classroom import day_from
from eduguard.org.filters import parse_id
from eduguard.org.models import Person
from eduguard.screening.services.entry import readiness

NAMED_LIMIT = 500


class EntryView(LoginRequiredMixin, TemplateView):
    template_name = "screening/entry.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = day_from(self.request)
        school = parse_id(self.request.GET.get("school"))
        school_ids = [school] if school else None
        rows, statuses = readiness(self.request.user, day, school_ids=school_ids)
        people = (
            Person.objects.visible_to(self.request.user)
            .filter(id__in=list(statuses)[:NAMED_LIMIT])
            .select_related("school", "school_class")
            .order_by("school__code", "school_class_id", "name")
        )
        named = [(p, statuses[p.pk]) for p in people]
        total = {
            "expected": sum(r.expected for r in rows),
            "deferred": sum(r.deferred for r in rows),
            "denied": sum(r.denied for r in rows),
        }
        total["cleared"] = total["expected"] - total["deferred"] - total["denied"]
        ctx.update(day=day, rows=rows, named=named, total=total, more=len(statuses) > NAMED_LIMIT)
        return ctx
