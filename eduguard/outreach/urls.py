"""The outreach pages: each part (documents, messages, volunteers) keeps its own route list."""

from django.urls import path

from eduguard.outreach.urls_volunteers import urlpatterns as volunteer_urls
from eduguard.outreach.views import documents as d
from eduguard.outreach.views import messages as m

app_name = "outreach"

urlpatterns = [
    path("documents/", d.DocumentListView.as_view(), name="documents"),
    path("documents/new/", d.DocumentCreateView.as_view(), name="document-new"),
    path("documents/<int:pk>/", d.DocumentView.as_view(), name="document"),
    path("documents/<int:pk>/receive/", d.ReceiveView.as_view(), name="document-receive"),
    path("documents/<int:pk>/remind/", d.RemindView.as_view(), name="document-remind"),
    path("documents/attachments/<int:pk>/", d.AttachmentView.as_view(), name="attachment"),
    path("messages/", m.MessagesView.as_view(), name="messages"),
    path("messages/notices/new/", m.NoticeNewView.as_view(), name="notice-new"),
    path("messages/notices/<int:pk>/", m.NoticeView.as_view(), name="notice"),
]

urlpatterns += volunteer_urls
