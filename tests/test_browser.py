"""Rendering in a real headless Chromium: script-built pages, and every bound on the browser.

Needs a Chromium (Debian's ``chromium``, installed by ``.ci/run``; another with
``CLEANSCRAPE_CHROMIUM``) and the ``playwright`` package (the ``render`` extra).
Skipped, with the reason, when either is missing. Pages come from local servers.
"""

from __future__ import annotations

import dataclasses
import errno
import ipaddress
import json
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from cleanscrape import FetchConfig, scrape
from cleanscrape.browser import (
    RenderOutOfMemory,
    RenderTimeout,
    _Chromium,
    find_browser,
    render,
)
from cleanscrape.cli import main

# Each starts a Chromium: seconds apiece.
pytestmark = pytest.mark.slow

CONFIG = FetchConfig(
    per_host_delay=0.0, retries=0, browser=os.environ.get("CLEANSCRAPE_CHROMIUM"), render="auto"
)
if find_browser(CONFIG) is None:
    pytest.skip(
        "no Chromium found (apt-get install chromium, or set CLEANSCRAPE_CHROMIUM)",
        allow_module_level=True,
    )
pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not installed (pip install '.[render]')",
)

# A deadline short enough for tests; the bounded pages must end near it.
DEADLINE = 6.0
# Far more than a rendering needs: how long the stalled site holds its answer.
HANG = DEADLINE * 5
# After the deadline, killing the browser and waiting for its processes to exit
# (about 0.5 s; the margin is for a loaded machine).
CLOSING = 3.0
PARAGRAPHS = [
    f"Paragraph {n} of the harbour story: the ferry crew tells the reader about tides, "
    f"ropes and the long winter nights at sea, in the words of sailor number {n}."
    for n in range(1, 6)
]
ARTICLE_JSON = json.dumps(
    {"title": "Harbour story", "body": "".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
)
APP_JS = """
fetch('/api/story').then(r => r.json()).then(d => {
  document.getElementById('root').innerHTML =
    '<article><h1>' + d.title + '</h1>' + d.body + '</article>';
});
"""


APP_SCRIPT = '<script src="/app.js"></script>'


def shell(script: str = APP_SCRIPT) -> str:
    return (
        "<html><head><title>Harbour story</title></head><body><div id='root'></div>"
        f"<noscript>Please enable JavaScript to read this story.</noscript>{script}</body></html>"
    )


def group_members(groups: set[int]) -> list[str]:
    """Processes still alive in these process groups (each rendering's browser has its own)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(stat[2]) in groups and stat[0] != b"Z":  # a zombie is gone, but for its parent
                alive.append(entry.name)
    return alive


@pytest.fixture(autouse=True)
def no_browser_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[int]]:
    """Every browser a test starts must be gone, all its processes, when the test ends."""
    groups: set[int] = set()
    original = _Chromium.start

    def start(self: _Chromium) -> str:
        try:
            return original(self)
        finally:
            if self.process is not None:
                groups.add(self.process.pid)

    monkeypatch.setattr(_Chromium, "start", start)
    yield groups
    assert group_members(groups) == [], "a browser process outlived its rendering"


@pytest.fixture
def app(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/app").respond_with_data(shell(), content_type="text/html")
    httpserver.expect_request("/app.js").respond_with_data(
        APP_JS, content_type="application/javascript"
    )
    httpserver.expect_request("/api/story").respond_with_data(
        ARTICLE_JSON, content_type="application/json"
    )
    return httpserver


@pytest.fixture
def launches(no_browser_left: set[int]) -> set[int]:
    """The process groups of the browsers started (one per rendering)."""
    return no_browser_left


def test_script_built_article_comes_out_with_render_auto(
    app: HTTPServer, launches: set[int], capsys: pytest.CaptureFixture[str]
) -> None:
    url = app.url_for("/app")
    assert main([url, "--render", "auto", "-f", "json", "--render-timeout", "20"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rendered"] is True and data["pages"] == [url]
    assert data["text"].splitlines() == PARAGRAPHS
    assert data["title"] == "Harbour story"
    assert len(launches) == 1


def test_normal_page_is_not_rendered(
    httpserver: HTTPServer, launches: set[int], capsys: pytest.CaptureFixture[str]
) -> None:
    page = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3)
    httpserver.expect_request("/story").respond_with_data(
        f"<html><body><article><h1>Harbour story</h1>{page}</article>"
        '<script src="/analytics.js"></script></body></html>',
        content_type="text/html",
    )
    assert main([httpserver.url_for("/story"), "--render", "auto", "--meta"]) == 0
    assert "Rendered: no" in capsys.readouterr().out
    assert launches == set()
    assert [request.path for request, _ in httpserver.log] == ["/story"]


def test_render_always_reads_a_normal_page_through_the_browser(
    app: HTTPServer, launches: set[int]
) -> None:
    article = scrape(app.url_for("/app"), config=CONFIG, render="always")
    assert article is not None and article.rendered
    assert len(launches) == 1


def test_batch_mode_renders_script_built_pages_and_no_other(
    app: HTTPServer, launches: set[int], tmp_path: Path
) -> None:
    page = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3)
    app.expect_request("/story").respond_with_data(
        f"<html><body><article><h1>Harbour story</h1>{page}</article></body></html>",
        content_type="text/html",
    )
    urls = [app.url_for("/app"), app.url_for("/story")]
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(urls) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    politeness = ["--per-host", "64", "--delay", "0", "--retries", "0"]
    args = ["-i", str(listed), "-o", str(out), "--workers", "1", "--ordered"]
    assert main([*args, "--render", "auto", "--render-timeout", "20", *politeness]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(line["rendered"], line["pages"]) for line in lines] == [
        (True, [urls[0]]),
        (False, [urls[1]]),
    ]
    assert lines[0]["text"].splitlines() == PARAGRAPHS
    assert len(launches) == 1  # the shell's rendering; the article page was read as served


def _timed(work: object) -> tuple[BaseException, float]:
    started = time.monotonic()
    with pytest.raises(Exception) as info:
        work()  # type: ignore[operator]
    return info.value, time.monotonic() - started


def test_script_that_never_ends_stops_at_the_deadline() -> None:
    config = dataclasses.replace(CONFIG, render_timeout=DEADLINE)
    error, elapsed = _timed(
        lambda: render("http://page.test/", shell("<script>while (true) {}</script>"), config)
    )
    assert isinstance(error, RenderTimeout)
    assert str(error) == f"not rendered within the {DEADLINE:g} s render deadline"
    assert elapsed < DEADLINE + CLOSING


@pytest.fixture
def stalled(_threaded_server: HTTPServer) -> Iterator[HTTPServer]:
    """A site whose script never arrives: the page never finishes loading."""
    release = threading.Event()

    def never(request: Request) -> Response:
        release.wait(HANG)
        return Response("", content_type="application/javascript")

    _threaded_server.expect_request("/app").respond_with_data(shell(), content_type="text/html")
    _threaded_server.expect_request("/app.js").respond_with_handler(never)
    yield _threaded_server
    release.set()
    _threaded_server.clear()


def test_page_that_never_finishes_loading_stops_at_the_deadline(
    stalled: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = stalled.url_for("/app")
    started = time.monotonic()
    status = main([url, "--render", "always", "--render-timeout", f"{DEADLINE:g}"])
    elapsed = time.monotonic() - started
    assert status == 1
    assert capsys.readouterr().err == (
        f"cleanscrape: {url}: not rendered within the {DEADLINE:g} s render deadline\n"
    )
    assert elapsed < DEADLINE + CLOSING


POPUPS = """<script>
for (let i = 0; i < 100; i++) window.open('http://popup.test/' + i, '_blank');
for (let i = 0; i < 100; i++) {
  const a = document.createElement('a');
  a.href = '/popup/' + i; a.target = '_blank'; document.body.appendChild(a); a.click();
}
</script><script src="/app.js"></script>"""


def test_hundred_popups_are_refused(app: HTTPServer, caplog: pytest.LogCaptureFixture) -> None:
    config = dataclasses.replace(CONFIG, render_timeout=DEADLINE * 2)
    started = time.monotonic()
    rendering = render(app.url_for("/app"), shell(POPUPS), config)
    assert time.monotonic() - started < config.render_timeout + CLOSING
    assert rendering.popups >= 100
    assert "Paragraph 5 of the harbour story" in rendering.html
    assert not any(request.path.startswith("/popup/") for request, _ in app.log)


@pytest.mark.parametrize(
    "hoard",
    [
        "const a = []; for (;;) a.push(new Array(1e6).fill(Math.random()));",
        "const a = []; for (;;) a.push(new Uint8Array(32 << 20).fill(1));",
    ],
    ids=["js-heap", "array-buffers"],
)
def test_page_that_allocates_in_a_loop_is_stopped(hoard: str) -> None:
    config = dataclasses.replace(
        CONFIG, render_timeout=DEADLINE * 2, render_max_memory=900 * 1024 * 1024
    )
    error, elapsed = _timed(
        lambda: render("http://page.test/", shell(f"<script>{hoard}</script>"), config)
    )
    assert isinstance(error, RenderOutOfMemory), error
    assert "900 MB" in str(error) or "450 MB" in str(error)
    assert elapsed < config.render_timeout + CLOSING


# Names the test's resolver gives private addresses. Nothing may leave the machine
# even if the guard failed: the connections (and look-ups) this process tries beyond
# loopback are refused before they are made (see off_the_machine).
PRIVATE_NAMES = {
    "metadata.test": "169.254.169.254",  # a cloud's instance metadata
    "intranet.test": "10.0.0.1",
    "router.test": "192.168.1.1",
}


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _numeric(host: object) -> bool:
    try:
        ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return False
    return True


@pytest.fixture
def off_the_machine(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What this process tried to reach beyond loopback (refused at once, never sent):
    a connection to an address that is not loopback, or a name looked up in the DNS.

    The page's requests are made here, by the rendering's fetchers (the browser has
    no network of its own); a guard that let one through would show here.
    """
    tried: list[str] = []
    connect = socket.socket.connect
    lookup = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and not _loopback(str(address[0])):
            tried.append(str(address[0]))
            raise OSError(errno.ENETUNREACH, f"test: {address[0]} is off the machine")
        connect(self, address)

    def guarded_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(str(host)) and not _numeric(host):
            tried.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, f"test: no look-up of {host}")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)
    return tried


