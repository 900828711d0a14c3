"""A CourtListener stand-in on 127.0.0.1 (real sockets, http.server in a thread) serving JSON
shaped like CourtListener's REST API v4, with its field names; and a case linked to it."""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import CaseFactory

DOCKET_ID = 68477933


class CourtListener:
    """Answers per path-with-query: a queue of (status, body, headers), the last one repeated."""

    def __init__(self) -> None:
        self.answers: dict[str, deque] = defaultdict(deque)
        self.hits: list[tuple[str, str | None]] = []  # (path, Authorization)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                outer.hits.append((self.path, self.headers.get("Authorization")))
                queue = outer.answers.get(self.path)
                if not queue:
                    status, body, headers = 404, {"detail": "Not found."}, {}
                else:
                    status, body, headers = queue[0] if len(queue) == 1 else queue.popleft()
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/rest/v4/"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def answer(self, path: str, body, status: int = 200, **headers) -> None:
        self.answers["/api/rest/v4/" + path].append((status, body, headers))

    def page(self, path: str, results: list[dict], next_path: str | None = None) -> None:
        nxt = self.base + next_path if next_path else None
        self.answer(path, {"next": nxt, "previous": None, "results": results})

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def docket(**changes) -> dict:
    return {
        "resource_uri": f"https://www.courtlistener.com/api/rest/v4/dockets/{DOCKET_ID}/",
        "id": DOCKET_ID,
        "court": "https://www.courtlistener.com/api/rest/v4/courts/cand/",
        "court_id": "cand",
        "docket_number": "3:23-cv-00201",
        "case_name": "Andersen v. Stability AI Ltd.",
        "case_name_full": "",
        "assigned_to_str": "William Horsley Orrick",
        "referred_to_str": "Lisa J. Cisneros",
        "date_filed": "2023-01-13",
        "date_terminated": None,
        "cause": "17:501 Copyright Infringement",
        "nature_of_suit": "Copyright",
        "jury_demand": "Plaintiff",
        "absolute_url": f"/docket/{DOCKET_ID}/andersen-v-stability-ai-ltd/",
        **changes,
    }


def recap_document(doc_id: int, number: int, *, available: bool = True, **changes) -> dict:
    return {
        "id": doc_id,
        "document_number": str(number),
        "attachment_number": None,
        "description": "Main Document",
        "is_available": available,
        "filepath_local": f"recap/gov.uscourts.cand.407208/gov.uscourts.cand.407208.{number}.0.pdf"
        if available
        else None,
        "absolute_url": f"/docket/{DOCKET_ID}/{number}/andersen-v-stability-ai-ltd/",
        **changes,
    }


def entry(entry_id: int, number: int, description: str, date: str, documents=None) -> dict:
    return {
        "id": entry_id,
        "docket": f"https://www.courtlistener.com/api/rest/v4/dockets/{DOCKET_ID}/",
        "entry_number": number,
        "date_filed": date,
        "time_filed": None,
        "description": description,
        "recap_documents": documents if documents is not None else [],
    }


ENTRIES_PAGE_1 = [
    entry(1001, 1, "COMPLAINT against Stability AI Ltd.", "2023-01-13", [recap_document(5001, 1)]),
    entry(1002, 2, "Civil Cover Sheet", "2023-01-13", [recap_document(5002, 2, available=False)]),
]
ENTRIES_PAGE_2 = [entry(1003, 3, "Summons Issued", "2023-01-17")]


@pytest.fixture
def courtlistener(settings):
    server = CourtListener()
    settings.COURTLISTENER_API_URL = server.base
    settings.COURTLISTENER_API_TOKEN = "test-token"
    settings.COURTLISTENER_RETRY_BACKOFF = 0
    settings.COURTLISTENER_MAX_RETRIES = 2
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    yield server
    server.close()


def serve_docket(server: CourtListener, page_1=None, page_2=None, **docket_changes) -> None:
    """The docket, its entries on two pages (cursor pagination), parties and attorneys."""
    server.answer(f"dockets/{DOCKET_ID}/", docket(**docket_changes))
    server.page(
        f"docket-entries/?docket={DOCKET_ID}",
        ENTRIES_PAGE_1 if page_1 is None else page_1,
        next_path="docket-entries/?cursor=cD0y&docket=68477933",
    )
    server.page(
        "docket-entries/?cursor=cD0y&docket=68477933",
        ENTRIES_PAGE_2 if page_2 is None else page_2,
    )
    server.page(
        f"parties/?docket={DOCKET_ID}",
        [{"id": 7, "name": "Sarah Andersen", "party_types": [{"name": "Plaintiff"}]}],
    )
    server.page(f"attorneys/?docket={DOCKET_ID}", [{"id": 9, "name": "Joseph Saveri"}])


@pytest.fixture
def linked_case(member_groups):
    return CaseFactory(
        courtlistener_docket_id=DOCKET_ID, docket_number="", caption="", filed_on=None
    )
