"""`manage.py ingest`: progress, results, failures with reasons and a non-zero exit status."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Source
from tests.articles.conftest import page

pytestmark = pytest.mark.django_db(transaction=True)  # the command commits; fetches run on commit
ARTICLE = page("techlusive-musk-xai.html")


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = 1
    return code, out.getvalue(), err.getvalue()


def test_ingesting_urls_shows_progress_and_results(server, demo_parties):
    first = server.add("/a", ARTICLE)
    second = server.add("/b", ARTICLE.replace(b"Partly.", b"Partially."))
    code, out, err = run(first, second, "--wait")
    assert code == 0, err
    assert f"[1/2] {first} → new source #" in out and "[2/2]" in out
    assert "✓ #" in out and "Techlusive" in out and "testimony candidate(s)" in out
    assert Source.objects.filter(fetch_state="fetched").count() == 2


def test_a_known_url_is_reported_as_known_and_not_fetched_again(server):
    url = server.add("/a", ARTICLE)
    run(url)
    code, out, _ = run(url + "?utm_campaign=x", "--wait")
    assert code == 0
    assert "known source #" in out and "not queued (fetched)" in out
    assert server.paths() == ["/a"]


def test_failures_are_printed_with_their_reason_and_the_exit_status_is_non_zero(server):
    good = server.add("/a", ARTICLE)
    gone = server.add("/gone", b"gone", status=410)
    code, out, err = run(good, gone, "ftp://example.org/x", "--wait")
    assert code == 1
    assert "✓ #" in out
    assert f"{gone}: The page is gone (HTTP 410)" in err
    assert "ftp://example.org/x: Only http:// and https:// URLs can be sources." in err
    assert "2 of 3 URL(s) failed." in err


def test_two_spellings_of_one_url_are_fetched_once_and_both_reported(server):
    gone = server.add("/gone", b"gone", status=410)
    code, out, err = run(gone, gone + "?utm_source=x", "--wait")
    assert code == 1
    assert "[2/2]" in out and "the same source as above" in out
    assert server.paths() == ["/gone"]
    assert f"{gone} = {gone}?utm_source=x: The page is gone (HTTP 410)" in err
    assert "2 of 2 URL(s) failed." in err
