"""scrape_many / ascrape_many: concurrent fetching, extraction in workers, one result per URL."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time

import pytest
from conftest import UNRESTRAINED
from pytest_httpserver import HTTPServer

from cleanscrape import scrape_many
from cleanscrape.bulk import ascrape_many


def test_every_url_gives_an_article_in_input_order(site: HTTPServer) -> None:
    urls = [site.url_for(f"/page/{i}") for i in range(20)]
    results = list(scrape_many(urls, workers=1, fetch_config=UNRESTRAINED, concurrency=4))
    assert [(r.url, r.ok) for r in results] == [(u, True) for u in urls]


def test_article_is_extracted_from_the_fetched_page(site: HTTPServer) -> None:
    (result,) = scrape_many([site.url_for("/page/7")], workers=1, fetch_config=UNRESTRAINED)
    assert result.article is not None and result.article.title == "Page 7"


def test_unordered_yields_a_fast_page_before_a_slow_earlier_one(site: HTTPServer) -> None:
    urls = [site.url_for("/slow/0"), site.url_for("/page/1")]
    results = list(scrape_many(urls, workers=1, fetch_config=UNRESTRAINED, ordered=False))
    assert [r.index for r in results] == [1, 0]


def test_a_busy_host_does_not_hold_up_another_host(
    site: HTTPServer, other_site: HTTPServer
) -> None:
    # One page at a time per host: the second slow page waits, the other host's pages must not.
    config = dataclasses.replace(UNRESTRAINED, per_host_concurrency=1)
    urls = [site.url_for("/slow/1"), site.url_for("/slow/2")]
    urls += [other_site.url_for(f"/page/{i}") for i in range(2)]
    results = scrape_many(urls, workers=1, concurrency=2, ordered=False, fetch_config=config)
    # Held up, the other host's first page could not even start before /slow/1 was done.
    assert next(results).url == urls[2]


def test_fetches_go_on_while_the_caller_holds_a_result(site: HTTPServer) -> None:
    # The slow page answers after 1 s, within its 2 s deadline, while the caller is busy
    # with the first result for 2.5 s: the fetch must not be paused past its deadline.
    config = dataclasses.replace(UNRESTRAINED, timeout=2.0)
    urls = [site.url_for("/page/1"), site.url_for("/slow/2")]
    results = scrape_many(urls, workers=1, concurrency=2, fetch_config=config)
    next(results)
    time.sleep(2.5)
    assert next(results).ok


def test_urls_that_cannot_be_fetched_are_failures_named_by_type() -> None:
    results = scrape_many(
        ["ftp://example.com/a", "not a url"], workers=1, fetch_config=UNRESTRAINED
    )
    assert [r.failure.error for r in results if r.failure] == ["UnsupportedScheme"] * 2


def test_http_error_is_a_failure_named_by_its_type(site: HTTPServer) -> None:
    (result,) = scrape_many([site.url_for("/missing")], workers=1, fetch_config=UNRESTRAINED)
    assert result.failure is not None and result.failure.error == "HTTPStatusError"


def test_non_html_answer_is_a_failure(site: HTTPServer) -> None:
    (result,) = scrape_many([site.url_for("/logo.png")], workers=1, fetch_config=UNRESTRAINED)
    assert result.failure is not None and result.failure.error == "NotHTML"


def test_unreachable_host_is_a_failure_not_an_exception() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (result,) = scrape_many([f"http://127.0.0.1:{port}/"], workers=1, fetch_config=UNRESTRAINED)
    assert result.failure is not None and result.failure.message


def test_async_generator_yields_every_url(site: HTTPServer) -> None:
    urls = [site.url_for(f"/page/{i}") for i in range(5)]

    async def collect() -> list[str | None]:
        return [r.url async for r in ascrape_many(urls, workers=1, fetch_config=UNRESTRAINED)]

    assert asyncio.run(collect()) == urls


def test_sync_version_refuses_to_run_inside_an_event_loop() -> None:
    async def inside() -> None:
        next(scrape_many(["http://127.0.0.1:9/"], workers=1, fetch_config=UNRESTRAINED))

    with pytest.raises(RuntimeError, match="ascrape_many"):
        asyncio.run(inside())
