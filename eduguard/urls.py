from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from eduguard.accounts.api.views import ObtainTokenView
from eduguard.core.views import healthz

api_v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include("eduguard.org.api.urls")),
    path("", include("eduguard.health.api.urls")),
    path("", include("eduguard.response.api.urls")),
]

# The API and the health probe come first: the resolver tries patterns in order, and the
# daily report POST of the morning peak should not be matched against every page's route.
urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("healthz", healthz, name="healthz"),
    path("", include("eduguard.org.urls")),
    path("", include("eduguard.health.urls")),
    path("", include("eduguard.screening.urls")),
    path("", include("eduguard.campus.urls")),
    path("", include("eduguard.response.urls")),
    path("", include("eduguard.inspection.urls")),
    path("", include("eduguard.logistics.urls")),
    path("", include("eduguard.supplies.urls")),
    path("", include("eduguard.teaching.urls")),
    path("", include("eduguard.outreach.urls")),
    path("", include("eduguard.concerns.urls")),
    path("", include("eduguard.counselling.urls")),
    path("", include("eduguard.command.urls")),
    path("", include("eduguard.briefing.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
