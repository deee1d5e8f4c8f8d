"""Run cleanscrape and the comparators on the shared corpora and print their tables.

Usage, from the repository root::

    python -m benchmarks.run                       # every available tool, every corpus
    python -m benchmarks.run --tools cleanscrape --corpus snippets --limit 200
    python -m benchmarks.run --corpus wcxb --quiet # WCXB only: overall and per page kind
    python -m benchmarks.run --favor precision --json out.json --markdown

Corpora (``--corpus``): ``snippets`` (990 pages), ``readability`` (130), ``wcxb`` (the
WCXB development split, 1,437 pages of seven kinds), ``both`` (snippets and
readability, the historical default) or ``all`` (the default: all three).

Every tool gets the page's raw bytes (cleanscrape and trafilatura decode them
themselves; readability-lxml gets ``cleanscrape.decode.decode_html``'s text;
resiliparse decodes with its own ``detect_encoding``). All tools run on the same
page before the next page is read, in an order rotated from page to page, so that
machine noise (other processes on a shared machine) hits every tool alike. Only the
tool call is timed: reading and decompressing the corpus and computing the reference
text are not. Each tool makes one untimed warm-up call first, so that lazy
initialisation is not charged to the first page. A tool that raises on a page is
scored as having returned nothing, and the number of such pages is printed.

Scoring rules: see :mod:`benchmarks.corpus`. WCXB figures are the published metric
(Web Content eXtraction Benchmark, Murrough Foley, 2026, CC-BY-4.0: cite it wherever
its figures are published).
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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

if __package__ in (None, ""):  # run as a script: make the checkout importable and win
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import (
    WCXB_KINDS,
    ReadabilityCase,
    ShingleScore,
    SnippetCase,
    SnippetCounts,
    WcxbAverage,
    WcxbCase,
    WcxbScore,
    average_shingle_scores,
    average_wcxb,
    find_corpora,
    html_to_text,
    kind_confusion,
    load_readability_cases,
    load_snippet_cases,
    load_wcxb_cases,
    repo_root,
    score_snippets,
    shingle_score,
    wcxb_score,
)

#: A tool: page bytes and address in, body text out ("" for no article).
Tool = Callable[[bytes, str | None], str]
Favor = Literal["precision", "balanced", "recall"]
CorpusChoice = Literal["snippets", "readability", "wcxb", "both", "all"]
#: The corpora, in report order.
CORPORA: tuple[str, ...] = ("snippets", "readability", "wcxb")
#: What each ``--corpus`` choice runs.
CORPUS_CHOICES: dict[str, tuple[str, ...]] = {
    "snippets": ("snippets",),
    "readability": ("readability",),
    "wcxb": ("wcxb",),
    "both": ("snippets", "readability"),
    "all": CORPORA,
}

BASELINE = "cleanscrape"
#: The comparator speed ratios are given against.
SPEED_REFERENCE = "trafilatura"
WCXB_CITATION = (
    "WCXB: Web Content eXtraction Benchmark, Murrough Foley, 2026 (CC-BY-4.0); "
    "development split less 60 held-out product and collection pages"
)
# Progress goes to stderr this often, so a long run shows it is alive.
_PROGRESS_EVERY = 100


# --- the tools ------------------------------------------------------------------------


class KindedText(str):
    """A tool's text that also carries the page kind the tool detected (``kind``)."""

    __slots__ = ("kind",)
    kind: str | None


def kinded_text(text: str, kind: str | None) -> KindedText:
    """``text`` as a :class:`KindedText` carrying ``kind``."""
    out = KindedText(text)
    out.kind = kind
    return out


def _cleanscrape(favor: Favor) -> Tool:
    import cleanscrape

    def run(data: bytes, url: str | None) -> str:
        article = cleanscrape.extract(data, url, favor=favor)
        if article is None:
            return kinded_text("", None)
        # Article.kind (one of WCXB_KINDS) is optional: older versions have none.
        return kinded_text(article.text or "", getattr(article, "kind", None))

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


def _per_corpus() -> dict[str, int]:
    return dict.fromkeys(CORPORA, 0)


def wcxb_summary(average: WcxbAverage) -> dict[str, Any]:
    """Plain WCXB figures for JSON reports."""
    return {
        "pages": average.pages,
        "precision": average.precision,
        "recall": average.recall,
        "f1": average.f1,
        "with": average.with_rate,
        "without": average.without_rate,
        "empty": average.empty,
    }


