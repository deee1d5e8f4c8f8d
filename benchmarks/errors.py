"""Error analysis on the snippet corpus and WCXB: why wanted text is missed, unwanted leaks.

Usage, from the repository root::

    python -m benchmarks.errors                    # cause summary for cleanscrape
    python -m benchmarks.errors --show 10          # plus the 10 worst pages, with DOM paths
    python -m benchmarks.errors --page bmjv.de     # one page: output and diagnosis
    python -m benchmarks.errors --tool trafilatura --favor precision --json errors.json
    python -m benchmarks.errors --corpus wcxb      # WCXB dev split, causes per page kind
    python -m benchmarks.errors --corpus wcxb --kind forum --show 10

``--corpus snippets`` (the default) reads ``snippets/cases.jsonl``; ``--corpus wcxb``
reads the WCXB development split (``wcxb/dev``: Web Content eXtraction Benchmark,
Murrough Foley, 2026, CC-BY-4.0), whose pages carry a kind (``page_type``), a reference
``main_content`` and ``with`` / ``without`` snippet lists (stored as JSON lists or as
strings holding a Python list literal: both are read, see :func:`parse_snippet_list`).
On WCXB a snippet is present as the published snippet rates define it: lower-cased, a
substring of the lower-cased output, whitespace compared as it is. A missed snippet the
output does hold once whitespace runs are collapsed is ``missed: whitespace differs
(present once collapsed)`` (the output breaks its words over lines, or the snippet
spans a block boundary); one it holds once NFC-normalised is ``missed: output not NFC
/ has soft hyphens``; one it holds once typographic quotes and dashes are folded to
ASCII (``’`` → ``'``: the annotators typed ASCII) is ``missed: quotes/dashes differ
(present once folded to ASCII)``; every other snippet is diagnosed as below, with the
page text and the snippets so folded when they are located. The summary is given
per page kind and overall: pages, the mean per-page WCXB word F1 (with P and R), blank
outputs, missed and leaked snippets by cause, and, when the tool reports the page kind
it decided (cleanscrape's ``Article.kind``), the share of each kind's pages it got
right and what it took the others for. ``--show N`` lists the N pages of lowest word
F1 with their diagnoses; ``--kind K`` analyses the pages of one kind only.

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
import ast
import bisect
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the checkout importable and win
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selectolax.lexbor import LexborHTMLParser, LexborNode

from benchmarks.corpus import (
    WCXB_KINDS,
    SnippetCase,
    SnippetCounts,
    WcxbCase,
    WcxbScore,
    average_wcxb,
    collapse_ws,
    find_corpora,
    load_snippet_cases,
    load_wcxb_cases,
    snippet_found,
    wcxb_score,
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
WHITESPACE = "missed: whitespace differs (present once collapsed)"
TYPOGRAPHY = "missed: quotes/dashes differ (present once folded to ASCII)"
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


#: Typographic quotes, primes and dashes as their ASCII forms, one character for one.
TYPOGRAPHY_FOLD: dict[int, str] = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00b4": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u201f": '"', "\u2033": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-",
        "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    }
)  # fmt: skip

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
    """A page's visible text, whitespace removed, mapped back to its text nodes.

    ``fold`` (a :meth:`str.translate` table mapping characters to single characters, so
    that offsets keep) is applied to the page text and to every snippet looked up: WCXB
    uses :data:`TYPOGRAPHY_FOLD`, its annotators having written typographic quotes as
    ASCII ones.
    """

    def __init__(self, data: bytes, fold: dict[int, str] | None = None) -> None:
        self.fold = fold
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
        if fold:
            self.text = self.text.translate(fold)
        self._lower: str | None = None

    def _node_at(self, offset: int) -> LexborNode:
        return self.parents[bisect.bisect_right(self.starts, offset) - 1]

    def locate(self, snippet: str, limit: int = MAX_OCCURRENCES) -> list[Location]:
        """Up to ``limit`` occurrences of ``snippet`` (exact, else case-insensitive)."""
        key = _squash(snippet)
        if self.fold:
            key = key.translate(self.fold)
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

    case: SnippetCase | WcxbCase
    output: str
    counts: SnippetCounts
    error: str | None = None
    container_path: str = ""
    diagnoses: list[Diagnosis] = field(default_factory=list)
    #: WCXB pages: the page's word scores and the page kind the tool decided (if it says).
    wcxb: WcxbScore | None = None
    detected: str | None = None

    @property
    def wrong(self) -> int:
        """Missed plus leaked snippets."""
        return self.counts.fn + self.counts.fp

    @property
    def page_id(self) -> str:
        """The snippet corpus file, or ``wcxb/<id>``."""
        if isinstance(self.case, WcxbCase):
            return f"wcxb/{self.case.id}"
        return self.case.file

    @property
    def label(self) -> str | None:
        """The page's reference kind (WCXB's ``page_type``); None on the snippet corpus."""
        return self.case.kind if isinstance(self.case, WcxbCase) else None


@dataclass(frozen=True)
class Presence:
    """How a corpus decides that a snippet is in an output.

    ``prepare`` turns the output into the text ``found(snippet, prepared)`` searches.
    ``near_misses`` name why a snippet that is not found still is in the output: a
    missed snippet is given the first cause whose transform of the snippet is a
    substring of the same transform of the output.
    """

    prepare: Callable[[str], str]
    found: Callable[[str, str], bool]
    near_misses: tuple[tuple[str, Callable[[str], str]], ...] = ()
    #: The :class:`PageText` ``fold`` snippets are located with.
    page_fold: dict[int, str] | None = None


def _readable(text: str) -> str:
    return collapse_ws(normalise(text))


def _wcxb_found(snippet: str, lowered_output: str) -> bool:
    return snippet.lower() in lowered_output


#: The snippet corpus: whitespace collapsed, case-sensitive (``benchmarks.corpus``).
SNIPPET_PRESENCE = Presence(collapse_ws, snippet_found, ((UNNORMALISED, _readable),))
#: WCXB, as published: lower-cased substring, whitespace as it is.
WCXB_PRESENCE = Presence(
    str.lower,
    _wcxb_found,
    (
        (WHITESPACE, lambda t: collapse_ws(t).lower()),
        (UNNORMALISED, lambda t: _readable(t).lower()),
        (TYPOGRAPHY, lambda t: _readable(t).lower().translate(TYPOGRAPHY_FOLD)),
    ),
    TYPOGRAPHY_FOLD,
)


def presence_of(case: SnippetCase | WcxbCase) -> Presence:
    """The snippet presence test of the corpus ``case`` belongs to."""
    return WCXB_PRESENCE if isinstance(case, WcxbCase) else SNIPPET_PRESENCE


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


def _near_misses(presence: Presence, missed: Sequence[str], output: str) -> dict[str, str]:
    """Missed snippet -> the cause under which the output does hold it (if any)."""
    out: dict[str, str] = {}
    for cause, transform in presence.near_misses:
        relaxed = transform(output)
        for snippet in missed:
            if snippet not in out and transform(snippet) in relaxed:
                out[snippet] = cause
    return out


def analyse_page(
    case: SnippetCase | WcxbCase,
    output: str,
    error: str | None,
    data: bytes,
    *,
    presence: Presence | None = None,
) -> PageReport:
    """Score one page and diagnose each of its missed and leaked snippets.

    ``presence`` defaults to the test of the case's corpus (:func:`presence_of`).
    """
    presence = presence or presence_of(case)
    text = presence.prepare(output)
    missed = [s for s in case.with_ if not presence.found(s, text)]
    leaked = [s for s in case.without if presence.found(s, text)]
    counts = SnippetCounts(
        tp=len(case.with_) - len(missed),
        fn=len(missed),
        fp=len(leaked),
        tn=len(case.without) - len(leaked),
    )
    report = PageReport(case=case, output=output, counts=counts, error=error)
    if counts.fn == 0 and counts.fp == 0:
        return report
    if not collapse_ws(output):
        report.diagnoses = [Diagnosis("missed", s, "empty output") for s in missed]
        return report
    # Decomposed accents or soft hyphens copied from the source defeat the exact match
    # (and, on WCXB, a line break where the snippet has a space, or a typographic quote
    # where the annotator typed an ASCII one).
    near = _near_misses(presence, missed, output)
    page = PageText(data, presence.page_fold)
    wanted = {s: page.locate(s, limit=1) for s in case.with_}
    located = [locs[0] for locs in wanted.values() if locs]
    found = [locs[0] for s, locs in wanted.items() if locs and presence.found(s, text)]
    # One wanted snippet alone does not show how far the article reaches.
    region = _lowest_common([loc.node for loc in located]) if len(located) >= 2 else None
    container, span = _container_and_span(output, page, found, region)
    report.container_path = path_of(container) if container is not None else "(not located)"
    share = (len(case.with_) - len(missed)) / len(case.with_) if case.with_ else 1.0
    for snippet in missed:
        if snippet in near:
            report.diagnoses.append(Diagnosis("missed", snippet, near[snippet]))
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


# --- loading WCXB ----------------------------------------------------------------------


def parse_snippet_list(value: object) -> tuple[str, ...]:
    """A ground-truth ``with`` / ``without`` value as a tuple of snippets.

    A list (or tuple) is taken item by item. A string is read as the Python list literal
    it holds (``"['a b', 'c d']"``, by :func:`ast.literal_eval`; a JSON list, with
    ``null`` or ``true`` in it, by :func:`json.loads`); a string that holds no list is
    one snippet. ``None``, blank strings, blank items and items that are neither text
    nor numbers are dropped; items are otherwise kept exactly as written (snippet
    presence compares them as they are).
    """
    if value is None:
        return ()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ()
        if text[0] in "[(":
            parsed = _literal(text)
            if isinstance(parsed, list | tuple):
                return parse_snippet_list(list(parsed))
        return (value,)
    if isinstance(value, list | tuple):
        out: list[str] = []
        for item in value:
            if isinstance(item, str):
                if item.strip():
                    out.append(item)
            elif isinstance(item, int | float) and not isinstance(item, bool):
                out.append(str(item))
        return tuple(out)
    return ()


def _literal(text: str) -> object:
    """The list a string holds, as a Python literal or as JSON; None when it holds none."""
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        parsed: object = json.loads(text)
    except ValueError:
        return None
    return parsed


def load_wcxb(corpora: Path, limit: int | None = None, kind: str | None = None) -> list[WcxbCase]:
    """The WCXB dev pages (of ``kind`` only, when given), the first ``limit`` of them.

    Pages, order and labels come from :func:`benchmarks.corpus.load_wcxb_cases`; the
    ``with`` / ``without`` lists are read again from each ground-truth file through
    :func:`parse_snippet_list`, so snippet lists stored as strings holding a list
    literal are read as lists.
    """
    cases = load_wcxb_cases(corpora, None if kind else limit)
    if kind:
        cases = [c for c in cases if c.kind == kind]
        if limit is not None:
            cases = cases[:limit]
    truth = corpora / "wcxb" / "dev" / "ground-truth"
    out = []
    for case in cases:
        row = json.loads((truth / f"{case.id}.json").read_text(encoding="utf-8"))
        out.append(
            replace(
                case,
                with_=parse_snippet_list(row.get("with")),
                without=parse_snippet_list(row.get("without")),
            )
        )
    return out


# --- the command ---------------------------------------------------------------------


def analyse(
    tool: Tool, cases: Sequence[SnippetCase | WcxbCase], *, progress: bool = True
) -> tuple[list[PageReport], float]:
    """Run ``tool`` on every case and diagnose; returns the reports and the tool's seconds.

    WCXB pages are also given their word scores and the page kind the tool decided
    (the ``kind`` its text carries, as :mod:`benchmarks.run`'s cleanscrape wrapper
    returns it; None when the tool says nothing).
    """
    reports = []
    tool_ns = 0
    for index, case in enumerate(cases):
        data = case.read()
        output, ns, error = call_tool(tool, data, case.url)
        tool_ns += ns
        report = analyse_page(case, output, error, data)
        if isinstance(case, WcxbCase):
            report.wcxb = wcxb_score(case.main_content, output, case.with_, case.without)
            report.detected = getattr(output, "kind", None)
        reports.append(report)
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
            pages[(d.kind, d.cause)].add(report.page_id)
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


# --- WCXB: figures per page kind -------------------------------------------------------

#: The key of the figures over every page analysed, beside the page kinds.
ALL_KINDS = "all"


def kinds_in_order(kinds: Sequence[str] | set[str]) -> list[str]:
    """WCXB's seven kinds in table order, then any others found, sorted."""
    present = set(kinds)
    return [k for k in WCXB_KINDS if k in present] + sorted(present - set(WCXB_KINDS))