def test_the_address_guard_holds_inside_the_browser(
    app: HTTPServer, off_the_machine: list[str]
) -> None:
    probes = [
        *(f"http://{name}/latest/meta-data/" for name in PRIVATE_NAMES),
        "http://169.254.169.254/latest/meta-data/",  # literal addresses too
        "http://10.0.0.1/admin",
        f"http://127.0.0.2:{app.port}/api/story",  # loopback, not the allowed 127.0.0.1
    ]
    script = "".join(f"fetch({json.dumps(u)}).catch(() => {{}});" for u in probes)
    names = {"news.test": "127.0.0.1", **PRIVATE_NAMES}
    config = dataclasses.replace(
        CONFIG,
        render_timeout=DEADLINE * 2,
        block_private_addresses=True,
        allowed_addresses=("127.0.0.1/32",),
        resolver=lambda host, port: [names[host]] if host in names else [],
    )
    url = f"http://news.test:{app.port}/app"
    page = shell(f"<script>{script}</script>" + APP_SCRIPT)
    rendering = render(url, page, config)
    assert "Paragraph 1 of the harbour story" in rendering.html  # its own host: allowed
    assert sorted(rendering.blocked) == sorted(probes)  # refused by the guard
    assert off_the_machine == []  # and nothing else tried to get out
    assert "/api/story" in [request.path for request, _ in app.log]  # the net let loopback be


