from django.urls import path

from eduguard.screening.views import campaigns, categories, entry, quarantine, workbook

app_name = "screening"

urlpatterns = [
    path("screening/", campaigns.CampaignListView.as_view(), name="campaigns"),
    path("screening/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="campaign"),
    path("screening/<int:pk>/export.xlsx", workbook.CampaignExportView.as_view(), name="export"),
    path("screening/<int:pk>/import/", workbook.CampaignImportView.as_view(), name="import"),
    path("screening/<int:pk>/template.xlsx", workbook.ImportTemplateView.as_view(), name="import-template"),
    path("screening/classes/<int:pk>/", campaigns.ClassSheetView.as_view(), name="class-sheet"),
    path("screening/people/<int:pk>/category/", categories.CategoryDecisionView.as_view(), name="decide"),
    path("screening/entry/", entry.EntryView.as_view(), name="entry"),
    path("screening/quarantines/", quarantine.QuarantineListView.as_view(), name="quarantines"),
    path("screening/quarantines/new/", quarantine.QuarantineCreateView.as_view(), name="quarantine-new"),
    path("screening/quarantines/<int:pk>/", quarantine.QuarantineDetailView.as_view(), name="quarantine"),
    path(
        "screening/quarantines/<int:pk>/observe/", quarantine.ObserveView.as_view(), name="quarantine-observe"
    ),
    path(
        "screening/quarantines/<int:pk>/release/", quarantine.ReleaseView.as_view(), name="quarantine-release"
    ),
    path(
        "screening/quarantines/<int:pk>/document/",
        quarantine.ReleaseDocumentView.as_view(),
        name="quarantine-document",
    ),
]
