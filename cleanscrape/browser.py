"""Reading a page built by scripts: a headless Chromium, bounded, behind the fetcher's guard.

Needs the ``render`` extra (``pip install 'cleanscrape[render]'``: Playwright) and a
Chromium the user installs (Debian's ``chromium`` package; Playwright's own browser
downloads are not needed). :func:`script_shell` (no browser) tells a served page
that is only a shell for its scripts; :func:`render` runs the page in the browser
and returns the document its scripts built.

How a rendering is bounded:

- **its own deadline** (``FetchConfig.render_timeout``), the browser's start
  included: a watchdog thread kills the browser at the deadline whatever it is
  doing (a script looping forever, a page that never finishes loading);
- **memory** (``FetchConfig.render_max_memory``): V8's heap is capped at half of it
  and the watchdog adds up the proportional set size of every browser process
  (Linux), killing them all past the bound;
- **no network of its own**: every request the page makes is answered by a
  :class:`~cleanscrape.fetch.Fetcher` with the caller's config (so the same
  address guard, size limit and deadline; GET only; images, media and fonts are
  not fetched); the browser's own resolver maps every name to nothing and its
  proxy is a closed port, so what Playwright does not route (WebSockets, WebRTC)
  goes nowhere;
- **no downloads, no pop-ups**: a navigation to a file (an attachment, a type no
  page is) gets "204 No Content" (the page stays; the file never reaches the
  browser), other downloads (a script's blob) are refused by the browser context,
  and a page that starts one while it loads is not held to the deadline for its
  load event; ``window.open`` returns ``null`` and any new tab is closed as it opens;
- **nothing left behind**: the browser runs in its own process group with a fresh
  profile folder; both are gone when :func:`render` returns or raises.

The errors::

    FetchError
    └── RenderError               the rendering failed (the browser crashed or refused)
        ├── RenderUnavailable     the render extra or Chromium is not installed
        ├── RenderTimeout         the page was not rendered within render_timeout
        └── RenderOutOfMemory     the browser passed render_max_memory
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import FetchError, InputError
from .fetch import media_type
from .models import Options
from .parse import Tree, parse_document

if TYPE_CHECKING:
    from .fetch import FetchConfig, Fetcher

__all__ = [
    "RenderError",
    "RenderOutOfMemory",
    "RenderTimeout",
    "RenderUnavailable",
    "Rendering",
    "find_browser",
    "missing",
    "render",
    "script_shell",
    "tree_shell",
]

logger = logging.getLogger(__name__)


class RenderError(FetchError):
    """Rendering the page in a browser failed."""


class RenderUnavailable(RenderError):
    """Rendering was asked for, but the ``render`` extra or Chromium is not installed."""


class RenderTimeout(RenderError):
    """The page was not rendered within ``FetchConfig.render_timeout``."""


class RenderOutOfMemory(RenderError):
    """The browser used more than ``FetchConfig.render_max_memory``."""


# --------------------------------------------------------------------------- script shells

# A page with fewer visible words than this has no article of its own to give.
SHELL_MAX_WORDS = 150
# Below this many words, a body that only loads scripts is a shell by itself.
EMPTY_BODY_WORDS = 20
# Elements that frameworks mount their application on, empty until the scripts run.
_ROOTS = (
    "#root, #app, #__next, #__nuxt, #___gatsby, #svelte, #main-app, #react-root, "
    "#ember-application, [data-reactroot], [ng-version], [ng-app], app-root"
)
_SKELETON = re.compile(r"\b(?:skeleton|shimmer|placeholder-glow|content-loader)", re.IGNORECASE)
_NOSCRIPT_WARNING = re.compile(
    r"(?:enable|turn on|activate|requires?|need|without)\b.{0,40}\bjavascript"
    r"|javascript\b.{0,40}\b(?:required|disabled|enabled?|needed|is off)",
    re.IGNORECASE | re.DOTALL,
)
_INVISIBLE = ["script", "style", "noscript", "template", "svg", "head"]


def script_shell(html: str) -> str | None:
    """Why the served ``html`` is a shell that its scripts fill in, or ``None`` when it is not.

    A shell has little visible text (under :data:`SHELL_MAX_WORDS` words) and one
    of: an empty framework root element (``<div id="root">``, ``<app-root>``...),
    skeleton placeholders, a ``<noscript>`` asking for JavaScript, or a body that
    holds nothing but scripts.
    """
    try:
        tree = parse_document(html, Options())
    except InputError:
        return None
    return tree_shell(tree)


def tree_shell(tree: Tree) -> str | None:
    """:func:`script_shell` of a page already parsed (the tree is not changed)."""
    body = tree.body
    if body is None:
        return None
    noscript = " ".join(n.text(deep=True, separator=" ") for n in tree.css("noscript"))
    visible = body.clone()
    visible.strip_tags(_INVISIBLE)
    words = len(visible.text(deep=True, separator=" ").split())
    if words >= SHELL_MAX_WORDS:
        return None
    signals = []
    for root in tree.css(_ROOTS):
        if len(root.text(deep=True, separator=" ").split()) < EMPTY_BODY_WORDS:
            shown = f"#{root.id}" if root.id else root.tag
            signals.append(f"an empty framework root {shown}")
            break
    skeletons = [
        n for n in tree.css("[class]") if _SKELETON.search(n.attributes.get("class") or "")
    ]
    if skeletons:
        signals.append(f"{len(skeletons)} skeleton placeholders")
    if _NOSCRIPT_WARNING.search(noscript):
        signals.append("a <noscript> asking for JavaScript")
    if not signals and words < EMPTY_BODY_WORDS and tree.css_first("script[src]") is not None:
        signals.append("a body of scripts only")
    if not signals:
        return None
    return f"{', '.join(signals)}; {words} visible words"


# --------------------------------------------------------------------------- the browser

_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
EXTRA = "pip install 'cleanscrape[render]'"


def find_browser(config: FetchConfig) -> str | None:
    """The Chromium executable to use: ``config.browser``, else the first on the PATH."""
    if config.browser:
        return config.browser if os.access(config.browser, os.X_OK) else None
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing(config: FetchConfig) -> str | None:
    """What rendering lacks, in words (the extra, or a browser), or ``None`` when it can run."""
    if importlib.util.find_spec("playwright") is None:
        return f"rendering needs the render extra: {EXTRA}"
    if find_browser(config) is None:
        where = f"no Chromium at {config.browser}" if config.browser else "no Chromium found"
        return (
            f"{where}: install one (apt-get install chromium) or give its path "
            "(FetchConfig.browser, --browser)"
        )
    return None


@dataclass(frozen=True, slots=True)
class Rendering:
    """A page as the browser left it.

    Attributes:
        url: the page's address.
        html: the document its scripts built, serialized.
        blocked: addresses the page asked for that the address guard refused.
        popups: pop-ups the page tried to open (all refused).
        elapsed: seconds the rendering took, the browser's start included.
    """

    url: str
    html: str
    blocked: tuple[str, ...] = ()
    popups: int = 0
    elapsed: float = 0.0


# Poll the deadline and the browser's memory this often (seconds).
WATCH_INTERVAL = 0.1
# How long closing waits for the killed browser's other processes to be gone.
GROUP_EXIT_WAIT = 5.0
# After the page's load event, wait at most this long (s) for its requests to settle.
SETTLE_SECONDS = 3.0
# Most main-frame navigations a page may make (a page reloading itself forever).
MAX_NAVIGATIONS = 5
# While a page loads, look this often (seconds) for a download it started.
LOAD_POLL_SECONDS = 0.25
# Not needed for the text: not fetched.
_SKIPPED_RESOURCES = frozenset({"image", "media", "font", "manifest", "texttrack"})
# What a navigation may load (the main page or a frame); anything else is a download.
_PAGE_TYPES = frozenset(
    {"", "text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"}
)
# Response headers passed on to the browser (the body is already decompressed).
_PASSED_HEADERS = ("content-type", "content-language", "last-modified")
_POPUP_GUARD = """
(() => {
  let refused = 0;
  Object.defineProperty(window, "__cleanscrapePopups", { get: () => refused });
  window.open = function () { refused += 1; return null; };
})();
"""


def _chromium_args(profile: str, config: FetchConfig) -> list[str]:
    heap = config.render_max_memory // 2 // (1024 * 1024)
    args = [
        "--headless=new",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-extensions",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--mute-audio",
        "--block-new-web-contents",
        # Nothing the browser sends by itself reaches a network: every name fails to
        # resolve and every connection goes to a closed proxy port.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
        f"--js-flags=--max-old-space-size={heap}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    return args


def _group_processes(group: int) -> Iterator[tuple[str, bytes]]:
    """The pid and state (``b"R"``, ``b"Z"`` …) of each process in the process group, from
    ``/proc`` (Linux). Raises ``OSError`` where there is no ``/proc``."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if len(fields) > 2 and fields[2] == str(group).encode():
            yield entry, fields[0]


