"""Linking a case to its docket: an id or a courtlistener.com docket URL, else a clear error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dockets.references import parse_docket_reference


@pytest.mark.parametrize(
    "value",
    [
        "68477933",
        68477933,
        " https://www.courtlistener.com/docket/68477933/andersen-v-stability-ai-ltd/ ",
        "https://courtlistener.com/docket/68477933/",
        "https://www.courtlistener.com/docket/68477933",
    ],
)
def test_an_id_or_a_docket_url_gives_the_docket_id(value):
    assert parse_docket_reference(value) == 68477933


def test_blank_unlinks_the_case():
    assert parse_docket_reference("  ") is None


@pytest.mark.parametrize(
    "value",
    [
        "https://www.courtlistener.com/opinion/123/foo/",
        "https://evil.example/docket/123/foo/",
        "ftp://www.courtlistener.com/docket/123/",
        "docket 123",
        "0",
    ],
)
def test_anything_else_is_refused_with_a_message_saying_what_is_accepted(value):
    with pytest.raises(ValidationError) as refused:
        parse_docket_reference(value)
    assert "docket" in refused.value.messages[0]
