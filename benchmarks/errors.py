"""Error analysis on the snippet corpus: why wanted text is missed and unwanted text leaks.

Usage, from the repository root::

    python -m benchmarks.errors                    # cause summary for cleanscrape
    python -m benchmarks.errors --show 10          # plus the 10 worst pages, with DOM paths
    python -m benchmarks.errors --page bmjv.de     # one page: output and diagnosis
    python -m benchmarks.errors --tool trafilatura --favor precision --json errors.json

For each page, every missed ``with`` snippet and every leaked ``without`` snippet is
located in the source page (decoded as cleanscrape decodes it, parsed with selectolax,
script/style/noscript/template removed) and given one cause. Locating works on the
page's visible text, NFC-normalised, with all whitespace, soft hyphens and zero-width
characters removed, so a snippet spanning inline markup or
block boundaries is still found; the element holding it is the lowest common ancestor
of the text nodes it spans.

Missed snippets (the tool's *container* is the lowest common ancestor of the source
locations of the output's longest lines):

- ``empty output``: the tool returned nothing.
- ``missed: output not NFC / has soft hyphens``: the output holds the snippet once
  both are Unicode-NFC-normalised and stripped of soft hyphens and zero-width
  characters (the source writes ``u`` + combining diaeresis, the annotator wrote ``ü``).
- ``missed: not in page text``: the snippet is not in the source's visible text
  (it sits in an attribute or script, or the page was decoded differently).
- ``wrong container``: fewer than half of the page's wanted snippets were found and
  this one lies outside the container.
- ``truncated article (start)`` / ``(end)``: before / after everything of the article
  the tool did output: the found wanted snippets and the output lines located within
  the wanted snippets' common ancestor (positions in the page's own visible text).
- ``split article (middle block outside container)``: within that span but outside
  the container: the article continues in a sibling container.
- within the span and inside the container, i.e. dropped by in-body cleaning:
  ``missed list/table content``, ``missed heading/quote/code``, ``missed short block``
  (its block holds under ``SHORT_BLOCK_CHARS`` characters), else ``missed long block``.

Leaked snippets: the ancestors of the snippet's location are examined nearest first,
skipping those that also enclose wanted text (the ``with`` snippets or the tool's
container: their tokens describe the article, not the leak); the first whose tag,
``role``, ``itemprop``, class or id tokens carry a known cue decides (``leaked
comments``, ``leaked share/social``, ``leaked byline/bio/date``, ``leaked
tags/categories``, ``leaked teaser/related list``, ``leaked promo/sign-up``, ``leaked
caption/credit``, ``leaked footer``, ``leaked navigation``, ``leaked sidebar``). A short
snippet shaped like a date or time is a byline/date leak unless it sits in comments.
Without cues: a short snippet just after the page's ``<h1>`` is a byline/date leak, an
item of a list of links is a teaser/related list leak, a snippet inside the lowest
common ancestor of the wanted snippets is ``leaked in-article block (no cue)``
(prose-shaped boilerplate: "read also" lines, promos, sources), anything else is
``leaked other``; snippets not in the page's visible text are ``leaked: not in page
text``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable and win
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selectolax.lexbor import LexborHTMLParser, LexborNode

from benchmarks.corpus import (
    SnippetCase,
    SnippetCounts,
    collapse_ws,
    find_corpora,
    load_snippet_cases,
    score_snippets,
    snippet_found,
)
from benchmarks.run import TOOLS, Tool, call_tool
from cleanscrape.decode import decode_html

# --- thresholds -----------------------------------------------------------------------

# Below half of the wanted snippets found, the tool was reading some other part of
# the page rather than a trimmed version of the article.
WRONG_CONTAINER_FOUND_SHARE = 0.5
# A block this short is a one-liner (a lead-in, a short paragraph, a caption-like
# line); such blocks are what density filters drop first.
SHORT_BLOCK_CHARS = 80
# Output lines shorter than this (without whitespace) are too common ("Share",
# "Home") to locate the tool's container reliably.
ANCHOR_LINE_MIN_CHARS = 30
# The longest few output lines suffice to find where the output comes from.
ANCHOR_LINES = 6
# The article span is read from this many located output lines: enough to cover an
# article's blocks, few enough to keep the analysis of a long page fast.
SPAN_LINES = 60
# Occurrences examined per snippet: a date or a name can repeat across a page.
MAX_OCCURRENCES = 5
# "Near the headline": within this many visible (non-space) characters after an <h1>.
HEADLINE_VICINITY_CHARS = 300
# A byline or date is a few words; longer snippets are prose or teasers.
BYLINE_MAX_WORDS = 8
# A list whose items are mostly links, with at least this many items, is a link list.
LINK_LIST_MIN_ITEMS = 3
LINK_LIST_LINKED_SHARE = 0.6
# Ancestor paths are cut to their innermost levels for reading.
PATH_LEVELS = 8

UNNORMALISED = "missed: output not NFC / has soft hyphens"
_REMOVED_TAGS = ["script", "style", "noscript", "template"]

# Cue vocabulary: a class/id/role/itemprop token starting with one of these prefixes.
# Checked in this order within one element (the nearest cue-carrying ancestor wins).
_CUES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (cause, tags, token prefixes)
    (
        "leaked comments",
        (),
        (
            "comment",
            "kommentar",
            "comentar",
            "koment",
            "disqus",
            "respond",
            "reply",
            "replies",
            "discussion",
            "discuss",
        ),
    ),
    (
        "leaked share/social",
        (),
        (
            "share",
            "sharing",
            "social",
            "sociable",
            "addthis",
            "shariff",
            "facebook",
            "twitter",
            "whatsapp",
            "pinterest",
            "linkedin",
            "tweet",
        ),
    ),
    (
        "leaked byline/bio/date",
        ("time", "address"),
        (
            "byline",
            "author",
            "date",
            "posted",
            "published",
            "pubdate",
            "dateline",
            "timestamp",
            "meta",
            "updated",
            "writer",
            "autor",
        ),
    ),
    (
        "leaked tags/categories",
        (),
        ("tag", "categor", "topic", "keyword", "schlagw", "etiquet"),
    ),
    (
        "leaked teaser/related list",
        (),
        (
            "related",
            "recommend",
            "popular",
            "trending",
            "teaser",
            "recirc",
            "outbrain",
            "taboola",
            "also",
            "suggest",
            "similar",
            "latest",
            "mostread",
            "morestories",
            "headlines",
            "readmore",
            "more",
            "next",
            "prev",
            "archive",
            "list",
        ),
    ),
    (
        "leaked promo/sign-up",
        ("form",),
        (
            "newsletter",
            "subscri",
            "signup",
            "promo",
            "advert",
            "ads",
            "sponsor",
            "banner",
            "cta",
            "paywall",
            "donat",
            "register",
            "login",
            "affiliat",
            "popup",
            "modal",
            "overlay",
        ),
    ),
    ("leaked caption/credit", ("figcaption",), ("caption", "credit")),
    (
        "leaked footer",
        ("footer",),
        (
            "footer",
            "foot",
            "colophon",
            "copyright",
            "bottom",
            "imprint",
            "legal",
            "contentinfo",
            "contact",
            "kontakt",
            "impressum",
        ),
    ),
    (
        "leaked navigation",
        ("nav", "header", "menu"),
        (
            "nav",
            "menu",
            "breadcrumb",
            "crumb",
            "header",
            "masthead",
            "topbar",
            "banner",
            "pagination",
            "pager",
            "toolbar",
            "skip",
        ),
    ),
    ("leaked sidebar", ("aside",), ("sidebar", "aside", "widget", "rail", "complementary")),
)

_TOKEN_SPLIT = re.compile(r"[^0-9A-Za-z]+|(?<=[a-z])(?=[A-Z])")
# Day-month-year, year-month-day, clock times, or a year next to a word: the shapes
# dates take in most languages.
_DATE_SHAPE = re.compile(
    r"\b\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}\b"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b(?:19|20)\d{2}\b"
    r"|\d{4}年|\d{1,2}月\d{1,2}日"
)
_LIST_TAGS = frozenset({"li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th"})
_SPECIAL_BLOCK_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "figcaption"}
)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "td", "th", "dd", "dt", "blockquote", "pre", "section", "article",
        "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "header", "footer", "aside", "main",
        "table", "ul", "ol", "dl", "body",
    }
)  # fmt: skip


# --- locating text in the source page --------------------------------------------------


# Invisible characters that split words in the source but not in the annotators' eyes:
# soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def normalise(text: str) -> str:
    """NFC, without soft hyphens and zero-width characters (as a reader sees the text)."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


