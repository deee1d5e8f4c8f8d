"""Many pages at once: extraction in a pool of worker processes, one crash costs one page.

:func:`extract_many` runs :func:`cleanscrape.extract` over an iterable of
``(html, url)`` pairs in worker processes and yields one :class:`PageResult`
per input, in input order or as completed. The pool is built for inputs of any
size and any quality:

- the input iterable is consumed lazily and at most ``max_pending`` pages are
  in memory at once (in flight plus results held back for ordering);
- a page that kills its worker (a segfault, the kernel's OOM killer) or runs
  past ``timeout`` is reported as a failure (:class:`WorkerCrashed`,
  :class:`PageTimeout`), its worker is replaced, and the other pages go on;
- with ``memory_limit``, a page that would exhaust memory fails with
  ``MemoryError`` in its worker (which is then replaced) instead of drawing
  the system's OOM killer;
- a worker is retired after ``max_tasks_per_worker`` pages, so a slow leak in
  a native library cannot grow without bound.

Each worker holds exactly one page at a time, so when a worker dies the parent
knows which page it was working on: no page is blamed for another's crash and
no page is run twice. :class:`AsyncPool` offers the same pool to asyncio code
(``await pool.run(payload)``), for fetching and extracting at once.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from .core import extract
from .errors import CleanscrapeError
from .models import Article, Options
from .rules import RuleSet, load_rules

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_TIMEOUT",
    "NO_ARTICLE",
    "BatchError",
    "Extractor",
    "PageFailure",
    "PageResult",
    "PageTimeout",
    "WorkerCrashed",
    "default_workers",
    "extract_many",
    "folder_rules",
]

#: The function a worker runs on one page: ``(html, url, options) -> Article | None``.
#: It must be picklable (a module-level function), as it is sent to the workers.
Extractor = Callable[[str | bytes, str | None, Options], Article | None]

# A normal page takes milliseconds and the worst pages of a 1,000-page corpus
# well under a second; a minute means the page is pathological, not slow.
DEFAULT_TIMEOUT = 60.0
#: Pages fetched at once by the batch command and :func:`cleanscrape.scrape_many`:
#: enough to hide network latency behind two to eight cores of extraction, few
#: enough not to look like an attack on one server.
DEFAULT_CONCURRENCY = 16
# Pages in memory per worker (in flight plus finished ones waiting for an
# earlier page in ordered mode): enough to keep every worker busy behind one
# slow page, small enough that a million-page input never sits in memory.
_PENDING_PER_WORKER = 4
# Retire a worker after this many pages: a leak of a few KiB a page in a native
# library stays bounded, and a fresh worker costs ~50 ms, i.e. nothing per page.
_DEFAULT_TASKS_PER_WORKER = 1000
# A worker that has not imported the library after this long is stuck, not slow.
_START_TIMEOUT_SECONDS = 120.0
# What a worker says once it is ready for pages.
_READY = "ready"
# A worker asked to stop gets this long to exit before it is killed.
_STOP_GRACE_SECONDS = 1.0
# A fresh interpreter forked from a clean server: safe even when the caller
# runs threads (an event loop's executor, a Dask worker), unlike a plain fork.
_START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class BatchError(CleanscrapeError):
    """A worker process could not start (raised); its subclasses name page failures (reported)."""


class WorkerCrashed(BatchError):
    """The worker process died while extracting the page (a crash, or killed for memory)."""


class PageTimeout(BatchError):
    """The page took longer than the per-page time limit; its worker was killed."""


@dataclass(frozen=True, slots=True)
class PageFailure:
    """Why a page gave no result: the error's class name and its message.

    Attributes:
        error: the class name of the error (``"HTTPStatusError"``, ``"FetchTimeout"`` …).
        message: what went wrong, in words.
    """

    error: str
    message: str


@dataclass(frozen=True, slots=True)
class PageResult:
    """The outcome for one input page.

    Exactly one of three cases holds: ``article`` is set (success), ``failure``
    is set (an error), or both are ``None`` (the page has no article).

    Attributes:
        index: the page's position in the input (0-based).
        url: the URL given with the page.
        article: the extracted article, if any.
        failure: what went wrong, if anything did.
    """

    index: int
    url: str | None
    article: Article | None = None
    failure: PageFailure | None = None

    @property
    def ok(self) -> bool:
        """Whether an article was extracted."""
        return self.article is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: ``source_url`` (the URL given) and the article's fields
        (:meth:`Article.to_dict`), or ``source_url``, ``error`` and ``message``."""
        if self.article is not None:
            return {"source_url": self.url, **self.article.to_dict()}
        failure = self.failure or NO_ARTICLE
        return {"source_url": self.url, "error": failure.error, "message": failure.message}


