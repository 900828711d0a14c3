from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from cases.sitemaps import SITEMAPS
from cases.views_discovery import healthz, robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
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