def _squash(text: str) -> str:
    return "".join(normalise(text).split())


def tokens(node: LexborNode) -> list[str]:
    """Lower-cased tokens of an element's class, id, role and itemprop values."""
    attrs = node.attributes
    out: list[str] = []
    for name in ("class", "id", "role", "itemprop"):
        value = attrs.get(name)
        if value:
            out.extend(t.lower() for t in _TOKEN_SPLIT.split(value) if t)
    return out


def describe(node: LexborNode) -> str:
    """``tag.class1.class2#id`` of one element (classes capped at three)."""
    attrs = node.attributes
    classes = (attrs.get("class") or "").split()[:3]
    ident = attrs.get("id")
    label = node.tag or "?"
    if classes:
        label += "." + ".".join(classes)
    if ident:
        label += f"#{ident}"
    return label


def ancestors(node: LexborNode | None) -> list[LexborNode]:
    """The element and its ancestors, nearest first (up to, excluding, the document)."""
    out = []
    while node is not None and node.tag not in (None, "-undef", "-document"):
        if node.is_element_node:
            out.append(node)
        node = node.parent
    return out


def path_of(node: LexborNode | None, levels: int = PATH_LEVELS) -> str:
    """The innermost ``levels`` of the ancestor chain, outermost first."""
    chain = ancestors(node)
    shown = [describe(n) for n in reversed(chain[:levels])]
    prefix = "… > " if len(chain) > levels else ""
    return prefix + " > ".join(shown)


