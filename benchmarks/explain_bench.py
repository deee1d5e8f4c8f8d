"""What explanations cost: extraction time on the snippet corpus with ``explain`` off and on.

Run from the repository root::

    PYTHONPATH=. python benchmarks/explain_bench.py [--rounds 3] [--limit N] [--baseline REV]

Modes, each timed over the same pages:

* ``off``: ``cleanscrape.extract(page, url)``, the path every user takes;
* ``on``: ``cleanscrape.extract(page, url, explain=True)`` (decisions, selectors and
  the annotated page; the HTML report is not built);
* ``baseline`` (with ``--baseline REV``): ``extract(page, url)`` of the package as it
  was at git revision ``REV`` (exported with ``git archive`` into a temporary
  folder), e.g. the commit before explanations existed, to see what their
  plumbing costs the ``off`` path.

Each mode runs in its own fresh process (so the modes do not share caches or a
warmed-up heap); the modes take turns, round after round, so a change in machine
load hits them alike. A process decompresses the pages, extracts the first
``WARMUP_PAGES`` once untimed, then times one pass over all pages. The figure is
CPU time of the process (``time.process_time``: other programs' load on the machine
counts less than in wall time) in milliseconds per page; the median over rounds is
reported, with the spread (min-max) beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Last on the path: a worker's PYTHONPATH decides which cleanscrape is imported.
sys.path.append(str(ROOT))

from benchmarks.corpus import find_corpora, load_snippet_cases  # noqa: E402

# Pages extracted once before timing: imports, lazy compiles and caches settle.
WARMUP_PAGES = 20


def _worker(mode: str, limit: int | None) -> None:
    """Time one pass in this process and print ``{"ms_per_page": …, "pages": …}``."""
    import cleanscrape

    corpora = find_corpora()
    assert corpora is not None
    pages = [(case.read(), case.url) for case in load_snippet_cases(corpora, limit)]
    explain = mode == "on"

    def run(page: bytes, url: str) -> None:
        try:
            if explain:
                cleanscrape.extract(page, url, explain=True)
            else:
                cleanscrape.extract(page, url)
        except cleanscrape.CleanscrapeError:
            pass  # a page that is not HTML costs what it costs in both modes

    for page, url in pages[:WARMUP_PAGES]:
        run(page, url)
    start = time.process_time()
    for page, url in pages:
        run(page, url)
    elapsed = time.process_time() - start
    result = {"ms_per_page": 1000 * elapsed / len(pages), "package": cleanscrape.__file__}
    print(json.dumps(result))


def _export(revision: str, folder: Path) -> Path:
    """The package as of ``revision``, unpacked under ``folder``; returns the import root."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "cleanscrape"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _run_mode(mode: str, package_root: Path, limit: int | None) -> float:
    command = [sys.executable, __file__, "--worker", "on" if mode == "on" else "off"]
    if limit is not None:
        command += ["--limit", str(limit)]
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(result["package"]).resolve().is_relative_to(package_root.resolve()):
        raise SystemExit(f"{mode}: imported {result['package']}, not the one under {package_root}")
    return float(result["ms_per_page"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes per mode (default 3)")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--baseline", metavar="REV", help="also time extract() at this revision")
    parser.add_argument("--worker", choices=("off", "on"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.limit)
        return 0
    corpora = find_corpora()
    if corpora is None:
        print("no shared/corpora folder found (set CLEANSCRAPE_CORPORA)", file=sys.stderr)
        return 2
    pages = len(load_snippet_cases(corpora, args.limit))
    with tempfile.TemporaryDirectory() as scratch:
        roots = {"off": ROOT, "on": ROOT}
        if args.baseline:
            roots = {"baseline": _export(args.baseline, Path(scratch)), **roots}
        times: dict[str, list[float]] = {mode: [] for mode in roots}
        for round_ in range(1, args.rounds + 1):
            for mode, root in roots.items():
                times[mode].append(_run_mode(mode, root, args.limit))
            print(
                f"round {round_}: "
                + ", ".join(f"{mode} {values[-1]:.2f}" for mode, values in times.items())
                + " ms/page",
                file=sys.stderr,
            )
    print(f"snippet corpus: {pages} pages, {args.rounds} rounds, CPU ms per page")
    print(f"{'mode':<20} {'median':>8} {'min':>8} {'max':>8}")
    for mode, values in times.items():
        label = f"{mode} ({args.baseline})" if mode == "baseline" else mode
        print(f"{label:<20} {statistics.median(values):8.2f} {min(values):8.2f} {max(values):8.2f}")
    off = statistics.median(times["off"])
    print(f"explain on / off: {statistics.median(times['on']) / off:.2f}x")
    if "baseline" in times:
        print(f"off / baseline: {off / statistics.median(times['baseline']):.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
