"""The admin header (templates/admin/base_site.html) links holders of a publish permission to the
review queue from every admin page; curators, who cannot publish, are not shown it."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

QUEUE_LINK = f'<a href="{reverse("admin:review_queue")}" class="review-queue-link">Review queue</a>'


def admin_pages() -> list[str]:
    case = CaseFactory()
    return [
        reverse("admin:index"),
        reverse("admin:cases_case_changelist"),
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:articles_source_add"),
    ]


def test_an_editor_finds_the_review_queue_in_the_header_of_every_admin_page(editor_client):
    for page in admin_pages():
        response = editor_client.get(page)
        assert response.status_code == 200, page
        assert QUEUE_LINK in response.content.decode(), page


def test_a_curator_is_not_shown_the_review_queue_link(curator_client):
    for page in admin_pages():
        response = curator_client.get(page)
        assert response.status_code == 200, page
        assert "Review queue" not in response.content.decode(), page


def test_a_curator_who_may_publish_sources_only_is_shown_the_link(curator):
    curator.user_permissions.add(Permission.objects.get(codename="publish_source"))
    client = Client()
    client.force_login(curator)
    assert QUEUE_LINK in client.get(reverse("admin:cases_case_changelist")).content.decode()


def test_the_link_opens_the_queue_for_an_editor(editor_client):
    assert editor_client.get(reverse("admin:review_queue")).status_code == 200
