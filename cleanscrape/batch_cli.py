"""The command's batch mode: many URLs in, JSON Lines out (``cleanscrape -i urls.txt``).

Chosen by :func:`wants_batch`: an input list (``-i``), a batch option
(``--concurrency``, ``--workers``, ``--ordered``, ``--resume``), or several
URLs with ``-f json``. Pages are fetched concurrently and extracted in worker
processes (:func:`cleanscrape.bulk.scrape_many`); each URL gives one JSON line,
an article or ``{"source_url", "error", "message"}``; nothing aborts the run.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import itertools
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, TextIO

from . import cli_types
from .batch import DEFAULT_CONCURRENCY
from .errors import CleanscrapeError
from .models import Options
from .output import OutputBusy, exclusive_output

if TYPE_CHECKING:
    from .batch import PageResult
    from .fetch import FetchConfig

__all__ = ["add_arguments", "run", "wants_batch"]

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# 128 + SIGINT, as shells report a command stopped by Ctrl-C.
EXIT_INTERRUPTED = 130

# How this command starts each line: the URL can be read without parsing the article.
_LEADING_SOURCE_URL = re.compile(rb'^\{"source_url": ("(?:[^"\\]|\\.)*")')
# The longest line of a URL list read: far past any real URL (browsers stop near
# 2 MB, servers near 8 KB), and it bounds the memory a list without line ends costs.
MAX_URL_LINE = 65_536
# Redraw the progress line at most this often: smooth to the eye, cheap for the terminal.
_REDRAW_SECONDS = 0.1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the batch options to the command's parser."""
    group = parser.add_argument_group("many URLs (JSON Lines out)")
    group.add_argument(
        "-i",
        "--input",
        action="append",
        metavar="FILE",
        help="read URLs from FILE, one a line (- for stdin); may be repeated",
    )
    group.add_argument(
        "--concurrency",
        type=cli_types.at_least_one,
        metavar="N",
        help=f"pages fetched at once (default {DEFAULT_CONCURRENCY})",
    )
    group.add_argument(
        "--workers",
        type=cli_types.at_least_one,
        metavar="N",
        help="extraction processes (default: the cores)",
    )
    group.add_argument(
        "--ordered",
        action="store_true",
        default=None,
        help="write lines in input order (default: as pages finish)",
    )
    group.add_argument(
        "--per-host",
        type=cli_types.at_least_one,
        metavar="N",
        help="pages fetched at once from one host (default 2)",
    )
    group.add_argument(
        "--delay",
        type=cli_types.seconds_or_zero,
        metavar="SECONDS",
        help="least time between two fetches started on one host (default 0.5)",
    )
    group.add_argument(
        "--memory-limit",
        type=cli_types.at_least_one,
        metavar="MB",
        help="address space per extraction process; a page needing more fails alone",
    )
    group.add_argument(
        "--resume",
        action="store_true",
        default=None,
        help="skip URLs already in the -o file and append to it",
    )


def wants_batch(args: argparse.Namespace) -> bool:
    """Whether the parsed arguments ask for batch mode."""
    if args.input or any(
        getattr(args, name) is not None
        for name in (
            "concurrency",
            "workers",
            "ordered",
            "resume",
            "per_host",
            "delay",
            "memory_limit",
        )
    ):
        return True
    urls = [t for t in args.targets if t.startswith(("http://", "https://"))]
    return args.format == "json" and len(args.targets) > 1 and len(urls) == len(args.targets)


