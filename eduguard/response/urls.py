from django.urls import path

from eduguard.response.views import contacts, drills, fever, incidents, warnings

app_name = "response"

urlpatterns = [
    # fever events and incidents
    path("response/fever/", fever.FeverListView.as_view(), name="fevers"),
    path("response/fever/new/", fever.FeverNewView.as_view(), name="fever-new"),
    path("response/fever/<int:pk>/", fever.FeverDetailView.as_view(), name="fever"),
    path("response/fever/<int:pk>/isolate/", fever.IsolateView.as_view(), name="fever-isolate"),
    path("response/fever/<int:pk>/retest/", fever.RetestView.as_view(), name="fever-retest"),
    path("response/fever/<int:pk>/clear/", fever.ClearView.as_view(), name="fever-clear"),
    path("response/fever/<int:pk>/refer/", fever.ReferView.as_view(), name="fever-refer"),
    path("response/fever/<int:pk>/outcome/", fever.OutcomeView.as_view(), name="fever-outcome"),
    path("response/fever/<int:pk>/return/", fever.ReturnView.as_view(), name="fever-return"),
    path("response/incidents/", incidents.IncidentListView.as_view(), name="incidents"),
    path("response/incidents/<int:pk>/", incidents.IncidentDetailView.as_view(), name="incident"),
    path("response/incidents/<int:pk>/report/", incidents.ReportView.as_view(), name="incident-report"),
    path("response/incidents/<int:pk>/close/", incidents.CloseView.as_view(), name="incident-close"),
    # warnings (EARS)
    path("response/warnings/", warnings.WarningListView.as_view(), name="warnings"),
    # drills
    path("response/drills/", drills.DrillOverviewView.as_view(), name="drill-overview"),
    path("response/schools/<int:pk>/drills/", drills.SchoolDrillsView.as_view(), name="drills"),
    path("response/schools/<int:pk>/drills/new/", drills.DrillCreateView.as_view(), name="drill-new"),
    path("response/drills/<int:pk>/file/", drills.DrillFileView.as_view(), name="drill-file"),
    # contact tracing
    path("response/people/<int:pk>/contacts/", contacts.ContactsView.as_view(), name="contacts"),
    path(
        "response/people/<int:pk>/contacts/quarantine/",
        contacts.QuarantineContactsView.as_view(),
        name="contacts-quarantine",
    ),
]