#: How a page that parsed fine but has no article is shown in JSON Lines.
NO_ARTICLE = PageFailure("NoArticle", "no article found")


def default_workers() -> int:
    """The number of CPU cores this process may use (the default pool size)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- the generic pool -----------------------------------------------------------------------

P = TypeVar("P")
#: What a worker sends back: ("ok", value) or ("err", error class name, message).
_Outcome = tuple[Any, ...]


# A page's log records that go back with its outcome; more are dropped (a page that
# logs in a loop must not grow the worker's memory or the parent's stderr).
_MAX_RECORDS_PER_PAGE = 100


class _Collect(logging.Handler):
    """A worker's log records, kept to go back to the parent with the page's outcome:
    the parent logs them through its own handlers (``cleanscrape -v`` in batch mode)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) >= _MAX_RECORDS_PER_PAGE:
            return
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message} ({type(error).__name__}: {error})"
        self.records.append(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "msg": message,
                "pathname": record.pathname,
                "lineno": record.lineno,
                "funcName": record.funcName,
                "process": record.process,
            }
        )


def _collect_logs(level: int) -> _Collect:
    """Keep the package's records at the parent's ``level`` (see :class:`_Collect`)."""
    package = logging.getLogger("cleanscrape")
    package.setLevel(level)
    package.propagate = False  # the parent's handlers get them, once
    collect = _Collect()
    package.addHandler(collect)
    return collect


def _replay(records: list[dict[str, Any]]) -> None:
    """Log a worker's records here, through this process's handlers."""
    for fields in records:
        logging.getLogger(fields["name"]).handle(logging.makeLogRecord(fields))


