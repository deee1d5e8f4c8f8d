"""Score cleanscrape alone, in process, on every development corpus: flat figures, fast.

Usage, from the repository root::

    python -m benchmarks.devscore                  # every corpus, one process
    python -m benchmarks.devscore --workers 2      # pages split over two forked processes
    python -m benchmarks.devscore --only wcxb --limit 300
    python -m benchmarks.devscore --compare out.json   # check against a benchmarks.run --json

:func:`score_all` returns a flat ``{name: value}`` dict:

- ``snippets.f1`` / ``.p`` / ``.r`` / ``.acc``: the snippet corpus, scored exactly as
  :mod:`benchmarks.run` scores it (all snippets of all pages);
- ``readability.f1`` / ``.p`` / ``.r``: the Readability-set body score of
  :mod:`benchmarks.run` (word-4-gram P/R macro-averaged, F1 of the averages);
- ``wcxb.f1`` / ``.p`` / ``.r`` / ``.with`` / ``.without``, ``wcxb.<kind>.f1`` and
  ``wcxb.empty`` (blank outputs, a count): the published WCXB metric (Web Content
  eXtraction Benchmark, Murrough Foley, 2026, CC-BY-4.0); ``wcxb.kind_acc`` and
  ``wcxb.<kind>.kind_acc`` when ``Article`` carries a page ``kind``;
- ``seed.exact``: the share of seed-family variants extracted fully exactly
  (``tests/seed_family.py``'s ``score()["all"]``), plus every other share it returns
  as ``seed.<key>``; left out when that module cannot be imported;
- ``<corpus>.ms_per_page`` for each corpus and ``ms_per_page`` over all corpus pages
  (seed variants excluded): wall time of the extract call, as ``benchmarks.run`` times
  it; ``<corpus>.cpu_ms_per_page`` and ``cpu_ms_per_page``: the CPU time of the
  extracting thread in the same calls, which other jobs on a shared machine barely
  move (``benchmarks.ablate`` compares costs with it); ``<corpus>.pages``; ``errors``
  (pages where extract raised, scored as empty output).

The pages are read and decompressed once per process and kept (:func:`load_devset`),
so repeated scoring (``benchmarks.ablate``) costs only the extraction. The figures are
those of ``python -m benchmarks.run --tools cleanscrape`` to the last digit: the same
tool wrapper, the same scoring functions, the same page order (the results of
workers are put back in page order before anything is summed).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import (
    ReadabilityCase,
    ShingleScore,
    SnippetCase,
    SnippetCounts,
    WcxbScore,
    average_shingle_scores,
    average_wcxb,
    find_corpora,
    kind_confusion,
    score_snippets,
    shingle_score,
    wcxb_score,
)
from benchmarks.run import (
    CORPORA,
    TOOLS,
    Favor,
    call_tool,
    corpus_of,
    load_cases,
    wcxb_by_kind,
)

__all__ = ["DevPage", "DevSet", "figures_from_run_json", "load_devset", "score_all"]

#: The module holding the seed-family variants (written beside the tests).
SEED_MODULE = "tests.seed_family"


@dataclass(frozen=True, slots=True)
class DevPage:
    """One page, read and decompressed, with what it is scored against."""

    corpus: str
    url: str | None
    data: bytes
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    #: The reference text: Readability's expected body, or WCXB's ``main_content``.
    reference: str = ""
    #: WCXB's page kind (``page_type``).
    kind: str = ""


@dataclass(frozen=True, slots=True)
class DevSet:
    """Every page of the development corpora, in :mod:`benchmarks.run`'s order."""

    root: Path
    pages: tuple[DevPage, ...]

    def count(self, corpus: str) -> int:
        """Number of pages of one corpus."""
        return sum(p.corpus == corpus for p in self.pages)

    def only(self, corpora: Iterable[str]) -> DevSet:
        """The pages of some corpora only."""
        wanted = set(corpora)
        return DevSet(self.root, tuple(p for p in self.pages if p.corpus in wanted))


_CACHE: dict[tuple[Path, int | None], DevSet] = {}