def kinds_in_order(kinds: Iterable[str]) -> list[str]:
    """WCXB's seven kinds in table order, then any others found, sorted."""
    present = set(kinds)
    return [k for k in WCXB_KINDS if k in present] + sorted(present - set(WCXB_KINDS))


def wcxb_by_kind(scores: Sequence[WcxbScore], kinds: Sequence[str]) -> dict[str, WcxbAverage]:
    """Reference page kind -> the WCXB averages over that kind's pages (table order)."""
    groups: dict[str, list[WcxbScore]] = {}
    for score, kind in zip(scores, kinds, strict=True):
        groups.setdefault(kind, []).append(score)
    return {kind: average_wcxb(groups[kind]) for kind in kinds_in_order(groups)}


@dataclass
class ToolResult:
    """Everything measured for one tool in one run."""

    name: str
    snippets: SnippetCounts = field(default_factory=SnippetCounts)
    shingles: list[ShingleScore] = field(default_factory=list)
    #: WCXB page scores, the reference kind of each page, and the kind the tool detected.
    wcxb: list[WcxbScore] = field(default_factory=list)
    wcxb_kinds: list[str] = field(default_factory=list)
    detected_kinds: list[str | None] = field(default_factory=list)
    ns: dict[str, int] = field(default_factory=_per_corpus)
    pages: dict[str, int] = field(default_factory=_per_corpus)
    errors: int = 0
    errors_in: dict[str, int] = field(default_factory=_per_corpus)
    error_examples: list[str] = field(default_factory=list)

    @property
    def ms_per_page(self) -> float:
        """Mean time per page over every page of the run."""
        return self.ms_per_page_over(CORPORA)

    def ms_per_page_in(self, corpus: str) -> float:
        """Mean time per page of one corpus."""
        return self.ms_per_page_over((corpus,))

    def ms_per_page_over(self, corpora: Iterable[str]) -> float:
        """Mean time per page over the pages of some corpora."""
        names = list(corpora)
        pages = sum(self.pages[c] for c in names)
        return sum(self.ns[c] for c in names) / pages / 1e6 if pages else 0.0

    @property
    def detects_kinds(self) -> bool:
        """Whether the tool reported a page kind on any WCXB page."""
        return any(k is not None for k in self.detected_kinds)

    def wcxb_average(self) -> WcxbAverage:
        """WCXB figures over all its pages of the run."""
        return average_wcxb(self.wcxb)

    def wcxb_kinds_average(self) -> dict[str, WcxbAverage]:
        """WCXB figures per reference page kind."""
        return wcxb_by_kind(self.wcxb, self.wcxb_kinds)

    def summary(self) -> dict[str, Any]:
        """Plain figures for the JSON report."""
        rs_p, rs_r, rs_f1 = average_shingle_scores(self.shingles)
        s = self.snippets
        wcxb = {
            **wcxb_summary(self.wcxb_average()),
            "ms_per_page": self.ms_per_page_in("wcxb"),
            "errors": self.errors_in["wcxb"],
            "kinds": {k: wcxb_summary(v) for k, v in self.wcxb_kinds_average().items()},
        }
        if self.detects_kinds:
            wcxb["kind_detection"] = {
                kind: dict(counts)
                for kind, counts in kind_confusion(
                    zip(self.wcxb_kinds, self.detected_kinds, strict=True)
                ).items()
            }
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
            "wcxb": wcxb,
            "ms_per_page": self.ms_per_page,
            "errors": self.errors,
            "error_examples": self.error_examples,
        }


_Case = SnippetCase | ReadabilityCase | WcxbCase


def _page_id(case: _Case) -> str:
    if isinstance(case, SnippetCase):
        return case.file
    if isinstance(case, WcxbCase):
        return f"wcxb/{case.id}"
    return f"readability/{case.name}"


