"""Switch each extraction mechanism off in turn and measure what the corpora lose without it.

Usage, from the repository root::

    python -m benchmarks.ablate --workers 2            # every switch, both cores
    python -m benchmarks.ablate --only comments leads  # some switches only
    python -m benchmarks.ablate --workers 2 --markdown --json out/ablate.json

The switches are those of :mod:`cleanscrape.heuristic.switches` (``names()``: the block
cuts and passes in table order, then the container-scoring signals). The baseline is
:func:`benchmarks.devscore.score_all` with everything on; each row re-scores every
corpus with one mechanism switched off and reports, per corpus, **baseline − without**:

- snippets F1, Readability-set F1, WCXB F1 (overall), seed-family exact share;
- positive = the mechanism helps that corpus, negative = the corpus is better off
  without it; ``best WCXB kind`` is the page kind it helps most (F1 delta);
- Δ ms/page = what the mechanism costs per page (positive) or saves (negative),
  timed in pairs: on every ``--pair-every``-th page (default 10th, all corpora) the
  extraction runs with the mechanism on and off back to back, in alternating order,
  and the mean difference is reported. The switches run minutes apart and on a shared
  machine other jobs move whole-run times (wall or CPU) by more than any one mechanism
  costs; pairs see the same load. ``--pair-every 0`` falls back to the difference of
  whole-run CPU times (``cpu_ms_per_page``), noisy to about ±1 ms/page.

Rows whose every corpus delta is at most 0.0005 are marked ``helps none``: candidates
for removal, unless they exist for pages the corpora do not hold.

The switches are process-global, so with ``--workers N`` each task (one switch, all
corpora, the seed family) runs in a forked worker that switches it off itself; the
pages are read once, before the fork. The baseline runs as a task beside the others,
so its timing sees the same load.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.devscore import DevSet, load_devset, score_all
from benchmarks.run import TOOLS, call_tool

__all__ = [
    "COLUMNS",
    "HELP_EPSILON",
    "PAIRED",
    "AblationRow",
    "ablation_rows",
    "format_table",
    "paired_cost",
]

#: (column title, figure) of each corpus a mechanism can help.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("snippets F1", "snippets.f1"),
    ("Readability F1", "readability.f1"),
    ("WCXB F1", "wcxb.f1"),
    ("seed exact", "seed.exact"),
)
#: A delta at most this large helps nothing (a few snippets or pages out of thousands).
HELP_EPSILON = 0.0005
_MS = "cpu_ms_per_page"
#: The paired cost of a mechanism (ms/page, on − off), in a switch's figures.
PAIRED = "paired.cost_ms"
#: Pages between two paired timings.
PAIR_EVERY = 10


@dataclass(frozen=True, slots=True)
class AblationRow:
    """What one mechanism is worth: baseline − without, per corpus figure."""

    name: str
    #: figure name -> delta (None: the figure is missing from either run).
    deltas: dict[str, float | None]
    ms_delta: float | None
    #: (kind, delta) of the WCXB page kind the mechanism helps most, if any figure.
    best_kind: tuple[str, float] | None
    helps_none: bool


def ablation_rows(
    baseline: Mapping[str, float], without: Mapping[str, Mapping[str, float]]
) -> list[AblationRow]:
    """One row per switch (in ``without``'s order) from the baseline and its figures.

    The cost is the switch's paired timing (:data:`PAIRED`) when it has one, else the
    difference of the whole-run CPU times.

    ``helps_none`` is true when no corpus figure drops by more than
    :data:`HELP_EPSILON` with the mechanism off (missing figures are ignored).
    """
    rows = []
    for name, figures in without.items():
        deltas: dict[str, float | None] = {}
        for _, key in COLUMNS:
            if key in baseline and key in figures:
                deltas[key] = baseline[key] - figures[key]
            else:
                deltas[key] = None
        if PAIRED in figures:
            ms: float | None = figures[PAIRED]
        elif _MS in baseline and _MS in figures:
            ms = baseline[_MS] - figures[_MS]
        else:
            ms = None
        kinds = [
            (key.split(".")[1], baseline[key] - figures[key])
            for key in baseline
            if key.startswith("wcxb.") and key.endswith(".f1") and key.count(".") == 2
            if key in figures
        ]
        best = max(kinds, key=lambda kd: kd[1]) if kinds else None
        # (the tolerance keeps a difference of two floats exactly at the bound at it)
        helps_none = all(d is None or d <= HELP_EPSILON + 1e-12 for d in deltas.values())
        rows.append(AblationRow(name, deltas, ms, best, helps_none))
    return rows


def _signed(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:+.{digits}f}"


def format_table(
    rows: Sequence[AblationRow], baseline: Mapping[str, float], *, markdown: bool = False
) -> str:
    """The ablation table, plain or Markdown, with the baseline figures on top."""
    headers = [
        "switch",
        *(f"Δ {title}" for title, _ in COLUMNS),
        "best WCXB kind",
        "Δ ms/page",
        "helps none",
    ]
    base = [
        "(baseline)",
        *(f"{baseline[key]:.4f}" if key in baseline else "-" for _, key in COLUMNS),
        "",
        f"{baseline[_MS]:.2f} CPU" if _MS in baseline else "-",
        "",
    ]
    body = [base]
    for row in rows:
        kind = "-"
        if row.best_kind is not None and row.best_kind[1] > HELP_EPSILON:
            kind = f"{row.best_kind[0]} {row.best_kind[1]:+.4f}"
        body.append(
            [
                row.name,
                *(_signed(row.deltas[key]) for _, key in COLUMNS),
                kind,
                _signed(row.ms_delta, 2),
                "helps none" if row.helps_none else "",
            ]
        )
    if markdown:
        lines = [
            "| " + " | ".join(headers) + " |",
            "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|",
        ]
        lines.extend("| " + " | ".join(r) + " |" for r in body)
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body
    )
    return "\n".join(lines)


# --- the runs -------------------------------------------------------------------------

_DEVSET: DevSet | None = None
_PAIR_EVERY = PAIR_EVERY


def paired_cost(name: str, devset: DevSet, every: int = PAIR_EVERY) -> tuple[float, int]:
    """Mean ms/page of ``name``: time with it on − time with it off, page by page.

    Every ``every``-th page is extracted with the mechanism on and off back to back
    (which goes first alternates), so both calls of a pair see the same machine load.
    Returns ``(mean difference, pairs)``.
    """
    from cleanscrape.heuristic import switches

    tool = TOOLS["cleanscrape"]("balanced")
    total = pairs = 0
    for index, page in enumerate(devset.pages[every // 2 :: every]):
        times = {}
        for on in (True, False) if index % 2 == 0 else (False, True):
            if on:
                times[on] = call_tool(tool, page.data, page.url)[1]
            else:
                with switches.disabled(name):
                    times[on] = call_tool(tool, page.data, page.url)[1]
        total += times[True] - times[False]
        pairs += 1
    return (total / pairs / 1e6 if pairs else 0.0), pairs


def _score_without(name: str | None) -> tuple[str | None, dict[str, float], float]:
    """Score every corpus in this process with ``name`` switched off (None: baseline)."""
    from cleanscrape.heuristic import switches

    assert _DEVSET is not None
    start = time.perf_counter()
    if name is None:
        figures = score_all(_DEVSET, workers=1)
    else:
        with switches.disabled(name):
            figures = score_all(_DEVSET, workers=1)
        if _PAIR_EVERY > 0:
            figures[PAIRED], pairs = paired_cost(name, _DEVSET, _PAIR_EVERY)
            figures["paired.pages"] = float(pairs)
    return name, figures, time.perf_counter() - start


def run_ablation(
    names: Sequence[str],
    devset: DevSet,
    *,
    workers: int = 1,
    pair_every: int = PAIR_EVERY,
    progress: bool = True,
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """The baseline figures, and the figures without each switch (in ``names`` order)."""
    global _DEVSET, _PAIR_EVERY
    _DEVSET, _PAIR_EVERY = devset, pair_every
    tasks: list[str | None] = [None, *names]
    done: dict[str | None, dict[str, float]] = {}

    def report(name: str | None, figures: dict[str, float], seconds: float) -> None:
        done[name] = figures
        if progress:
            label = "baseline" if name is None else name
            print(
                f"  [{len(done)}/{len(tasks)}] {label}: wcxb {figures.get('wcxb.f1', 0):.4f}, "
                f"snippets {figures.get('snippets.f1', 0):.4f} ({seconds:.0f} s)",
                file=sys.stderr,
                flush=True,
            )

    if workers <= 1:
        for task in tasks:
            report(*_score_without(task))
    else:
        context = multiprocessing.get_context("fork")
        # maxtasksperchild=None: a worker's caches stay warm from one switch to the next.
        with context.Pool(workers) as pool:
            for result in pool.imap_unordered(_score_without, tasks):
                report(*result)
    baseline = done.pop(None)
    return baseline, {name: done[name] for name in names}


def _switch_names() -> tuple[str, ...]:
    from cleanscrape.heuristic import switches

    return tuple(switches.names())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ablation and print its table; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.ablate",
        description="What each switchable mechanism of the heuristic is worth per corpus.",
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these switches only")
    parser.add_argument("--workers", type=int, default=1, help="forked processes (default 1)")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument(
        "--pair-every",
        type=int,
        default=PAIR_EVERY,
        metavar="N",
        help=f"time every Nth page with the switch on and off in pairs (default {PAIR_EVERY}; "
        "0: compare whole-run CPU times instead)",
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        available = _switch_names()
    except ImportError as exc:
        print(
            "no switches to ablate: cleanscrape.heuristic.switches.names() could not import "
            f"the mechanism tables ({exc}). The cuts and passes modules must exist first.",
            file=sys.stderr,
        )
        return 2
    names = tuple(args.only) if args.only else available
    unknown = [n for n in names if n not in available]
    if unknown:
        print(
            f"unknown switches: {', '.join(unknown)}; choose from {', '.join(available)}",
            file=sys.stderr,
        )
        return 2
    start = time.perf_counter()
    try:
        devset = load_devset(limit=args.limit)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not args.quiet:
        print(
            f"{len(devset.pages)} pages loaded in {time.perf_counter() - start:.1f} s; "
            f"{len(names)} switches + baseline on {args.workers} worker(s)",
            file=sys.stderr,
        )
    baseline, without = run_ablation(
        names, devset, workers=args.workers, pair_every=args.pair_every, progress=not args.quiet
    )
    rows = ablation_rows(baseline, without)
    elapsed = time.perf_counter() - start
    print(format_table(rows, baseline))
    print()
    timing = (
        f"timed in on/off pairs on every {args.pair_every}th page"
        if args.pair_every > 0
        else "from whole-run CPU times"
    )
    print(
        "Δ = baseline − without the mechanism (positive: it helps that corpus); Δ ms/page = "
        f"its cost per page, {timing}; helps none = no corpus delta above {HELP_EPSILON}."
    )
    useless = [r.name for r in rows if r.helps_none]
    print(f"helps none: {', '.join(useless) if useless else '(none)'}")
    print(f"{len(names)} switches in {elapsed:.0f} s with {args.workers} worker(s)")
    if args.markdown:
        print()
        print(format_table(rows, baseline, markdown=True))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {"baseline": baseline, "without": without, "seconds": elapsed},
                indent=1,
                sort_keys=True,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
