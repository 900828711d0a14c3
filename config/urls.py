from django.contrib import admin
from django.urls import include, path

from articles.api_ingest import SourceIngestView

urlpatterns = [
    # Before any other api/ include, so the API's router never shadows it.
    path("api/v1/sources/ingest/", SourceIngestView.as_view(), name="api-source-ingest"),
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
]