def _common_ancestor(a: LexborNode, b: LexborNode) -> LexborNode:
    seen = {n.mem_id for n in ancestors(a)}
    for node in ancestors(b):
        if node.mem_id in seen:
            return node
    return a


def _contains(outer: LexborNode, inner: LexborNode) -> bool:
    return any(n.mem_id == outer.mem_id for n in ancestors(inner))


@dataclass
class Location:
    """Where a snippet sits in the source: its element and its visible-text offset."""

    node: LexborNode
    offset: int


class PageText:
    """A page's visible text, whitespace removed, mapped back to its text nodes."""

    def __init__(self, data: bytes) -> None:
        self.tree = LexborHTMLParser(decode_html(data)[0])
        self.tree.strip_tags(_REMOVED_TAGS)
        root = self.tree.body or self.tree.root
        pieces: list[str] = []
        self.starts: list[int] = []
        self.parents: list[LexborNode] = []
        self.h1_offsets: list[int] = []
        offset = 0
        if root is not None:
            for node in root.traverse(include_text=True):
                if node.tag == "h1":
                    self.h1_offsets.append(offset)
                if node.tag != "-text" or node.parent is None:
                    continue
                piece = _squash(node.text_content or "")
                if piece:
                    pieces.append(piece)
                    self.starts.append(offset)
                    self.parents.append(node.parent)
                    offset += len(piece)
        self.text = "".join(pieces)
        self._lower: str | None = None

    def _node_at(self, offset: int) -> LexborNode:
        return self.parents[bisect.bisect_right(self.starts, offset) - 1]

    def locate(self, snippet: str, limit: int = MAX_OCCURRENCES) -> list[Location]:
        """Up to ``limit`` occurrences of ``snippet`` (exact, else case-insensitive)."""
        key = _squash(snippet)
        if not key or not self.text:
            return []
        haystack = self.text
        hits = _find_all(haystack, key, limit)
        if not hits:
            if self._lower is None:
                self._lower = self.text.lower()
            if len(self._lower) == len(self.text):
                hits = _find_all(self._lower, key.lower(), limit)
        out = []
        for start in hits:
            first = self._node_at(start)
            last = self._node_at(start + len(key) - 1)
            out.append(Location(_common_ancestor(first, last), start))
        return out


def _find_all(haystack: str, needle: str, limit: int) -> list[int]:
    hits: list[int] = []
    start = haystack.find(needle)
    while start >= 0 and len(hits) < limit:
        hits.append(start)
        start = haystack.find(needle, start + 1)
    return hits


# --- classification --------------------------------------------------------------------


@dataclass
class Diagnosis:
    """One missed or leaked snippet and its cause."""

    kind: str  # "missed" or "leaked"
    snippet: str
    cause: str
    path: str = ""


@dataclass
class PageReport:
    """Everything the analysis says about one page."""

    case: SnippetCase
    output: str
    counts: SnippetCounts
    error: str | None = None
    container_path: str = ""
    diagnoses: list[Diagnosis] = field(default_factory=list)

    @property
    def wrong(self) -> int:
        """Missed plus leaked snippets."""
        return self.counts.fn + self.counts.fp


