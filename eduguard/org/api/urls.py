from rest_framework.routers import SimpleRouter

from eduguard.org.api import views

router = SimpleRouter()
router.register("schools", views.SchoolViewSet, basename="school")
router.register("classes", views.ClassViewSet, basename="class")
router.register("people", views.PersonViewSet, basename="person")
urlpatterns = router.urls
