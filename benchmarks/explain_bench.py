"""What explanations cost: extraction time on the snippet corpus with ``explain`` off and on.

Run from the repository root::

    PYTHONPATH=. python benchmarks/explain_bench.py [--rounds 3] [--limit N] [--baseline REV]

Modes, each timed on every page:

* ``off``: ``cleanscrape.extract(page, url)``, the path every user takes;
* ``on``: ``cleanscrape.extract(page, url, explain=True)`` (decisions, selectors and
  the annotated page; the HTML report is not built);
* ``baseline`` (with ``--baseline REV``): ``extract(page, url)`` of the package as it
  was at git revision ``REV`` (exported with ``git archive`` into a temporary folder
  and imported beside the current one as ``cleanscrape_baseline``), e.g. the commit
  before explanations existed: what their plumbing costs the ``off`` path.

The machine this runs on is shared, so the modes are interleaved page by page
(each page is extracted by every mode in turn, in every order by turns from page
to page) rather than run one after the other: a change in machine load hits all modes
alike. Each call is timed in CPU time of the process (``time.process_time``; other
programs' load counts less than in wall time). The first ``WARMUP_PAGES`` pages are
extracted once untimed. The garbage collector runs between calls, never inside
one: otherwise a mode would pay for collecting what the mode before it left
(``explain=True`` leaves more), which skewed the figures by about 5%. Reported: milliseconds per page for each mode, the median
over rounds and the spread (min-max) beside it, and the ratios of the medians.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import itertools
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cleanscrape  # noqa: E402
from benchmarks.corpus import find_corpora, load_snippet_cases  # noqa: E402

# Pages extracted once before timing: imports, lazy compiles and caches settle.
WARMUP_PAGES = 20
BASELINE_NAME = "cleanscrape_baseline"

Extract = Callable[[bytes, str], object]


def _export(revision: str, folder: Path) -> ModuleType:
    """The package as of ``revision``, imported as ``cleanscrape_baseline``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "cleanscrape"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "cleanscrape"
    spec = importlib.util.spec_from_file_location(
        BASELINE_NAME, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[BASELINE_NAME] = module
    spec.loader.exec_module(module)
    return module


def _guarded(function: Extract, errors: tuple[type[Exception], ...]) -> Extract:
    def run(page: bytes, url: str) -> object:
        try:
            return function(page, url)
        except errors:
            return None  # a page that is not HTML costs what it costs in every mode

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the pages (default 3)")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--baseline", metavar="REV", help="also time extract() at this revision")
    args = parser.parse_args()
    corpora = find_corpora()
    if corpora is None:
        print("no shared/corpora folder found (set CLEANSCRAPE_CORPORA)", file=sys.stderr)
        return 2
    pages = [(case.read(), case.url) for case in load_snippet_cases(corpora, args.limit)]
    with tempfile.TemporaryDirectory() as scratch:
        modes: dict[str, Extract] = {}
        if args.baseline:
            base = _export(args.baseline, Path(scratch))
            modes["baseline"] = _guarded(base.extract, (base.CleanscrapeError,))
        errors = (cleanscrape.CleanscrapeError,)
        modes["off"] = _guarded(cleanscrape.extract, errors)
        modes["on"] = _guarded(lambda p, u: cleanscrape.extract(p, u, explain=True), errors)
        names = list(modes)
        for page, url in pages[:WARMUP_PAGES]:
            for name in names:
                modes[name](page, url)
        # What exists now (pages, modules, caches) is never collected: collections
        # between calls then only look at what the calls left, and stay cheap.
        gc.collect()
        gc.freeze()
        gc.disable()
        per_round: dict[str, list[float]] = {name: [] for name in names}
        # Every order in turn: each mode comes first, and after each other mode, as often
        # (a mode that runs after ``explain=True`` finds the CPU caches colder).
        orders = list(itertools.permutations(names))
        for round_ in range(1, args.rounds + 1):
            spent = dict.fromkeys(names, 0.0)
            for number, (page, url) in enumerate(pages):
                for name in orders[number % len(orders)]:
                    gc.collect()
                    start = time.process_time()
                    modes[name](page, url)
                    spent[name] += time.process_time() - start
            for name in names:
                per_round[name].append(1000 * spent[name] / len(pages))
            print(
                f"round {round_}: "
                + ", ".join(f"{name} {per_round[name][-1]:.2f}" for name in names)
                + " ms/page",
                file=sys.stderr,
            )
    print(f"snippet corpus: {len(pages)} pages, {args.rounds} rounds, CPU ms per page")
    print(f"{'mode':<20} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in per_round.items():
        label = f"{name} ({args.baseline})" if name == "baseline" else name
        median = statistics.median(values)
        print(f"{label:<20} {median:8.2f} {min(values):8.2f} {max(values):8.2f}")
    off = statistics.median(per_round["off"])
    print(f"explain on / off: {statistics.median(per_round['on']) / off:.3f}x")
    if "baseline" in per_round:
        print(f"off / baseline: {off / statistics.median(per_round['baseline']):.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