# What a download would save. The served file is never handed to the browser, so no
# file at all may hold it; the page's own blob is in the browser's memory, so its
# shared memory files may (Chromium's ".org.chromium.Chromium.*", in TMPDIR here).
# The blob is built from parts, so that no page or script the browser may cache
# holds it whole.
ATTACHMENT = b"CLEANSCRAPE-ATTACHMENT"
BLOB = b"CLEANSCRAPE-BLOB"
DOWNLOADS = {
    # While the page loads (parsed, before its load event): Chromium then never fires
    # the load event. (Navigating while the page is parsed stops its parsing, as in
    # any browser: the scripts after it would not run.)
    "location-while-loading": (
        "<script>addEventListener('DOMContentLoaded', () =>"
        " { location.href = '/report.bin'; });</script>"
    ),
    "link-after-load": (
        "<a id='get' href='/report.bin'>Report</a><script>addEventListener('load', () =>"
        " setTimeout(() => document.getElementById('get').click(), 100));</script>"
    ),
    # No request at all: only the browser context's accept_downloads stops this one.
    "blob-link": (
        "<script>addEventListener('load', () => { const a = document.createElement('a');"
        " a.download = 'report.bin'; a.href = URL.createObjectURL(new Blob("
        "['CLEANSCRAPE-', 'BLOB ', 'x'.repeat(4096)])); document.body.append(a);"
        " a.click(); });</script>"
    ),
}


