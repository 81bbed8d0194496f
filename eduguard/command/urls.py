"""The command-and-coordination pages (指挥协调): task forces, meetings and action items, joint prevention."""

from django.urls import path

from eduguard.command.views import joint as j
from eduguard.command.views import meetings as m
from eduguard.command.views import task_forces as t
from eduguard.command.views.overview import OverviewView

app_name = "command"

urlpatterns = [
    path("command/", OverviewView.as_view(), name="overview"),
    path("command/task-forces/", t.TaskForceListView.as_view(), name="task-forces"),
    path("command/task-forces/new/", t.TaskForceCreateView.as_view(), name="task-force-new"),
    path("command/task-forces/<int:pk>/", t.TaskForceView.as_view(), name="task-force"),
    path("command/task-forces/<int:pk>/edit/", t.TaskForceEditView.as_view(), name="task-force-edit"),
    path("command/task-forces/<int:pk>/members/", t.MemberAddView.as_view(), name="member-add"),
    path("command/members/<int:pk>/unmask/", t.UnmaskView.as_view(), name="member-unmask"),
    path("command/meetings/", m.MeetingListView.as_view(), name="meetings"),
    path("command/meetings/new/", m.MeetingCreateView.as_view(), name="meeting-new"),
    path("command/meetings/<int:pk>/", m.MeetingView.as_view(), name="meeting"),
    path("command/meetings/<int:pk>/minutes/", m.MinutesView.as_view(), name="minutes"),
    path("command/meetings/<int:pk>/actions/", m.ActionAddView.as_view(), name="action-add"),
    path("command/meetings/<int:pk>/remind/", m.RemindView.as_view(), name="remind"),
    path("command/actions/", m.MyActionsView.as_view(), name="my-actions"),
    path("command/actions/<int:pk>/", m.ActionItemView.as_view(), name="action"),
    path("command/actions/<int:pk>/close/", m.ActionCloseView.as_view(), name="action-close"),
    path("command/joint/", j.JointView.as_view(), name="joint"),
    path("command/joint/departments/new/", j.DepartmentCreateView.as_view(), name="department-new"),
    path("command/joint/departments/<int:pk>/", j.DepartmentView.as_view(), name="department"),
    path("command/joint/departments/<int:pk>/liaisons/", j.LiaisonAddView.as_view(), name="liaison-add"),
    path("command/joint/liaisons/<int:pk>/unmask/", j.LiaisonUnmaskView.as_view(), name="liaison-unmask"),
    path("command/joint/actions/new/", j.JointActionCreateView.as_view(), name="joint-action-new"),
    path("command/joint/actions/<int:pk>/", j.JointActionView.as_view(), name="joint-action"),
]
