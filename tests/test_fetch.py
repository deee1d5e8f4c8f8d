"""Fetching: pages, redirects, statuses, retries, content types, charsets, headers, async."""

from __future__ import annotations

import dataclasses
import email.utils
import itertools
import socket
import threading
import time

import anyio
import pytest
from pytest_httpserver import HTTPServer
from test_fetch_servers import ARTICLE, FAST, raw_server, timed
from werkzeug import Request, Response

import cleanscrape
from cleanscrape.fetch import (
    DEFAULT_USER_AGENT,
    AsyncFetcher,
    ConnectionFailed,
    FetchConfig,
    Fetcher,
    HTTPStatusError,
    InvalidURL,
    NotHTML,
    RedirectLoop,
    TooManyRedirects,
    UnsupportedScheme,
    afetch,
    ascrape,
    fetch,
    scrape,
)

HTML = "text/html; charset=utf-8"


def base(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.port}"


# --------------------------------------------------------------------------- pages


def test_fetch_returns_page_with_text_status_and_encoding(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type=HTML)
    page = fetch(base(httpserver) + "/a", config=FAST)
    assert page.status == 200
    assert page.url == base(httpserver) + "/a"
    assert page.text is not None and "Harbour reopens" in page.text
    assert page.encoding == "utf-8"
    assert page.content_type == "text/html"
    assert page.headers["content-type"] == HTML