def _cue_cause(node: LexborNode) -> str | None:
    toks = tokens(node)
    tag = node.tag or ""
    for cause, tags, prefixes in _CUES:
        if tag in tags or any(t.startswith(prefixes) for t in toks):
            return cause
    return None


def _in_link_list(chain: Sequence[LexborNode]) -> bool:
    for node in chain:
        if node.tag == "li" and node.parent is not None:
            items = [c for c in node.parent.iter() if c.tag == "li"]
            if len(items) < LINK_LIST_MIN_ITEMS:
                return False
            linked = sum(1 for item in items if item.css_first("a") is not None)
            return linked / len(items) >= LINK_LIST_LINKED_SHARE
    return False


def _looks_like_date(snippet: str) -> bool:
    return len(snippet.split()) <= BYLINE_MAX_WORDS and _DATE_SHAPE.search(snippet) is not None


def classify_leak(
    snippet: str,
    page: PageText,
    article: set[int],
    region: LexborNode | None = None,
    body_start: int | None = None,
) -> tuple[str, str]:
    """``(cause, path)`` of one leaked snippet.

    ``article`` holds the ids of elements that enclose wanted text (the ancestors of
    the ``with`` snippets and of the tool's container): their tokens describe the
    article (WordPress puts ``tag-twitter category-social`` on the post element), not
    why this snippet differs from it, so they are not read. ``region`` is the lowest
    common ancestor of the wanted snippets: a cue-less leak inside it is prose-shaped
    boilerplate within the article (a "read also" line, a promo written as prose).
    ``body_start`` is the offset of the first wanted snippet: a byline sits between the
    headline and the body.
    """
    locations = page.locate(snippet)
    if not locations:
        return "leaked: not in page text", ""
    fallback: tuple[str, str] | None = None
    for loc in locations:
        chain = [n for n in ancestors(loc.node) if n.mem_id not in article]
        causes = [c for c in (_cue_cause(n) for n in chain) if c is not None]
        path = path_of(loc.node)
        if _looks_like_date(snippet) and "leaked comments" not in causes:
            return "leaked byline/bio/date", path
        if causes:
            return causes[0], path
        if fallback is None:
            before_body = body_start is None or loc.offset < body_start
            near_h1 = before_body and any(
                0 <= loc.offset - h1 <= HEADLINE_VICINITY_CHARS for h1 in page.h1_offsets
            )
            if near_h1 and len(snippet.split()) <= BYLINE_MAX_WORDS:
                fallback = ("leaked byline/bio/date", path)
            elif _in_link_list(chain):
                fallback = ("leaked teaser/related list", path)
            elif region is not None and _contains(region, loc.node):
                fallback = ("leaked in-article block (no cue)", path)
            else:
                fallback = ("leaked other", path)
    assert fallback is not None
    return fallback


def _block_of(node: LexborNode) -> LexborNode:
    for n in ancestors(node):
        if n.tag in _BLOCK_TAGS:
            return n
    return node


def classify_miss(
    snippet: str,
    page: PageText,
    *,
    found_share: float,
    container: LexborNode | None,
    span: tuple[int, int] | None,
) -> tuple[str, str]:
    """``(cause, path)`` of one missed snippet (the output is not empty)."""
    locations = page.locate(snippet, limit=1)
    if not locations:
        return "missed: not in page text", ""
    loc = locations[0]
    path = path_of(loc.node)
    inside = container is not None and _contains(container, loc.node)
    if not inside and found_share < WRONG_CONTAINER_FOUND_SHARE:
        return "wrong container", path
    if span is None:
        return "wrong container", path
    if loc.offset < span[0]:
        return "truncated article (start)", path
    if loc.offset > span[1]:
        return "truncated article (end)", path
    if not inside:
        return "split article (middle block outside container)", path
    chain = []
    for node in ancestors(loc.node):
        if container is not None and node.mem_id == container.mem_id:
            break
        chain.append(node)
    if any(n.tag in _LIST_TAGS for n in chain):
        return "missed list/table content", path
    if any(n.tag in _SPECIAL_BLOCK_TAGS for n in chain):
        return "missed heading/quote/code", path
    block = _block_of(loc.node)
    if len(collapse_ws(block.text(deep=True, separator=" "))) < SHORT_BLOCK_CHARS:
        return "missed short block", path
    return "missed long block", path


def _lowest_common(nodes: Sequence[LexborNode]) -> LexborNode | None:
    if not nodes:
        return None
    node = nodes[0]
    for other in nodes[1:]:
        node = _common_ancestor(node, other)
    return node


