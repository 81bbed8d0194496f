from django.urls import path

from eduguard.briefing.views.briefing import BriefingView

urlpatterns = [path("briefing/", BriefingView.as_view(), name="briefing")]
