"""Telling a script shell from a page, and what happens when rendering cannot run (no browser)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from cleanscrape import FetchConfig, scrape, scrape_many
from cleanscrape.browser import (
    EXTRA,
    Rendering,
    RenderUnavailable,
    _wait_for_group,
    missing,
    render,
    script_shell,
)
from cleanscrape.cli import main

SHELL = (
    "<html><head><title>Harbour story</title></head><body>"
    '<div id="root"></div>'
    "<noscript>You need to enable JavaScript to run this app.</noscript>"
    '<script src="/static/app.js"></script></body></html>'
)
WORDS = " ".join(["tide"] * 400)
ARTICLE = f"<html><body><div id='app'><article><h1>Harbour</h1><p>{WORDS}</p></article></div></body></html>"


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if Playwright were not installed."""
    monkeypatch.setitem(sys.modules, "playwright", None)


@pytest.mark.parametrize(
    ("html", "signal"),
    [
        (SHELL, "an empty framework root #root"),
        (SHELL, "a <noscript> asking for JavaScript"),
        ("<body><app-root></app-root><script src=main.js></script></body>", "app-root"),
        (
            "<body><div class='skeleton-line'></div><div class='skeleton-line'></div></body>",
            "2 skeleton placeholders",
        ),
        ("<body><script src=/bundle.js></script></body>", "a body of scripts only"),
    ],
    ids=["root", "noscript", "angular", "skeleton", "scripts-only"],
)
def test_script_shells_are_recognised(html: str, signal: str) -> None:
    reason = script_shell(html)
    assert reason is not None and signal in reason


@pytest.mark.parametrize(
    "html",
    [ARTICLE, "<body><p>Short note, no scripts at all.</p></body>", "<body></body>"],
    ids=["server-rendered-app", "short-page", "empty"],
)
def test_pages_with_their_text_are_not_shells(html: str) -> None:
    assert script_shell(html) is None


def test_without_the_extra_missing_names_it(no_extra: None) -> None:
    assert (
        missing(FetchConfig())
        == "rendering needs the render extra: pip install 'cleanscrape[render]'"
    )


def test_render_without_the_extra_raises(no_extra: None) -> None:
    with pytest.raises(RenderUnavailable, match=r"cleanscrape\[render\]"):
        render("https://example.com/", SHELL, FetchConfig())


def test_render_without_chromium_says_where_it_looked() -> None:
    config = FetchConfig(browser="/nonexistent/chromium")
    reason = missing(config)
    if reason is not None and "extra" in reason:
        pytest.skip("playwright is not installed")
    assert reason is not None and "no Chromium at /nonexistent/chromium" in reason


