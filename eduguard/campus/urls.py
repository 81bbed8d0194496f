from django.urls import path

from eduguard.campus.views import documents, hygiene

app_name = "campus"

urlpatterns = [
    path("campus/documents/", documents.DocumentOverviewView.as_view(), name="document-overview"),
    path("campus/schools/<int:pk>/documents/", documents.SchoolDocumentsView.as_view(), name="documents"),
    path("campus/schools/<int:pk>/documents/upload/", documents.UploadView.as_view(), name="upload"),
    path("campus/documents/<int:pk>/file/", documents.DocumentFileView.as_view(), name="document-file"),
    path("campus/documents/<int:pk>/review/", documents.ReviewView.as_view(), name="review"),
    path("campus/hygiene/", hygiene.HygieneOverviewView.as_view(), name="hygiene-overview"),
    path("campus/schools/<int:pk>/hygiene/", hygiene.HygieneView.as_view(), name="hygiene"),
    path("campus/schools/<int:pk>/hygiene/places/", hygiene.PlaceCreateView.as_view(), name="place-new"),
    path(
        "campus/schools/<int:pk>/hygiene/disinfections/",
        hygiene.DisinfectionCreateView.as_view(),
        name="disinfection-new",
    ),
    path(
        "campus/schools/<int:pk>/hygiene/ventilations/",
        hygiene.VentilationCreateView.as_view(),
        name="ventilation-new",
    ),
]
