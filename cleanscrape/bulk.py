"""Many URLs at once: concurrent fetching on one event loop, extraction in worker processes.

:func:`ascrape_many` (an async generator) and :func:`scrape_many` (its
synchronous twin) fetch up to ``concurrency`` pages at a time and extract them
in a pool of ``workers`` processes (:class:`cleanscrape.batch.AsyncPool`), so
parsing never blocks the event loop and a page that crashes or hangs its
worker fails alone. Every URL gives exactly one :class:`PageResult`: an
article, no article, or a failure naming the error's type (a fetch error or an
extraction error), never an exception that ends the run.

Each URL is read as :func:`cleanscrape.scrape` reads it (:mod:`cleanscrape.pages`):
a story split over pages is followed and joined (``FetchConfig.max_pages``, its
host only, within its fetch deadline; every next page waits its turn at the host
as any fetch does), and a page built by scripts is rendered as
``FetchConfig.render`` says, by at most ``workers`` browsers at once. Each page of
a story is extracted in a worker; the pages are joined in this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import queue
import threading
from collections import Counter, deque
from collections.abc import AsyncGenerator, Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import anyio

from . import browser
from .batch import (
    DEFAULT_CONCURRENCY,
    DEFAULT_TIMEOUT,
    NO_ARTICLE,
    AsyncPool,
    PageFailure,
    PageResult,
    default_workers,
    folder_rules,
    outcome_failure,
)
from .errors import CleanscrapeError
from .fetch import AsyncFetcher, FetchConfig
from .models import Options
from .pages import PageRead, Reading, drive_pages, read_page

__all__ = ["DEFAULT_CONCURRENCY", "ascrape_many", "scrape_many"]

logger = logging.getLogger(__name__)

# Finished pages held back for ordered output, per concurrent fetch: one slow
# page may hold up this many behind it before fetching pauses.
_HELD_PER_FETCH = 4

# How often a blocked hand-over between the runner thread and the caller checks for a stop.
_HANDOFF_POLL_SECONDS = 0.1
# URLs read ahead, per concurrent fetch, while their host is busy: a list
# sorted by host would otherwise fill every fetch slot with one host's pages,
# all but ``per_host_concurrency`` of them waiting on its politeness.
_LOOKAHEAD = 64


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # not a URL: the fetcher will say so
        return ""


class _HostQueue:
    """Hands out URLs whose host has room, holding back (boundedly) those whose host is busy."""

    def __init__(self, items: Iterator[tuple[int, str]], *, per_host: int, lookahead: int) -> None:
        self._items = items
        self._per_host = per_host
        self._lookahead = lookahead
        self._running: Counter[str] = Counter()
        self._waiting: dict[str, deque[tuple[int, str]]] = {}
        self._waiting_count = 0
        self._exhausted = False

    def take(self) -> tuple[str, int, str] | None:
        """The next ``(host, index, url)`` to fetch now, or ``None`` if none can start."""
        for host, waiting in self._waiting.items():
            if self._running[host] < self._per_host:
                index, url = waiting.popleft()
                if not waiting:
                    del self._waiting[host]
                self._waiting_count -= 1
                return self._start(host, index, url)
        while not self._exhausted and self._waiting_count < self._lookahead:
            item = next(self._items, None)
            if item is None:
                self._exhausted = True
                break
            host = _host(item[1])
            if self._running[host] < self._per_host:
                return self._start(host, *item)
            self._waiting.setdefault(host, deque()).append(item)
            self._waiting_count += 1
        # None: the input is done, or the look-ahead is full of busy hosts' URLs; either
        # way a running fetch will finish first (with nothing running, every host has room).
        return None

    def _start(self, host: str, index: int, url: str) -> tuple[str, int, str]:
        self._running[host] += 1
        return host, index, url

    def finished(self, host: str) -> None:
        """A fetch for ``host`` ended."""
        self._running[host] -= 1
        if self._running[host] <= 0:
            del self._running[host]


class _ReadFailed(Exception):
    """A page's reading failed in its worker (a crash, the timeout): the URL's failure."""

    def __init__(self, failure: PageFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


def _read_in_worker(options: Options, rule_folders: tuple[str, ...], request: PageRead) -> Reading:
    """In the worker: read one page of a story, and render the Markdown JSON output includes.

    The rendering travels back with the article (a cached property), so the
    parent, which writes every worker's lines, does not redo it serially.
    """
    reading = read_page(request, options, folder_rules(rule_folders))
    if reading.article is not None:
        _ = reading.article.markdown
    return reading


class _Target:
    """What every URL's story shares: the fetcher, the worker pool, the browsers' slots."""

    def __init__(self, fetcher: AsyncFetcher, pool: AsyncPool[PageRead], renders: int) -> None:
        self.fetcher = fetcher
        self.pool = pool
        # Each rendering runs a Chromium of up to render_max_memory: no more at once
        # than there are workers.
        self.renders = asyncio.Semaphore(renders)

    async def read(self, request: PageRead) -> Reading:
        outcome = await self.pool.run(request)
        if outcome[0] == "ok":
            reading: Reading = outcome[1]
            return reading
        raise _ReadFailed(outcome_failure(outcome))

    async def render(self, url: str, html: str) -> browser.Rendering:
        async with self.renders:
            return await anyio.to_thread.run_sync(browser.render, url, html, self.fetcher.config)


async def _one(target: _Target, index: int, url: str) -> PageResult:
    try:
        scraped = await drive_pages(
            url,
            target.fetcher.config,
            fetch=target.fetcher.fetch_by,
            render=target.render,
            read=target.read,
        )
    except _ReadFailed as exc:
        return PageResult(index, url, failure=exc.failure)
    except Exception as exc:  # a failure line, never an abort
        if not isinstance(exc, CleanscrapeError):
            # A bug below us must not end a 100,000-URL run: report, log, go on.
            logger.warning("unexpected error fetching %s", url, exc_info=True)
        error = type(exc).__name__
        return PageResult(index, url, failure=PageFailure(error, str(exc) or error))
    if scraped.article is None:
        if scraped.note:
            failure = PageFailure(NO_ARTICLE.error, f"{NO_ARTICLE.message}: {scraped.note}")
            return PageResult(index, url, failure=failure)
        return PageResult(index, url)
    if scraped.note:
        logger.warning("%s: %s", scraped.url, scraped.note)
    return PageResult(index, url, article=scraped.article)


async def ascrape_many(
    urls: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    workers: int | None = None,
    options: Options | None = None,
    ordered: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_limit: int | None = None,
    rule_folders: Sequence[str | os.PathLike[str]] = (),
    fetch_config: FetchConfig | None = None,
) -> AsyncGenerator[PageResult, None]:
    """Fetch and extract many URLs; yield one :class:`PageResult` per URL.

    Args:
        urls: the addresses, consumed lazily.
        concurrency: pages fetched at once.
        workers: extraction processes (default: the cores available).
        options: the extraction options.
        ordered: yield in input order (default) or as each page is done.
        timeout: seconds one page's extraction may take (see :func:`extract_many`).
        memory_limit: bytes of address space per worker (see :func:`extract_many`).
        rule_folders: folders of site rules tried first (as ``--rules``).
        fetch_config: how pages are fetched: deadlines, size limit, retries,
            per-host politeness (``per_host_concurrency``, ``per_host_delay``), the
            pages of a story followed (``max_pages``) and rendering (``render``).

    Yields:
        One result per URL; ``result.failure.error`` names the error's class
        (a :class:`~cleanscrape.FetchError` subclass such as ``HTTPStatusError``
        or ``FetchTimeout``, or an extraction failure such as ``WorkerCrashed``).
    """
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    pool_size = default_workers() if workers is None else workers
    folders = tuple(os.fspath(f) for f in rule_folders)
    fn = functools.partial(_read_in_worker, options or Options(), folders)
    fetcher = AsyncFetcher(fetch_config)
    pool: AsyncPool[PageRead] = AsyncPool(
        fn, workers=max(1, pool_size), timeout=timeout, memory_limit=memory_limit
    )
    target = _Target(fetcher, pool, renders=max(1, pool_size))
    per_host = (fetch_config or FetchConfig()).per_host_concurrency
    queue = _HostQueue(enumerate(urls), per_host=per_host, lookahead=concurrency * _LOOKAHEAD)
    pending: dict[asyncio.Task[PageResult], str] = {}  # task -> its URL's host
    held: dict[int, PageResult] = {}
    next_index = 0
    try:
        while True:
            while len(pending) < concurrency:
                # Ordered output: stop reading ahead while too many results wait for
                # an earlier page (but always keep one page going, or nothing moves).
                if pending and len(pending) + len(held) >= concurrency * _HELD_PER_FETCH:
                    break
                item = queue.take()
                if item is None:
                    break
                host, index, url = item
                pending[asyncio.create_task(_one(target, index, url))] = host
            if not pending:
                break
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                queue.finished(pending.pop(task))
                result = task.result()
                if not ordered:
                    yield result
                    continue
                held[result.index] = result
            while next_index in held:
                yield held.pop(next_index)
                next_index += 1
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        await pool.aclose()
        await fetcher.aclose()


def scrape_many(
    urls: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    workers: int | None = None,
    options: Options | None = None,
    ordered: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_limit: int | None = None,
    rule_folders: Sequence[str | os.PathLike[str]] = (),
    fetch_config: FetchConfig | None = None,
) -> Iterator[PageResult]:
    """Synchronous :func:`ascrape_many`: the same arguments, an ordinary iterator.

    The event loop runs in a background thread, so fetches in flight keep going
    (and keep to their deadlines) while the caller works on a result; at most
    ``concurrency`` finished results wait for the caller. Stopping the iterator
    early stops the fetches and the workers.

    Raises:
        RuntimeError: called from a thread that is running an event loop (use
            :func:`ascrape_many` there).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError("scrape_many cannot run inside an event loop: use ascrape_many")
    results = ascrape_many(
        urls,
        concurrency=concurrency,
        workers=workers,
        options=options,
        ordered=ordered,
        timeout=timeout,
        memory_limit=memory_limit,
        rule_folders=rule_folders,
        fetch_config=fetch_config,
    )
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=concurrency)
    stop = threading.Event()
    # A daemon: an iterator abandoned without being closed (kept alive by a traceback,
    # say) must not keep the interpreter from exiting; multiprocessing's exit hook
    # then ends the workers.
    runner = threading.Thread(
        target=asyncio.run,
        args=(_feed(results, handoff, stop),),
        name="cleanscrape-scrape_many",
        daemon=True,
    )
    runner.start()
    try:
        while True:
            kind, value = handoff.get()
            if kind == "result":
                yield value
            elif kind == "error":
                raise value
            else:
                break
    finally:
        stop.set()
        while runner.is_alive():  # unblock a runner waiting to hand over a result
            with contextlib.suppress(queue.Empty):
                handoff.get(timeout=_HANDOFF_POLL_SECONDS)
        runner.join()


async def _feed(
    results: AsyncGenerator[PageResult, None],
    handoff: queue.Queue[tuple[str, Any]],
    stop: threading.Event,
) -> None:
    """In the runner thread: move results to the caller's queue until done or told to stop."""
    loop = asyncio.get_running_loop()
    try:
        async for result in results:
            if not await loop.run_in_executor(None, _put, handoff, ("result", result), stop):
                break
        else:
            await loop.run_in_executor(None, _put, handoff, ("done", None), stop)
    except Exception as exc:  # handed to the caller's thread, raised there
        await loop.run_in_executor(None, _put, handoff, ("error", exc), stop)
    finally:
        await results.aclose()


def _put(
    handoff: queue.Queue[tuple[str, Any]], item: tuple[str, Any], stop: threading.Event
) -> bool:
    """Block until the caller takes ``item``; ``False`` if the caller stopped first."""
    while not stop.is_set():
        try:
            handoff.put(item, timeout=_HANDOFF_POLL_SECONDS)
            return True
        except queue.Full:
            continue
    return False