def test_command_render_always_without_the_extra_fails_in_one_line(
    httpserver: HTTPServer, no_extra: None, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/app").respond_with_data(ARTICLE, content_type="text/html")
    url = httpserver.url_for("/app")
    assert main([url, "--render", "always"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"cleanscrape: {url}: rendering needs the render extra: pip install 'cleanscrape[render]'\n"
    )


def test_command_render_auto_without_the_extra_says_so_in_one_line(
    httpserver: HTTPServer, no_extra: None, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/app").respond_with_data(SHELL, content_type="text/html")
    url = httpserver.url_for("/app")
    assert main([url]) == 1  # --render auto is the default
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"cleanscrape: {url}: no article found: the page is built by scripts (")
    assert err.endswith(
        "not rendered: rendering needs the render extra: pip install 'cleanscrape[render]'\n"
    )


def test_scrape_auto_without_the_extra_logs_one_warning(
    httpserver: HTTPServer, no_extra: None, caplog: pytest.LogCaptureFixture
) -> None:
    httpserver.expect_request("/app").respond_with_data(SHELL, content_type="text/html")
    config = dataclasses.replace(FetchConfig(), per_host_delay=0)
    assert scrape(httpserver.url_for("/app"), config=config) is None
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "cleanscrape[render]" in warnings[0].getMessage()


def test_render_never_does_not_look_at_the_browser(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_browser(*args: object) -> None:
        raise AssertionError("the browser was asked for")

    monkeypatch.setattr("cleanscrape.browser.render", no_browser)
    httpserver.expect_request("/app").respond_with_data(SHELL, content_type="text/html")
    assert scrape(httpserver.url_for("/app"), render="never") is None


def test_config_refuses_an_unknown_render_mode() -> None:
    with pytest.raises(ValueError, match="render"):
        FetchConfig(render="sometimes")  # type: ignore[arg-type]


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_closing_waits_for_running_processes_not_for_zombies() -> None:
    # The killed browser's processes become zombies until init reaps them: seconds in
    # some containers, never where the caller is PID 1. Closing waits for the running.
    running = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        started = time.monotonic()
        _wait_for_group(running.pid, 0.5)
        assert time.monotonic() - started >= 0.5  # a running member is waited for
    finally:
        running.kill()
        running.wait()
    zombie = subprocess.Popen(["true"], start_new_session=True)
    try:
        until = time.monotonic() + 10
        while _state(zombie.pid) != "Z" and time.monotonic() < until:
            time.sleep(0.01)
        assert _state(zombie.pid) == "Z"  # ended, not reaped: only we can reap it
        started = time.monotonic()
        _wait_for_group(zombie.pid, 5.0)
        assert time.monotonic() - started < 1.0
    finally:
        zombie.wait()


# --------------------------------------------------------------------------- batch mode
# scrape_many and the command's batch mode render as scrape does; a stand-in browser
# (these tests need no Chromium) counts the renderings running at once.

RENDERED = ARTICLE.replace("<h1>Harbour</h1>", "<h1>Harbour, rendered</h1>")
BATCH_CONFIG = FetchConfig(per_host_concurrency=64, per_host_delay=0.0, retries=0)


class StandIn:
    """``browser.render``, without a browser: the rendered article, after a while."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def __call__(self, url: str, html: str, config: FetchConfig) -> Rendering:
        with self._lock:
            self.urls.append(url)
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.3)
        with self._lock:
            self.running -= 1
        return Rendering(url, RENDERED)


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> StandIn:
    browser = StandIn()
    monkeypatch.setattr("cleanscrape.browser.render", browser)
    monkeypatch.setattr("cleanscrape.browser.missing", lambda config: None)
    return browser


def _serve_apps(server: HTTPServer) -> list[str]:
    server.expect_request("/shell/1").respond_with_data(SHELL, content_type="text/html")
    server.expect_request("/shell/2").respond_with_data(SHELL, content_type="text/html")
    server.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    return [server.url_for(p) for p in ("/shell/1", "/shell/2", "/article")]


def test_scrape_many_renders_only_script_shells_with_render_auto(
    httpserver: HTTPServer, stand_in: StandIn
) -> None:
    urls = _serve_apps(httpserver)
    results = list(scrape_many(urls, workers=1, fetch_config=BATCH_CONFIG))
    assert [r.article.rendered if r.article else None for r in results] == [True, True, False]
    assert [r.article.title if r.article else None for r in results] == [
        "Harbour, rendered",
        "Harbour, rendered",
        "Harbour",
    ]
    assert sorted(stand_in.urls) == urls[:2]  # the article page was not rendered
    assert results[0].to_dict()["pages"] == [urls[0]]


@pytest.mark.parametrize("workers", [1, 2])
def test_scrape_many_renders_no_more_pages_at_once_than_it_has_workers(
    httpserver: HTTPServer, stand_in: StandIn, workers: int
) -> None:
    urls = _serve_apps(httpserver)
    config = dataclasses.replace(BATCH_CONFIG, render="always")
    results = list(scrape_many(urls * 2, workers=workers, concurrency=6, fetch_config=config))
    assert all(r.article is not None and r.article.rendered for r in results)
    assert len(stand_in.urls) == 6
    assert 1 <= stand_in.most <= workers


def test_scrape_many_never_renders_with_render_never(
    httpserver: HTTPServer, stand_in: StandIn
) -> None:
    urls = _serve_apps(httpserver)
    config = dataclasses.replace(BATCH_CONFIG, render="never")
    results = list(scrape_many(urls, workers=1, fetch_config=config))
    assert [r.ok for r in results] == [False, False, True]
    assert stand_in.urls == []


def test_scrape_many_without_the_extra_says_why_a_shell_has_no_article(
    httpserver: HTTPServer, no_extra: None
) -> None:
    urls = _serve_apps(httpserver)[:1]
    (result,) = scrape_many(urls, workers=1, fetch_config=BATCH_CONFIG)
    assert result.failure is not None and result.failure.error == "NoArticle"
    assert result.failure.message.startswith("no article found: the page is built by scripts (")
    assert result.failure.message.endswith("rendering needs the render extra: " + EXTRA)


def test_batch_command_renders_with_render_always(
    httpserver: HTTPServer, stand_in: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = _serve_apps(httpserver)
    politeness = ["--per-host", "64", "--delay", "0", "--retries", "0"]
    args = [*urls, "-f", "json", "--render", "always", "--workers", "1", "--ordered"]
    assert main([*args, *politeness]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["rendered"], line["pages"]) for line in lines] == [(True, [u]) for u in urls]
    assert sorted(stand_in.urls) == sorted(urls)


def test_batch_command_render_always_without_the_extra_fails_each_url(
    httpserver: HTTPServer, no_extra: None, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = _serve_apps(httpserver)[2:]
    politeness = ["--per-host", "64", "--delay", "0", "--retries", "0"]
    assert main([*urls, *urls, "-f", "json", "--render", "always", *politeness]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["error"] for line in lines} == {"RenderUnavailable"}
    assert all(EXTRA in line["message"] for line in lines)