def _output_lines(output: str) -> list[str]:
    """Output lines long enough to locate reliably, longest first."""
    lines = (ln for ln in output.splitlines() if len(_squash(ln)) >= ANCHOR_LINE_MIN_CHARS)
    return sorted(lines, key=len, reverse=True)[:SPAN_LINES]


def _container_and_span(
    output: str, page: PageText, found: Sequence[Location], region: LexborNode | None
) -> tuple[LexborNode | None, tuple[int, int] | None]:
    """The output's container element and the visible-text span its article part covers.

    The container is the lowest common ancestor of the source locations of the output's
    longest lines. The span runs over the found wanted snippets and the output lines
    located inside ``region`` (the wanted snippets' common ancestor): output lines
    elsewhere are leaked boilerplate and would stretch it over the whole page. Without a
    region, the found snippets alone mark it (or, when none was found, all output lines).
    """
    located = [loc for ln in _output_lines(output) for loc in page.locate(ln, limit=1)]
    container = _lowest_common([loc.node for loc in located[:ANCHOR_LINES]])
    if region is not None:
        offsets = [loc.offset for loc in located if _contains(region, loc.node)]
        offsets += [loc.offset for loc in found]
    else:
        offsets = [loc.offset for loc in found] or [loc.offset for loc in located]
    span = (min(offsets), max(offsets)) if offsets else None
    return container, span


def analyse_page(case: SnippetCase, output: str, error: str | None, data: bytes) -> PageReport:
    """Score one page and diagnose each of its missed and leaked snippets."""
    counts = score_snippets(output, case.with_, case.without)
    report = PageReport(case=case, output=output, counts=counts, error=error)
    if counts.fn == 0 and counts.fp == 0:
        return report
    text = collapse_ws(output)
    missed = [s for s in case.with_ if not snippet_found(s, text)]
    leaked = [s for s in case.without if snippet_found(s, text)]
    if not text:
        report.diagnoses = [Diagnosis("missed", s, "empty output") for s in missed]
        return report
    # Decomposed accents or soft hyphens copied from the source defeat the exact match.
    readable = collapse_ws(normalise(output))
    unnormalised = {s for s in missed if collapse_ws(normalise(s)) in readable}
    page = PageText(data)
    wanted = {s: page.locate(s, limit=1) for s in case.with_}
    located = [locs[0] for locs in wanted.values() if locs]
    found = [locs[0] for s, locs in wanted.items() if locs and snippet_found(s, text)]
    # One wanted snippet alone does not show how far the article reaches.
    region = _lowest_common([loc.node for loc in located]) if len(located) >= 2 else None
    container, span = _container_and_span(output, page, found, region)
    report.container_path = path_of(container) if container is not None else "(not located)"
    share = (len(case.with_) - len(missed)) / len(case.with_) if case.with_ else 1.0
    for snippet in missed:
        if snippet in unnormalised:
            report.diagnoses.append(Diagnosis("missed", snippet, UNNORMALISED))
            continue
        cause, path = classify_miss(
            snippet, page, found_share=share, container=container, span=span
        )
        report.diagnoses.append(Diagnosis("missed", snippet, cause, path))
    article = {n.mem_id for n in ancestors(container)}
    for loc in located:
        article.update(n.mem_id for n in ancestors(loc.node))
    body_start = min((loc.offset for loc in located), default=None)
    for snippet in leaked:
        cause, path = classify_leak(snippet, page, article, region, body_start)
        report.diagnoses.append(Diagnosis("leaked", snippet, cause, path))
    return report


# --- the command ---------------------------------------------------------------------


def analyse(
    tool: Tool, cases: Sequence[SnippetCase], *, progress: bool = True
) -> tuple[list[PageReport], float]:
    """Run ``tool`` on every case and diagnose; returns the reports and the tool's seconds."""
    reports = []
    tool_ns = 0
    for index, case in enumerate(cases):
        data = case.read()
        output, ns, error = call_tool(tool, data, case.url)
        tool_ns += ns
        reports.append(analyse_page(case, output, error, data))
        if progress and (index + 1) % 200 == 0:
            print(f"  {index + 1}/{len(cases)} pages", file=sys.stderr, flush=True)
    return reports, tool_ns / 1e9