def _worker_main(
    conn: Connection,
    fn: Callable[[Any], Any],
    memory_limit: int | None,
    log_level: int = logging.WARNING,
) -> None:
    """A worker's loop: receive ``(task_id, payload)``, send back ``(task_id, outcome,
    log records)``."""
    # Ctrl-C goes to the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logs = _collect_logs(log_level)
    if memory_limit is not None:
        import resource

        # Address space, not resident memory: the one limit Linux enforces on
        # allocation, so a runaway page gets MemoryError instead of the OOM killer.
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    # Imports are done (unpickling ``fn`` loaded them): the page clock may start now.
    conn.send(_READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, payload = message
        outcome: _Outcome
        logs.records = []
        try:
            outcome = ("ok", fn(payload))
        except Exception as exc:  # the process boundary: every error becomes a reported failure
            outcome = ("err", type(exc).__name__, str(exc) or type(exc).__name__)
        try:
            conn.send((task_id, outcome, logs.records))
        except (EOFError, OSError):
            return
        except Exception as exc:  # an unpicklable result
            failure = ("err", type(exc).__name__, f"result not transferable: {exc}")
            conn.send((task_id, failure, logs.records))


@dataclass(eq=False)  # compared by identity: two idle workers are not the same worker
class _Worker:
    process: BaseProcess
    conn: Connection
    task: int | None = None
    deadline: float | None = None
    done: int = 0


def _launch_worker(
    context: BaseContext, fn: Callable[[Any], Any], memory_limit: int | None
) -> _Worker:
    """Start a worker process without waiting for it (see :func:`_await_ready`)."""
    parent_end, child_end = context.Pipe()
    process = context.Process(  # type: ignore[attr-defined]
        target=_worker_main,
        args=(child_end, fn, memory_limit, logging.getLogger("cleanscrape").getEffectiveLevel()),
        daemon=True,
    )
    process.start()
    child_end.close()
    return _Worker(process, parent_end)


def _await_ready(worker: _Worker) -> _Worker:
    """Wait until a launched worker has imported the library.

    A worker's first page must not pay for its interpreter's start-up (a second
    or more on a loaded machine) against the per-page time limit.

    Raises:
        BatchError: the worker died or hung while starting.
    """
    try:
        ready = worker.conn.poll(_START_TIMEOUT_SECONDS) and worker.conn.recv() == _READY
    except (EOFError, OSError):
        ready = False
    if not ready:
        _stop_worker(worker, kill=True)
        code = worker.process.exitcode
        raise BatchError(f"a worker process did not start (exit code {code})")
    return worker


def _start_worker(
    context: BaseContext, fn: Callable[[Any], Any], memory_limit: int | None
) -> _Worker:
    return _await_ready(_launch_worker(context, fn, memory_limit))


def _stop_worker(worker: _Worker, *, kill: bool) -> None:
    """Ask an idle worker to exit (or kill a busy one) and reap it."""
    if kill:
        worker.process.kill()
    else:
        try:
            worker.conn.send(None)
        except (EOFError, OSError):
            worker.process.kill()
    worker.process.join(_STOP_GRACE_SECONDS)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()


def _crash_outcome(worker: _Worker) -> _Outcome:
    """Reap a worker that died mid-page and say how it died."""
    worker.process.join(_STOP_GRACE_SECONDS)
    if worker.process.is_alive():  # its pipe broke but it lives on: make sure it is gone
        worker.process.kill()
        worker.process.join()
    worker.conn.close()
    code = worker.process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        why = " (out of memory?)" if -code == signal.SIGKILL else ""
        message = f"worker process killed by {name}{why} while extracting this page"
    else:
        message = f"worker process exited with code {code} while extracting this page"
    return ("err", WorkerCrashed.__name__, message)


def _spent(worker: _Worker, outcome: _Outcome, max_tasks: int | None) -> bool:
    """Whether a worker should be replaced after this outcome (quota reached, or out of memory)."""
    if outcome[0] == "err" and outcome[1] == MemoryError.__name__:
        return True  # a MemoryError can leave half-built state behind: start afresh
    return bool(max_tasks and worker.done >= max_tasks)


def _timeout_outcome(timeout: float | None) -> _Outcome:
    return ("err", PageTimeout.__name__, f"extraction took over {timeout:g} s; stopped")


@dataclass
class _Pool(Generic[P]):
    """Worker processes that each hold one task; the parent tracks which, to blame crashes."""

    fn: Callable[[P], Any]
    size: int
    timeout: float | None
    max_tasks_per_worker: int | None
    memory_limit: int | None = None
    context: BaseContext = field(default_factory=lambda: multiprocessing.get_context(_START_METHOD))
    workers: list[_Worker] = field(default_factory=list)

    def _spawn(self) -> _Worker:
        worker = _start_worker(self.context, self.fn, self.memory_limit)
        self.workers.append(worker)
        return worker

    def warm(self, count: int) -> None:
        """Start up to ``count`` workers at once: their start-ups overlap instead of adding up."""
        launched = [
            _launch_worker(self.context, self.fn, self.memory_limit)
            for _ in range(min(count, self.size) - len(self.workers))
        ]
        try:
            for worker in launched:
                _await_ready(worker)
        except BatchError:
            for worker in launched:
                if not worker.conn.closed:
                    _stop_worker(worker, kill=True)
            raise
        self.workers.extend(launched)

    def idle_worker(self) -> _Worker | None:
        """An idle worker, spawned if the pool is not full yet; ``None`` when all are busy."""
        for worker in self.workers:
            if worker.task is None:
                return worker
        return self._spawn() if len(self.workers) < self.size else None

    def submit(self, worker: _Worker, task_id: int, payload: P) -> bool:
        """Hand a task to an idle worker; ``False`` if the worker is gone (it is replaced)."""
        try:
            worker.conn.send((task_id, payload))
        except (EOFError, OSError):
            self._discard(worker, kill=True)
            return False
        worker.task = task_id
        worker.deadline = None if self.timeout is None else time.monotonic() + self.timeout
        return True

    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.task is not None]

    def collect(self) -> list[tuple[int, _Outcome]]:
        """Wait for at least one busy worker to finish, die or time out; return those outcomes."""
        busy = self.busy()
        if not busy:
            return []
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        wait_for = None if not deadlines else max(0.0, min(deadlines) - time.monotonic())
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        wait(handles, timeout=wait_for)
        finished: list[tuple[int, _Outcome]] = []
        now = time.monotonic()
        for worker in busy:
            task = worker.task
            assert task is not None
            outcome = self._poll(worker, now)
            if outcome is not None:
                finished.append((task, outcome))
        return finished

    def _poll(self, worker: _Worker, now: float) -> _Outcome | None:
        if worker.conn.poll():
            try:
                _task, outcome, records = worker.conn.recv()
            except (EOFError, OSError):
                return self._crashed(worker)
            _replay(records)
            worker.task = worker.deadline = None
            worker.done += 1
            if _spent(worker, outcome, self.max_tasks_per_worker):
                self._discard(worker, kill=False)
            return outcome  # type: ignore[no-any-return]
        if not worker.process.is_alive():
            return self._crashed(worker)
        if worker.deadline is not None and now >= worker.deadline:
            return self._timed_out(worker)
        return None

    def _crashed(self, worker: _Worker) -> _Outcome:
        self._forget(worker)
        return _crash_outcome(worker)

    def _timed_out(self, worker: _Worker) -> _Outcome:
        self._forget(worker)
        _stop_worker(worker, kill=True)
        return _timeout_outcome(self.timeout)

    def _discard(self, worker: _Worker, *, kill: bool) -> None:
        self._forget(worker)
        _stop_worker(worker, kill=kill)

    def _forget(self, worker: _Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)

    def close(self) -> None:
        """Stop every worker: idle ones are asked, busy ones are killed."""
        for worker in list(self.workers):
            self._discard(worker, kill=worker.task is not None)


