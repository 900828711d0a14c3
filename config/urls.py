from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from api.views.base import not_found
from api.views.ingest import SourceIngestView
from cases.web.discovery import healthz, robots_txt
from cases.web.sitemaps import SITEMAPS

urlpatterns = [
    # Before any other api/ include, so the API's router never shadows it.
    path("api/v1/sources/ingest/", SourceIngestView.as_view(), name="api-source-ingest"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("alerts/", include("alerts.web.urls")),
    path("", include("cases.web.urls")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
]

# JSON under /api/, the site's 404 page elsewhere.
handler404 = not_found
