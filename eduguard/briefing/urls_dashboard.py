"""The dashboard's routes, joined into the briefing app's urlpatterns (eduguard/briefing/urls.py)."""

from django.urls import path

from eduguard.briefing.views.dashboard import DashboardView

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
]
