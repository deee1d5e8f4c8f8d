"""robots.txt, honoured only with respect_robots=True (RFC 9309 semantics where they matter)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import anyio
import pytest
from pytest_httpserver import HTTPServer
from test_fetch_servers import ARTICLE, FAST, timed
from werkzeug import Request, Response

from cleanscrape.fetch import AsyncFetcher, Fetcher, RobotsDisallowed, fetch

POLITE = dataclasses.replace(FAST, respect_robots=True)


def base(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def serve_page(server: HTTPServer, path: str) -> None:
    server.expect_request(path).respond_with_data(ARTICLE, content_type="text/html")


def paths(server: HTTPServer) -> list[str]:
    return [entry[0].path for entry in server.log]


def test_disallowed_path_is_refused_without_fetching_it(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\n", content_type="text/plain"
    )
    serve_page(httpserver, "/private/page")
    with pytest.raises(RobotsDisallowed, match="/private/page"):
        fetch(base(httpserver) + "/private/page", config=POLITE)
    assert paths(httpserver) == ["/robots.txt"]


def test_allowed_path_is_fetched(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\n", content_type="text/plain"
    )
    serve_page(httpserver, "/public")
    assert fetch(base(httpserver) + "/public", config=POLITE).status == 200


def test_group_for_our_product_token_applies(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: cleanscrape\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain",
    )
    serve_page(httpserver, "/a")
    with pytest.raises(RobotsDisallowed):
        fetch(base(httpserver) + "/a", config=POLITE)


def test_robots_is_ignored_unless_asked(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    serve_page(httpserver, "/a")
    assert fetch(base(httpserver) + "/a", config=FAST).status == 200
    assert paths(httpserver) == ["/a"]


def test_robots_5xx_disallows_everything(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=503)
    serve_page(httpserver, "/a")
    with pytest.raises(RobotsDisallowed):
        fetch(base(httpserver) + "/a", config=POLITE)
    assert paths(httpserver) == ["/robots.txt"]


def test_robots_404_allows_everything(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("missing", status=404)
    serve_page(httpserver, "/a")
    assert fetch(base(httpserver) + "/a", config=POLITE).status == 200


def _huge_robots(tail_rule: str) -> Iterator[bytes]:
    yield b"User-agent: *\nDisallow: /early\n"
    filler = b"# " + b"x" * 1021 + b"\n"
    for _ in range(10 * 1024):  # 10 MiB of comments
        yield filler
    yield tail_rule.encode()


def test_10_mb_robots_is_read_only_up_to_the_cap(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        return Response(
            _huge_robots("Disallow: /late\n"), content_type="text/plain", direct_passthrough=True
        )

    httpserver.expect_request("/robots.txt").respond_with_handler(handler)
    serve_page(httpserver, "/late")
    serve_page(httpserver, "/early")
    with timed() as t, Fetcher(POLITE) as fetcher:
        # The rule after 10 MiB is beyond what we read: /late is allowed...
        assert fetcher.fetch(base(httpserver) + "/late").status == 200
        # ...while the rule at the top still holds.
        with pytest.raises(RobotsDisallowed):
            fetcher.fetch(base(httpserver) + "/early")
    assert t.seconds < 10


def test_robots_is_cached_per_host(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    serve_page(httpserver, "/a")
    serve_page(httpserver, "/b")
    with Fetcher(POLITE) as fetcher:
        fetcher.fetch(base(httpserver) + "/a")
        fetcher.fetch(base(httpserver) + "/b")
    assert paths(httpserver) == ["/robots.txt", "/a", "/b"]


def test_redirect_target_is_checked_against_robots(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /no\n")
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": "/no"})
    serve_page(httpserver, "/no")
    with pytest.raises(RobotsDisallowed):
        fetch(base(httpserver) + "/go", config=POLITE)
    assert "/no" not in paths(httpserver)


def test_async_fetcher_honours_robots(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    serve_page(httpserver, "/a")

    async def go() -> None:
        async with AsyncFetcher(POLITE) as fetcher:
            await fetcher.fetch(base(httpserver) + "/a")

    with pytest.raises(RobotsDisallowed):
        anyio.run(go)


# --- RFC 9309 matching (issue 17): wildcards and the longest match --------------


@pytest.mark.parametrize(
    ("robots", "blocked", "allowed"),
    [
        ("Disallow: /*/private/\n", "/team/private/notes", "/team/public/notes"),
        ("Disallow: /*.php$\n", "/index.php", "/index.php5"),  # "$": the exact ending
        ("Disallow: /\nAllow: /news/\n", "/shop/b", "/news/a"),  # the longer rule wins
    ],
    ids=["wildcard", "end-anchor", "longest-match"],
)
def test_robots_rules_match_as_rfc_9309_says(
    httpserver: HTTPServer, robots: str, blocked: str, allowed: str
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        f"User-agent: *\n{robots}", content_type="text/plain"
    )
    serve_page(httpserver, blocked)
    serve_page(httpserver, allowed)
    with pytest.raises(RobotsDisallowed):
        fetch(base(httpserver) + blocked, config=POLITE)
    assert fetch(base(httpserver) + allowed, config=POLITE).status == 200