def group_by_kind(reports: Sequence[PageReport]) -> dict[str, list[PageReport]]:
    """Reference page kind -> its reports (in WCXB's kind order; no label: ``unknown``)."""
    groups: defaultdict[str, list[PageReport]] = defaultdict(list)
    for report in reports:
        groups[report.label or "unknown"].append(report)
    return {kind: groups[kind] for kind in kinds_in_order(set(groups))}


def cause_counts(reports: Sequence[PageReport], kind: str) -> dict[str, dict[str, int]]:
    """Cause -> ``{"snippets": n, "pages": m}`` of the ``kind`` ("missed" / "leaked")
    diagnoses, most snippets first (ties by cause)."""
    snippets: Counter[str] = Counter()
    pages: defaultdict[str, set[str]] = defaultdict(set)
    for report in reports:
        for d in report.diagnoses:
            if d.kind == kind:
                snippets[d.cause] += 1
                pages[d.cause].add(report.page_id)
    order = sorted(snippets, key=lambda cause: (-snippets[cause], cause))
    return {cause: {"snippets": snippets[cause], "pages": len(pages[cause])} for cause in order}


def kind_figures(reports: Sequence[PageReport]) -> dict[str, Any]:
    """The figures of one group of WCXB pages.

    ``f1`` / ``precision`` / ``recall``: the per-page WCXB word scores, averaged over the
    pages; ``with`` / ``without``: the mean snippet rates; ``empty``: blank outputs;
    ``wanted`` / ``missed`` and ``unwanted`` / ``leaked``: snippet totals;
    ``missed_causes`` / ``leaked_causes``: :func:`cause_counts`; ``kind_detection``
    (only when the tool decided a kind on some page): pages whose decided kind is the
    label (``right``, ``accuracy``) and what the others were taken for (``none``:
    nothing decided).
    """
    average = average_wcxb([r.wcxb for r in reports if r.wcxb is not None])
    figures: dict[str, Any] = {
        "pages": len(reports),
        "f1": average.f1,
        "precision": average.precision,
        "recall": average.recall,
        "with": average.with_rate,
        "without": average.without_rate,
        "empty": average.empty,
        "errors": sum(1 for r in reports if r.error),
        "wanted": sum(r.counts.tp + r.counts.fn for r in reports),
        "missed": sum(r.counts.fn for r in reports),
        "unwanted": sum(r.counts.fp + r.counts.tn for r in reports),
        "leaked": sum(r.counts.fp for r in reports),
        "missed_causes": cause_counts(reports, "missed"),
        "leaked_causes": cause_counts(reports, "leaked"),
    }
    if any(r.detected is not None for r in reports):
        right = sum(1 for r in reports if r.detected is not None and r.detected == r.label)
        taken: Counter[str] = Counter(
            r.detected or "none" for r in reports if r.detected is None or r.detected != r.label
        )
        figures["kind_detection"] = {
            "right": right,
            "accuracy": right / len(reports) if reports else 0.0,
            "taken_for": dict(sorted(taken.items(), key=lambda kv: (-kv[1], kv[0]))),
        }
    return figures


