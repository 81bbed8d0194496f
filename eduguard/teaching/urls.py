from django.urls import path

from eduguard.teaching.views import events, participation

app_name = "teaching"

urlpatterns = [
    path("teaching/", participation.OverviewView.as_view(), name="overview"),
    path("teaching/periods/new/", participation.PeriodCreateView.as_view(), name="period-new"),
    path("teaching/schools/<int:pk>/", participation.SchoolView.as_view(), name="school"),
    path("teaching/schools/<int:pk>/enter/", participation.EnterView.as_view(), name="enter"),
    path("teaching/import/", participation.ImportView.as_view(), name="import"),
    path("teaching/import/template.xlsx", participation.TemplateDownloadView.as_view(), name="template"),
    path("teaching/events/", events.EventListView.as_view(), name="events"),
    path("teaching/events/new/", events.EventCreateView.as_view(), name="event-new"),
    path("teaching/events/<int:pk>/", events.EventView.as_view(), name="event"),
]
