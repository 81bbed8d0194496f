from django.urls import path

from eduguard.inspection.views import institutions, pages

app_name = "inspection"

urlpatterns = [
    path("inspection/", pages.BatchesView.as_view(), name="batches"),
    path("inspection/batches/<int:pk>/", pages.BoardView.as_view(), name="board"),
    path("inspection/schools/<int:pk>/", pages.SchoolView.as_view(), name="school"),
    path("inspection/schools/<int:pk>/start/", pages.StartView.as_view(), name="start"),
    path("inspection/schools/<int:pk>/approve/", pages.ApproveView.as_view(), name="approve"),
    path("inspection/schools/<int:pk>/open/", pages.OpenView.as_view(), name="open"),
    path("inspection/inspections/<int:pk>/", pages.InspectionView.as_view(), name="inspection"),
    path("inspection/inspections/<int:pk>/result/", pages.ResultView.as_view(), name="result"),
    path("inspection/inspections/<int:pk>/submit/", pages.SubmitView.as_view(), name="submit"),
    path("inspection/fixes/<int:pk>/close/", pages.CloseFixView.as_view(), name="fix-close"),
    path("inspection/institutions/", institutions.InstitutionsView.as_view(), name="institutions"),
    path("inspection/institutions/<int:pk>/", institutions.InstitutionView.as_view(), name="institution"),
    path(
        "inspection/institutions/<int:pk>/visits/",
        institutions.VisitNewView.as_view(),
        name="institution-visit",
    ),
    path(
        "inspection/institutions/<int:pk>/close/", institutions.CloseView.as_view(), name="institution-close"
    ),
    path("inspection/institutions/<int:pk>/lift/", institutions.LiftView.as_view(), name="institution-lift"),
]