def corpus_of(case: _Case) -> str:
    """The corpus a case belongs to (one of :data:`CORPORA`)."""
    if isinstance(case, SnippetCase):
        return "snippets"
    return "wcxb" if isinstance(case, WcxbCase) else "readability"


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
        corpus = corpus_of(case)
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
                result.errors_in[corpus] += 1
                if len(result.error_examples) < 5:
                    result.error_examples.append(f"{_page_id(case)}: {error}")
                record["error"] = error
            if isinstance(case, SnippetCase):
                counts = score_snippets(text, case.with_, case.without)
                result.snippets = result.snippets + counts
                record.update(tp=counts.tp, fn=counts.fn, fp=counts.fp, tn=counts.tn)
            elif isinstance(case, WcxbCase):
                wscore = wcxb_score(case.main_content, text, case.with_, case.without)
                detected = getattr(text, "kind", None)
                result.wcxb.append(wscore)
                result.wcxb_kinds.append(case.kind)
                result.detected_kinds.append(detected)
                record.update(
                    precision=round(wscore.precision, 4),
                    recall=round(wscore.recall, 4),
                    f1=round(wscore.f1, 4),
                    kind=case.kind,
                )
                if detected is not None:
                    record["detected_kind"] = detected
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
#: The corpora of the first table (its ms/page and time ratio are over their pages).
_MAIN_CORPORA = ("snippets", "readability")
#: Short column names of the WCXB kinds.
_KIND_LABELS = {"documentation": "docs"}


def _fmt(value: float, present: bool = True) -> str:
    return f"{value:.3f}" if present else "-"


def _ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}x" if numerator > 0 and denominator > 0 else "-"


def table_rows(results: dict[str, ToolResult]) -> list[list[str]]:
    """One row of formatted figures per tool, in run order (snippet corpus and Readability set).

    ms/page and the time ratio are over the pages of these two corpora only.
    """
    base = results.get(BASELINE)
    rows = []
    for result in results.values():
        s = result.snippets
        has_snippets = result.pages["snippets"] > 0
        has_rs = result.pages["readability"] > 0
        rs_p, rs_r, rs_f1 = average_shingle_scores(result.shingles)
        ms = result.ms_per_page_over(_MAIN_CORPORA)
        ratio = "-"
        if base is not None and base.ms_per_page_over(_MAIN_CORPORA) > 0:
            ratio = f"{ms / base.ms_per_page_over(_MAIN_CORPORA):.1f}x"
        rows.append(
            [
                result.name,
                _fmt(s.precision, has_snippets),
                _fmt(s.recall, has_snippets),
                _fmt(s.f1, has_snippets),
                _fmt(s.accuracy, has_snippets),
                _fmt(rs_p, has_rs),
                _fmt(rs_r, has_rs),
                _fmt(rs_f1, has_rs),
                f"{ms:.1f}",
                ratio,
                str(result.errors_in["snippets"] + result.errors_in["readability"]),
            ]
        )
    return rows