def _group_alive(group: int) -> bool:
    """Whether a process of the group is still running. A zombie is not: it holds no
    memory and runs nothing, and the killed browser's children are reaped by init,
    whenever init gets to it (seconds in some containers; never where this process
    is PID 1 and does not reap them)."""
    try:
        return any(state != b"Z" for _, state in _group_processes(group))
    except OSError:  # not Linux: any member, zombies too
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True


def _wait_for_group(group: int, seconds: float) -> None:
    """Wait (at most ``seconds``) until no process of the killed browser's group runs:
    its renderers die after the browser itself, later still on a loaded machine."""
    until = time.monotonic() + seconds
    while time.monotonic() < until and _group_alive(group):
        time.sleep(0.02)


def _memory_of_group(group: int) -> int:
    """Bytes of proportional set size of every process in the process group (Linux)."""
    total = 0
    try:
        members = list(_group_processes(group))
    except OSError:  # not Linux: only V8's heap cap bounds the memory
        return 0
    for entry, _ in members:
        try:
            with open(f"/proc/{entry}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class _Chromium:
    """One browser process group: started, watched, and always killed."""

    executable: str
    config: FetchConfig
    deadline: float
    process: subprocess.Popen[bytes] | None = None
    profile: str = ""
    stopped: str | None = None  # "deadline" or "memory" once the watchdog killed it
    peak: int = 0
    _done: threading.Event = field(default_factory=threading.Event)

    def start(self) -> str:
        """Launch the browser; returns its DevTools address."""
        self.profile = tempfile.mkdtemp(prefix="cleanscrape-render-")
        self.process = subprocess.Popen(
            [self.executable, *_chromium_args(self.profile, self.config), "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: killed as one
        )
        threading.Thread(target=self._watch, name="cleanscrape-render-watch", daemon=True).start()
        port_file = Path(self.profile) / "DevToolsActivePort"
        while time.monotonic() < self.deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                lines = port_file.read_text().split()
                if len(lines) == 2:
                    return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.02)
        if self.process.poll() is not None and self.stopped is None:
            raise RenderError(
                f"Chromium ({self.executable}) exited at start: code {self.process.returncode}"
            )
        raise self.failure()

    def _watch(self) -> None:
        assert self.process is not None
        while not self._done.wait(WATCH_INTERVAL):
            if time.monotonic() >= self.deadline:
                self.kill("deadline")
                return
            used = _memory_of_group(self.process.pid)
            self.peak = max(self.peak, used)
            if used > self.config.render_max_memory:
                self.kill("memory")
                return

    def kill(self, reason: str | None = None) -> None:
        if self.stopped is None:
            self.stopped = reason
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def close(self) -> None:
        self._done.set()
        self.kill()
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
            _wait_for_group(self.process.pid, GROUP_EXIT_WAIT)
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)

    def failure(self, crashed: bool = False, detail: str = "") -> RenderError:
        """The error that says why the rendering ended early."""
        limit = self.config.render_max_memory // (1024 * 1024)
        if self.stopped == "memory":
            return RenderOutOfMemory(
                f"the browser used more than the {limit} MB allowed (render_max_memory); stopped"
            )
        if crashed:
            return RenderOutOfMemory(
                f"the page crashed the browser's renderer (its scripts may use {limit // 2} MB "
                "of the render_max_memory bound)"
            )
        if self.stopped == "deadline" or time.monotonic() >= self.deadline - 0.5:
            return RenderTimeout(
                f"not rendered within the {self.config.render_timeout:g} s render deadline"
            )
        return RenderError(f"the browser failed: {detail}" if detail else "the browser failed")


