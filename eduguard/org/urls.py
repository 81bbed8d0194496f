from django.urls import include, path

from eduguard.org import views

app_name = "org"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("org/counties/<int:pk>/", views.CountyDetailView.as_view(), name="county"),
    path("org/grids/<int:pk>/", views.GridDetailView.as_view(), name="grid"),
    path("org/schools/<int:pk>/", views.SchoolDetailView.as_view(), name="school"),
    path("org/grades/<int:pk>/", views.GradeDetailView.as_view(), name="grade"),
    path("org/classes/<int:pk>/", views.ClassDetailView.as_view(), name="class"),
    path("org/people/", views.PersonListView.as_view(), name="people"),
    path("org/people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("org/people/<int:pk>/unmask/", views.PersonUnmaskView.as_view(), name="person-unmask"),
    path("org/roster/", include("eduguard.org.roster.urls")),
]
