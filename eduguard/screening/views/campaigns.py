"""Screening pages: the campaigns, one campaign's roll-up with its named lists, and the head
teacher's sheet for filling a class."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from eduguard.core.views import ScopedDetailView, ScopedListView
from eduguard.org.filters import parse_id
from eduguard.org.models import Person, SchoolClass
from eduguard.screening.models import ANSWERS, Campaign, ScreeningResponse
from eduguard.screening.services.campaigns import campaign_rollup, people_in, save_response

SHEET_LINKS = 40  # a head teacher or a school sees links to fill its classes; a county does not


class CampaignListView(ScopedListView):
    model = Campaign
    template_name = "screening/campaigns.html"


class CampaignDetailView(ScopedDetailView):
    model = Campaign
    template_name = "screening/campaign.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows, total, categories = campaign_rollup(self.object, self.request.user)
        code = self.request.GET.get("category", "")
        chosen = next((c for c in categories if c.code == code), None)
        classes = list(
            SchoolClass.objects.visible_to(self.request.user).select_related("school")[: SHEET_LINKS + 1]
        )
        ctx.update(
            classes=classes if len(classes) <= SHEET_LINKS else None,
            rows=rows,
            total=total,
            categories=categories,
            chosen=chosen,
            named=people_in(self.object, self.request.user, code) if chosen else None,
        )
        return ctx


class ClassSheetView(ScopedDetailView):
    """GET: the class's students with their answers; POST: save every row, or none of them."""

    model = SchoolClass
    queryset = SchoolClass.objects.select_related("school", "grade")
    template_name = "screening/class_sheet.html"

    def campaign(self) -> Campaign:
        raw = self.request.GET.get("campaign") or self.request.POST.get("campaign") or ""
        pk = parse_id(raw)
        if pk is None:
            raise Http404
        try:
            return Campaign.objects.visible_to(self.request.user).get(pk=pk)
        except Campaign.DoesNotExist:
            raise Http404 from None

    def people(self):
        """The class's students on the roll, as far as the user may see them."""
        people = Person.objects.visible_to(self.request.user)
        return people.filter(school_class=self.object, is_active=True).order_by("name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = kwargs.get("campaign") or self.campaign()
        people = self.people()
        answered = ScreeningResponse.objects.visible_to(self.request.user)
        saved = {r.person_id: r for r in answered.filter(campaign=campaign, person__in=people)}
        posted = kwargs.get("posted", {})
        ctx.update(
            campaign=campaign,
            answers=ANSWERS,
            rows=[
                {
                    "person": p,
                    "values": posted.get(p.pk) or _values_of(saved.get(p.pk)),
                    "done": p.pk in saved,
                    "error": kwargs.get("errors", {}).get(p.pk),
                }
                for p in people
            ],
            done=len(saved),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        campaign = self.campaign()
        people = list(self.people())
        posted = {p.pk: _values_from(request.POST, p.pk) for p in people}
        errors = {}
        try:
            with transaction.atomic():
                for person in people:
                    try:
                        save_response(
                            campaign=campaign, person=person, answers=posted[person.pk], actor=request.user
                        )
                    except ValidationError as exc:
                        errors[person.pk] = "；".join(m for ms in exc.message_dict.values() for m in ms)
                if errors:
                    raise ValidationError("rows")
        except ValidationError:
            ctx = self.get_context_data(campaign=campaign, posted=posted, errors=errors)
            return self.render_to_response(ctx, status=400)
        messages.success(request, f"已保存 {len(people)} 人的排查信息")
        return redirect(reverse("screening:class-sheet", args=[self.object.pk]) + f"?campaign={campaign.pk}")


def _values_of(response) -> dict:
    if response is None:
        return {"trip": {}}
    trip = response.trips[0] if response.trips else {}
    return {**{k: getattr(response, k) for k in ANSWERS}, "note": response.note, "trip": trip}


def _values_from(post, pk: int) -> dict:
    values = {k: post.get(f"p{pk}-{k}") == "on" for k in ANSWERS}
    values["note"] = post.get(f"p{pk}-note", "")
    trip = {k: post.get(f"p{pk}-trip-{k}", "").strip() for k in ("place", "left_on", "back_on")}
    values["trips"] = [trip] if any(trip.values()) else []
    values["trip"] = trip
    return values
