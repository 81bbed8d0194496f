"""The command pages: the dashboard, the work briefing, the upward tables. Each part keeps its
own route list (urls_*.py), joined here."""

from eduguard.briefing.urls_briefing import urlpatterns as briefing_urls
from eduguard.briefing.urls_dashboard import urlpatterns as dashboard_urls
from eduguard.briefing.urls_tables import urlpatterns as table_urls

app_name = "briefing"

urlpatterns = [*briefing_urls]
urlpatterns += table_urls
urlpatterns += dashboard_urls
