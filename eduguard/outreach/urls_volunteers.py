"""The volunteer pages' routes (志愿服务), under /outreach/volunteers/."""

from django.urls import path

from eduguard.outreach.views import volunteer_shifts as s
from eduguard.outreach.views import volunteers as v

urlpatterns = [
    path("outreach/volunteers/", v.VolunteerListView.as_view(), name="volunteers"),
    path("outreach/volunteers/new/", v.VolunteerCreateView.as_view(), name="volunteer-new"),
    path("outreach/volunteers/<int:pk>/", v.VolunteerView.as_view(), name="volunteer"),
    path("outreach/volunteers/<int:pk>/edit/", v.VolunteerEditView.as_view(), name="volunteer-edit"),
    path("outreach/volunteers/teams/", v.TeamListView.as_view(), name="teams"),
    path("outreach/volunteers/teams/new/", v.TeamCreateView.as_view(), name="team-new"),
    path("outreach/volunteers/teams/<int:pk>/", v.TeamView.as_view(), name="team"),
    path("outreach/volunteers/teams/<int:pk>/members/", v.TeamMembersView.as_view(), name="team-members"),
    path("outreach/volunteers/shifts/", s.ShiftListView.as_view(), name="shifts"),
    path("outreach/volunteers/shifts/new/", s.ShiftCreateView.as_view(), name="shift-new"),
    path("outreach/volunteers/shifts/<int:pk>/", s.ShiftView.as_view(), name="shift"),
    path(
        "outreach/volunteers/shifts/<int:pk>/attendance/", s.AttendanceView.as_view(), name="shift-attendance"
    ),
    path("outreach/volunteers/activities/", s.ActivityListView.as_view(), name="activities"),
    path("outreach/volunteers/activities/new/", s.ActivityCreateView.as_view(), name="activity-new"),
    path("outreach/volunteers/activities/<int:pk>/", s.ActivityView.as_view(), name="activity"),
]
