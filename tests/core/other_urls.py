"""A URLconf that mounts the site under /elsewhere/ (tests/core/test_urls.py)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("cases.web.urls"))]