def wcxb_table(results: dict[str, ToolResult]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the WCXB table: overall, snippet rates, per kind F1, speed."""
    kinds = kinds_in_order(k for r in results.values() for k in r.wcxb_kinds)
    headers = [
        "tool",
        "F1",
        "P",
        "R",
        "with",
        "without",
        "empty",
        *(_KIND_LABELS.get(k, k) for k in kinds),
        "ms/page",
        f"speed vs {SPEED_REFERENCE}",
        "errors",
    ]
    reference = results.get(SPEED_REFERENCE)
    ref_ms = reference.ms_per_page_in("wcxb") if reference is not None else 0.0
    rows = []
    for result in results.values():
        overall = result.wcxb_average()
        by_kind = result.wcxb_kinds_average()
        ms = result.ms_per_page_in("wcxb")
        rows.append(
            [
                result.name,
                _fmt(overall.f1),
                _fmt(overall.precision),
                _fmt(overall.recall),
                _fmt(overall.with_rate),
                _fmt(overall.without_rate),
                str(overall.empty),
                *(_fmt(by_kind[k].f1) if k in by_kind else "-" for k in kinds),
                f"{ms:.1f}",
                _ratio(ref_ms, ms),
                str(result.errors_in["wcxb"]),
            ]
        )
    return headers, rows


def speed_table(
    results: dict[str, ToolResult], corpora: Sequence[str]
) -> tuple[list[str], list[list[str]]]:
    """ms/page per corpus and over all pages, and the speed ratio against trafilatura.

    The ratio is trafilatura's ms/page divided by the tool's (above 1: faster than it).
    """
    scopes: list[tuple[str, tuple[str, ...]]] = [(c, (c,)) for c in corpora]
    if len(corpora) > 1:
        scopes.append(("all", tuple(corpora)))
    headers = ["tool"]
    headers += [f"{label} ms/page" for label, _ in scopes]
    headers += [f"{label} vs {SPEED_REFERENCE}" for label, _ in scopes]
    reference = results.get(SPEED_REFERENCE)
    rows = []
    for result in results.values():
        ms = [result.ms_per_page_over(scope) for _, scope in scopes]
        refs = [
            reference.ms_per_page_over(scope) if reference is not None else 0.0
            for _, scope in scopes
        ]
        rows.append(
            [
                result.name,
                *(f"{m:.1f}" for m in ms),
                *(_ratio(r, m) for r, m in zip(refs, ms, strict=True)),
            ]
        )
    return headers, rows


def kind_detection_table(result: ToolResult) -> tuple[list[str], list[list[str]]]:
    """Per reference kind: pages, share detected right, what the rest was taken for.

    The last row is all pages. ``precision`` is the share of the pages detected as the
    kind that are of that kind.
    """
    confusion = kind_confusion(zip(result.wcxb_kinds, result.detected_kinds, strict=True))
    detected_as: Counter[str] = Counter()
    for counts in confusion.values():
        detected_as.update(counts)
    headers = ["kind", "pages", "right", "accuracy", "precision", "taken for (others)"]
    rows = []
    total = right_total = 0
    for kind in kinds_in_order(confusion):
        counts = confusion[kind]
        pages = sum(counts.values())
        right = counts.get(kind, 0)
        total += pages
        right_total += right
        others = ", ".join(f"{k} {n}" for k, n in counts.most_common() if k != kind)
        rows.append(
            [
                kind,
                str(pages),
                str(right),
                _fmt(right / pages),
                _fmt(right / detected_as[kind]) if detected_as[kind] else "-",
                others or "-",
            ]
        )
    accuracy = _fmt(right_total / total) if total else "-"
    rows.append(["all", str(total), str(right_total), accuracy, "", ""])
    return headers, rows


def format_plain(rows: list[list[str]], headers: Sequence[str] = _HEADERS) -> str:
    """A fixed-width table for the terminal."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: list[list[str]], headers: Sequence[str] = _HEADERS) -> str:
    """A Markdown table: first column left-aligned, the others right-aligned."""
    out = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|",
    ]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return "\n".join(out)


def _pages_line(counts: dict[str, int]) -> str:
    parts = []
    if counts.get("snippets"):
        parts.append(f"{counts['snippets']} snippet-corpus pages")
    if counts.get("readability"):
        parts.append(f"{counts['readability']} Readability-set pages")
    if counts.get("wcxb"):
        parts.append(f"{counts['wcxb']} WCXB dev pages")
    return ", ".join(parts) or "none"


def format_markdown(
    rows: list[list[str]],
    info: dict[str, Any],
    command: str,
    counts: dict[str, int],
    *,
    extra: Sequence[tuple[str, list[str], list[list[str]]]] = (),
) -> str:
    """The run as a Markdown section to paste into ``docs/benchmarks.md``.

    ``rows`` is the snippet/Readability table (left out when empty); ``extra`` holds
    further (title, headers, rows) tables: WCXB, speed, kind detection.
    """
    packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    out = [
        f"### Run of {info['date']}",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), load average at start "
        f"{info['load_average_at_start']}; {info['platform']}",
        f"- Python {info['python']}; cleanscrape {info['cleanscrape']}",
        f"- Packages: {packages}",
        f"- Pages: {_pages_line(counts)}",
        f"- Command: `{command}`",
    ]
    if counts.get("wcxb"):
        out.append(f"- {WCXB_CITATION}")
    if rows:
        out += ["", markdown_table(rows)]
    for title, headers, table in extra:
        out += ["", f"**{title}**", "", markdown_table(table, headers)]
    return "\n".join(out)


def _legend() -> str:
    return (
        "snip = snippet corpus (P/R/F1/accuracy over all snippets); RS = Readability set "
        "(word-4-gram body P/R macro-averaged over pages, F1 of the averages); ms/page = mean "
        "time of the tool call over the pages of these two corpora; time vs cleanscrape = "
        "ms/page / cleanscrape's ms/page (above 1: cleanscrape is faster); errors = pages "
        "where the tool raised (scored as empty output)."
    )


