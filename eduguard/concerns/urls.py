from django.urls import path

from eduguard.concerns import views as v

app_name = "concerns"

urlpatterns = [
    path("concerns/", v.ConcernListView.as_view(), name="concerns"),
    path("concerns/new/", v.ConcernCreateView.as_view(), name="concern-new"),
    path("concerns/<int:pk>/", v.ConcernView.as_view(), name="concern"),
    path("concerns/<int:pk>/respond/", v.RespondView.as_view(), name="concern-respond"),
    path("concerns/<int:pk>/close/", v.CloseView.as_view(), name="concern-close"),
]