def test_default_user_agent_names_cleanscrape_and_version(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ua").respond_with_data(ARTICLE, content_type=HTML)
    fetch(base(httpserver) + "/ua", config=FAST)
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent == DEFAULT_USER_AGENT
    assert agent.startswith(f"cleanscrape/{cleanscrape.__version__} (")


def test_user_agent_is_overridable(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ua").respond_with_data(ARTICLE, content_type=HTML)
    fetch(base(httpserver) + "/ua", config=dataclasses.replace(FAST, user_agent="mybot/2"))
    assert httpserver.log[0][0].headers["User-Agent"] == "mybot/2"


def test_scrape_fetches_and_extracts_article(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/story").respond_with_data(ARTICLE, content_type=HTML)
    article = scrape(base(httpserver) + "/story", config=FAST)
    assert article is not None
    assert "The harbour reopened on Monday" in article.text


def test_top_level_names_are_the_fetch_functions() -> None:
    assert cleanscrape.fetch is fetch
    assert cleanscrape.scrape is scrape
    assert issubclass(cleanscrape.NotHTML, cleanscrape.NotHTMLError)
    assert issubclass(cleanscrape.TooLarge, cleanscrape.FetchError)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a", "data:text/html,hi"])
def test_non_http_url_is_refused(url: str) -> None:
    with pytest.raises(UnsupportedScheme):
        fetch(url, config=FAST)


def test_url_without_host_is_invalid() -> None:
    with pytest.raises(InvalidURL):
        fetch("http:///path", config=FAST)


def test_config_rejects_negative_timeout() -> None:
    with pytest.raises(ValueError, match="timeout"):
        FetchConfig(timeout=-1)


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        FAST.timeout = 3  # type: ignore[misc]


# --------------------------------------------------------------------------- redirects


def test_redirect_is_followed_and_recorded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new#frag"}
    )
    httpserver.expect_request("/new").respond_with_data(ARTICLE, content_type=HTML)
    page = fetch(base(httpserver) + "/old", config=FAST)
    assert page.url == base(httpserver) + "/new"
    assert page.history == (base(httpserver) + "/old",)


def test_redirect_loop_is_detected(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with timed() as t, pytest.raises(RedirectLoop):
        fetch(base(httpserver) + "/a", config=FAST)
    assert t.seconds < 5
    assert len(httpserver.log) == 2


def _chain(httpserver: HTTPServer, hops: int) -> None:
    for i in range(hops):
        httpserver.expect_request(f"/hop/{i}").respond_with_data(
            "", status=307, headers={"Location": f"/hop/{i + 1}"}
        )
    httpserver.expect_request(f"/hop/{hops}").respond_with_data(ARTICLE, content_type=HTML)


def test_twenty_hop_chain_exceeds_default_limit(httpserver: HTTPServer) -> None:
    _chain(httpserver, 20)
    with timed() as t, pytest.raises(TooManyRedirects) as info:
        fetch(base(httpserver) + "/hop/0", config=FAST)
    assert not isinstance(info.value, RedirectLoop)
    assert len(httpserver.log) == FAST.max_redirects + 1
    assert t.seconds < 10


def test_twenty_hop_chain_is_followed_when_allowed(httpserver: HTTPServer) -> None:
    _chain(httpserver, 20)
    page = fetch(base(httpserver) + "/hop/0", config=dataclasses.replace(FAST, max_redirects=20))
    assert page.url.endswith("/hop/20")
    assert len(page.history) == 20


def test_redirect_to_file_scheme_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/r").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(UnsupportedScheme, match="file"):
        fetch(base(httpserver) + "/r", config=FAST)


def test_custom_header_and_cookie_are_not_sent_to_another_host(httpserver: HTTPServer) -> None:
    # 127.0.0.1 and localhost are one server but two hosts, as far as secrets go.
    other = f"http://localhost:{httpserver.port}/landing"
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": other}
    )
    httpserver.expect_request("/landing").respond_with_data(ARTICLE, content_type=HTML)
    config = dataclasses.replace(FAST, headers={"X-Api-Key": "secret"}, cookies={"sid": "s1"})
    fetch(base(httpserver) + "/start", config=config)
    first, second = (entry[0] for entry in httpserver.log)
    assert first.headers.get("X-Api-Key") == "secret"
    assert "sid=s1" in first.headers.get("Cookie", "")
    assert second.headers.get("X-Api-Key") is None
    assert "sid" not in second.headers.get("Cookie", "")


def test_custom_header_is_kept_on_same_host_redirect(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": "/b"}
    )
    httpserver.expect_request("/b").respond_with_data(ARTICLE, content_type=HTML)
    fetch(base(httpserver) + "/start", config=dataclasses.replace(FAST, headers={"X-Api-Key": "k"}))
    assert httpserver.log[1][0].headers.get("X-Api-Key") == "k"


def test_cookie_set_during_redirect_is_sent_to_next_hop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/login").respond_with_data(
        "", status=302, headers={"Location": "/home", "Set-Cookie": "consent=yes; Path=/"}
    )
    httpserver.expect_request("/home").respond_with_data(ARTICLE, content_type=HTML)
    fetch(base(httpserver) + "/login", config=FAST)
    assert "consent=yes" in httpserver.log[1][0].headers.get("Cookie", "")


def test_cookies_do_not_leak_between_fetches_of_one_fetcher(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/set").respond_with_data(
        ARTICLE, content_type=HTML, headers={"Set-Cookie": "user=alice; Path=/"}
    )
    httpserver.expect_request("/other").respond_with_data(ARTICLE, content_type=HTML)
    with Fetcher(FAST) as fetcher:
        fetcher.fetch(base(httpserver) + "/set")
        fetcher.fetch(base(httpserver) + "/other")
    assert "user" not in httpserver.log[1][0].headers.get("Cookie", "")


# --------------------------------------------------------------------------- statuses and retries


@pytest.mark.parametrize("status", [404, 410, 500])
def test_error_status_raises_without_retry(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/x").respond_with_data("nope", status=status)
    with timed() as t, pytest.raises(HTTPStatusError) as info:
        fetch(base(httpserver) + "/x", config=FAST)
    assert info.value.status == status
    assert str(status) in str(info.value)
    assert len(httpserver.log) == 1
    assert t.seconds < 5


def test_429_with_retry_after_seconds_then_success(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/busy").respond_with_data(ARTICLE, content_type=HTML)
    with timed() as t:
        page = fetch(base(httpserver) + "/busy", config=FAST)
    assert page.status == 200
    assert 0.9 <= t.seconds < 5  # the server's second was honoured, not the 10 ms backoff


def test_503_with_retry_after_http_date_then_success(httpserver: HTTPServer) -> None:
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    httpserver.expect_ordered_request("/down").respond_with_data(
        "", status=503, headers={"Retry-After": when}
    )
    httpserver.expect_ordered_request("/down").respond_with_data(ARTICLE, content_type=HTML)
    with timed() as t:
        page = fetch(base(httpserver) + "/down", config=FAST)
    assert page.status == 200
    assert 0.5 <= t.seconds < 6  # HTTP dates have one-second resolution


def test_retry_after_beyond_max_wait_is_not_honoured(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/later").respond_with_data(
        "", status=503, headers={"Retry-After": "3600"}
    )
    with timed() as t, pytest.raises(HTTPStatusError) as info:
        fetch(base(httpserver) + "/later", config=FAST)
    assert info.value.retry_after == 3600
    assert t.seconds < 5
    assert len(httpserver.log) == 1


def test_retries_are_bounded_in_count(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/flaky").respond_with_data("", status=502)
    with pytest.raises(HTTPStatusError):
        fetch(base(httpserver) + "/flaky", config=dataclasses.replace(FAST, retries=3))
    assert len(httpserver.log) == 4


def test_retries_stop_at_the_deadline(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/flaky").respond_with_data("", status=503)
    config = dataclasses.replace(FAST, retries=50, backoff=0.2, timeout=2.0)
    with timed() as t, pytest.raises(HTTPStatusError):
        fetch(base(httpserver) + "/flaky", config=config)
    assert t.seconds < 3


def test_connection_closed_before_answer_is_retried() -> None:
    calls = []

    def handler(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
        calls.append(1)
        if len(calls) == 1:
            return  # hang up without a word
        body = ARTICLE.encode()
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    with raw_server(handler) as server:
        page = fetch(server.url("/"), config=FAST)
    assert page.status == 200
    assert len(calls) == 2


def test_refused_connection_is_connection_failed() -> None:
    with socket.socket() as sock:  # a port that was just free: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with timed() as t, pytest.raises(ConnectionFailed):
        fetch(f"http://127.0.0.1:{port}/", config=FAST)
    assert t.seconds < 5


# --------------------------------------------------------------------------- content types


@pytest.mark.parametrize(
    ("ctype", "magic"),
    [("application/pdf", b"%PDF-1.7\n"), ("image/png", b"\x89PNG\r\n\x1a\n")],
    ids=["pdf", "png"],
)
def test_non_html_type_is_refused_before_the_body_is_read(ctype: str, magic: bytes) -> None:
    def handler(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
        # Headers, a few bytes, then nothing: reading the body would hang to the deadline.
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: 9999999\r\n\r\n".encode()
            + magic
        )
        stop.wait(10)

    with raw_server(handler) as server, timed() as t, pytest.raises(NotHTML, match=ctype):
        fetch(server.url("/file"), config=FAST)
    assert t.seconds < 3  # FAST's deadline is 10 s


def test_non_html_is_returned_when_caller_opts_in(httpserver: HTTPServer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    httpserver.expect_request("/img").respond_with_data(png, content_type="image/png")
    page = fetch(
        base(httpserver) + "/img", config=dataclasses.replace(FAST, accept_any_content_type=True)
    )
    assert page.content == png
    assert page.text is None
    assert page.content_type == "image/png"


def test_html_declared_as_text_plain_is_accepted(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data(ARTICLE, content_type="text/plain")
    page = fetch(base(httpserver) + "/p", config=FAST)
    assert page.text is not None and "Harbour reopens" in page.text


def test_real_plain_text_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/t").respond_with_data(
        "Just some notes.\n" * 200, content_type="text/plain"
    )
    with pytest.raises(NotHTML):
        fetch(base(httpserver) + "/t", config=FAST)


def test_binary_body_labelled_html_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/fake").respond_with_data(
        b"%PDF-1.4\n" + bytes(range(256)) * 8, content_type="text/html"
    )
    with pytest.raises(NotHTML):
        fetch(base(httpserver) + "/fake", config=FAST)


# --------------------------------------------------------------------------- charsets

FRENCH = (
    "<html><head><title>Été</title></head><body><p>"
    + "Le café de la gare était fermé; à côté, l'hôtel déçu a refusé les élèves. " * 20
    + "</p></body></html>"
)


def test_latin1_bytes_declared_utf8_decode_correctly(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/l").respond_with_data(
        FRENCH.encode("latin-1"), content_type="text/html; charset=utf-8"
    )
    page = fetch(base(httpserver) + "/l", config=FAST)
    assert page.text is not None and "Le café de la gare était fermé" in page.text
    assert page.encoding != "utf-8"


def test_utf8_bytes_declared_latin1_decode_correctly(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/u").respond_with_data(
        FRENCH.encode("utf-8"), content_type="text/html; charset=iso-8859-1"
    )
    page = fetch(base(httpserver) + "/u", config=FAST)
    assert page.text is not None and "Le café de la gare était fermé" in page.text
    assert page.encoding == "utf-8"


def test_bom_wins_over_disagreeing_header(httpserver: HTTPServer) -> None:
    body = "\ufeff" + FRENCH
    httpserver.expect_request("/bom").respond_with_data(
        body.encode("utf-16-le"), content_type="text/html; charset=utf-8"
    )
    page = fetch(base(httpserver) + "/bom", config=FAST)
    assert page.encoding == "utf-16-le"
    assert page.text is not None and "Le café de la gare" in page.text


def test_header_charset_is_used_when_bytes_agree(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/w").respond_with_data(
        "<html><body><p>Привет, мир</p></body></html>".encode("cp1251"),
        content_type="text/html; charset=windows-1251",
    )
    page = fetch(base(httpserver) + "/w", config=FAST)
    assert page.encoding == "cp1251"
    assert page.text is not None and "Привет, мир" in page.text


# --------------------------------------------------------------------------- politeness


def test_per_host_concurrency_is_limited() -> None:
    active = [0]
    peak = [0]
    lock = threading.Lock()

    def handler(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.2)
        with lock:
            active[0] -= 1
        body = ARTICLE.encode()
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    config = dataclasses.replace(FAST, per_host_concurrency=1)
    with raw_server(handler) as server, Fetcher(config) as fetcher:
        threads = [
            threading.Thread(target=fetcher.fetch, args=(server.url(f"/{i}"),)) for i in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert len(server.requests) == 4
    assert peak[0] == 1


def test_per_host_delay_spaces_fetches(httpserver: HTTPServer) -> None:
    arrivals: list[float] = []

    def handler(request: Request) -> Response:
        arrivals.append(time.monotonic())
        return Response(ARTICLE, content_type=HTML)

    httpserver.expect_request("/s").respond_with_handler(handler)
    with Fetcher(dataclasses.replace(FAST, per_host_delay=0.3)) as fetcher:
        for _ in range(3):
            fetcher.fetch(base(httpserver) + "/s")
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    # 0.3 s apart when they leave; arrival jitter on a busy machine eats a little of it.
    assert min(gaps) >= 0.2


# --------------------------------------------------------------------------- async


def test_afetch_returns_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type=HTML)
    page = anyio.run(lambda: afetch(base(httpserver) + "/a", config=FAST))
    assert page.text is not None and "Harbour reopens" in page.text


def test_ascrape_returns_article(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type=HTML)
    article = anyio.run(lambda: ascrape(base(httpserver) + "/a", config=FAST))
    assert article is not None and "quay" in article.text


def test_async_fetcher_follows_redirect_and_raises_status(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=308, headers={"Location": "/gone"}
    )
    httpserver.expect_request("/gone").respond_with_data("", status=410)

    async def go() -> None:
        async with AsyncFetcher(FAST) as fetcher:
            await fetcher.fetch(base(httpserver) + "/old")

    with pytest.raises(HTTPStatusError) as info:
        anyio.run(go)
    assert info.value.status == 410


def test_async_fetcher_spaces_concurrent_fetches_on_one_host(httpserver: HTTPServer) -> None:
    arrivals: list[float] = []

    def handler(request: Request) -> Response:
        arrivals.append(time.monotonic())
        return Response(ARTICLE, content_type=HTML)

    httpserver.expect_request("/s").respond_with_handler(handler)

    async def go() -> None:
        config = dataclasses.replace(FAST, per_host_delay=0.3)
        async with AsyncFetcher(config) as fetcher, anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(fetcher.fetch, base(httpserver) + "/s")

    anyio.run(go)
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert len(arrivals) == 3
    assert min(gaps) >= 0.2
