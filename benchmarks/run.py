"""Run cleanscrape and the comparators on the shared corpora and print one table.

Usage, from the repository root::

    python -m benchmarks.run                       # every available tool, both corpora
    python -m benchmarks.run --tools cleanscrape --corpus snippets --limit 200
    python -m benchmarks.run --favor precision --json out.json --markdown

Every tool gets the page's raw bytes (cleanscrape and trafilatura decode them
themselves; readability-lxml gets ``cleanscrape.decode.decode_html``'s text;
resiliparse decodes with its own ``detect_encoding``). All tools run on the same
page before the next page is read, in an order rotated from page to page, so that
machine noise (other processes on a shared machine) hits every tool alike. Only the
tool call is timed: reading and decompressing the corpus and computing the reference
text are not. Each tool makes one untimed warm-up call first, so that lazy
initialisation is not charged to the first page. A tool that raises on a page is
scored as having returned nothing, and the number of such pages is printed.

Scoring rules: see :mod:`benchmarks.corpus`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

if __package__ in (None, ""):  # run as a script: make the checkout importable and win
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import (
    ReadabilityCase,
    ShingleScore,
    SnippetCase,
    SnippetCounts,
    average_shingle_scores,
    find_corpora,
    html_to_text,
    load_readability_cases,
    load_snippet_cases,
    repo_root,
    score_snippets,
    shingle_score,
)

#: A tool: page bytes and address in, body text out ("" for no article).
Tool = Callable[[bytes, str | None], str]
Favor = Literal["precision", "balanced", "recall"]
CorpusChoice = Literal["snippets", "readability", "both"]

BASELINE = "cleanscrape"
# Progress goes to stderr this often, so a long run shows it is alive.
_PROGRESS_EVERY = 100


# --- the tools ------------------------------------------------------------------------


def _cleanscrape(favor: Favor) -> Tool:
    import cleanscrape

    def run(data: bytes, url: str | None) -> str:
        article = cleanscrape.extract(data, url, favor=favor)
        return (article.text or "") if article is not None else ""

    return run


def _trafilatura(favor: Favor) -> Tool:
    import trafilatura

    def run(data: bytes, url: str | None) -> str:
        return trafilatura.extract(data, url=url) or ""

    return run


def _trafilatura_fast(favor: Favor) -> Tool:
    import trafilatura

    # trafilatura 1.x called its fast mode ``no_fallback``; 2.x renamed it ``fast``.
    flag = "fast" if "fast" in inspect.signature(trafilatura.extract).parameters else "no_fallback"

    def run(data: bytes, url: str | None) -> str:
        return trafilatura.extract(data, url=url, **{flag: True}) or ""

    return run


def _readability(favor: Favor) -> Tool:
    from readability import Document

    from cleanscrape.decode import decode_html

    def run(data: bytes, url: str | None) -> str:
        html = decode_html(data)[0]
        return html_to_text(Document(html, url=url).summary())

    return run


def _resiliparse(favor: Favor) -> Tool:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    def run(data: bytes, url: str | None) -> str:
        tree = HTMLTree.parse_from_bytes(data, detect_encoding(data))
        return str(extract_plain_text(tree, main_content=True))

    return run


#: Tool name -> factory (raises ImportError when the tool is not installed).
TOOLS: dict[str, Callable[[Favor], Tool]] = {
    "cleanscrape": _cleanscrape,
    "trafilatura": _trafilatura,
    "trafilatura-fast": _trafilatura_fast,
    "readability": _readability,
    "resiliparse": _resiliparse,
}


# --- the run --------------------------------------------------------------------------


@dataclass
class ToolResult:
    """Everything measured for one tool in one run."""

    name: str
    snippets: SnippetCounts = field(default_factory=SnippetCounts)
    shingles: list[ShingleScore] = field(default_factory=list)
    ns: dict[str, int] = field(default_factory=lambda: {"snippets": 0, "readability": 0})
    pages: dict[str, int] = field(default_factory=lambda: {"snippets": 0, "readability": 0})
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)

    @property
    def ms_per_page(self) -> float:
        """Mean time per page over every page of the run."""
        pages = sum(self.pages.values())
        return sum(self.ns.values()) / pages / 1e6 if pages else 0.0

    def ms_per_page_in(self, corpus: str) -> float:
        """Mean time per page of one corpus."""
        pages = self.pages[corpus]
        return self.ns[corpus] / pages / 1e6 if pages else 0.0

    def summary(self) -> dict[str, Any]:
        """Plain figures for the JSON report."""
        rs_p, rs_r, rs_f1 = average_shingle_scores(self.shingles)
        s = self.snippets
        return {
            "snippets": {
                "tp": s.tp,
                "fn": s.fn,
                "fp": s.fp,
                "tn": s.tn,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "accuracy": s.accuracy,
                "pages": self.pages["snippets"],
                "ms_per_page": self.ms_per_page_in("snippets"),
            },
            "readability": {
                "precision": rs_p,
                "recall": rs_r,
                "f1": rs_f1,
                "pages": self.pages["readability"],
                "ms_per_page": self.ms_per_page_in("readability"),
            },
            "ms_per_page": self.ms_per_page,
            "errors": self.errors,
            "error_examples": self.error_examples,
        }


_Case = SnippetCase | ReadabilityCase


def _page_id(case: _Case) -> str:
    return case.file if isinstance(case, SnippetCase) else f"readability/{case.name}"


def call_tool(tool: Tool, data: bytes, url: str | None) -> tuple[str, int, str | None]:
    """Run one tool on one page: (text, nanoseconds, error description or None)."""
    start = time.perf_counter_ns()
    try:
        text = tool(data, url)
        error = None
    except Exception as exc:  # a comparator's crash is an empty output, not a dead run
        text, error = "", f"{type(exc).__name__}: {exc}"[:200]
    return text, time.perf_counter_ns() - start, error


def run_benchmark(
    tools: dict[str, Tool],
    cases: Sequence[_Case],
    *,
    page_log: list[dict[str, Any]] | None = None,
    progress: bool = True,
) -> dict[str, ToolResult]:
    """Run every tool on every case, interleaved per page with a rotating tool order."""
    names = list(tools)
    results = {name: ToolResult(name) for name in names}
    if cases:
        first = cases[0]
        warm = first.read()
        for name in names:
            call_tool(tools[name], warm, first.url)
    for index, case in enumerate(cases):
        data = case.read()
        corpus = "snippets" if isinstance(case, SnippetCase) else "readability"
        expected = case.expected_text() if isinstance(case, ReadabilityCase) else ""
        shift = index % len(names)
        entry: dict[str, Any] = {"page": _page_id(case), "corpus": corpus, "tools": {}}
        for name in names[shift:] + names[:shift]:
            text, ns, error = call_tool(tools[name], data, case.url)
            result = results[name]
            result.ns[corpus] += ns
            result.pages[corpus] += 1
            record: dict[str, Any] = {"ms": round(ns / 1e6, 3)}
            if error is not None:
                result.errors += 1
                if len(result.error_examples) < 5:
                    result.error_examples.append(f"{_page_id(case)}: {error}")
                record["error"] = error
            if isinstance(case, SnippetCase):
                counts = score_snippets(text, case.with_, case.without)
                result.snippets = result.snippets + counts
                record.update(tp=counts.tp, fn=counts.fn, fp=counts.fp, tn=counts.tn)
            else:
                score = shingle_score(expected, text)
                result.shingles.append(score)
                record.update(precision=round(score.precision, 4), recall=round(score.recall, 4))
            entry["tools"][name] = record
        if page_log is not None:
            page_log.append(entry)
        if progress and (index + 1) % _PROGRESS_EVERY == 0:
            print(f"  {index + 1}/{len(cases)} pages", file=sys.stderr, flush=True)
    return results


# --- the report -----------------------------------------------------------------------


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _git_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo_root()), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo_root()), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out + ("+dirty" if dirty else "")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, Any]:
    """Where and with what the run happened."""
    import cleanscrape

    try:
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "unknown"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "load_average_at_start": load,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cleanscrape": f"{cleanscrape.__version__} (git {_git_revision()}, "
        f"{Path(cleanscrape.__file__).resolve().parent})",
        "packages": {
            name: _package_version(name)
            for name in (
                "selectolax",
                "lxml",
                "trafilatura",
                "readability-lxml",
                "resiliparse",
            )
        },
    }


_HEADERS = (
    "tool",
    "snip P",
    "snip R",
    "snip F1",
    "snip acc",
    "RS P",
    "RS R",
    "RS F1",
    "ms/page",
    "time vs cleanscrape",
    "errors",
)


def table_rows(results: dict[str, ToolResult]) -> list[list[str]]:
    """One row of formatted figures per tool, in run order."""
    base = results.get(BASELINE)
    rows = []
    for result in results.values():
        s = result.snippets
        has_snippets = result.pages["snippets"] > 0
        has_rs = result.pages["readability"] > 0
        rs_p, rs_r, rs_f1 = average_shingle_scores(result.shingles)
        ratio = "-"
        if base is not None and base.ms_per_page > 0:
            ratio = f"{result.ms_per_page / base.ms_per_page:.1f}x"

        def fmt(value: float, present: bool) -> str:
            return f"{value:.3f}" if present else "-"

        rows.append(
            [
                result.name,
                fmt(s.precision, has_snippets),
                fmt(s.recall, has_snippets),
                fmt(s.f1, has_snippets),
                fmt(s.accuracy, has_snippets),
                fmt(rs_p, has_rs),
                fmt(rs_r, has_rs),
                fmt(rs_f1, has_rs),
                f"{result.ms_per_page:.1f}",
                ratio,
                str(result.errors),
            ]
        )
    return rows


def format_plain(rows: list[list[str]]) -> str:
    """A fixed-width table for the terminal."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(_HEADERS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(_HEADERS, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)
    return "\n".join(lines)


