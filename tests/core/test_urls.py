"""core.urls.page_url: reverse(), remembered, and never reused where reverse() would differ."""

from django.test import override_settings
from django.urls import reverse, set_script_prefix

from core.urls import page_url


def test_page_url_gives_what_reverse_gives():
    assert page_url("cases:event-detail", pk=7) == reverse("cases:event-detail", kwargs={"pk": 7})
    assert page_url("cases:case-detail", slug="musk-v-openai") == "/cases/musk-v-openai/"


def test_an_address_follows_the_script_prefix_it_is_asked_under():
    assert page_url("cases:source-detail", pk=3) == "/sources/3/"
    set_script_prefix("/tracker/")
    try:
        assert page_url("cases:source-detail", pk=3) == "/tracker/sources/3/"
    finally:
        set_script_prefix("/")
    assert page_url("cases:source-detail", pk=3) == "/sources/3/"


@override_settings(ROOT_URLCONF="tests.core.other_urls")
def test_an_address_follows_the_urlconf():
    assert page_url("cases:source-detail", pk=3) == "/elsewhere/sources/3/"