def _resolve(entries: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Split the list into URLs to fetch and ``(entry, kind)`` pairs read here: files,
    and entries that are neither (``kind`` "bad"); ``www.example.com/a`` is its https URL.
    """
    from .cli import resolve_target

    urls: list[str] = []
    local: list[tuple[str, str]] = []
    for entry in entries:
        try:
            kind, where = resolve_target(entry)
        except Exception:  # an unsupported scheme: its error line says so
            local.append((entry, "bad"))
            continue
        if kind == "url":
            if where != entry:  # as the command says it of a single target
                logger.warning("%s: no such file: fetching %s", entry, where)
            urls.append(where)
        else:
            local.append((entry, kind))
    return urls, local


def _read_urls(args: argparse.Namespace) -> Iterator[str]:
    yield from args.targets
    for name in args.input or ():
        with contextlib.ExitStack() as stack:
            stream: IO[str] = (
                sys.stdin if name == "-" else stack.enter_context(open(name, encoding="utf-8"))
            )
            lines = iter(functools.partial(stream.readline, MAX_URL_LINE + 1), "")
            for number, line in enumerate(lines):
                if len(line) > MAX_URL_LINE:  # /dev/zero, a binary file: no line end in sight
                    raise ValueError(
                        f"{name}: line {number + 1} is over {MAX_URL_LINE:,} characters"
                    )
                url = line.strip()
                if url and not url.startswith("#"):
                    yield url


def _done_urls(path: str) -> set[str]:
    """URLs with a line in an earlier run's output; a half-written last line is cut off.

    Streams the file (it may hold gigabytes of articles) and reads only the
    leading ``source_url`` of each line when it is there, as this command writes it.
    """
    if not os.path.exists(path):
        return set()
    done: set[str] = set()
    complete = 0
    with open(path, "rb+") as out:
        for line in out:
            if not line.endswith(b"\n"):
                break  # the run was killed mid-line: that page is redone
            complete += len(line)
            url = _source_url(line)
            if url is not None:
                done.add(url)
        if complete < out.seek(0, os.SEEK_END):
            out.truncate(complete)
    return done


def _source_url(line: bytes) -> str | None:
    match = _LEADING_SOURCE_URL.match(line)
    try:
        if match is not None:
            url = json.loads(match.group(1))
        else:
            url = json.loads(line).get("source_url")
    except (ValueError, AttributeError):
        return None
    return url if isinstance(url, str) else None


class _Progress:
    """``done/total, failed, pages/s, ETA`` redrawn in place on a terminal."""

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self._stream = stream
        self._total = total
        self._done = 0
        self._failed = 0
        self._start = time.monotonic()
        self._drawn = 0.0

    def update(self, *, ok: bool) -> None:
        self._done += 1
        self._failed += not ok
        now = time.monotonic()
        if now - self._drawn >= _REDRAW_SECONDS:
            self._draw(now)

    def _draw(self, now: float) -> None:
        self._drawn = now
        rate = self._done / max(now - self._start, 1e-9)
        done = f"{self._done}/{self._total}" if self._total is not None else str(self._done)
        line = f"{done} done, {self._failed} failed, {rate:.1f} pages/s"
        if self._total is not None and rate > 0:
            left = int((self._total - self._done) / rate)
            line += f", ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
        self._stream.write(f"\r\x1b[K{line}")
        self._stream.flush()

    def note(self, line: str) -> None:
        """Print ``line`` above the progress line (which the next update redraws)."""
        self._stream.write(f"\r\x1b[K{line}\n")
        self._drawn = 0.0

    def close(self) -> None:
        self._draw(time.monotonic())
        self._stream.write("\n")
        self._stream.flush()


def result_line(result: PageResult) -> tuple[str, bool]:
    """One JSON line for a page and whether it holds an article.

    A page whose article cannot be rendered or written (a bug on that page)
    becomes that page's error line: the run and the other pages go on.
    """
    try:
        line = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
        line.encode("utf-8")
        return line, result.ok
    except Exception as exc:  # one page's output, never the run's end
        failure = {"source_url": result.url, "error": type(exc).__name__, "message": str(exc)}
        return json.dumps(failure) + "\n", False


def _usage(message: str) -> int:
    print(f"cleanscrape: {message}", file=sys.stderr)
    return EXIT_USAGE


def _politeness(args: argparse.Namespace, config: FetchConfig) -> FetchConfig:
    changes: dict[str, int | float] = {}
    if args.per_host is not None:
        changes["per_host_concurrency"] = args.per_host
    if args.delay is not None:
        changes["per_host_delay"] = args.delay
    return dataclasses.replace(config, **changes)  # type: ignore[arg-type]


def run(args: argparse.Namespace, fetch_config: FetchConfig) -> int:
    """Run batch mode on parsed arguments; 0 every URL gave an article, 1 some did not.

    ``fetch_config`` comes from the command's fetching options; ``--per-host``
    and ``--delay`` adjust its politeness.
    """
    if args.format not in (None, "json"):
        return _usage("several URLs give JSON Lines: use -f json (or leave -f out)")
    if args.resume and not args.output:
        return _usage("--resume needs -o FILE (the output of the interrupted run)")
    for name in ("concurrency", "workers", "memory_limit"):
        value = getattr(args, name)
        if value is not None and value < 1:
            return _usage(f"--{name} must be at least 1")
    try:
        fetch_config = _politeness(args, fetch_config)
    except ValueError as exc:  # a negative --delay, --per-host 0
        return _usage(str(exc))
    if "-" in args.targets:
        return _usage("batch mode reads URLs and files, not standard input ('-')")
    try:
        urls = list(_read_urls(args))
    except OSError as exc:
        return _usage(f"cannot read the URL list: {exc.strerror or exc}")
    except (ValueError, UnicodeDecodeError) as exc:
        return _usage(f"cannot read the URL list: {exc}")
    from .cli import load_user_rules  # the command's module imports this one

    try:
        load_user_rules(args.rules)  # reports bad rule files and CLEANSCRAPE_RULES once, here
    except CleanscrapeError as exc:
        return _usage(str(exc))
    with contextlib.ExitStack() as lock:
        if args.output:
            try:  # before --resume reads the file or a new run truncates it
                lock.enter_context(exclusive_output(args.output))
            except OutputBusy as exc:
                print(f"cleanscrape: {exc}; not started", file=sys.stderr)
                return EXIT_FAILED
            except OSError as exc:
                print(f"cleanscrape: {args.output}: {exc.strerror or exc}", file=sys.stderr)
                return EXIT_FAILED
        return _run_locked(args, urls, fetch_config)


def _run_locked(args: argparse.Namespace, urls: list[str], fetch_config: FetchConfig) -> int:
    if args.resume:
        done = _done_urls(args.output)
        urls = [u for u in urls if u not in done]
    from .cli import extraction_options  # the command's module imports this one

    options = extraction_options(args)
    try:
        return _write_results(args, urls, options, fetch_config)
    except KeyboardInterrupt:
        print("\ncleanscrape: interrupted; run again with --resume to go on", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head): not an error of ours
        from .cli import stdout_gone

        return stdout_gone()


def _write_results(
    args: argparse.Namespace, urls: list[str], options: Options, fetch_config: FetchConfig
) -> int:
    progress = _Progress(sys.stderr, len(urls)) if sys.stderr.isatty() else None
    status = EXIT_OK
    with contextlib.ExitStack() as stack:
        out: IO[str] = sys.stdout
        if args.output:
            mode = "a" if args.resume else "w"
            out = stack.enter_context(open(args.output, mode, encoding="utf-8"))
        urls, local = _resolve(urls)
        results = itertools.chain(
            _local_results(local, options, args.rules or ()),
            _fetched_results(urls, args, options, fetch_config),
        )
        for result in results:
            line, ok = result_line(result)
            out.write(line)
            # A killed run loses at most the line being written: --resume relies on it.
            out.flush()
            if not ok:
                status = EXIT_FAILED
                _say_failed(result, progress)
            if progress is not None:
                progress.update(ok=result.ok)
        if progress is not None:
            progress.close()
    return status


def _say_failed(result: PageResult, progress: _Progress | None) -> None:
    """The failure's one stderr line, as the command prints for a single target."""
    from .batch import NO_ARTICLE

    line = f"cleanscrape: {result.url}: {(result.failure or NO_ARTICLE).message}"
    if progress is not None:
        progress.note(line)
    else:
        print(line, file=sys.stderr)


def _local_results(
    entries: list[tuple[str, str]], options: Options, rule_folders: list[str] | tuple[str, ...]
) -> Iterator[PageResult]:
    """Results for the list's files (read and extracted here) and unreadable entries."""
    from .batch import PageFailure, PageResult, folder_rules
    from .cli import _Failure, _read_target, error_line, resolve_target
    from .core import extract, named_page

    rules = folder_rules(tuple(rule_folders)) if entries else None
    for index, (entry, kind) in enumerate(entries):
        try:
            if kind != "file":
                resolve_target(entry)  # raises for an unsupported scheme
                raise _Failure("standard input cannot be an entry of a list", "UsageError")
            data = _read_target("file", entry, options.max_input_bytes)
            with named_page(entry):
                article = extract(data, None, options=options, rules=rules)
        except Exception as exc:  # an error line for this entry, never the run's end
            failure = json.loads(error_line(entry, exc))
            yield PageResult(
                index, entry, failure=PageFailure(failure["error"], failure["message"])
            )
            continue
        yield PageResult(index, entry, article=article)


def _fetched_results(
    urls: list[str], args: argparse.Namespace, options: Options, fetch_config: FetchConfig
) -> Iterator[PageResult]:
    if not urls:  # a list of files only: no event loop, no worker pool
        return
    from .bulk import scrape_many

    yield from scrape_many(
        urls,
        concurrency=args.concurrency or DEFAULT_CONCURRENCY,
        workers=args.workers,
        options=options,
        ordered=bool(args.ordered),
        memory_limit=args.memory_limit * 2**20 if args.memory_limit else None,
        rule_folders=args.rules or (),
        fetch_config=fetch_config,
    )
