from django.urls import path

from eduguard.counselling import views as v

app_name = "counselling"

urlpatterns = [
    path("counselling/", v.SessionListView.as_view(), name="sessions"),
    path("counselling/new/", v.SessionCreateView.as_view(), name="session-new"),
    path("counselling/<int:pk>/", v.SessionView.as_view(), name="session"),
    path("counselling/<int:pk>/follow-up/", v.FollowUpView.as_view(), name="follow-up"),
]
