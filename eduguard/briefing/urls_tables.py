"""The upward tables: the page, and each table's download (code: a table of services.tables, or all)."""

from django.urls import path

from eduguard.briefing.views import tables

urlpatterns = [
    path("briefing/tables/", tables.TablesPageView.as_view(), name="tables"),
    path("briefing/tables/<slug:code>.xlsx", tables.TableDownloadView.as_view(), name="table"),
]
