"""Confirm, change or remove a person's risk category, or put them into one, with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedQuerysetMixin
from eduguard.org.models import Person
from eduguard.org.views import PersonDetailView
from eduguard.screening.forms import DecisionForm
from eduguard.screening.models import PersonCategory
from eduguard.screening.services.categories import confirm_category, override_category


class CategoryDecisionView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST for a person in scope; refused input shows the person's page again with the reason, 400."""

    model = Person

    def post(self, request, pk):
        person = self.object = self.get_object()
        form = DecisionForm(request.POST, county=person.county_id)
        if form.is_valid():
            try:
                message = self.decide(person, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("org:person", person.pk)
        page = PersonDetailView(request=request, kwargs=self.kwargs)
        page.object = page.get_object()
        ctx = page.get_context_data(object=page.object, decision_form=form)
        return render(request, PersonDetailView.template_name, ctx, status=400)

    def decide(self, person: Person, data: dict) -> str:
        row = None
        if data["row"]:
            rows = PersonCategory.objects.visible_to(self.request.user).select_related("category")
            row = rows.filter(person=person, pk=data["row"]).first()
            if row is None:
                raise ValidationError({"row": ["类别记录不存在"]})
        action, reason, category = data["action"], data["reason"], data["category"]
        if action == "confirm":
            if row is None:
                raise ValidationError({"row": ["请选择要确认的类别"]})
            confirm_category(row=row, actor=self.request.user, reason=reason)
            return f"已确认 {person.name}：{row.category.name}"
        if action in ("override", "remove") and row is None:
            raise ValidationError({"row": ["请选择要改判的类别"]})
        if action == "override" and category is None:
            raise ValidationError({"category": ["请选择改判后的类别"]})
        new = override_category(
            person=person,
            actor=self.request.user,
            reason=reason,
            row=row if action != "add" else None,
            category=category if action != "remove" else None,
        )
        return (
            f"已将 {person.name} 移出「{row.category.name}」"
            if new is None
            else f"{person.name}：{new.category.name}（改判）"
        )