def wcxb_summary(reports: Sequence[PageReport]) -> dict[str, dict[str, Any]]:
    """Page kind -> :func:`kind_figures` of its pages, then ``all`` over every page."""
    summary = {kind: kind_figures(group) for kind, group in group_by_kind(reports).items()}
    summary[ALL_KINDS] = kind_figures(reports)
    return summary


def format_kind_overview(summary: dict[str, dict[str, Any]]) -> str:
    """One row per page kind (and ``all``): pages, word scores, blank outputs, snippets."""
    detects = any("kind_detection" in f for f in summary.values())
    headers = ["kind", "pages", "word F1", "P", "R", "empty", "missed", "leaked"]
    if detects:
        headers.append("kind acc")
    rows = []
    for kind, f in summary.items():
        row = [
            kind,
            str(f["pages"]),
            f"{f['f1']:.3f}",
            f"{f['precision']:.3f}",
            f"{f['recall']:.3f}",
            str(f["empty"]),
            f"{f['missed']}/{f['wanted']}",
            f"{f['leaked']}/{f['unwanted']}",
        ]
        if detects:
            detection = f.get("kind_detection")
            row.append(f"{detection['accuracy']:.3f}" if detection else "-")
        rows.append(row)
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def format_kind_detection(summary: dict[str, dict[str, Any]], tool: str) -> str | None:
    """One line: the share of each kind's pages whose decided kind is the label."""
    parts = []
    for kind, f in summary.items():
        detection = f.get("kind_detection")
        if detection is None:
            continue
        parts.append(f"{kind} {detection['accuracy']:.3f} ({detection['right']}/{f['pages']})")
    if not parts:
        return None
    return f"page kind decided by {tool} vs label (accuracy): " + "; ".join(parts)


