from django.urls import path

from eduguard.org.roster import views

# Included under /org/roster/ inside the `org` namespace (eduguard/org/urls.py).
urlpatterns = [
    path("export.xlsx", views.RosterExportView.as_view(), name="roster-export"),
    path("import/", views.RosterImportView.as_view(), name="roster-import"),
    path("import/<int:pk>/", views.ImportJobView.as_view(), name="roster-import-job"),
    path("import/<int:pk>/progress/", views.ImportJobProgressView.as_view(), name="roster-import-progress"),
]