class AsyncPool(Generic[P]):
    """Worker processes for asyncio code: ``await pool.run(payload)`` from many tasks at once.

    The same isolation as :func:`run_pool` (one page per worker, crashes and
    timeouts fail only that page), but results are awaited on the event loop
    through the workers' pipes, so extraction never blocks it.
    """

    def __init__(
        self,
        fn: Callable[[P], Any],
        *,
        workers: int,
        timeout: float | None,
        max_tasks_per_worker: int | None = _DEFAULT_TASKS_PER_WORKER,
        memory_limit: int | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self._fn = fn
        self._memory_limit = memory_limit
        self._timeout = timeout
        self._max_tasks = max_tasks_per_worker
        self._context = multiprocessing.get_context(_START_METHOD)
        self._slots = asyncio.Semaphore(workers)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()

    async def run(self, payload: P) -> _Outcome:
        """Run the function on one payload in a worker; the outcome as :func:`run_pool` gives it."""
        async with self._slots:
            worker = self._idle.pop() if self._idle else await self._spawn()
            while True:
                try:
                    worker.conn.send((0, payload))
                    break
                except (EOFError, OSError):  # it died while idle (killed from outside)
                    _stop_worker(worker, kill=True)
                    worker = await self._spawn()
            self._busy.add(worker)
            outcome: _Outcome | None = None
            try:
                outcome = await self._result(worker)
                return outcome
            finally:
                self._busy.discard(worker)
                self._release(worker, outcome)

    async def _spawn(self) -> _Worker:
        loop = asyncio.get_running_loop()
        # Starting a process blocks for a few milliseconds: not on the event loop.
        return await loop.run_in_executor(
            None, _start_worker, self._context, self._fn, self._memory_limit
        )

    async def _result(self, worker: _Worker) -> _Outcome:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        handles = (worker.conn.fileno(), worker.process.sentinel)
        for handle in handles:
            loop.add_reader(handle, wake)
        try:
            await asyncio.wait_for(ready, self._timeout)
        except TimeoutError:
            _stop_worker(worker, kill=True)
            return _timeout_outcome(self._timeout)
        finally:
            for handle in handles:
                loop.remove_reader(handle)
        if worker.conn.poll():
            try:
                _task, outcome, records = worker.conn.recv()
            except (EOFError, OSError):
                return _crash_outcome(worker)
            _replay(records)
            worker.done += 1
            return outcome  # type: ignore[no-any-return]
        return _crash_outcome(worker)

    def _release(self, worker: _Worker, outcome: _Outcome | None) -> None:
        if worker.conn.closed:
            return  # it crashed or timed out and was reaped
        if outcome is None:  # cancelled mid-page: its answer would confuse the next page
            _stop_worker(worker, kill=True)
        elif _spent(worker, outcome, self._max_tasks):
            _stop_worker(worker, kill=False)
        else:
            self._idle.append(worker)

    async def aclose(self) -> None:
        """Stop every worker."""
        for worker in self._idle:
            _stop_worker(worker, kill=False)
        for worker in self._busy:
            _stop_worker(worker, kill=True)
        self._idle.clear()
        self._busy.clear()

    async def __aenter__(self) -> AsyncPool[P]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def run_inline(fn: Callable[[P], Any], payload: P) -> _Outcome:
    try:
        return ("ok", fn(payload))
    except Exception as exc:  # same contract as a worker process: errors become failures
        return ("err", type(exc).__name__, str(exc) or type(exc).__name__)


def run_pool(
    fn: Callable[[P], Any],
    payloads: Iterable[P],
    *,
    workers: int,
    ordered: bool,
    timeout: float | None,
    max_pending: int | None = None,
    max_tasks_per_worker: int | None = _DEFAULT_TASKS_PER_WORKER,
    memory_limit: int | None = None,
) -> Iterator[tuple[int, _Outcome]]:
    """Run ``fn`` over ``payloads`` in ``workers`` processes; yield ``(index, outcome)``.

    ``workers=0`` runs in this process (no isolation and no time limit). The
    building block of :func:`extract_many` and the WARC reader, which send
    different payloads.
    """
    if workers < 0:
        raise ValueError("workers must be >= 0")
    if workers == 0:
        for index, payload in enumerate(payloads):
            yield index, run_inline(fn, payload)
        return
    limit = max(workers, max_pending or workers * _PENDING_PER_WORKER)
    pool: _Pool[P] = _Pool(fn, workers, timeout, max_tasks_per_worker, memory_limit)
    numbered = enumerate(payloads)
    first = list(itertools.islice(numbered, workers))  # as many workers as there are pages, at most
    source: Iterator[tuple[int, P]] = itertools.chain(first, numbered)
    exhausted = False
    in_flight = 0
    held: dict[int, _Outcome] = {}  # finished, waiting for an earlier page (ordered mode)
    next_index = 0
    try:
        pool.warm(len(first))
        while True:
            while not exhausted and in_flight + len(held) < limit:
                worker = pool.idle_worker()
                if worker is None:
                    break
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                index, payload = item
                while not pool.submit(worker, index, payload):
                    worker = pool.idle_worker()
                    assert worker is not None  # the dead worker's slot was just freed
                in_flight += 1
            if in_flight == 0:
                break
            for index, outcome in pool.collect():
                in_flight -= 1
                if not ordered:
                    yield index, outcome
                    continue
                held[index] = outcome
                while next_index in held:
                    yield next_index, held.pop(next_index)
                    next_index += 1
    finally:
        pool.close()


# -- extraction ---------------------------------------------------------------------------


def _extract_pair(
    extractor: Extractor, options: Options, pair: tuple[str | bytes, str | None]
) -> Article | None:
    html, url = pair
    return extractor(html, url, options)


@functools.lru_cache(maxsize=8)
def folder_rules(folders: tuple[str, ...]) -> RuleSet | None:
    """The site rules in these folders (earlier ones win), loaded once per process.

    Workers load rules themselves from the folder names: a :class:`RuleSet`
    holds compiled XPath, which cannot be pickled. Problems with rule files are
    the caller's to report (the command does, once, before starting workers).
    """
    if not folders:
        return None
    rules = RuleSet()
    for folder in folders:
        rules = rules.then(RuleSet(load_rules(folder).rules))
    return rules


@dataclass(frozen=True, slots=True)
class _DefaultExtractor:
    """:func:`cleanscrape.extract` with the site rules of some folders (picklable)."""

    rule_folders: tuple[str, ...] = ()

    def __call__(self, html: str | bytes, url: str | None, options: Options) -> Article | None:
        return extract(html, url, options=options, rules=folder_rules(self.rule_folders))


def to_page_result(index: int, url: str | None, outcome: _Outcome) -> PageResult:
    """Turn a pool outcome into a :class:`PageResult`."""
    if outcome[0] == "ok":
        article: Article | None = outcome[1]
        return PageResult(index, url, article=article)
    return PageResult(index, url, failure=outcome_failure(outcome))


def outcome_failure(outcome: _Outcome) -> PageFailure:
    """The :class:`PageFailure` of a pool outcome that is not ``("ok", value)``."""
    return PageFailure(str(outcome[1]), str(outcome[2]))


def extract_many(
    pages: Iterable[tuple[str | bytes, str | None]],
    *,
    workers: int | None = None,
    options: Options | None = None,
    ordered: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_pending: int | None = None,
    max_tasks_per_worker: int | None = _DEFAULT_TASKS_PER_WORKER,
    memory_limit: int | None = None,
    rule_folders: Sequence[str | os.PathLike[str]] = (),
    extractor: Extractor | None = None,
) -> Iterator[PageResult]:
    """Extract many pages in worker processes; yield one :class:`PageResult` per page.

    Args:
        pages: ``(html, url)`` pairs, consumed lazily (a generator over a huge
            input is fine); ``html`` is text or the raw bytes served.
        workers: worker processes (default: the cores this process may use);
            ``0`` extracts in this process, without crash isolation or time limit.
        options: the extraction options, the same for every page.
        ordered: yield in input order (default) or as soon as each page is done.
        timeout: seconds one page may take before its worker is killed and the
            page reported as :class:`PageTimeout`; ``None`` for no limit.
        max_pending: pages held in memory at once (default 4 per worker).
        max_tasks_per_worker: pages after which a worker is replaced by a fresh one.
        memory_limit: bytes of address space each worker may map (Linux/Unix);
            a page that needs more fails with ``MemoryError`` instead of
            drawing the system's OOM killer. A worker needs ~300 MB to start.
        rule_folders: folders of site rules tried first (as ``--rules``); each
            worker loads them once.
        extractor: the function run on each page in the worker (default
            :func:`cleanscrape.extract`); it must be a picklable module-level
            function ``(html, url, options) -> Article | None``. Not together
            with ``rule_folders``.

    Returns:
        An iterator of :class:`PageResult`; stopping it early stops the workers.

    Raises:
        BatchError: a worker process could not start at all (nothing else is raised:
            every page's error is reported in its result).
    """
    opts = options or Options()
    urls: dict[int, str | None] = {}

    def payloads() -> Iterator[tuple[str | bytes, str | None]]:
        for index, (html, url) in enumerate(pages):
            urls[index] = url
            yield html, url

    if extractor is not None and rule_folders:
        raise ValueError("rule_folders applies to the default extractor only")
    folders = tuple(os.fspath(f) for f in rule_folders)
    fn = functools.partial(_extract_pair, extractor or _DefaultExtractor(folders), opts)
    results = run_pool(
        fn,
        payloads(),
        workers=default_workers() if workers is None else workers,
        ordered=ordered,
        timeout=timeout,
        max_pending=max_pending,
        max_tasks_per_worker=max_tasks_per_worker,
        memory_limit=memory_limit,
    )
    for index, outcome in results:
        yield to_page_result(index, urls.pop(index), outcome)