def load_devset(corpora: Path | str | None = None, *, limit: int | None = None) -> DevSet:
    """Read every page of every corpus once (cached per process for the same arguments).

    ``limit``: the first N pages of each corpus, as ``benchmarks.run --limit``.
    """
    root = Path(corpora) if corpora is not None else find_corpora()
    if root is None:
        raise FileNotFoundError(
            "corpora not found: no shared/corpora above the repository root "
            "(set CLEANSCRAPE_CORPORA)"
        )
    key = (root.resolve(), limit)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    pages: list[DevPage] = []
    for case in load_cases(root, CORPORA, limit):
        corpus = corpus_of(case)
        if isinstance(case, SnippetCase):
            page = DevPage(corpus, case.url, case.read(), case.with_, case.without)
        elif isinstance(case, ReadabilityCase):
            page = DevPage(corpus, case.url, case.read(), reference=case.expected_text())
        else:
            page = DevPage(
                corpus,
                case.url,
                case.read(),
                case.with_,
                case.without,
                reference=case.main_content,
                kind=case.kind,
            )
        pages.append(page)
    devset = DevSet(root, tuple(pages))
    _CACHE[key] = devset
    return devset


# --- scoring one page -----------------------------------------------------------------

#: One page's outcome: its score, the kind cleanscrape detected, wall ns, CPU ns, and
#: whether it raised.
PageScore = tuple[SnippetCounts | ShingleScore | WcxbScore, str | None, int, int, bool]

# The pages the forked workers score: set in the parent before the pool forks.
_ACTIVE: DevSet | None = None
_FAVOR: Favor = "balanced"


def _score_page(tool: Callable[[bytes, str | None], str], page: DevPage) -> PageScore:
    cpu = time.thread_time_ns()
    text, ns, error = call_tool(tool, page.data, page.url)
    cpu = time.thread_time_ns() - cpu
    score: SnippetCounts | ShingleScore | WcxbScore
    if page.corpus == "snippets":
        score = score_snippets(text, page.with_, page.without)
    elif page.corpus == "readability":
        score = shingle_score(page.reference, text)
    else:
        score = wcxb_score(page.reference, text, page.with_, page.without)
    return score, getattr(text, "kind", None), ns, cpu, error is not None


def _score_range(bounds: tuple[int, int]) -> list[PageScore]:
    """Score ``_ACTIVE.pages[start:stop]`` in this process."""
    assert _ACTIVE is not None
    tool = TOOLS["cleanscrape"](_FAVOR)
    start, stop = bounds
    return [_score_page(tool, page) for page in _ACTIVE.pages[start:stop]]


def _warm_up(devset: DevSet) -> None:
    # One untimed call, as benchmarks.run makes, so lazy initialisation is not charged.
    if devset.pages:
        first = devset.pages[0]
        call_tool(TOOLS["cleanscrape"](_FAVOR), first.data, first.url)


# --- the seed family ------------------------------------------------------------------


_SEED_FAMILY: list[Any] = []


