from django.urls import path

from eduguard.health.views import chain, classroom, link, stats

app_name = "health"

urlpatterns = [
    # The phone pages behind a class QR code: short paths, no login.
    path("r/<str:token>/", link.LinkStartView.as_view(), name="link-start"),
    path("r/<str:token>/report/", link.LinkReportView.as_view(), name="link-report"),
    # Logged-in pages.
    path("health/classes/<int:pk>/", classroom.RollCallPageView.as_view(), name="class"),
    path("health/classes/<int:pk>/link/", classroom.ClassLinkView.as_view(), name="class-link"),
    path("health/classes/<int:pk>/zero/", classroom.ZeroReportView.as_view(), name="class-zero"),
    path("health/classes/<int:pk>/report/", classroom.TeacherEntryView.as_view(), name="class-entry"),
    path("health/classes/<int:pk>/chain/", chain.ChainPasteView.as_view(), name="class-chain"),
    path("health/chain/<int:pk>/", chain.ChainReviewView.as_view(), name="chain"),
    path("health/follow-ups/", classroom.FollowUpListView.as_view(), name="follow-ups"),
    path("health/follow-ups/<int:pk>/close/", classroom.FollowUpCloseView.as_view(), name="follow-up-close"),
    path("health/stats/", stats.StatsPageView.as_view(), name="stats"),
]
