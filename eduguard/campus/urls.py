from django.urls import path

from eduguard.campus.views import documents, gate, hygiene, visits

app_name = "campus"

urlpatterns = [
    path("campus/documents/", documents.DocumentOverviewView.as_view(), name="document-overview"),
    path("campus/schools/<int:pk>/documents/", documents.SchoolDocumentsView.as_view(), name="documents"),
    path("campus/schools/<int:pk>/documents/upload/", documents.UploadView.as_view(), name="upload"),
    path("campus/documents/<int:pk>/file/", documents.DocumentFileView.as_view(), name="document-file"),
    path("campus/documents/<int:pk>/review/", documents.ReviewView.as_view(), name="review"),
    path("campus/hygiene/", hygiene.HygieneOverviewView.as_view(), name="hygiene-overview"),
    path("campus/schools/<int:pk>/hygiene/", hygiene.HygieneView.as_view(), name="hygiene"),
    path("campus/schools/<int:pk>/hygiene/places/", hygiene.PlaceCreateView.as_view(), name="place-new"),
    path(
        "campus/schools/<int:pk>/hygiene/disinfections/",
        hygiene.DisinfectionCreateView.as_view(),
        name="disinfection-new",
    ),
    path(
        "campus/schools/<int:pk>/hygiene/ventilations/",
        hygiene.VentilationCreateView.as_view(),
        name="ventilation-new",
    ),
    path("campus/gate/", gate.GateOverviewView.as_view(), name="gate-overview"),
    path("campus/schools/<int:pk>/gate/", gate.GateScreenView.as_view(), name="gate"),
    path("campus/schools/<int:pk>/gate/roster/", gate.GateRosterView.as_view(), name="gate-roster"),
    path("campus/schools/<int:pk>/gate/entries/", gate.GateEntryView.as_view(), name="gate-entry"),
    path("campus/schools/<int:pk>/gate/log/", gate.GateLogView.as_view(), name="gate-log"),
    path("campus/schools/<int:pk>/gate-cards/", gate.StaffCardsView.as_view(), name="staff-cards"),
    path("campus/classes/<int:pk>/gate-cards/", gate.ClassCardsView.as_view(), name="class-cards"),
    path("campus/schools/<int:pk>/visits/", visits.VisitsView.as_view(), name="visits"),
    path("campus/visits/<int:pk>/approve/", visits.VisitApproveView.as_view(), name="visit-approve"),
    path("campus/visits/<int:pk>/admit/", visits.VisitAdmitView.as_view(), name="visit-admit"),
    path("campus/visits/<int:pk>/leave/", visits.VisitLeaveView.as_view(), name="visit-leave"),
    path("campus/visits/<int:pk>/refuse/", visits.VisitRefuseView.as_view(), name="visit-refuse"),
    path("campus/schools/<int:pk>/leave-passes/", visits.LeavePassesView.as_view(), name="leave-passes"),
    path(
        "campus/leave-passes/<int:pk>/cancel/", visits.LeavePassCancelView.as_view(), name="leave-pass-cancel"
    ),
]
