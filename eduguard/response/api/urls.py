from rest_framework.routers import SimpleRouter

from eduguard.response.api import views

router = SimpleRouter()
router.register("incidents", views.IncidentViewSet, basename="incident")
urlpatterns = router.urls
