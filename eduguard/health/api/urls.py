from django.urls import path

from eduguard.health.api import views

urlpatterns = [
    path("daily-reports/", views.DailyReportView.as_view(), name="daily-report-submit"),
    path("rollcall/", views.RollCallView.as_view(), name="rollcall"),
    path("stats/daily/", views.DailyStatsView.as_view(), name="stats-daily"),
]
