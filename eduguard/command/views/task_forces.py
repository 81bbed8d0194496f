"""Task-force pages: the list, a new task force, one task force with its members (edit, add a
member), and a member's phone revealed once (logged)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from eduguard.command.forms.task_forces import MemberForm, TaskForceEditForm, TaskForceForm
from eduguard.command.models import TaskForce, TaskForceMember
from eduguard.command.services import task_forces as service
from eduguard.command.services.access import managed_units, may_manage, unit_of
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView


class TaskForceListView(ScopedListView):
    model = TaskForce
    queryset = (
        TaskForce.objects.select_related("county", "school")
        .annotate(n_members=Count("members"))
        .order_by("school__code", "-starts_on", "id")
    )
    template_name = "command/task_forces.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["may_create"] = bool(managed_units(self.request.user))
        return ctx


class TaskForceCreateView(LoginRequiredMixin, View):
    template_name = "command/task_force_new.html"

    def _units(self, request):
        units = managed_units(request.user)
        if not units:
            raise PermissionDenied(_("您不负责任何单位的工作专班"))
        return units

    def get(self, request):
        form = TaskForceForm(units=self._units(request), initial={"starts_on": timezone.localdate()})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = TaskForceForm(request.POST, units=self._units(request))
        if form.is_valid():
            d = form.cleaned_data
            try:
                tf = service.create_task_force(
                    actor=request.user,
                    unit=d["unit"],
                    name=d["name"],
                    starts_on=d["starts_on"],
                    duties=d["duties"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已成立%(name)s") % {"name": tf.name})
                return redirect(tf)
        return render(request, self.template_name, {"form": form}, status=400)


class TaskForceView(ScopedDetailView):
    model = TaskForce
    queryset = TaskForce.objects.select_related("county", "school")
    template_name = "command/task_force.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        tf, user = self.object, self.request.user
        manage = may_manage(user, unit_of(tf))
        initial = {"name": tf.name, "duties": tf.duties, "starts_on": tf.starts_on, "ends_on": tf.ends_on}
        ctx.update(
            members=tf.members.select_related("user"),
            may_manage=manage,
            may_unmask=user.has_perm("org.unmask_person"),
            edit_form=kwargs.get("edit_form") or (TaskForceEditForm(initial=initial) if manage else None),
            member_form=kwargs.get("member_form") or (MemberForm() if manage else None),
        )
        return ctx


class TaskForceEditView(ScopedActionView):
    model = TaskForce
    form_class, context_name, detail_view = TaskForceEditForm, "edit_form", TaskForceView

    def act(self, data) -> str:
        service.update_task_force(actor=self.request.user, task_force=self.object, **data)
        return _("已保存")


class MemberAddView(ScopedActionView):
    model = TaskForce
    form_class, context_name, detail_view = MemberForm, "member_form", TaskForceView

    def act(self, data) -> str:
        member = service.add_member(
            actor=self.request.user, task_force=self.object, data=service.MemberIn(**data)
        )
        return _("已添加%(name)s") % {"name": member.name}


class UnmaskView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: show one contact's full phone once, and log it. Needs org.unmask_person."""

    permission_required = "org.unmask_person"
    raise_exception = True
    model = TaskForceMember

    def post(self, request, pk):
        record = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        phone = service.reveal_phone(actor=request.user, record=record, request=request)
        ctx = {"record": record, "phone": phone, "back": record.get_absolute_url()}
        template = "command/_unmasked.html" if request.htmx else "command/unmasked.html"
        return render(request, template, ctx)