def _cause_lines(causes: dict[str, dict[str, int]], width: int) -> list[str]:
    lines = [f"  {'cause'.ljust(width)}  snippets  pages"]
    lines.extend(
        f"  {cause.ljust(width)}  {n['snippets']:8d}  {n['pages']:5d}"
        for cause, n in causes.items()
    )
    return lines


def format_kind_block(kind: str, f: dict[str, Any], width: int = 10) -> str:
    """One kind's figures and its missed and leaked snippets by cause."""
    head = (
        f"== {kind}: {f['pages']} pages; word F1 {f['f1']:.3f} (P {f['precision']:.3f} "
        f"R {f['recall']:.3f}); {f['empty']} empty outputs; snippets with {f['with']:.3f} "
        f"without {f['without']:.3f}"
    )
    detection = f.get("kind_detection")
    if detection is not None:
        taken = ", ".join(f"{k} {n}" for k, n in detection["taken_for"].items())
        head += (
            f"; kind right {detection['accuracy']:.3f} ({detection['right']}/{f['pages']}"
            + (f"; taken for {taken}" if taken else "")
            + ")"
        )
    lines = [head]
    lines.append(f"missed snippets: {f['missed']} of {f['wanted']} wanted")
    lines.extend(_cause_lines(f["missed_causes"], width))
    lines.append(f"leaked snippets: {f['leaked']} of {f['unwanted']} unwanted")
    lines.extend(_cause_lines(f["leaked_causes"], width))
    return "\n".join(lines)


