"""Shared fixtures: a local site whose pages are generated from their path."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from cleanscrape import FetchConfig

# One line per request from werkzeug would drown test output.
logging.getLogger("werkzeug").setLevel(logging.ERROR)

#: No politeness towards our own test server, and no retries: tests stay fast.
UNRESTRAINED = FetchConfig(per_host_concurrency=64, per_host_delay=0.0, retries=0)
#: The same for the command.
UNRESTRAINED_ARGS = ["--per-host", "64", "--delay", "0", "--retries", "0"]

PAGE_PATH = re.compile(r"^/(page|slow)/(\d+)$")
# A slow page answers this late: long enough that later pages finish first.
SLOW_SECONDS = 1.0


def page_html(number: str) -> str:
    """The article page the local site answers for page ``number``."""
    return (
        f"<html><head><title>Page {number}</title></head><body><nav>Home</nav><article>"
        f"<h1>Page {number}</h1><p>Story number {number} starts here and says enough to be an "
        "article.</p><p>A second paragraph of the same story, long enough as well.</p>"
        "</article></body></html>"
    )


def _page(request: Request) -> Response:
    match = PAGE_PATH.match(request.path)
    assert match is not None
    kind, number = match.groups()
    if kind == "slow":
        time.sleep(SLOW_SECONDS)
    return Response(page_html(number), content_type="text/html; charset=utf-8")


@pytest.fixture(scope="session")
def _threaded_server() -> Iterator[HTTPServer]:
    # Threaded: a slow page must not hold up the others, as on a real site.
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture(scope="session")
def _second_server() -> Iterator[HTTPServer]:
    # Another loopback address is another host to the fetcher's per-host politeness.
    server = HTTPServer(host="127.0.0.2", threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture()
def other_site(_second_server: HTTPServer) -> Iterator[HTTPServer]:
    """The same pages as ``site``, served from another host (127.0.0.2)."""
    _second_server.expect_request(PAGE_PATH).respond_with_handler(_page)
    yield _second_server
    _second_server.clear()


@pytest.fixture()
def site(_threaded_server: HTTPServer) -> Iterator[HTTPServer]:
    """A local server answering /page/N (and /slow/N, late) with an article page."""
    server = _threaded_server
    server.expect_request(PAGE_PATH).respond_with_handler(_page)
    server.expect_request("/missing").respond_with_data("gone", status=404)
    server.expect_request("/logo.png").respond_with_data(
        b"\x89PNG\r\n\x1a\n", content_type="image/png"
    )
    yield server
    server.clear()