def _same_site(first: str, other: str) -> bool:
    a, b = urlsplit(first), urlsplit(other)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def _download(headers: Any) -> bool:
    """Whether a response to a navigation is a file to save, not a page to show: an
    attachment, or a type no page is (``application/zip``)."""
    disposition = (headers.get("content-disposition") or "").strip().lower()
    kind = media_type(headers.get("content-type") or "")[0]
    return disposition.startswith("attachment") or kind not in _PAGE_TYPES


class _Session:
    """The page's requests, answered by fetchers (headers and cookies for its own host only)."""

    def __init__(self, url: str, served: str, config: FetchConfig, deadline: float) -> None:
        from .fetch import Fetcher

        self.url = url
        self.served = served
        self.deadline = deadline
        # Subresources load at once, as in any browser: no politeness wait, no retry.
        quick = dataclasses.replace(
            config, accept_any_content_type=True, retries=0, per_host_delay=0.0
        )
        self.own: Fetcher = Fetcher(quick)
        self.others: Fetcher = Fetcher(dataclasses.replace(quick, headers={}, cookies={}))
        self.blocked: list[str] = []
        self.navigations = 0
        self.popups = 0
        self.downloads = 0  # refused: the context accepts none
        self.crashed = False

    def route(self, route: Any) -> None:
        from .fetch import BlockedAddress, HTTPStatusError

        request = route.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.navigations += 1
            if self.navigations == 1 and request.url.split("#")[0] == self.url.split("#")[0]:
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.served)
                return
            if self.navigations > MAX_NAVIGATIONS:
                route.abort("blockedbyclient")
                return
        if (
            request.method != "GET"
            or request.resource_type in _SKIPPED_RESOURCES
            or not request.url.startswith(("http://", "https://"))
        ):
            route.abort("blockedbyclient")
            return
        fetcher = self.own if _same_site(self.url, request.url) else self.others
        try:
            page = fetcher.fetch_by(request.url, self.deadline)
        except BlockedAddress:
            self.blocked.append(request.url)
            route.abort("blockedbyclient")
            return
        except HTTPStatusError as exc:
            route.fulfill(status=exc.status or 500, body="")
            return
        except FetchError:
            route.abort("failed")
            return
        if request.is_navigation_request() and _download(page.headers):
            # Never handed to the browser, which would save it. No Content: the
            # browser stays on the page (an aborted navigation shows an error page).
            self.downloads += 1
            route.fulfill(status=204, body="")
            return
        headers = {k: v for k, v in page.headers.items() if k in _PASSED_HEADERS}
        route.fulfill(status=page.status, headers=headers, body=page.content)

    def on_page(self, page: Any) -> None:
        """A pop-up (a ``target=_blank`` link the page clicked): closed at once."""
        self.popups += 1
        with contextlib.suppress(Exception):
            page.close()

    def close(self) -> None:
        self.own.close()
        self.others.close()