def format_wcxb_summary(summary: dict[str, dict[str, Any]], tool: str) -> str:
    """The kind-detection line, the overview table and a cause block per kind and overall.

    The overall block is left out when only one kind was analysed (it would repeat it).
    """
    width = max(
        (
            len(c)
            for f in summary.values()
            for k in ("missed_causes", "leaked_causes")
            for c in f[k]
        ),
        default=10,
    )
    parts = []
    detection = format_kind_detection(summary, tool)
    if detection:
        parts.append(detection + "\n")
    parts.append(format_kind_overview(summary) + "\n")
    kinds = [k for k in summary if k != ALL_KINDS]
    parts.extend(format_kind_block(kind, summary[kind], width) + "\n" for kind in kinds)
    if len(kinds) != 1 and ALL_KINDS in summary:
        parts.append(format_kind_block("all kinds", summary[ALL_KINDS], width) + "\n")
    return "\n".join(parts)


def worst_by_f1(reports: Sequence[PageReport], n: int) -> list[PageReport]:
    """The ``n`` pages of lowest WCXB word F1 (ties: more wrong snippets first, then id)."""
    return sorted(reports, key=lambda r: (r.wcxb.f1 if r.wcxb else 0.0, -r.wrong, r.page_id))[:n]


# --- page reports ----------------------------------------------------------------------


