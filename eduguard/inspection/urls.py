from django.urls import path

from eduguard.inspection.views import institutions, pages, plans, tutoring

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
    path("inspection/schools/<int:pk>/plan/", plans.PlanNewView.as_view(), name="plan-new"),
    path("inspection/schools/<int:pk>/postings/", plans.PostingNewView.as_view(), name="posting-new"),
    path("inspection/plans/<int:pk>/", plans.PlanView.as_view(), name="plan"),
    path("inspection/plans/<int:pk>/review/", plans.PlanReviewView.as_view(), name="plan-review"),
    path("inspection/plans/<int:pk>/file/", plans.PlanFileView.as_view(), name="plan-file"),
    path("inspection/cases/", tutoring.CasesView.as_view(), name="cases"),
    path("inspection/cases/<int:pk>/", tutoring.CaseView.as_view(), name="case"),
    path(
        "inspection/cases/<int:pk>/investigate/",
        tutoring.CaseInvestigateView.as_view(),
        name="case-investigate",
    ),
    path("inspection/cases/<int:pk>/conclude/", tutoring.CaseConcludeView.as_view(), name="case-conclude"),
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