def _remaining_ms(deadline: float) -> float:
    return max((deadline - time.monotonic()) * 1000, 1.0)


def _drive(endpoint: str, session: _Session, chromium: _Chromium) -> str:
    """Load the page in the running browser and return the document its scripts built."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    deadline = chromium.deadline
    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(endpoint, timeout=_remaining_ms(deadline))
        context = browser.new_context(
            accept_downloads=False,
            service_workers="block",
            user_agent=chromium.config.user_agent,
            viewport={"width": 1280, "height": 900},
        )
        context.add_init_script(_POPUP_GUARD)
        context.route("**/*", session.route)
        first: list[Any] = []
        context.on("page", lambda page: session.on_page(page) if first else first.append(page))
        page = context.new_page()
        page.on("crash", lambda _: setattr(session, "crashed", True))
        page.on("download", lambda _: setattr(session, "downloads", session.downloads + 1))
        page.goto(session.url, wait_until="commit", timeout=_remaining_ms(deadline - 0.2))
        _wait_for_load(page, session, deadline - 0.2)
        with contextlib.suppress(PlaywrightError):
            settle = min(SETTLE_SECONDS, deadline - time.monotonic() - 0.2) * 1000
            if settle > 0:
                page.wait_for_load_state("networkidle", timeout=settle)
        html = str(page.content())
        with contextlib.suppress(PlaywrightError):
            session.popups += int(page.evaluate("window.__cleanscrapePopups || 0"))
        with contextlib.suppress(PlaywrightError):
            browser.close()
        return html


def _wait_for_load(page: Any, session: _Session, until: float) -> None:
    """Wait for the page's ``load`` event, or for a download it started (refused).

    A download started while the page loads (``location = "/file.zip"``) leaves the
    page without its ``load`` event in Chromium: waiting for it alone would hold
    the rendering until its deadline and lose the page.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    while True:
        wait = min(LOAD_POLL_SECONDS, until - time.monotonic())
        try:
            page.wait_for_load_state("load", timeout=max(wait, 0.001) * 1000)
            return
        except PlaywrightTimeout:
            if session.downloads:
                return
            if time.monotonic() >= until:
                raise


