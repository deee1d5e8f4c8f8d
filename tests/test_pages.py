"""Stories split over pages: followed by scrape, joined in order, never by extract."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import UNRESTRAINED
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import cleanscrape
from cleanscrape import Article, FetchConfig, Fetcher, extract, scrape, scrape_many
from cleanscrape.batch import PageResult
from cleanscrape.bulk import ascrape_many
from cleanscrape.cli import main
from cleanscrape.pages import PageRead, join_pages, next_page, page_number, read_page
from cleanscrape.parse import parse_fragment
from cleanscrape.rules import RuleSet
from cleanscrape.rules.fivefilters import parse_fivefilters_rule

CONFIG = dataclasses.replace(UNRESTRAINED, render="never")
PARAGRAPHS = 3


def _paragraph(page: int, index: int) -> str:
    return (
        f"Paragraph {page}.{index} of the harbour story: the ferry crew of page {page} "
        f"tells the reader about tides, ropes and the long winter nights at sea, line {index}."
    )


def story_page(
    page: int,
    *,
    pages: int = 3,
    link: Callable[[int], str] = lambda n: f"/story/{n}" if n > 1 else "/story",
    rel_next: bool = False,
    pager: bool = True,
    extra: str = "",
) -> str:
    """One page of a story: a shared headline and furniture, its own paragraphs, a pager."""
    head = ""
    if rel_next and page < pages:
        head = f'<link rel="next" href="{link(page + 1)}">'
    paragraphs = "".join(f"<p>{_paragraph(page, i)}</p>" for i in range(1, PARAGRAPHS + 1))
    numbers = ""
    if pager:
        numbers = " ".join(
            f'<a href="{link(n)}">{n}</a>' if n != page else f"<span>{n}</span>"
            for n in range(1, pages + 1)
        )
        numbers = f'<div class="pager">Page {page} of {pages}: {numbers}</div>'
    return (
        f"<html><head><title>Harbour story</title>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        "<article><h1>Harbour story</h1>"
        "<p>Advertisement</p>"
        f"{paragraphs}{numbers}{extra}</article>"
        "<footer>Copyright the harbour paper</footer></body></html>"
    )


def serve_story(server: HTTPServer, pages: int = 3, **kwargs: object) -> None:
    for n in range(1, pages + 1):
        path = f"/story/{n}" if n > 1 else "/story"
        server.expect_request(path).respond_with_data(
            story_page(n, pages=pages, **kwargs),  # type: ignore[arg-type]
            content_type="text/html; charset=utf-8",
        )


def _paragraph_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Paragraph ")]


EVERY_PARAGRAPH = [_paragraph(p, i) for p in (1, 2, 3) for i in range(1, PARAGRAPHS + 1)]


def _requests(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def test_pager_story_is_joined_in_order_once_each(httpserver: HTTPServer) -> None:
    serve_story(httpserver)
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH
    assert article.pages == [httpserver.url_for(p) for p in ("/story", "/story/2", "/story/3")]
    assert article.rendered is False


def test_rel_next_story_is_joined(httpserver: HTTPServer) -> None:
    serve_story(httpserver, rel_next=True, pager=False)
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH
    assert len(article.pages) == 3


def test_query_string_pager_is_followed(httpserver: HTTPServer) -> None:
    def link(n: int) -> str:
        return f"/read?id=7&page={n}" if n > 1 else "/read?id=7"

    for n in (1, 2, 3):
        query = {"id": "7", "page": str(n)} if n > 1 else {"id": "7"}
        httpserver.expect_request("/read", query_string=query).respond_with_data(
            story_page(n, link=link), content_type="text/html"
        )
    article = scrape(httpserver.url_for("/read?id=7"), config=CONFIG)
    assert article is not None
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH


def test_repeated_lines_are_dropped_from_text_and_html(httpserver: HTTPServer) -> None:
    serve_story(httpserver)
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert "Advertisement" not in article.text
    assert "Page 2 of 3" not in article.text
    assert "Advertisement" not in article.html
    assert article.html.count("Paragraph 2.1 ") == 1
    assert article.markdown.count("Paragraph 3.3 ") == 1


SERIES = "Our coast series is supported by readers like you, and every part of it is free to read."
STANDFIRST = (
    "The last crossing of the harbour ferry, told by the people who worked her for forty years."
)


def test_lines_repeated_across_pages_are_dropped_by_the_join(httpserver: HTTPServer) -> None:
    # Lines each page's own extraction keeps: one on every page (dropped everywhere),
    # one on pages 1 and 2 (kept once, where it first appears).
    def extra(n: int) -> str:
        return f"<p>{SERIES}</p>" + (f"<p>{STANDFIRST}</p>" if n < 3 else "")

    for n in (1, 2, 3):
        path = f"/story/{n}" if n > 1 else "/story"
        page = story_page(n, extra=extra(n))
        single = extract(page, httpserver.url_for(path))
        assert single is not None and SERIES in single.text.splitlines()
        httpserver.expect_request(path).respond_with_data(page, content_type="text/html")
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert article.text.splitlines() == [
        *EVERY_PARAGRAPH[:PARAGRAPHS],
        STANDFIRST,
        *EVERY_PARAGRAPH[PARAGRAPHS:],
    ]
    assert SERIES not in article.html and article.html.count(STANDFIRST) == 1
    assert SERIES not in article.markdown and article.markdown.count(STANDFIRST) == 1


FIVEFILTERS_NEXT = "body: //article\nnext_page_link: //a[@class='next']\n"


def _rules(text: str) -> RuleSet:
    rule = parse_fivefilters_rule(text, path="localhost.txt", domain="localhost", scope="host")
    return RuleSet([rule])


def test_fivefilters_next_page_link_is_followed(httpserver: HTTPServer) -> None:
    def next_link(n: int) -> str:
        return f'<a class="next" href="/part-{n + 1}.html">Continue</a>' if n < 3 else ""

    # Addresses without page numbers: only the rule knows the order.
    for n, path in enumerate(("/part-1.html", "/part-2.html", "/part-3.html"), 1):
        httpserver.expect_request(path).respond_with_data(
            story_page(n, pager=False, extra=next_link(n)), content_type="text/html"
        )
    rules = _rules(FIVEFILTERS_NEXT)
    with Fetcher(CONFIG) as fetcher:
        article = fetcher.scrape(httpserver.url_for("/part-1.html"), rules=rules)
    assert article is not None
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH
    assert article.pages[-1] == httpserver.url_for("/part-3.html")


def test_fivefilters_single_page_link_is_one_request_for_the_story(
    httpserver: HTTPServer,
) -> None:
    whole = "".join(f"<p>{line}</p>" for line in EVERY_PARAGRAPH)
    first = story_page(1, extra='<a class="all" href="/story?view=all">Single page</a>')
    httpserver.expect_request("/story", query_string="view=all").respond_with_data(
        f"<html><body><article><h1>Harbour story</h1>{whole}</article></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/story").respond_with_data(first, content_type="text/html")
    rules = _rules("body: //article\nsingle_page_link: //a[@class='all']\n")
    article = scrape(httpserver.url_for("/story"), config=CONFIG, rules=rules)
    assert article is not None
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH
    assert article.pages == [httpserver.url_for("/story?view=all")]
    assert _requests(httpserver) == ["/story", "/story"]  # page 1, then the single page


def test_rule_next_link_loop_is_not_followed(httpserver: HTTPServer) -> None:
    back = '<a class="next" href="/story">Continue</a>'  # page 2 "continues" to page 1
    httpserver.expect_request("/story").respond_with_data(
        story_page(1, pager=False, extra='<a class="next" href="/story/2">Continue</a>'),
        content_type="text/html",
    )
    httpserver.expect_request("/story/2").respond_with_data(
        story_page(2, pager=False, extra=back), content_type="text/html"
    )
    article = scrape(httpserver.url_for("/story"), config=CONFIG, rules=_rules(FIVEFILTERS_NEXT))
    assert article is not None
    assert len(article.pages) == 2
    assert _requests(httpserver) == ["/story", "/story/2"]


def test_pager_pointing_back_ends_the_story(httpserver: HTTPServer) -> None:
    serve_story(httpserver, rel_next=True)
    # The last page's rel=next goes back to page 2: earlier pages are never "next".
    httpserver.clear()
    for n in (1, 2, 3):
        page = story_page(n, rel_next=n < 3)
        if n == 3:
            page = page.replace("<head>", '<head><link rel="next" href="/story/2">')
        path = f"/story/{n}" if n > 1 else "/story"
        httpserver.expect_request(path).respond_with_data(page, content_type="text/html")
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH
    assert _requests(httpserver) == ["/story", "/story/2", "/story/3"]


def test_next_page_on_another_host_is_not_followed(httpserver: HTTPServer) -> None:
    elsewhere = f"http://127.0.0.1:{httpserver.port}/story/2"  # same server, other host name
    httpserver.expect_request("/story").respond_with_data(
        story_page(1, pager=False).replace("<head>", f'<head><link rel="next" href="{elsewhere}">'),
        content_type="text/html",
    )
    httpserver.expect_request("/story/2").respond_with_data(story_page(2), content_type="text/html")
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert article.pages == [httpserver.url_for("/story")]
    assert _requests(httpserver) == ["/story"]


def test_rule_link_to_another_host_is_not_followed(httpserver: HTTPServer) -> None:
    elsewhere = f"http://127.0.0.1:{httpserver.port}/story/2"
    httpserver.expect_request("/story").respond_with_data(
        story_page(1, pager=False, extra=f'<a class="next" href="{elsewhere}">Continue</a>'),
        content_type="text/html",
    )
    article = scrape(httpserver.url_for("/story"), config=CONFIG, rules=_rules(FIVEFILTERS_NEXT))
    assert article is not None
    assert len(article.pages) == 1
    assert _requests(httpserver) == ["/story"]


def test_single_page_link_to_another_host_is_not_followed(httpserver: HTTPServer) -> None:
    elsewhere = f"http://127.0.0.1:{httpserver.port}/story?view=all"
    serve_story(httpserver)
    httpserver.clear()
    httpserver.expect_request("/story").respond_with_data(
        story_page(1, extra=f'<a class="all" href="{elsewhere}">Single page</a>'),
        content_type="text/html",
    )
    for n in (2, 3):
        httpserver.expect_request(f"/story/{n}").respond_with_data(
            story_page(n), content_type="text/html"
        )
    rules = _rules("body: //article\nsingle_page_link: //a[@class='all']\n")
    article = scrape(httpserver.url_for("/story"), config=CONFIG, rules=rules)
    assert article is not None
    assert _requests(httpserver) == ["/story", "/story/2", "/story/3"]  # its own pager
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH


def test_max_pages_bounds_the_story(httpserver: HTTPServer) -> None:
    serve_story(httpserver, pages=5)
    config = dataclasses.replace(CONFIG, max_pages=2)
    article = scrape(httpserver.url_for("/story"), config=config)
    assert article is not None
    assert len(article.pages) == 2
    assert _requests(httpserver) == ["/story", "/story/2"]


def test_a_pager_redirecting_back_to_a_page_read_ends_the_story(httpserver: HTTPServer) -> None:
    # Page 3 of the pager answers with a redirect to page 1: a loop, not a third page.
    for n in (1, 2):
        path = f"/story/{n}" if n > 1 else "/story"
        httpserver.expect_request(path).respond_with_data(story_page(n), content_type="text/html")
    httpserver.expect_request("/story/3").respond_with_data(
        "", status=302, headers={"Location": "/story"}
    )
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert article.pages == [httpserver.url_for(p) for p in ("/story", "/story/2")]
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH[: 2 * PARAGRAPHS]
    assert _requests(httpserver) == ["/story", "/story/2", "/story/3", "/story"]


def test_the_default_limit_is_ten_pages(httpserver: HTTPServer) -> None:
    assert cleanscrape.FetchConfig().max_pages == 10
    serve_story(httpserver, pages=12)
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert len(article.pages) == 10
    assert _requests(httpserver)[-1] == "/story/10"


# The next pages answer this late: two of them do not fit in one TIMEOUT.
LATE = 1.2
TIMEOUT = 2.0


def serve_late_story(server: HTTPServer) -> threading.Event:
    """A three-page story whose pages 2 and 3 each answer :data:`LATE` seconds after they
    are asked for (sooner once the returned event is set)."""
    release = threading.Event()

    def late(page: int) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            release.wait(LATE)
            return Response(story_page(page), content_type="text/html")

        return answer

    server.expect_request("/story").respond_with_data(story_page(1), content_type="text/html")
    server.expect_request("/story/2").respond_with_handler(late(2))
    server.expect_request("/story/3").respond_with_handler(late(3))
    return release


def test_next_pages_are_read_within_the_first_fetchs_deadline(
    _threaded_server: HTTPServer,
) -> None:
    server = _threaded_server
    release = serve_late_story(server)
    config = dataclasses.replace(CONFIG, timeout=TIMEOUT)
    started = time.monotonic()
    try:
        article = scrape(server.url_for("/story"), config=config)
    finally:
        release.set()
        server.clear()
    elapsed = time.monotonic() - started
    # Page 3 would arrive at 2 * LATE, past the deadline: the story ends at page 2,
    # by the deadline (each page alone is well within the timeout).
    assert article is not None
    assert article.pages == [server.url_for("/story"), server.url_for("/story/2")]
    assert elapsed < TIMEOUT + 1.0  # the deadline, and a margin for a loaded machine


def test_a_failing_next_page_keeps_the_pages_read(httpserver: HTTPServer) -> None:
    serve_story(httpserver, pages=3)
    httpserver.clear()
    for n in (1, 2):
        path = f"/story/{n}" if n > 1 else "/story"
        httpserver.expect_request(path).respond_with_data(story_page(n), content_type="text/html")
    httpserver.expect_request("/story/3").respond_with_data("gone", status=404)
    article = scrape(httpserver.url_for("/story"), config=CONFIG)
    assert article is not None
    assert len(article.pages) == 2


def test_extract_never_follows_anything(httpserver: HTTPServer) -> None:
    serve_story(httpserver)
    article = extract(story_page(1), httpserver.url_for("/story"))
    assert article is not None
    assert article.pages == [] and article.rendered is False
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH[:PARAGRAPHS]
    assert _requests(httpserver) == []


def test_ascrape_joins_the_story(httpserver: HTTPServer) -> None:
    serve_story(httpserver)
    article = asyncio.run(cleanscrape.ascrape(httpserver.url_for("/story"), config=CONFIG))
    assert article is not None
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH


def test_command_json_and_meta_show_the_pages(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(httpserver)
    url = httpserver.url_for("/story")
    assert main([url, "-f", "json", "--render", "never"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"] == [url, f"{url}/2", f"{url}/3"]
    assert data["rendered"] is False
    assert main([url, "--meta", "--max-pages", "2"]) == 0
    out = capsys.readouterr().out
    assert f"Pages: {url}, {url}/2\n" in out
    assert "Rendered: no\n" in out


def test_page_number_reads_the_usual_forms() -> None:
    assert page_number("https://x.com/a/story") == ("x.com/a/story", 1)
    assert page_number("https://www.x.com/a/story/2/") == ("x.com/a/story", 2)
    assert page_number("https://x.com/a/story/page/3") == ("x.com/a/story", 3)
    assert page_number("https://x.com/a/story-4.html") == ("x.com/a/story.html", 4)
    assert page_number("https://x.com/read?id=7&page=2") == ("x.com/read?id=7", 2)
    assert page_number("https://x.com/news/123")[1] == 1  # an article id, not a page


def test_a_rel_next_to_another_post_is_not_a_next_page() -> None:
    tree = parse_fragment(
        '<html><head><link rel="next" href="/2024/05/other-story"></head><body></body></html>'
    )
    assert next_page(tree, "https://x.com/2024/05/story") is None


def test_joining_one_page_keeps_it_whole() -> None:
    article = extract(story_page(1), "https://x.com/story")
    assert article is not None
    joined = join_pages([article], ["https://x.com/story"], rendered=False)
    assert joined.text == article.text and joined.pages == ["https://x.com/story"]


def test_joining_leaves_the_html_unsanitized_until_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # Callers who want only the text never pay for the sanitizer (models._SanitizedOnRead).
    import cleanscrape.render

    article = extract(story_page(1), "https://x.com/story")
    assert article is not None
    calls: list[str] = []
    sanitize = cleanscrape.render.sanitize_html
    monkeypatch.setattr(
        cleanscrape.render, "sanitize_html", lambda raw, base: calls.append(raw) or sanitize(raw, base)
    )
    joined = join_pages([article], ["https://x.com/story"], rendered=False)
    assert calls == []
    assert "Paragraph 1.1" in joined.html and len(calls) == 1


def test_a_page_of_a_story_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shell check, the rule's single-page link, the next link and the extraction all
    # read one tree (hot path: parse each page once).
    import cleanscrape.pages
    import cleanscrape.parse

    calls: list[int] = []
    parse = cleanscrape.parse.parse_document

    def counting(html: str | bytes, options: Any) -> Any:
        calls.append(1)
        return parse(html, options)

    monkeypatch.setattr(cleanscrape.pages, "parse_document", counting)
    monkeypatch.setattr(cleanscrape.core, "parse_document", counting)
    monkeypatch.setattr(cleanscrape.browser, "parse_document", counting)
    request = PageRead(story_page(1), "https://x.com/story", shell=True, single=True, more=True)
    reading = read_page(request, cleanscrape.Options(), None)
    assert reading.article is not None and reading.next == "https://x.com/story/2"
    assert len(calls) == 1


def test_inspect_shows_the_pages(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(httpserver)
    url = httpserver.url_for("/story")
    assert main(["inspect", url, "--render", "never", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["pages"] == [url, f"{url}/2", f"{url}/3"]
    assert data["article"]["rendered"] is False
    assert _paragraph_lines(data["article"]["text"]) == EVERY_PARAGRAPH
    report = tmp_path / "report.html"
    assert main(["inspect", url, "--render", "never", "-o", str(report)]) == 0
    html = report.read_text(encoding="utf-8")
    assert "<th>pages</th><td>3 (blocks shown: the first)" in html
    assert f"<li>{url}/3</li>" in html
    assert "<th>rendered</th><td>no</td>" in html


# --------------------------------------------------------------------------- batch mode
# scrape_many, ascrape_many and the command's batch mode read a story as scrape does.

BATCH_ARGS = ["--render", "never", "--per-host", "64", "--delay", "0", "--retries", "0"]


def _many(urls: list[str], config: FetchConfig = CONFIG, **kwargs: Any) -> list[PageResult]:
    return list(scrape_many(urls, workers=1, fetch_config=config, **kwargs))


def _batch_story(
    server: HTTPServer, config: FetchConfig = CONFIG, *, url: str | None = None, **kwargs: Any
) -> Article:
    (result,) = _many([url or server.url_for("/story")], config, **kwargs)
    assert result.article is not None, result.failure
    return result.article


@pytest.mark.parametrize("rel_next", [False, True], ids=["pager", "rel-next"])
def test_scrape_many_joins_a_story_as_scrape_does(httpserver: HTTPServer, rel_next: bool) -> None:
    serve_story(httpserver, rel_next=rel_next)
    article = _batch_story(httpserver)
    url = httpserver.url_for("/story")
    assert article.pages == [url, f"{url}/2", f"{url}/3"]
    assert article.rendered is False
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH
    assert article.text == scrape(url, config=CONFIG).text  # type: ignore[union-attr]
    assert "Advertisement" not in article.markdown


def test_ascrape_many_joins_the_story(httpserver: HTTPServer) -> None:
    serve_story(httpserver)

    async def collect() -> list[PageResult]:
        urls = [httpserver.url_for("/story")]
        return [r async for r in ascrape_many(urls, workers=1, fetch_config=CONFIG)]

    (result,) = asyncio.run(collect())
    assert result.article is not None
    assert _paragraph_lines(result.article.text) == EVERY_PARAGRAPH


def test_scrape_many_keeps_to_max_pages(httpserver: HTTPServer) -> None:
    serve_story(httpserver, pages=5)
    article = _batch_story(httpserver, dataclasses.replace(CONFIG, max_pages=2))
    assert len(article.pages) == 2
    assert _requests(httpserver) == ["/story", "/story/2"]
    httpserver.clear_log()
    article = _batch_story(httpserver, dataclasses.replace(CONFIG, max_pages=1))
    assert len(article.pages) == 1 and _requests(httpserver) == ["/story"]


def _rule_folder(tmp_path: Path, text: str) -> list[Path]:
    # A FiveFilters file for 127.0.0.1, the local server's address: the URLs use it.
    (tmp_path / "127.0.0.1.txt").write_text(text, encoding="utf-8")
    return [tmp_path]


def test_scrape_many_follows_site_rules_and_not_their_loops(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # Addresses without page numbers: only the rule knows the way, and page 2 leads back.
    httpserver.expect_request("/story").respond_with_data(
        story_page(1, pager=False, extra='<a class="next" href="/continued">Continue</a>'),
        content_type="text/html",
    )
    httpserver.expect_request("/continued").respond_with_data(
        story_page(2, pager=False, extra='<a class="next" href="/story">Continue</a>'),
        content_type="text/html",
    )
    url = f"http://127.0.0.1:{httpserver.port}/story"
    folders = _rule_folder(tmp_path, FIVEFILTERS_NEXT)
    article = _batch_story(httpserver, url=url, rule_folders=folders)
    assert article.pages == [url, url.replace("/story", "/continued")]
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH[: 2 * PARAGRAPHS]
    assert _requests(httpserver) == ["/story", "/continued"]


def test_scrape_many_reads_a_single_page_link_first(httpserver: HTTPServer, tmp_path: Path) -> None:
    whole = "".join(f"<p>{line}</p>" for line in EVERY_PARAGRAPH)
    first = story_page(1, extra='<a class="all" href="/story?view=all">Single page</a>')
    httpserver.expect_request("/story", query_string="view=all").respond_with_data(
        f"<html><body><article><h1>Harbour story</h1>{whole}</article></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/story").respond_with_data(first, content_type="text/html")
    url = f"http://127.0.0.1:{httpserver.port}/story"
    folders = _rule_folder(tmp_path, "body: //article\nsingle_page_link: //a[@class='all']\n")
    article = _batch_story(httpserver, url=url, rule_folders=folders)
    assert _paragraph_lines(article.text) == EVERY_PARAGRAPH
    assert article.pages == [f"{url}?view=all"]
    assert _requests(httpserver) == ["/story", "/story"]


def test_scrape_many_does_not_follow_a_rule_link_to_another_host(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # The pager finds only later pages of the same address; a rule's link can go anywhere.
    elsewhere = f"http://localhost:{httpserver.port}/continued"  # same server, other host name
    httpserver.expect_request("/story").respond_with_data(
        story_page(1, pager=False, extra=f'<a class="next" href="{elsewhere}">Continue</a>'),
        content_type="text/html",
    )
    httpserver.expect_request("/continued").respond_with_data(
        story_page(2, pager=False), content_type="text/html"
    )
    url = f"http://127.0.0.1:{httpserver.port}/story"
    folders = _rule_folder(tmp_path, FIVEFILTERS_NEXT)
    article = _batch_story(httpserver, url=url, rule_folders=folders)
    assert article.pages == [url]
    assert _requests(httpserver) == ["/story"]


def test_scrape_many_waits_its_turn_at_the_host_for_next_pages(
    _threaded_server: HTTPServer,
) -> None:
    server = _threaded_server
    asked: list[float] = []

    def answer(page: int) -> Callable[[Request], Response]:
        def respond(request: Request) -> Response:
            asked.append(time.monotonic())
            return Response(story_page(page), content_type="text/html")

        return respond

    for n in (1, 2, 3):
        server.expect_request(f"/story/{n}" if n > 1 else "/story").respond_with_handler(answer(n))
    delay = 0.5
    config = dataclasses.replace(CONFIG, per_host_delay=delay, per_host_concurrency=1)
    try:
        article = _batch_story(server, config)
    finally:
        server.clear()
    assert len(article.pages) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(asked)]
    assert len(gaps) == 2 and min(gaps) >= delay * 0.9, gaps


def test_scrape_many_reads_next_pages_within_the_deadline(_threaded_server: HTTPServer) -> None:
    server = _threaded_server
    release = serve_late_story(server)
    started = time.monotonic()
    try:
        article = _batch_story(server, dataclasses.replace(CONFIG, timeout=TIMEOUT))
    finally:
        release.set()
        server.clear()
    assert article.pages == [server.url_for("/story"), server.url_for("/story/2")]
    assert time.monotonic() - started < TIMEOUT + 3.0  # and the workers' start


def test_batch_command_follows_the_story(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(httpserver, pages=5)
    url = httpserver.url_for("/story")
    other = httpserver.url_for("/story/4")  # the story from page 4: pages 4 and 5
    # Several URLs with -f json: batch mode.
    args = [url, other, "-f", "json", "--max-pages", "3", "--workers", "1", "--ordered"]
    assert main([*args, *BATCH_ARGS]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["pages"] for line in lines] == [
        [url, f"{url}/2", f"{url}/3"],
        [other, f"{url}/5"],
    ]
    assert [line["rendered"] for line in lines] == [False, False]
    # A list of URLs (-i): the same.
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{url}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["-i", str(urls), "-o", str(out), "--max-pages", "2", *BATCH_ARGS]) == 0
    (line,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert line["pages"] == [url, f"{url}/2"]
    assert _paragraph_lines(line["text"]) == EVERY_PARAGRAPH[: 2 * PARAGRAPHS]