def _seed_scores() -> dict[str, float] | None:
    """``tests.seed_family.score()`` with a timed ``cleanscrape.extract``; None if absent.

    The variants are generated once per process and passed back to ``score``.
    """
    try:
        module = importlib.import_module(SEED_MODULE)
    except Exception as exc:  # absent, or broken while someone edits it: no seed figures
        if not isinstance(exc, ModuleNotFoundError) or exc.name not in ("tests", SEED_MODULE):
            print(f"devscore: no seed figures: {SEED_MODULE}: {exc!r}", file=sys.stderr)
        return None
    import cleanscrape

    kwargs: dict[str, Any] = {}
    if hasattr(module, "variants") and "family" in inspect.signature(module.score).parameters:
        if not _SEED_FAMILY:
            _SEED_FAMILY.extend(module.variants())
        kwargs["family"] = _SEED_FAMILY

    spent = [0, 0, 0]  # wall ns, CPU ns, calls

    def extract(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter_ns(), time.thread_time_ns()
        try:
            return cleanscrape.extract(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter_ns() - start
            spent[1] += time.thread_time_ns() - cpu
            spent[2] += 1

    try:
        shares = module.score(extract=extract, **kwargs)
    except Exception as exc:
        print(f"devscore: no seed figures: {SEED_MODULE}.score: {exc!r}", file=sys.stderr)
        return None
    out: dict[str, float] = {}
    if "all" in shares:
        out["seed.exact"] = float(shares["all"])
    for key, value in shares.items():
        if key != "all" and isinstance(value, int | float):
            out[f"seed.{key}"] = float(value)
    if spent[2]:
        out["seed.ms_per_page"] = spent[0] / spent[2] / 1e6
        out["seed.cpu_ms_per_page"] = spent[1] / spent[2] / 1e6
        out["seed.pages"] = float(spent[2])
    return out


# --- the figures ----------------------------------------------------------------------


def _chunks(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _figures(devset: DevSet, results: Sequence[PageScore]) -> dict[str, float]:
    """Sum up the page results, in page order, into the flat figures."""
    out: dict[str, float] = {}
    by_corpus: dict[str, list[int]] = {c: [] for c in CORPORA}
    for index, page in enumerate(devset.pages):
        by_corpus[page.corpus].append(index)
    total_ns = total_cpu = total_pages = errors = 0
    for corpus in CORPORA:
        indices = by_corpus[corpus]
        if not indices:
            continue
        scores = [results[i][0] for i in indices]
        if corpus == "snippets":
            counts = SnippetCounts()
            for score in scores:
                assert isinstance(score, SnippetCounts)
                counts = counts + score
            out["snippets.f1"] = counts.f1
            out["snippets.p"] = counts.precision
            out["snippets.r"] = counts.recall
            out["snippets.acc"] = counts.accuracy
        elif corpus == "readability":
            shingle = [s for s in scores if isinstance(s, ShingleScore)]
            out["readability.p"], out["readability.r"], out["readability.f1"] = (
                average_shingle_scores(shingle)
            )
        else:
            wcxb = [s for s in scores if isinstance(s, WcxbScore)]
            kinds = [devset.pages[i].kind for i in indices]
            overall = average_wcxb(wcxb)
            out["wcxb.f1"] = overall.f1
            out["wcxb.p"] = overall.precision
            out["wcxb.r"] = overall.recall
            out["wcxb.with"] = overall.with_rate
            out["wcxb.without"] = overall.without_rate
            out["wcxb.empty"] = float(overall.empty)
            for kind, average in wcxb_by_kind(wcxb, kinds).items():
                out[f"wcxb.{kind}.f1"] = average.f1
            detected = [results[i][1] for i in indices]
            if any(d is not None for d in detected):
                confusion = kind_confusion(zip(kinds, detected, strict=True))
                right = sum(c.get(k, 0) for k, c in confusion.items())
                out["wcxb.kind_acc"] = right / len(indices)
                for kind, counts in confusion.items():
                    out[f"wcxb.{kind}.kind_acc"] = counts.get(kind, 0) / sum(counts.values())
        ns = sum(results[i][2] for i in indices)
        cpu = sum(results[i][3] for i in indices)
        out[f"{corpus}.ms_per_page"] = ns / len(indices) / 1e6
        out[f"{corpus}.cpu_ms_per_page"] = cpu / len(indices) / 1e6
        out[f"{corpus}.pages"] = float(len(indices))
        total_ns += ns
        total_cpu += cpu
        total_pages += len(indices)
        errors += sum(results[i][4] for i in indices)
    if total_pages:
        out["ms_per_page"] = total_ns / total_pages / 1e6
        out["cpu_ms_per_page"] = total_cpu / total_pages / 1e6
    out["errors"] = float(errors)
    return out


def score_all(
    corpora: DevSet | Path | str | None = None,
    *,
    limit: int | None = None,
    workers: int = 1,
    only: Iterable[str] | None = None,
    seed: bool = True,
    favor: Favor = "balanced",
) -> dict[str, float]:
    """Run ``cleanscrape.extract`` over the development corpora; the flat figures.

    Args:
        corpora: a :class:`DevSet` already loaded, or the corpora folder (default: found
            by :func:`benchmarks.corpus.find_corpora`), loaded once and cached.
        limit: the first N pages of each corpus (when loading).
        workers: processes to score in (forked; the pages are split between them).
        only: score only these corpora (``snippets``, ``readability``, ``wcxb``, ``seed``).
        seed: also score the seed family (when ``tests.seed_family`` imports).
        favor: passed to ``cleanscrape.extract`` (``benchmarks.run``'s default too).
    """
    global _ACTIVE, _FAVOR
    devset = corpora if isinstance(corpora, DevSet) else load_devset(corpora, limit=limit)
    wanted = set(only) if only is not None else {*CORPORA, "seed"}
    if wanted - {*CORPORA, "seed"}:
        raise ValueError(f"unknown corpora: {sorted(wanted - {*CORPORA, 'seed'})}")
    devset = devset.only(wanted) if wanted & set(CORPORA) != set(CORPORA) else devset
    seed = seed and "seed" in wanted
    _ACTIVE, _FAVOR = devset, favor
    _warm_up(devset)
    total = len(devset.pages)
    seed_figures: dict[str, float] | None = None
    if workers <= 1 or total == 0:
        results = _score_range((0, total))
        if seed:
            seed_figures = _seed_scores()
    else:
        # Small chunks in page order: both processes stay busy to the end.
        chunks = _chunks(total, max(1, min(40, total // (workers * 4) or 1)))
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            seed_job = pool.apply_async(_seed_scores) if seed else None
            results = [r for part in pool.imap(_score_range, chunks) for r in part]
            if seed_job is not None:
                seed_figures = seed_job.get()
    figures = _figures(devset, results)
    if seed_figures:
        figures.update(seed_figures)
    return figures


# --- comparing with a benchmarks.run report -------------------------------------------


def figures_from_run_json(report: Mapping[str, Any], tool: str = "cleanscrape") -> dict[str, float]:
    """The figures of :func:`score_all` that a ``benchmarks.run --json`` report holds."""
    summary = report["tools"][tool]
    out: dict[str, float] = {}
    snippets = summary.get("snippets", {})
    if snippets.get("pages"):
        out.update(
            {
                "snippets.f1": snippets["f1"],
                "snippets.p": snippets["precision"],
                "snippets.r": snippets["recall"],
                "snippets.acc": snippets["accuracy"],
            }
        )
    readability = summary.get("readability", {})
    if readability.get("pages"):
        out.update(
            {
                "readability.f1": readability["f1"],
                "readability.p": readability["precision"],
                "readability.r": readability["recall"],
            }
        )
    wcxb = summary.get("wcxb", {})
    if wcxb.get("pages"):
        out.update(
            {
                "wcxb.f1": wcxb["f1"],
                "wcxb.p": wcxb["precision"],
                "wcxb.r": wcxb["recall"],
                "wcxb.with": wcxb["with"],
                "wcxb.without": wcxb["without"],
                "wcxb.empty": float(wcxb["empty"]),
            }
        )
        for kind, figures in wcxb.get("kinds", {}).items():
            out[f"wcxb.{kind}.f1"] = figures["f1"]
    return out


# --- the command ----------------------------------------------------------------------


def format_figures(figures: Mapping[str, float]) -> str:
    """One ``name value`` line per figure, in a stable order."""
    width = max((len(k) for k in figures), default=0)
    lines = []
    for key in sorted(figures, key=_sort_key):
        value = figures[key]
        shown = f"{value:.0f}" if key.endswith((".pages", ".empty")) or key == "errors" else None
        if shown is None:
            shown = f"{value:.2f}" if "ms_per_page" in key else f"{value:.4f}"
        lines.append(f"{key.ljust(width)}  {shown}")
    return "\n".join(lines)


def _sort_key(key: str) -> tuple[int, str]:
    order = (*CORPORA, "seed")
    head = key.split(".", 1)[0]
    return (order.index(head) if head in order else len(order), key)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.devscore",
        description="cleanscrape alone on every development corpus: flat figures.",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument("--workers", type=int, default=1, help="forked processes (default 1)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=(*CORPORA, "seed"),
        default=None,
        help="score only these corpora",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        metavar="RUN_JSON",
        help="check the figures against a `benchmarks.run --json` report's cleanscrape",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    start = time.perf_counter()
    try:
        devset = load_devset(limit=args.limit)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    loaded = time.perf_counter()
    figures = score_all(devset, workers=args.workers, only=args.only)
    done = time.perf_counter()
    if args.json:
        print(json.dumps(figures, indent=1, sort_keys=True))
    else:
        print(format_figures(figures))
        print(
            f"({len(devset.pages)} pages loaded in {loaded - start:.1f} s, scored in "
            f"{done - loaded:.1f} s with {args.workers} worker(s))"
        )
    if args.compare is not None:
        expected = figures_from_run_json(json.loads(args.compare.read_text(encoding="utf-8")))
        differ = {k: (v, figures.get(k)) for k, v in expected.items() if figures.get(k) != v}
        if differ:
            print(f"{len(differ)} figures differ from {args.compare}:")
            for key, (theirs, ours) in sorted(differ.items()):
                print(f"  {key}: run {theirs!r}, devscore {ours!r}")
            return 1
        print(f"all {len(expected)} figures equal those of {args.compare}, to the last digit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