def _wcxb_legend(counts: dict[str, int]) -> str:
    sizes = ", ".join(f"{k} {n}" for k, n in counts.items())
    return (
        "WCXB = the published metric: per page, bag-of-words P/R/F1 of lower-cased \\w+ "
        "words against main_content, averaged over pages (F1 = mean of page F1s); with = "
        "mean share of wanted snippets found, without = mean share of unwanted snippets "
        "present (case-insensitive substrings); empty = blank outputs; kind columns = F1 "
        f"over that kind's pages ({sizes}); speed vs {SPEED_REFERENCE} = its ms/page / the "
        f"tool's (above 1: faster). {WCXB_CITATION}."
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
    parser.add_argument(
        "--corpus",
        choices=tuple(CORPUS_CHOICES),
        default="all",
        help="snippets, readability, wcxb, both (snippets and readability) or all (default)",
    )
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


def load_cases(corpora: Path, which: Iterable[str], limit: int | None = None) -> list[_Case]:
    """The cases of the named corpora, corpus after corpus in :data:`CORPORA` order."""
    wanted = set(which)
    cases: list[_Case] = []
    if "snippets" in wanted:
        cases.extend(load_snippet_cases(corpora, limit))
    if "readability" in wanted:
        cases.extend(load_readability_cases(corpora, limit))
    if "wcxb" in wanted:
        cases.extend(load_wcxb_cases(corpora, limit))
    return cases


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
    cases = load_cases(corpora, CORPUS_CHOICES[args.corpus], args.limit)
    counts = dict(Counter(corpus_of(c) for c in cases))
    counts = {c: counts.get(c, 0) for c in CORPORA}
    if args.corpus in ("wcxb", "all") and not counts["wcxb"]:
        print(f"no WCXB pages under {corpora / 'wcxb' / 'dev'}", file=sys.stderr)
    present = [c for c in CORPORA if counts[c]]
    info = machine_info()
    command = shlex.join(["python", "-m", "benchmarks.run", *argv])
    if not args.quiet:
        sizes = ", ".join(f"{counts[c]} {c}" for c in present)
        print(
            f"{len(cases)} pages ({sizes}), tools: {', '.join(tools)}; corpora {corpora}",
            file=sys.stderr,
        )
    page_log: list[dict[str, Any]] | None = [] if args.json else None
    results = run_benchmark(tools, cases, page_log=page_log, progress=not args.quiet)

    rows = table_rows(results) if counts["snippets"] or counts["readability"] else []
    extra: list[tuple[str, list[str], list[list[str]]]] = []
    if rows:
        print(format_plain(rows))
        print()
        print(_legend())
    if counts["wcxb"]:
        headers, wrows = wcxb_table(results)
        extra.append(("WCXB dev: overall and F1 per page kind", headers, wrows))
        kind_counts = Counter(next(iter(results.values())).wcxb_kinds)
        if rows:
            print()
        print(format_plain(wrows, headers))
        print()
        print(_wcxb_legend({k: kind_counts[k] for k in kinds_in_order(kind_counts)}))
        for result in results.values():
            if result.detects_kinds:
                kheaders, krows = kind_detection_table(result)
                extra.append((f"Page-kind detection ({result.name}, WCXB dev)", kheaders, krows))
                print()
                print(f"page-kind detection ({result.name}) against WCXB's page_type:")
                print(format_plain(krows, kheaders))
                print(
                    "accuracy = share of the kind's pages detected as it; precision = share of "
                    "the pages detected as the kind that are of it; none = no article (so no "
                    "kind) returned."
                )
    sheaders, srows = speed_table(results, present)
    extra.append(("Speed per corpus", sheaders, srows))
    print()
    print(format_plain(srows, sheaders))
    print(
        f"ms/page per corpus; 'vs {SPEED_REFERENCE}' = its ms/page / the tool's "
        "(above 1: faster than it)."
    )
    for result in results.values():
        if result.errors:
            print(f"{result.name}: {result.errors} pages raised (scored empty), e.g.:")
            for example in result.error_examples:
                print(f"  {example}")
    if args.markdown:
        print()
        print(format_markdown(rows, info, command, counts, extra=extra))
    if args.json:
        report = {
            "machine": info,
            "command": command,
            "favor": args.favor,
            "corpora": counts,
            "tools": {name: r.summary() for name, r in results.items()},
            "pages": page_log,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
