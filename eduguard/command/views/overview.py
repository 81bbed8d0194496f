"""The command-and-coordination landing page: counts of each part within the user's scope."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from eduguard.command.models import ActionItem, JointAction, Meeting, TaskForce
from eduguard.command.services.meetings import overdue


class OverviewView(LoginRequiredMixin, TemplateView):
    template_name = "command/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        actions = ActionItem.objects.visible_to(user)
        ctx.update(
            task_forces=TaskForce.objects.visible_to(user).count(),
            meetings=Meeting.objects.visible_to(user).count(),
            open_actions=actions.filter(status="open").count(),
            overdue_actions=overdue(actions, today).count(),
            joint_actions=JointAction.objects.visible_to(user).count(),
            mine=overdue(ActionItem.objects.filter(owner=user), today).count()
            if user.is_authenticated
            else 0,
        )
        return ctx