def summary_table(reports: Sequence[PageReport]) -> str:
    """Cause -> snippets, pages; missed and leaked causes in separate blocks."""
    snippets: Counter[tuple[str, str]] = Counter()
    pages: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for report in reports:
        for d in report.diagnoses:
            snippets[(d.kind, d.cause)] += 1
            pages[(d.kind, d.cause)].add(report.case.file)
    width = max((len(cause) for _, cause in snippets), default=10)
    lines = []
    for kind in ("missed", "leaked"):
        rows = sorted(((k, n) for k, n in snippets.items() if k[0] == kind), key=lambda r: -r[1])
        total = sum(n for _, n in rows)
        lines.append(f"{kind} snippets: {total}")
        lines.append(f"  {'cause'.ljust(width)}  snippets  pages")
        for key, n in rows:
            lines.append(f"  {key[1].ljust(width)}  {n:8d}  {len(pages[key]):5d}")
        lines.append("")
    return "\n".join(lines)


def _short(text: str, limit: int = 90) -> str:
    text = collapse_ws(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_page(report: PageReport, *, full_output: bool = False) -> str:
    """One page's diagnosis (and, with ``full_output``, everything the tool returned)."""
    c = report.counts
    lines = [
        f"{report.case.url}",
        f"  file {report.case.file}: missed {c.fn}/{c.fn + c.tp}, leaked {c.fp}/{c.fp + c.tn}, "
        f"output {len(report.output)} chars" + (f", error {report.error}" if report.error else ""),
        f"  container: {report.container_path or '-'}",
    ]
    for d in report.diagnoses:
        lines.append(f"  {d.kind} [{d.cause}] {_short(d.snippet)!r}")
        if d.path:
            lines.append(f"      at {d.path}")
    if full_output:
        text = collapse_ws(report.output)
        lines.append("  wanted:")
        lines.extend(
            f"    {'found ' if snippet_found(s, text) else 'MISSED'} {_short(s)!r}"
            for s in report.case.with_
        )
        lines.append("  unwanted:")
        lines.extend(
            f"    {'LEAKED' if snippet_found(s, text) else 'absent'} {_short(s)!r}"
            for s in report.case.without
        )
        lines.append("  output:")
        lines.extend(f"    | {ln}" for ln in report.output.splitlines())
    return "\n".join(lines)


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.errors",
        description="Group a tool's missed and leaked snippets on the snippet corpus by cause.",
    )
    parser.add_argument("--tool", default="cleanscrape", choices=sorted(TOOLS))
    parser.add_argument("--favor", choices=("precision", "balanced", "recall"), default="balanced")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the N worst pages")
    parser.add_argument(
        "--page", default=None, metavar="SUBSTRING", help="only pages whose URL or file has this"
    )
    parser.add_argument("--json", type=Path, default=None, help="write every diagnosis here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the analysis; returns the exit code."""
    args = _parse_args(list(sys.argv[1:] if argv is None else argv))
    corpora = find_corpora()
    if corpora is None:
        print("corpora not found (set CLEANSCRAPE_CORPORA)", file=sys.stderr)
        return 2
    cases = load_snippet_cases(corpora, args.limit)
    if args.page:
        cases = [c for c in cases if args.page in c.url or args.page in c.file]
        if not cases:
            print(f"no page matches {args.page!r}", file=sys.stderr)
            return 2
    tool = TOOLS[args.tool](args.favor)
    started = time.perf_counter()
    reports, tool_seconds = analyse(tool, cases, progress=args.page is None)
    elapsed = time.perf_counter() - started
    total = SnippetCounts()
    for report in reports:
        total = total + report.counts
    errors = sum(1 for r in reports if r.error)
    print(
        f"{args.tool} (favor={args.favor}) on {len(reports)} pages: P {total.precision:.3f} "
        f"R {total.recall:.3f} F1 {total.f1:.3f} acc {total.accuracy:.3f}; "
        f"{errors} pages raised; tool {tool_seconds:.1f} s, analysis total {elapsed:.1f} s"
    )
    print()
    print(summary_table(reports))
    if args.page:
        for report in reports:
            print(format_page(report, full_output=True))
            print()
    elif args.show:
        worst = sorted(reports, key=lambda r: (-r.wrong, r.case.file))[: args.show]
        for report in worst:
            if report.wrong:
                print(format_page(report))
                print()
    if args.json:
        data = [
            {
                "url": r.case.url,
                "file": r.case.file,
                "tp": r.counts.tp,
                "fn": r.counts.fn,
                "fp": r.counts.fp,
                "tn": r.counts.tn,
                "error": r.error,
                "container": r.container_path,
                "diagnoses": [vars(d) for d in r.diagnoses],
            }
            for r in reports
        ]
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
