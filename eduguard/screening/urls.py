from django.urls import path

from eduguard.screening import views

app_name = "screening"

urlpatterns = [
    path("screening/", views.CampaignListView.as_view(), name="campaigns"),
    path("screening/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("screening/classes/<int:pk>/", views.ClassSheetView.as_view(), name="class-sheet"),
]