def _saved_files(folder: Path, stop: threading.Event, found: list[str]) -> None:
    """Every file under ``folder`` that holds the download, while the rendering runs."""
    while not stop.is_set():
        try:
            paths = list(folder.rglob("*"))
        except OSError:  # a folder removed while listed
            paths = []
        for path in paths:
            try:
                data = path.read_bytes() if path.is_file() else b""
            except OSError:
                continue  # removed meanwhile
            shared = path.name.startswith(".org.chromium.Chromium.")
            if ATTACHMENT in data or (BLOB in data and not shared):
                found.append(str(path.relative_to(folder)))
        stop.wait(0.02)


@pytest.mark.parametrize("trigger", list(DOWNLOADS.values()), ids=list(DOWNLOADS))
def test_downloads_are_refused_and_nothing_is_saved(
    app: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trigger: str
) -> None:
    app.expect_request("/report.bin").respond_with_data(
        ATTACHMENT + b" " + b"x" * 4096,
        content_type="application/octet-stream",
        headers={"Content-Disposition": 'attachment; filename="report.bin"'},
    )
    # Where the browser, Playwright's driver (its downloads folder) and the profile write.
    for name in ("TMPDIR", "HOME"):
        monkeypatch.setenv(name, str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    found: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_saved_files, args=(tmp_path, stop, found))
    watcher.start()
    config = dataclasses.replace(CONFIG, render_timeout=DEADLINE * 2)
    try:
        rendering = render(app.url_for("/app"), shell(trigger + APP_SCRIPT), config)
    finally:
        stop.set()
        watcher.join()
    assert "Paragraph 1 of the harbour story" in rendering.html
    assert rendering.elapsed < DEADLINE  # done, not held to its deadline (twice this)
    assert found == []
    if "/report.bin" in trigger:  # asked for, and refused
        assert "/report.bin" in [request.path for request, _ in app.log]


def test_inspect_shows_the_rendering(app: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = app.url_for("/app")
    assert main(["inspect", url, "--render", "auto", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["rendered"] is True and data["article"]["pages"] == [url]
    assert data["article"]["text"].splitlines() == PARAGRAPHS


def test_the_process_check_sees_a_running_browser() -> None:
    executable = find_browser(CONFIG)
    assert executable is not None
    chromium = _Chromium(executable, CONFIG, time.monotonic() + DEADLINE * 2)
    try:
        chromium.start()
        assert chromium.process is not None
        group = {chromium.process.pid}
        assert len(group_members(group)) > 1  # the browser and its helpers
    finally:
        chromium.close()
    assert group_members(group) == []


def test_ascrape_renders_in_a_worker_thread(app: HTTPServer) -> None:
    import asyncio

    from cleanscrape import ascrape

    article = asyncio.run(ascrape(app.url_for("/app"), config=CONFIG))
    assert article is not None and article.rendered
    assert article.text.splitlines() == PARAGRAPHS