def _short(text: str, limit: int = 90) -> str:
    text = collapse_ws(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _header(report: PageReport) -> list[str]:
    c = report.counts
    tail = (
        f"missed {c.fn}/{c.fn + c.tp}, leaked {c.fp}/{c.fp + c.tn}, "
        f"output {len(report.output)} chars" + (f", error {report.error}" if report.error else "")
    )
    if not isinstance(report.case, WcxbCase):
        return [f"{report.case.url}", f"  file {report.case.file}: " + tail]
    score = report.wcxb
    words = (
        f"word F1 {score.f1:.3f} (P {score.precision:.3f} R {score.recall:.3f}), "
        if score is not None
        else ""
    )
    return [
        report.case.url or "(no url)",
        f"  {report.page_id} [kind {report.label}, decided {report.detected or '-'}]: "
        + words
        + tail,
    ]


def format_page(report: PageReport, *, full_output: bool = False) -> str:
    """One page's diagnosis (and, with ``full_output``, everything the tool returned)."""
    lines = [*_header(report), f"  container: {report.container_path or '-'}"]
    for d in report.diagnoses:
        lines.append(f"  {d.kind} [{d.cause}] {_short(d.snippet)!r}")
        if d.path:
            lines.append(f"      at {d.path}")
    if full_output:
        presence = presence_of(report.case)
        text = presence.prepare(report.output)
        lines.append("  wanted:")
        lines.extend(
            f"    {'found ' if presence.found(s, text) else 'MISSED'} {_short(s)!r}"
            for s in report.case.with_
        )
        lines.append("  unwanted:")
        lines.extend(
            f"    {'LEAKED' if presence.found(s, text) else 'absent'} {_short(s)!r}"
            for s in report.case.without
        )
        lines.append("  output:")
        lines.extend(f"    | {ln}" for ln in report.output.splitlines())
    return "\n".join(lines)


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.errors",
        description=(
            "Group a tool's missed and leaked snippets by cause, on the snippet corpus or "
            "on the WCXB dev split (per page kind)."
        ),
    )
    parser.add_argument("--tool", default="cleanscrape", choices=sorted(TOOLS))
    parser.add_argument("--favor", choices=("precision", "balanced", "recall"), default="balanced")
    parser.add_argument(
        "--corpus", choices=("snippets", "wcxb"), default="snippets", help="default: snippets"
    )
    parser.add_argument(
        "--kind", choices=WCXB_KINDS, default=None, help="WCXB: only pages of this kind"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument(
        "--show",
        type=int,
        default=0,
        metavar="N",
        help="print the N worst pages (WCXB: of lowest word F1)",
    )
    parser.add_argument(
        "--page",
        default=None,
        metavar="SUBSTRING",
        help="only pages whose URL or file (WCXB: id) has this",
    )
    parser.add_argument("--json", type=Path, default=None, help="write every diagnosis here")
    return parser.parse_args(argv)


def _page_json(report: PageReport) -> dict[str, Any]:
    c = report.counts
    out: dict[str, Any] = {}
    if isinstance(report.case, WcxbCase):
        score = report.wcxb
        out.update(
            id=report.case.id,
            url=report.case.url,
            kind=report.case.kind,
            detected_kind=report.detected,
            precision=score.precision if score else None,
            recall=score.recall if score else None,
            f1=score.f1 if score else None,
            empty=score.empty if score else None,
        )
    out.update(
        tp=c.tp,
        fn=c.fn,
        fp=c.fp,
        tn=c.tn,
        error=report.error,
        container=report.container_path,
        diagnoses=[vars(d) for d in report.diagnoses],
    )
    return out


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _main_wcxb(args: argparse.Namespace, corpora: Path) -> int:
    cases = load_wcxb(corpora, args.limit, args.kind)
    if not cases:
        print("no WCXB pages found (wcxb/dev in the corpora folder)", file=sys.stderr)
        return 2
    if args.page:
        cases = [c for c in cases if args.page in (c.url or "") or args.page in c.id]
        if not cases:
            print(f"no page matches {args.page!r}", file=sys.stderr)
            return 2
    tool = TOOLS[args.tool](args.favor)
    started = time.perf_counter()
    reports, tool_seconds = analyse(tool, cases, progress=args.page is None)
    elapsed = time.perf_counter() - started
    summary = wcxb_summary(reports)
    overall = summary[ALL_KINDS]
    print(
        f"{args.tool} (favor={args.favor}) on {len(reports)} WCXB dev pages"
        + (f" of kind {args.kind}" if args.kind else "")
        + f": word F1 {overall['f1']:.3f} (P {overall['precision']:.3f} "
        f"R {overall['recall']:.3f}); snippets with {overall['with']:.3f} without "
        f"{overall['without']:.3f}; {overall['empty']} empty outputs; {overall['errors']} "
        f"pages raised; tool {tool_seconds:.1f} s, analysis total {elapsed:.1f} s"
    )
    print()
    print(format_wcxb_summary(summary, args.tool))
    if args.page:
        for report in reports:
            print(format_page(report, full_output=True))
            print()
    elif args.show:
        for report in worst_by_f1(reports, args.show):
            print(format_page(report))
            print()
    if args.json:
        _write_json(
            args.json,
            {
                "corpus": "wcxb",
                "tool": args.tool,
                "favor": args.favor,
                "kind": args.kind,
                "summary": summary,
                "pages": [_page_json(r) for r in reports],
            },
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the analysis; returns the exit code."""
    args = _parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.kind and args.corpus != "wcxb":
        print("--kind needs --corpus wcxb", file=sys.stderr)
        return 2
    corpora = find_corpora()
    if corpora is None:
        print("corpora not found (set CLEANSCRAPE_CORPORA)", file=sys.stderr)
        return 2
    if args.corpus == "wcxb":
        return _main_wcxb(args, corpora)
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
        worst = sorted(reports, key=lambda r: (-r.wrong, r.page_id))[: args.show]
        for report in worst:
            if report.wrong:
                print(format_page(report))
                print()
    if args.json:
        data = [
            {
                "url": r.case.url,
                "file": r.page_id,
                **_page_json(r),
            }
            for r in reports
        ]
        _write_json(args.json, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