def format_markdown(
    rows: list[list[str]], info: dict[str, Any], command: str, counts: dict[str, int]
) -> str:
    """The run as a Markdown section to paste into ``docs/benchmarks.md``."""
    packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    out = [
        f"### Run of {info['date']}",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), load average at start "
        f"{info['load_average_at_start']}; {info['platform']}",
        f"- Python {info['python']}; cleanscrape {info['cleanscrape']}",
        f"- Packages: {packages}",
        f"- Pages: {counts['snippets']} snippet-corpus pages, "
        f"{counts['readability']} Readability-set pages",
        f"- Command: `{command}`",
        "",
        "| " + " | ".join(_HEADERS) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(_HEADERS))) + "|",
    ]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return "\n".join(out)


def _legend() -> str:
    return (
        "snip = snippet corpus (P/R/F1/accuracy over all snippets); RS = Readability set "
        "(word-4-gram body P/R macro-averaged over pages, F1 of the averages); ms/page = mean "
        "time of the tool call over all pages of the run; time vs cleanscrape = ms/page / "
        "cleanscrape's ms/page (above 1: cleanscrape is faster); errors = pages where the "
        "tool raised (scored as empty output)."
    )


# --- the command ----------------------------------------------------------------------


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark cleanscrape against trafilatura, readability-lxml and "
        "resiliparse on ../shared/corpora.",
    )
    parser.add_argument(
        "--tools",
        default=None,
        help=f"comma-separated tools (default: all installed of {', '.join(TOOLS)})",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument("--corpus", choices=("snippets", "readability", "both"), default="both")
    parser.add_argument(
        "--favor",
        choices=("precision", "balanced", "recall"),
        default="balanced",
        help="passed to cleanscrape.extract(favor=...)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write figures and per-page data")
    parser.add_argument(
        "--markdown", action="store_true", help="also print a Markdown section to paste"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def _load_tools(names: Sequence[str], favor: Favor, explicit: bool) -> dict[str, Tool]:
    tools: dict[str, Tool] = {}
    for name in names:
        factory = TOOLS.get(name)
        if factory is None:
            raise SystemExit(f"unknown tool {name!r}; choose from {', '.join(TOOLS)}")
        try:
            tools[name] = factory(favor)
        except ImportError as exc:
            message = f"skipping {name}: not installed ({exc}); pip install '.[bench]'"
            if explicit:
                raise SystemExit(message) from exc
            print(message, file=sys.stderr)
    return tools


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parse_args(argv)
    corpora = find_corpora()
    if corpora is None:
        print(
            "corpora not found: no shared/corpora above the repository root "
            "(set CLEANSCRAPE_CORPORA)",
            file=sys.stderr,
        )
        return 2
    explicit = args.tools is not None
    names = [n.strip() for n in (args.tools or ",".join(TOOLS)).split(",") if n.strip()]
    tools = _load_tools(names, args.favor, explicit=explicit)
    if not tools:
        print("no tool to run", file=sys.stderr)
        return 2
    cases: list[_Case] = []
    if args.corpus in ("snippets", "both"):
        cases.extend(load_snippet_cases(corpora, args.limit))
    if args.corpus in ("readability", "both"):
        cases.extend(load_readability_cases(corpora, args.limit))
    counts = {
        "snippets": sum(isinstance(c, SnippetCase) for c in cases),
        "readability": sum(isinstance(c, ReadabilityCase) for c in cases),
    }
    info = machine_info()
    command = shlex.join(["python", "-m", "benchmarks.run", *argv])
    if not args.quiet:
        print(
            f"{len(cases)} pages ({counts['snippets']} snippets, {counts['readability']} "
            f"readability), tools: {', '.join(tools)}; corpora {corpora}",
            file=sys.stderr,
        )
    page_log: list[dict[str, Any]] | None = [] if args.json else None
    results = run_benchmark(tools, cases, page_log=page_log, progress=not args.quiet)
    rows = table_rows(results)
    print(format_plain(rows))
    print()
    print(_legend())
    for result in results.values():
        if result.errors:
            print(f"{result.name}: {result.errors} pages raised (scored empty), e.g.:")
            for example in result.error_examples:
                print(f"  {example}")
    if args.markdown:
        print()
        print(format_markdown(rows, info, command, counts))
    if args.json:
        report = {
            "machine": info,
            "command": command,
            "favor": args.favor,
            "tools": {name: r.summary() for name, r in results.items()},
            "pages": page_log,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
