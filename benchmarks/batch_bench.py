"""Throughput of batch extraction: pages/s with 1 worker and with every core, against trafilatura.

Runs, in one go, over the snippet corpus (``shared/corpora/snippets``, pages
held in memory as the raw bytes served):

- ``cleanscrape.extract_many`` with 1 worker process and with all cores;
- trafilatura (``trafilatura.extract``, default settings) in a
  ``ProcessPoolExecutor`` with the same numbers of workers;
- optionally (``--warc``) ``cleanscrape warc`` over a WARC file of the same
  pages, written to a temporary folder, and (``--dask``) the Dask bag over that
  WARC split into parts, on a local cluster of worker processes.

Wall time includes starting the pools, as a user would see it. Usage::

    PYTHONPATH=. python benchmarks/batch_bench.py [--limit N] [--warc] [--dask]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

import cleanscrape
from cleanscrape.batch import default_workers

Page = tuple[bytes, str]
T = TypeVar("T")
# Pages handed to a trafilatura worker at once: amortises pickling like our pool's pipe does.
_TRAFILATURA_CHUNK = 8


def find_snippets() -> Path | None:
    """``shared/corpora/snippets`` found by walking up from this file (CI and worktrees differ)."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        candidate = folder / "shared" / "corpora" / "snippets"
        if (candidate / "cases.jsonl").is_file():
            return candidate
    return None


def load_pages(folder: Path, limit: int | None) -> list[Page]:
    pages = []
    with open(folder / "cases.jsonl", encoding="utf-8") as cases:
        for line in cases:
            case = json.loads(line)
            pages.append((gzip.decompress((folder / case["file"]).read_bytes()), case["url"]))
            if limit and len(pages) >= limit:
                break
    return pages


def _trafilatura_one(page: Page) -> bool:
    import trafilatura

    return trafilatura.extract(page[0], url=page[1]) is not None


def run_cleanscrape(pages: Sequence[Page], workers: int) -> int:
    return sum(r.ok for r in cleanscrape.extract_many(pages, workers=workers, ordered=False))


def run_trafilatura(pages: Sequence[Page], workers: int) -> int:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_trafilatura_one, pages, chunksize=_TRAFILATURA_CHUNK))


def _warc_record(body: bytes, url: str) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def write_warcs(pages: Sequence[Page], folder: Path, parts: int) -> list[Path]:
    paths = [folder / f"part-{i}.warc.gz" for i in range(parts)]
    outs = [p.open("wb") for p in paths]
    for i, (body, url) in enumerate(pages):
        outs[i % parts].write(_warc_record(body, url.replace(" ", "%20")))
    for out in outs:
        out.close()
    return paths


def run_warc(paths: Sequence[Path], workers: int) -> int:
    from cleanscrape.warc import extract_warc

    return sum("text" in line for line in extract_warc(paths, workers=workers))


def run_dask(paths: Sequence[Path], workers: int) -> int:
    from distributed import Client, LocalCluster

    import cleanscrape.dask as csd

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        return sum("text" in line for line in csd.warc_bag(paths).compute())


def measure(name: str, run: Callable[[T, int], int], data: T, workers: int, pages: int) -> None:
    start = time.perf_counter()
    found = run(data, workers)
    seconds = time.perf_counter() - start
    print(f"{name:<34} {pages / seconds:8.1f} pages/s  {seconds:7.2f} s  {found:5d} articles")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, help="use the first N pages only")
    parser.add_argument("--warc", action="store_true", help="also time `cleanscrape warc`")
    parser.add_argument("--dask", action="store_true", help="also time the Dask bag")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the comparator")
    args = parser.parse_args(argv)
    folder = find_snippets()
    if folder is None:
        print("shared/corpora/snippets not found: nothing to measure", file=sys.stderr)
        return 1
    pages = load_pages(folder, args.limit)
    cores = default_workers()
    counts = sorted({1, cores})
    print(f"{len(pages)} pages, {sum(len(p[0]) for p in pages) / 1e6:.1f} MB, {cores} cores")
    measure("cleanscrape, in-process", run_cleanscrape, pages, 0, len(pages))
    for workers in counts:
        measure(f"cleanscrape, {workers} worker(s)", run_cleanscrape, pages, workers, len(pages))
    if not args.no_trafilatura:
        for workers in counts:
            measure(
                f"trafilatura, {workers} worker(s)",
                run_trafilatura,
                pages,
                workers,
                len(pages),
            )
    if args.warc or args.dask:
        with tempfile.TemporaryDirectory() as tmp:
            parts = write_warcs(pages, Path(tmp), parts=max(4, 2 * cores))
            if args.warc:
                for workers in counts:
                    measure(
                        f"cleanscrape warc, {workers} worker(s)",
                        run_warc,
                        parts,
                        workers,
                        len(pages),
                    )
            if args.dask:
                for workers in counts:
                    measure(
                        f"dask bag, {workers} process(es)",
                        run_dask,
                        parts,
                        workers,
                        len(pages),
                    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
