"""接龙 import pages: paste a chain for a class, review the parsed lines, confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from eduguard.core.views import ScopedDetailView, ScopedQuerysetMixin
from eduguard.health.models import ChainImport
from eduguard.health.services.chain import confirm_chain_import, create_chain_import, non_reporters
from eduguard.health.views.classroom import ClassMixin, day_from
from eduguard.org.models import Person


class ChainPasteView(ClassMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    template_name = "health/chain_paste.html"

    def get(self, request, pk):
        self.object = self.get_object()
        return render(request, self.template_name, {"object": self.object, "day": day_from(request)})

    def post(self, request, pk):
        self.object = self.get_object()
        day = day_from(request)
        try:
            chain = create_chain_import(
                school_class=self.object, day=day, text=request.POST.get("text", ""), actor=request.user
            )
        except ValidationError as exc:
            ctx = {
                "object": self.object,
                "day": day,
                "errors": exc.messages,
                "text": request.POST.get("text", ""),
            }
            return render(request, self.template_name, ctx, status=400)
        return redirect("health:chain", pk=chain.pk)


class ChainReviewView(ScopedDetailView):
    model = ChainImport
    queryset = ChainImport.objects.select_related("school_class__school").prefetch_related("lines__person")
    template_name = "health/chain_review.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["roster"] = Person.objects.visible_to(self.request.user).filter(
            school_class=self.object.school_class, category="student"
        )
        ctx["missing"] = non_reporters(self.object)
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        include = {int(x) for x in request.POST.getlist("include") if x.isdigit()}
        people = {
            int(key.removeprefix("person-")): int(value)
            for key, value in request.POST.items()
            if key.startswith("person-") and key.removeprefix("person-").isdigit() and value.isdigit()
        }
        try:
            n = confirm_chain_import(chain=self.object, include=include, people=people, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, f"已导入 {n} 条健康报告")
        return redirect(f"/health/classes/{self.object.school_class_id}/?date={self.object.date.isoformat()}")
