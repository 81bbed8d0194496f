from django.urls import path

from eduguard.logistics import views

app_name = "logistics"

urlpatterns = [
    path("logistics/", views.PlansView.as_view(), name="plans"),
    path("logistics/plans/<int:pk>/", views.PlanView.as_view(), name="plan"),
    path("logistics/plans/<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("logistics/trips/<int:pk>/", views.TripView.as_view(), name="trip"),
    path("logistics/trips/<int:pk>/board/", views.BoardView.as_view(), name="board"),
]