def _in_thread(work: Any, limit: float) -> Any:
    """Run ``work`` in a thread of its own (Playwright's sync API refuses a thread that
    runs an event loop), waiting at most ``limit`` seconds."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="cleanscrape-render", daemon=True)
    thread.start()
    thread.join(limit)
    if "error" in outcome:
        raise outcome["error"]
    if "value" not in outcome:
        raise RenderTimeout("the browser did not let go after the render deadline")
    return outcome["value"]


def render(url: str, html: str, config: FetchConfig) -> Rendering:
    """Load ``html`` (served at ``url``) in a headless Chromium and return what its scripts build.

    The page's own requests go through fetchers with ``config`` (address guard,
    size limit); see the module docstring for every bound.

    Raises:
        RenderUnavailable: the ``render`` extra or Chromium is missing.
        RenderTimeout: not rendered within ``config.render_timeout``.
        RenderOutOfMemory: the browser passed ``config.render_max_memory``.
        RenderError: the browser failed otherwise.
    """
    why = missing(config)
    executable = find_browser(config)
    if why is not None or executable is None:
        raise RenderUnavailable(why or "no Chromium found", url=url)
    started = time.monotonic()
    deadline = started + config.render_timeout
    chromium = _Chromium(executable, config, deadline)
    session = _Session(url, html, config, deadline)

    def work() -> str:
        from playwright.sync_api import Error as PlaywrightError

        try:
            endpoint = chromium.start()
            return _drive(endpoint, session, chromium)
        except PlaywrightError as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise chromium.failure(session.crashed or "crash" in detail.lower(), detail) from None

    try:
        rendered = _in_thread(work, config.render_timeout + 10)
    except RenderError as exc:
        exc.url = url
        raise
    finally:
        chromium.close()
        session.close()
    if session.blocked:
        logger.warning(
            "%s: the address guard refused %d requests of the page: %s",
            url,
            len(session.blocked),
            ", ".join(session.blocked[:3]),
        )
    if session.popups:
        logger.info("%s: %d pop-ups refused", url, session.popups)
    if session.downloads:
        logger.info("%s: %d downloads refused", url, session.downloads)
    return Rendering(
        url, rendered, tuple(session.blocked), session.popups, time.monotonic() - started
    )
