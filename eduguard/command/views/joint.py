"""Joint-prevention pages: departments with their liaisons, joint actions, and the medical staff
stationed at schools (read from their own records, inspection.MedicalPosting)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from eduguard.command.forms.joint import DepartmentForm, JointActionForm, LiaisonForm
from eduguard.command.models import Department, JointAction, Liaison
from eduguard.command.services import joint as service
from eduguard.command.services.access import may_manage
from eduguard.command.views.task_forces import UnmaskView
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView
from eduguard.inspection.models import MedicalPosting
from eduguard.org.models import County, School


def managed_county(user) -> County | None:
    return next((c for c in County.objects.visible_to(user).order_by("code") if may_manage(user, c)), None)


class JointView(LoginRequiredMixin, TemplateView):
    template_name = "command/joint.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        postings = MedicalPosting.objects.visible_to(user).select_related("school")
        ctx.update(
            departments=Department.objects.visible_to(user).prefetch_related("liaisons"),
            actions=JointAction.objects.visible_to(user).prefetch_related("departments")[:100],
            postings=postings.order_by("school__code", "starts_on", "name")[:300],
            may_manage=managed_county(user) is not None,
            today=timezone.localdate(),
        )
        return ctx


class _CountyFormView(LoginRequiredMixin, View):
    template_name = ""
    form_class = None

    def county(self, request) -> County:
        county = managed_county(request.user)
        if county is None:
            raise PermissionDenied(_("联防联控由局机关登记"))
        return county

    def form(self, county, *args, **kwargs):
        return self.form_class(*args, **kwargs)

    def get(self, request):
        county = self.county(request)
        return render(
            request, self.template_name, {"form": self.form(county, initial=self.initial()), "county": county}
        )

    def initial(self) -> dict:
        return {}

    def post(self, request):
        county = self.county(request)
        form = self.form(county, request.POST)
        if form.is_valid():
            try:
                obj = self.save(county, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已登记%(name)s") % {"name": obj})
                return redirect(obj)
        return render(request, self.template_name, {"form": form, "county": county}, status=400)


class DepartmentCreateView(_CountyFormView):
    template_name = "command/department_new.html"
    form_class = DepartmentForm

    def save(self, county, d):
        return service.add_department(actor=self.request.user, county=county, **d)


class JointActionCreateView(_CountyFormView):
    template_name = "command/joint_action_new.html"
    form_class = JointActionForm

    def form(self, county, *args, **kwargs):
        return JointActionForm(*args, county=county, **kwargs)

    def initial(self) -> dict:
        return {"date": timezone.localdate()}

    def save(self, county, d):
        data = service.JointActionIn(
            **{**d, "departments": list(d["departments"]), "schools": list(d["schools"])}
        )
        return service.record_joint_action(actor=self.request.user, county=county, data=data)


class DepartmentView(ScopedDetailView):
    model = Department
    template_name = "command/department.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        dept, user = self.object, self.request.user
        manage = may_manage(user, dept.county)
        ctx.update(
            liaisons=dept.liaisons.all(),
            actions=JointAction.objects.visible_to(user).filter(departments=dept)[:50],
            may_unmask=user.has_perm("org.unmask_person"),
            liaison_form=kwargs.get("liaison_form") or (LiaisonForm() if manage else None),
        )
        return ctx


class LiaisonAddView(ScopedActionView):
    model = Department
    form_class, context_name, detail_view = LiaisonForm, "liaison_form", DepartmentView

    def act(self, data) -> str:
        liaison = service.add_liaison(actor=self.request.user, department=self.object, **data)
        return _("已添加联络人%(name)s") % {"name": liaison.name}


class LiaisonUnmaskView(UnmaskView):
    model = Liaison


class JointActionView(ScopedDetailView):
    model = JointAction
    template_name = "command/joint_action.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            departments=self.object.departments.all(),
            # Only the schools the user sees: a school reads that it took part, not who else did.
            schools=School.objects.visible_to(user)
            .filter(pk__in=self.object.schools.values("pk"))
            .order_by("code"),
            n_schools=self.object.schools.count(),
        )
        return ctx
