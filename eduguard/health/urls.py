from django.urls import path

from eduguard.health.views import absences, chain, checks, classroom, link, stats

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

urlpatterns += [
    path("health/classes/<int:pk>/check/", checks.ClassCheckView.as_view(), name="class-check"),
    path("health/schools/<int:pk>/checks/", checks.SchoolChecksView.as_view(), name="school-checks"),
    path("health/absences/", absences.AbsenceListView.as_view(), name="absences"),
    path("health/absences/new/", absences.AbsenceCreateView.as_view(), name="absence-new"),
    path("health/absences/<int:pk>/", absences.AbsenceDetailView.as_view(), name="absence"),
    path("health/absences/<int:pk>/edit/", absences.AbsenceUpdateView.as_view(), name="absence-edit"),
    path("health/absences/<int:pk>/follow-up/", absences.FollowUpAddView.as_view(), name="absence-follow-up"),
    path("health/absences/<int:pk>/return/", absences.AbsenceReturnView.as_view(), name="absence-return"),
    path(
        "health/absences/<int:pk>/certificate/",
        absences.CertificateSubmitView.as_view(),
        name="certificate-new",
    ),
    path(
        "health/certificates/<int:pk>/review/",
        absences.CertificateReviewView.as_view(),
        name="certificate-review",
    ),
    path(
        "health/certificates/<int:pk>/file/", absences.CertificateFileView.as_view(), name="certificate-file"
    ),
    path(
        "health/certificates/<int:pk>/print/",
        absences.CertificatePrintView.as_view(),
        name="certificate-print",
    ),
]
