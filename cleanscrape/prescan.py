"""A linear pre-parse scan that keeps the HTML parser out of its slow and explosive cases.

lexbor is fast on real pages but has inputs on which its cost is not linear in
the input's size (measured with selectolax 1.0, lexbor 2.x, on this project's
2-core machine):

- nesting: each block start tag looks for an open ``<p>`` through the whole
  stack of open elements, so 20,000 nested ``<div>`` take 1.3 s and 100,000
  take about 30 s;
- ``<option>`` lists: each option costs time linear in the options before it
  (20,000 options in one ``<select>``: 1.5 s; 100,000: 42 s);
- unclosed formatting tags: the HTML algorithm re-opens every "active"
  formatting element (``<b>``, ``<i>``, ``<font>`` …) in each new block, so
  ``<div>`` + 500 distinct ``<b id=…>`` + ``</div>`` + 5,000 ``<div>x</div>``
  (65 KB of input) builds 2.5 million elements and 1.1 GB.

:func:`prescan` works in two passes, both linear and without recursion.

The quick pass reads the tags with one regular expression (comments and
raw-text elements skipped whole, as the tokenizer does) and keeps a stack that
pops only on an end tag matching its top. The parser pops at least that much,
so the stack's height bounds the depth of the tree the parser will build
(plus its own ``<html>``/``<body>``, implied table parts and re-opened
formatting elements, for which it keeps a margin). When that bound is within
``max_depth``, the page has few options and few unclosed formatting tags, and
the elements fit ``max_nodes``, the text goes to the parser untouched: that is
almost every real page (SVG with ``<desc>``/``<style>`` and MathML go to the
full pass), at a few microseconds per tag.

Otherwise the full pass runs a rough model of the HTML tree builder: the stack
of open elements with scopes, the common implied end tags (``<p>``, list
items, options, table parts), SVG/MathML and their HTML integration points,
raw-text elements, and the list of active formatting elements. It then:

- cuts the start and end tags of the elements the model places deeper than
  ``max_depth``; their text stays, in order. ``<p>`` and raw-text elements
  keep their tags (neither can nest in itself), and so do void elements.
  Since the parser's context may differ from the model's once tags are cut,
  every other tag met that deep is cut too;
- cuts ``<option>``/``<optgroup>`` tags past a per-select and a per-page
  budget (their text stays) and every ``<frameset>`` (frameset documents have
  no text, and their parsing rules are not worth modelling);
- cuts formatting start tags past a budget of simultaneously active ones;
- counts the elements the parser will build (re-opened formatting elements
  included) and raises :class:`~cleanscrape.errors.InputTooLarge` past
  ``max_nodes``.

Where the model and the parser could disagree, the model errs towards
deeper (an end tag it cannot place closes nothing), so the parser never sees
much more than ``max_depth`` levels. The quick pass's strict bound runs
alongside as a backstop and flattens past twice ``max_depth`` whatever the
model thinks; ``tests/test_hostile_prescan.py`` checks
that against lexbor itself with random markup and a small limit.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from .errors import InputTooLarge

__all__ = ["ScanResult", "prescan"]


def _names(spaced: str) -> frozenset[str]:
    """A set of tag names written as one space-separated string (easier to read)."""
    return frozenset(spaced.split())


# One token: a comment, a ``<!…>``/``<?…>`` declaration, or a tag with its
# attributes. Possessive quantifiers keep the attribute part linear: a tag that
# never closes cannot make the engine backtrack.
_TOKEN = re.compile(
    r"<(?:(!--)|([!?])|(/?)([A-Za-z][^\t\n\f\r />]*+)"
    r"((?:[^>\"'=]++|=[\t\n\f\r ]*+(?:\"[^\"]*+\"|'[^']*+')?+|[\"'])*+)(>?))"
)
# Where a comment ends, per the HTML tokenizer: "<!-->" and "<!--->" are
# whole comments, and "--!>" closes one as well as "-->".
_COMMENT_END = re.compile(r"-?>|(?:[^-]++|-(?!-!?>))*+--!?>")
_GROUP_COMMENT, _GROUP_DECL, _GROUP_SLASH, _GROUP_NAME, _GROUP_ATTRS, _GROUP_GT = range(1, 7)

_VOID = _names(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param "
    "source track wbr"
)
# Their content is text up to the matching end tag, not markup.
_RAW_TEXT = _names("script style textarea title xmp iframe noembed noframes")
_FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
# Start tags that close an open <p> ("close a p element" in the HTML spec).
_CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search "
    "section summary ul li dd dt listing"
)
_HEADINGS = _names("h1 h2 h3 h4 h5 h6")
# Elements that bound the "in scope" searches (lexbor counts <select> among
# them: a <p> inside a select does not close one outside it).
_SCOPE = _names("applet caption html table td th marquee object template select")
# Elements that put a marker in the list of active formatting elements.
_MARKERS = _names("applet caption td th marquee object template")
_FOREIGN = frozenset(("svg", "math"))
# SVG and MathML elements whose content is HTML again.
_INTEGRATION_POINTS = {
    "svg": _names("foreignobject desc title"),
    "math": _names("mi mo mn ms mtext annotation-xml"),
}
# Any of them, for the quick pass (which does not track namespaces).
_ANY_INTEGRATION_POINT = _INTEGRATION_POINTS["svg"] | _INTEGRATION_POINTS["math"]
# Table parts are "in scope" only inside the innermost table.
_TABLE_PARTS = _names("caption tbody thead tfoot tr td th")
# Table parts the parser inserts between a table (section) and a row or cell.
_IMPLIED_PARENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {"table": ("tbody",)},
    "td": {"table": ("tbody", "tr"), "tbody": ("tr",), "thead": ("tr",), "tfoot": ("tr",)},
    "th": {"table": ("tbody", "tr"), "tbody": ("tr",), "thead": ("tr",), "tfoot": ("tr",)},
}
# Start tags before which the parser does not re-open formatting elements
# (every other start tag, <button> and <select> included, does).
_NO_RECONSTRUCT = (
    _CLOSES_P
    | _TABLE_PARTS
    | _names(
        "table col colgroup textarea template script style title frameset plaintext iframe "
        "noembed noframes noscript head body html"
    )
)
# Start tags that never make an element of their own (their attributes merge).
_MERGED = frozenset(("html", "head", "body"))
# HTML start tags that break out of SVG/MathML back into HTML.
_BREAKOUT = _names(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
    "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt "
    "u ul var"
)
# The HTML spec's "special" elements (those that can be open): an end tag for
# an ordinary element is ignored when one of these stands between.
_SPECIAL = _names(
    "address applet article aside blockquote button caption center colgroup dd details dir "
    "div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup "
    "html li listing main marquee menu nav noscript object ol p pre search section select "
    "summary table tbody td template tfoot th thead tr ul"
)
# An <li>/<dd>/<dt> closes an open one across these, but not across other specials.
_NOT_ITEM_STOPS = _names("address div p")
_LIST_ITEMS = {"li": ("li",), "dd": ("dd", "dt"), "dt": ("dt", "dd")}
# The spec keeps at most three identical entries in the active formatting list.
_NOAHS_ARK = 3
# What a start tag closes when it is open ("implied end tags").
_CLOSES_SAME = {
    "td": ("td", "th"),
    "th": ("td", "th"),
    "tr": ("tr", "td", "th"),
    "tbody": ("tbody", "thead", "tfoot", "tr", "td", "th"),
    "thead": ("tbody", "thead", "tfoot", "tr", "td", "th"),
    "tfoot": ("tbody", "thead", "tfoot", "tr", "td", "th"),
    "button": ("button",),
    "nobr": ("nobr",),
    "a": ("a",),
}
# These close only the current node (options), or only what is open on top
# of it inside a <ruby> (ruby annotations): never across other elements.
_CLOSES_TOP = {
    "option": ("option",),
    "optgroup": ("option", "optgroup"),
    "rb": ("rb", "rt", "rtc", "rp"),
    "rt": ("rb", "rt", "rp"),
    "rp": ("rb", "rt", "rp"),
    "rtc": ("rb", "rt", "rtc", "rp"),
}

# Options a <select> may keep, and options a page may keep: lexbor's cost grows
# with the square of the options in one select (1,000 cost about 4 ms); nobody
# reads a drop-down list as article text.
_MAX_SELECT_OPTIONS = 1000
_MAX_PAGE_OPTIONS = 10_000
# Formatting elements open at once (after the spec's own "Noah's Ark" clause
# has merged identical ones): real pages rarely have more than a handful; each
# one is rebuilt in every following block, so the budget bounds that blow-up.
_MAX_ACTIVE_FORMATTING = 32
# The strict depth bound (see _Model.deep) over-counts sloppy markup (a table
# whose cells are never closed counts two a row), so it flattens only at this
# multiple of max_depth: lexbor's cost per block tag is still bounded by it.
_STRICT_DEPTH_FACTOR = 2


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What :func:`prescan` found.

    Attributes:
        text: the document, with the tags it removed cut out (the input itself when none).
        elements: the elements the parser is expected to build.
        depth: the deepest nesting the model saw, before flattening.
        removed: how many tags were cut out (deep nesting, options, formatting), or lost
            attributes (past MAX_ATTRIBUTES on one element).
    """

    text: str
    elements: int
    depth: int
    removed: int


class _Open:
    """An element on the model's stack of open elements."""

    __slots__ = ("dropped", "foreign", "name", "open")

    def __init__(self, name: str, dropped: bool, foreign: str) -> None:
        self.name = name
        self.dropped = dropped
        self.foreign = foreign  # "svg" or "math" for a foreign element, else ""
        self.open = True


class _Model:
    """The rough tree builder; see the module docstring."""

    def __init__(self, max_depth: int, max_nodes: int) -> None:
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.stack: list[_Open] = []
        self.where: dict[str, list[int]] = {}  # tag name -> its indices in the stack
        # Indices of the open elements that bound the parser's searches.
        self.scopes: list[int] = [-1]
        self.specials: list[int] = [-1]
        self.item_stops: list[int] = [-1]
        self.active: list[tuple[str, _Open] | None] = []  # None is a marker
        self.selects: list[int] = []  # option count of each open <select>
        self.page_options = 0
        self.elements = 0
        self.depth = 0
        self.cuts: list[tuple[int, int]] = []
        self.kept = False  # whether the last tag pushed or popped a kept element
        self.strict: list[str] = []  # see deep()
        self.strict_limit = max_depth * _STRICT_DEPTH_FACTOR

    # --- the stack --------------------------------------------------------

    def count(self, extra: int = 1) -> None:
        self.elements += extra
        if self.elements > self.max_nodes:
            raise InputTooLarge(
                f"the page has over {self.max_nodes:,} elements (Options.max_nodes)"
            )

    def push(self, name: str, *, implicit: bool = False, foreign: str = "") -> _Open:
        self.count()
        index = len(self.stack)
        # An element the parser re-creates by itself has no tags to cut. A <p>
        # keeps its tags at any depth: it cannot nest in another <p> once the
        # scope-bounding elements between them are cut, and it keeps the text
        # at the bottom of a deep pile a paragraph. A raw-text element is a
        # leaf, and cutting it would turn its text into markup.
        keep = name == "p" or (name in _RAW_TEXT and not foreign)
        item = _Open(name, not implicit and not keep and self.deep(), foreign)
        if not implicit:
            self.kept = not item.dropped
        self.stack.append(item)
        where = self.where.get(name)
        if where is None:
            self.where[name] = [index]
        else:
            where.append(index)
        if foreign:
            if name in _INTEGRATION_POINTS[foreign]:  # they bound every scope, as special elements
                self.scopes.append(index)
                self.specials.append(index)
                self.item_stops.append(index)
        elif name in _SPECIAL:
            self.specials.append(index)
            if name in _SCOPE:
                self.scopes.append(index)
            if name not in _NOT_ITEM_STOPS:
                self.item_stops.append(index)
            if name == "select":
                self.selects.append(0)
        if index >= self.depth:
            self.depth = index + 1
        return item

    def pop(self) -> _Open:
        item = self.stack.pop()
        item.open = False
        name = item.name
        self.where[name].pop()
        if item.foreign:
            if name in _INTEGRATION_POINTS[item.foreign]:
                self.scopes.pop()
                self.specials.pop()
                self.item_stops.pop()
        elif name in _SPECIAL:
            self.specials.pop()
            if name in _SCOPE:
                self.scopes.pop()
                if name in _MARKERS:
                    self.clear_to_marker()
            if name not in _NOT_ITEM_STOPS:
                self.item_stops.pop()
            if name == "select":
                self.selects.pop()
        return item

    def deep(self) -> bool:
        """Whether the next element is in the flattened zone.

        Besides the model's own depth, a strict bound decides: a stack that
        pops only on an end tag matching its top, which the parser never
        out-grows. Where the model errs (exotic mixes of formatting, select
        and foreign rules), the strict bound still flattens, a little later.
        """
        return len(self.stack) >= self.max_depth or len(self.strict) >= self.strict_limit

    def in_foreign(self) -> bool:
        """Whether start tags follow the SVG/MathML rules (the current node is foreign)."""
        if not self.stack:
            return False
        top = self.stack[-1]
        return bool(top.foreign) and top.name not in _INTEGRATION_POINTS[top.foreign]

    def last(self, name: str) -> int:
        """Stack index of the innermost open ``name``, or -1."""
        indices = self.where.get(name)
        return indices[-1] if indices else -1

    def in_scope(self, name: str) -> bool:
        """Whether ``name`` is open above the nearest scope-bounding element."""
        index = self.last(name)
        if index < 0:
            return False
        if name in _TABLE_PARTS:
            table = self.last("table")
            return table >= 0 and index > table
        return name in _SCOPE or index > self.scopes[-1]

    def close(self, name: str) -> _Open:
        """Pop up to and including the innermost open ``name`` (which must be open)."""
        while True:
            item = self.pop()
            if item.name == name:
                return item

    # --- active formatting elements -----------------------------------------

    def clear_to_marker(self) -> None:
        while self.active:
            if self.active.pop() is None:
                return

    def reconstruct(self) -> None:
        """Re-open formatting elements a block end closed, as the parser will."""
        active = self.active
        start = len(active) - 1
        while start > 0:
            entry = active[start - 1]
            if entry is None or entry[1].open:
                break
            start -= 1
        for position in range(start, len(active)):
            entry = active[position]
            assert entry is not None  # the walk above stopped at markers
            active[position] = (entry[0], self.push(entry[1].name, implicit=True))

    def add_formatting(self, key: str, item: _Open) -> None:
        """Append to the active list, keeping at most three identical entries (Noah's Ark)."""
        same = []
        for position in range(len(self.active) - 1, -1, -1):
            entry = self.active[position]
            if entry is None:
                break
            if entry[0] == key:
                same.append(position)
        if len(same) >= _NOAHS_ARK:
            del self.active[same[-1]]
        self.active.append((key, item))

    def active_count(self) -> int:
        count = 0
        for entry in reversed(self.active):
            if entry is None:
                break
            count += 1
        return count

    def forget_formatting(self, name: str) -> None:
        for position in range(len(self.active) - 1, -1, -1):
            entry = self.active[position]
            if entry is None:
                return
            if entry[1].name == name:
                del self.active[position]
                return

    # --- tokens -----------------------------------------------------------

    def tag(self, name: str, attributes: str, end: bool, span: tuple[int, int]) -> None:
        """Apply one tag; in the flattened zone, cut every tag that does not keep its element.

        Once tags are cut, the parser's context (SVG or HTML, table or body)
        may differ from the model's, so a tag the model would ignore there
        could still mean something to the parser: only tags whose element the
        model keeps (``<p>``, voids, raw-text elements) reach it.
        """
        deep = self.deep()
        cuts = len(self.cuts)
        self.kept = False
        strict = self.strict
        if end:
            if strict and strict[-1] == name:
                strict.pop()
            self.end_tag(name, span)
        else:
            if not (
                name in _VOID
                or (name in _MERGED and not self.in_foreign())
                or (attributes.endswith("/") and (name in _FOREIGN or self.in_foreign()))
            ):
                _strict_push(strict, name)
            self.start_tag(name, attributes, span)
        if deep and len(self.cuts) == cuts and not self.kept and name not in _VOID:
            self.cuts.append(span)

    def start_tag(self, name: str, attributes: str, span: tuple[int, int]) -> None:
        self_closing = attributes.endswith("/")
        if self.in_foreign():
            if name not in _BREAKOUT and not (name == "font" and "=" in attributes):
                if self_closing:
                    self.count()
                else:
                    self.maybe_cut(self.push(name, foreign=self.stack[-1].foreign), span)
                return
            while self.in_foreign():
                self.pop()
        if name in _MERGED:
            return
        if name == "frameset":
            # Frameset documents have no text; their parsing rules (a mode
            # that drops most tags, or a tag the parser drops) are not worth
            # modelling: the parser never sees the tag.
            self.cuts.append(span)
            return
        if self.in_select():
            # lexbor follows the newer HTML rules: a select may hold any markup.
            if name in ("option", "optgroup") and self.over_option_budget():
                self.cuts.append(span)
                return
            if name in ("select", "input", "keygen"):
                self.close("select")
                if name == "select":
                    return
        if name in _TABLE_PARTS and self.last("table") < 0 and self.last("template") < 0:
            return  # the parser ignores table parts outside a table
        if name in _VOID or (name in _FOREIGN and self_closing):
            if name in _CLOSES_P:  # <hr>
                self.close_p()
            elif name != "input":
                self.reconstruct_if_needed()
            self.count()
            return
        if name in _CLOSES_P:
            if name in _LIST_ITEMS:  # before closing the <p>, as the parser does
                self.close_list_item(_LIST_ITEMS[name])
            self.close_p()
            if name in _HEADINGS and self.stack and self.stack[-1].name in _HEADINGS:
                self.pop()
        elif name in _CLOSES_SAME:
            self.close_same(name)
        elif name in _CLOSES_TOP and (name[0] == "o" or self.in_scope("ruby")):
            # Outside a select an <optgroup> closes an <option> only.
            closes = _CLOSES_TOP[name] if self.in_select() else ("option",)
            while self.stack and self.stack[-1].name in closes:
                self.pop()
        if name in _IMPLIED_PARENTS and self.stack:
            for parent in _IMPLIED_PARENTS[name].get(self.stack[-1].name, ()):
                self.push(parent, implicit=True)
        if name not in _NO_RECONSTRUCT:
            self.reconstruct_if_needed()
        if name in _FORMATTING:
            if self.active_count() >= _MAX_ACTIVE_FORMATTING:
                self.cuts.append(span)
                return
            item = self.push(name)
            self.maybe_cut(item, span)
            self.add_formatting(f"{name} {attributes.strip().lower()}", item)
            return
        item = self.push(name, foreign=name if name in _FOREIGN else "")
        self.maybe_cut(item, span)
        if name in _MARKERS:
            self.active.append(None)

    def in_select(self) -> bool:
        """Whether the innermost open select is the insertion context."""
        return bool(self.selects) and self.last("select") >= self.scopes[-1]

    def reconstruct_if_needed(self) -> None:
        active = self.active
        if active:
            last = active[-1]
            if last is not None and not last[1].open:
                self.reconstruct()

    def close_p(self) -> None:
        if self.last("p") > self.scopes[-1]:
            self.close("p")

    def close_list_item(self, names: tuple[str, ...]) -> None:
        """An <li>, <dd> or <dt> closes an open one unless a block stands between."""
        for other in names:
            index = self.last(other)
            if index >= 0 and index >= self.item_stops[-1]:
                self.close(other)
                return

    def close_same(self, name: str) -> None:
        for other in _CLOSES_SAME[name]:
            if other in _FORMATTING:
                self.adopt(other)
                return
            if self.in_scope(other):
                self.close(other)
                return

    def adopt(self, name: str) -> _Open | None:
        """Model the adoption agency for a formatting end tag (or a nested ``<a>``/``<nobr>``)."""
        self.forget_formatting(name)
        index = self.last(name)
        if index < 0 or not self.in_scope(name):
            return None
        if self.specials[-1] > index:
            # The parser moves the block under a copy of the formatting
            # element: nothing gets shallower.
            self.count()
            return None
        return self.close(name)

    def over_option_budget(self) -> bool:
        self.selects[-1] += 1
        self.page_options += 1
        return self.selects[-1] > _MAX_SELECT_OPTIONS or self.page_options > _MAX_PAGE_OPTIONS

    def maybe_cut(self, item: _Open, span: tuple[int, int]) -> None:
        if item.dropped:
            self.cuts.append(span)

    def end_tag(self, name: str, span: tuple[int, int]) -> None:
        if name in _MERGED or name == "form":
            # The parser keeps adding to the body after a stray </body>; a
            # </form> takes the form out of the stack but leaves what is open
            # inside it open (so, for depth, nothing changes).
            return
        if name in ("br", "p"):
            while self.in_foreign():  # they break out of SVG/MathML
                self.pop()
        if name == "br":
            self.reconstruct_if_needed()
            self.count()
            return
        if name == "p" and not self.in_scope("p"):
            self.count()  # the parser makes an empty <p>
            return
        if name in _FORMATTING:
            adopted = self.adopt(name)
            if adopted is not None:
                if adopted.dropped:
                    self.cuts.append(span)
                else:
                    self.kept = True
            return
        index = self.last(name)
        if index < 0:
            return
        if name in _LIST_ITEMS:
            if index < self.item_stops[-1]:
                return
        elif name in _SPECIAL:
            if not self.in_scope(name):
                return
        elif index < self.specials[-1]:
            return  # a block stands between: the parser ignores the end tag
        item = self.close(name)
        if item.dropped:
            self.cuts.append(span)
        else:
            self.kept = True


_RAW_TEXT_END = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in _RAW_TEXT}


def _skip_raw_text(text: str, name: str, position: int) -> int:
    """Where the raw text of ``<name>`` starting at ``position`` ends (its end tag stays)."""
    end = _RAW_TEXT_END[name].search(text, position)
    return len(text) if end is None else end.start()


# The quick pass: comments and raw text are skipped whole (as the tokenizer
# does); an SVG/MathML <title> without markup inside is just text either way.
# Written without lazy quantifiers and with the names alone case-insensitive:
# ".*?" tried the end of a comment or script at every character, and
# re.IGNORECASE folded every character (the pass took 17 ns a character).
_QUICK_TOKEN = re.compile(
    r"<!--(?:-?>|(?:[^-]++|-(?!-!?>))*+--!?>)"
    r"|<!\[((?i:CDATA))\[[^>]*+>?"
    r"|<[!?][^>]*+>?"
    r"|<((?i:title))[\t\n\f\r />][^<]*+</(?i:title)[\t\n\f\r />]"
    r"|<(?P<raw>(?i:script|style|textarea|title|xmp|iframe|noembed|noframes))(?=[\t\n\f\r />])"
    r"(?:[^<]++|<(?!/(?i:(?P=raw))[\t\n\f\r />]))*+(?:</(?i:(?P=raw))[\t\n\f\r />]|\Z)"
    r"|<(/?[A-Za-z][^\t\n\f\r />]*+)(?:[^>/]++|/(?!>))*+(/?)>",
)
# Formatting elements the quick pass lets be open at once. Each may be
# re-created in every later block, so the element count it checks against
# max_nodes is scaled by this; more sends the page to the full model.
_QUICK_MAX_ACTIVE = 8
# The parser's own <html>, <head>, <body> and an implied <tbody> or <tr> above
# what the quick pass counts.
_QUICK_DEPTH_SLACK = 4


# A start tag that certainly closes the element on top of the stack when that
# is one of these (a list item another, a cell another cell or a row, ...):
# outside their context the parser ignores both, so the bound stays safe.
_CLOSES_TOP_CERTAINLY = {
    "p": ("p",),
    "li": ("li",),
    "dd": ("dd", "dt"),
    "dt": ("dd", "dt"),
    "option": ("option",),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "tr": ("td", "th", "tr"),
}


def _strict_push(stack: list[str], name: str) -> None:
    """Push onto a strict stack (one that pops only on certain closes)."""
    closes = _CLOSES_TOP_CERTAINLY.get(name)
    if closes is not None:
        while stack and stack[-1] in closes:
            top = stack.pop()
            if top == "tr" or name != "tr":
                break
    stack.append(name)


def _quick_depth(text: str, max_depth: int, max_nodes: int) -> tuple[int, int] | None:
    """An upper bound of the parse tree's depth, and the start tags; ``None`` when in doubt.

    Raises:
        InputTooLarge: the page has more than ``max_nodes`` start tags.

    A stack that only pops on an end tag matching its top over-estimates the
    depth the parser builds (the parser pops at least as much), so when the
    bound is within ``max_depth`` and the page has neither long option lists
    nor piles of unclosed formatting tags, the full model has nothing to do.
    """
    stack: list[str] = []
    foreign = 0
    starts = 0
    options = 0
    formatting: dict[str, int] = {}
    active = 0
    most_active = 0
    deepest = 0
    limit = max_depth - _QUICK_DEPTH_SLACK - _QUICK_MAX_ACTIVE
    for match in _QUICK_TOKEN.finditer(text):
        cdata, svg_title, raw, tag, slash = match.groups()
        if tag is None:
            if cdata is not None and foreign:
                return None  # real CDATA in SVG/MathML ends at "]]>", not at ">"
            if raw is not None and foreign:
                return None  # in SVG/MathML this is markup, not raw text
            starts += raw is not None or svg_title is not None
            continue
        if tag[0] == "/":
            name = tag[1:].lower()
            if stack and stack[-1] == name:
                stack.pop()
                if name in _FOREIGN:
                    foreign -= 1
            if formatting.get(name):
                formatting[name] -= 1
                active -= 1
            continue
        name = tag.lower()
        starts += 1
        if starts > max_nodes:
            # Every start tag counts, even the few the parser would ignore:
            # one pass over 50 MB of tags is all the limit should cost.
            raise InputTooLarge(f"the page has over {max_nodes:,} elements (Options.max_nodes)")
        if name in _FORMATTING:
            formatting[name] = formatting.get(name, 0) + 1
            active += 1
            if active > _QUICK_MAX_ACTIVE:
                return None
            most_active = max(most_active, active)
        if (foreign and name in _ANY_INTEGRATION_POINT) or name == "frameset":
            return None  # HTML inside SVG/MathML, frameset rules: for the full model
        if (
            name in _VOID
            or (name in _MERGED and not foreign)
            or (slash and (foreign or name in _FOREIGN))
        ):
            continue
        if name == "option":
            options += 1
            if options > _MAX_SELECT_OPTIONS:
                return None
        elif name in _FOREIGN:
            foreign += 1
        elif name in _IMPLIED_PARENTS and stack:
            stack.extend(_IMPLIED_PARENTS[name].get(stack[-1], ()))
        _strict_push(stack, name)
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > limit:
                return None
    if starts * (1 + most_active) > max_nodes:
        return None  # the full model counts re-created elements exactly
    return deepest, starts


# Below this many start tags lexbor parses even the deepest nesting they allow in
# a tenth of a second (measured: 10,000 nested <div> in 0.13 s, 15,000 in 0.3 s).
_SAFE_START_TAGS = 10_000
# Unclosed formatting elements are re-created in every later block: a handful
# is sloppy markup, more is the start of a formatting bomb.
_SAFE_UNCLOSED_FORMATTING = 64
# Formatting tag names (<a> is left out: a new <a> closes any open one, so they
# never pile up), spelled out as a case-insensitive trie: re.IGNORECASE folds
# every character and costs a third more on a page's worth of text.
_FORMATTING_NAME = (
    r"(?:[bB](?:[iI][gG])?|[cC][oO][dD][eE]|[eE][mM]|[fF][oO][nN][tT]|[iI]|"
    r"[nN][oO][bB][rR]|[sS](?:[mM][aA][lL][lL]|[tT][rR](?:[iI][kK][eE]|[oO][nN][gG]))?|"
    r"[tT][tT]|[uU])"
)
# One pass finds every "<" that _plainly_safe counts apart, and says which it is:
# "/" for an end tag ("/b" for a formatting one), the name of a formatting start
# tag, or "option" (any case) for an <option>. Each name must end at a space or ">".
_COUNTED_TAG = re.compile(
    rf"<(/(?:{_FORMATTING_NAME}(?=[\s>]))?|{_FORMATTING_NAME}(?=[\s>])|(?i:option)(?=[\s>]))"
)
# Above this many "<" per start tag allowed, a page is first judged on two
# counts alone, so no list of its tags is built (50 MB of tiny elements).
_ANGLES_PER_START_TAG = 4


# Options.max_depth's default: at it, depth is a matter of cost only; a caller who
# sets a smaller limit wants the tree flattened, and always gets the full scan.
_DEFAULT_MAX_DEPTH = 512


def _plainly_safe(text: str, max_nodes: int) -> int | None:
    """Prove a page harmless with C-level counts alone (most pages), or say "look closer".

    Returns the number of start tags when the page is harmless, else ``None``.

    Depth and parse time are bounded by the number of start tags; the
    formatting bomb needs many unclosed formatting tags; huge ``<select>``
    lists need many options. Counting these is a count and one scan at C
    speed, against a Python loop over every tag for the quick pass.
    """
    limit = min(_SAFE_START_TAGS, max_nodes)
    angles = text.count("<")
    if angles > _ANGLES_PER_START_TAG * limit and angles - text.count("</") > limit:
        return None
    ends = options = opened = closed = 0
    for key, count in Counter(_COUNTED_TAG.findall(text)).items():
        if key[0] == "/":
            ends += count
            if len(key) > 1:
                closed += count
        elif key.lower() in _FORMATTING:
            opened += count
        else:
            options += count
    starts = angles - ends
    if starts > limit or options > _MAX_SELECT_OPTIONS:
        return None
    unclosed = opened - closed
    # Each unclosed formatting element may be re-created in every later block.
    if unclosed <= _SAFE_UNCLOSED_FORMATTING and starts * (1 + max(unclosed, 0)) <= max_nodes:
        return starts
    return None


# Attributes one element keeps. lexbor compares each new attribute's name with
# every earlier one of the element, so its cost is quadratic in their number
# (10,000 on one element: 0.18 s; 30,000: 1.5 s; 100,000: 130 s), and the same
# holds for the attributes that repeated <html> and <body> tags merge into one
# element. Real elements carry a few dozen at most (SVG and data-* heavy markup
# included); 256 cost lexbor a tenth of a millisecond.
MAX_ATTRIBUTES = 256
# A start tag's attribute part, read as the tokenizer does: a quote opens a value
# only after "=". Possessive quantifiers keep it linear (see _TOKEN).
_ATTRIBUTE_PART = r"""((?:[^>"'=]++|=[\t\n\f\r ]*+(?:"[^"]*+"|'[^']*+')?+|["'])*+)"""
# One attribute inside that part: a name (which may start with "="), then
# optionally "=" and a quoted or unquoted value.
_ATTRIBUTE = re.compile(
    r"[^\t\n\f\r /][^\t\n\f\r /=]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r ]*+))?+"
)
# Every attribute takes at least two characters (a name and a separator): an
# attribute part shorter than this cannot hold more than MAX_ATTRIBUTES.
_LONG_ATTRIBUTES = 2 * MAX_ATTRIBUTES
_MERGED_NAMES = ("html", "body")
# A start tag whose attributes are plainly few: a well-formed list of at most
# MAX_ATTRIBUTES (names, "=" and a quoted value or an unquoted one that runs to a
# space), up to ">" or the end. On such a list _ATTRIBUTE_PART and _ATTRIBUTE
# read the same part and the same attributes, so nothing can be cut from it;
# <html> and <body> never count as plain (lexbor merges their attributes).
_PLAIN_TAG = (
    r"<(?!(?:[hH][tT][mM][lL]|[bB][oO][dD][yY])(?:[\t\n\f\r />]|\Z))[A-Za-z][^\t\n\f\r />]*+"
    r"(?:[\t\n\f\r /]*+[^\t\n\f\r /=>\"']++(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+"
    r"(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >\"'=]++(?=[\t\n\f\r >]|\Z)))?+)"
    rf"{{0,{MAX_ATTRIBUTES}}}+[\t\n\f\r /]*+(?=>|\Z)"
)
# One C-level pass over the page: text, stray "<" and plain tags are skipped;
# each match ends at the next other start tag, its name and attribute part in
# groups 1 and 2 (both None at the end). The tags met are those that
# finditer(<name><attribute part>) meets, in the same order: a plain tag is
# skipped whole, exactly as that pattern would read it.
_SUSPECT_TAG = re.compile(
    rf"(?:[^<]++|<(?![A-Za-z])|{_PLAIN_TAG})*+"
    rf"(?:<([A-Za-z][^\t\n\f\r />]*+){_ATTRIBUTE_PART}|\Z)"
)


def _attribute_cuts(text: str) -> list[tuple[int, int]]:
    """Spans of attributes past :data:`MAX_ATTRIBUTES` on one element, to cut out.

    The scan reads every tag-like run, comments and raw text included: a false
    alarm there only thins an attribute-like run in text nobody reads. Most
    tags are plain (:data:`_PLAIN_TAG`), so Python sees only a few of a page's.
    """
    cuts: list[tuple[int, int]] = []
    merged = 0  # attributes kept on <html> and <body> tags so far (lexbor merges them)
    for match in _SUSPECT_TAG.finditer(text):
        name = match.group(1)
        if name is None:
            break  # the end of the text
        start, end = match.span(2)
        is_merged = name.lower() in _MERGED_NAMES
        if end - start <= _LONG_ATTRIBUTES and not is_merged:
            continue
        room = MAX_ATTRIBUTES - merged if is_merged else MAX_ATTRIBUTES
        for count, attribute in enumerate(_ATTRIBUTE.finditer(text, start, end)):
            if count >= room:
                cuts.append((attribute.start(), end))
                break
            if is_merged:
                merged += 1
    return cuts


def _bound_attributes(text: str) -> tuple[str, int]:
    """``text`` with every element's attributes past :data:`MAX_ATTRIBUTES` cut out.

    Returns the text and how many tags lost attributes.
    """
    if len(text) <= _LONG_ATTRIBUTES:
        return text, 0
    cuts = _attribute_cuts(text)
    if not cuts:
        return text, 0
    pieces: list[str] = []
    kept_from = 0
    for cut_start, cut_end in cuts:
        pieces.append(text[kept_from:cut_start])
        kept_from = cut_end
    pieces.append(text[kept_from:])
    return "".join(pieces), len(cuts)


def prescan(text: str, *, max_depth: int, max_nodes: int) -> ScanResult:
    """Scan ``text`` and defuse what would make the parser slow or explode.

    A quick pass proves most pages harmless; the others go through the full
    model of the tree builder, which rewrites them.

    Args:
        text: the decoded document.
        max_depth: elements the model nests deeper than this lose their tags.
        max_nodes: more elements than this raise :class:`InputTooLarge`.

    Returns:
        The (possibly rewritten) text and what the scan counted.

    Raises:
        InputTooLarge: the page would build more than ``max_nodes`` elements.
    """
    text, thinned = _bound_attributes(text)
    if max_depth >= _DEFAULT_MAX_DEPTH:
        starts = _plainly_safe(text, max_nodes)
        if starts is not None:
            # Unmeasured: at most this many elements, nested no deeper.
            return ScanResult(text, starts, min(starts, max_depth), thinned)
    quick = _quick_depth(text, max_depth, max_nodes)
    if quick is not None:
        return ScanResult(text, quick[1], quick[0], thinned)
    scan = _full_scan(text, max_depth=max_depth, max_nodes=max_nodes)
    return dataclasses.replace(scan, removed=scan.removed + thinned) if thinned else scan


def _full_scan(text: str, *, max_depth: int, max_nodes: int) -> ScanResult:
    """The full model: see the module docstring."""
    model = _Model(max_depth, max_nodes)
    position = 0
    length = len(text)
    search = _TOKEN.search
    while position < length:
        match = search(text, position)
        if match is None:
            model.reconstruct_if_needed()
            break
        start = match.start()
        if start > position:
            model.reconstruct_if_needed()  # text re-opens closed formatting elements
        if match.group(_GROUP_COMMENT):
            closing = _COMMENT_END.match(text, match.end())
            position = length if closing is None else closing.end()
            continue
        if match.group(_GROUP_DECL):
            cdata = text.startswith("<![CDATA[", start) and model.in_foreign()
            closer = "]]>" if cdata else ">"
            end = text.find(closer, match.end())
            position = length if end < 0 else end + len(closer)
            if cdata and model.deep():
                # The SVG around it may be cut: the parser would then end it at
                # the first ">" and read the rest as markup. SVG text is no loss.
                model.cuts.append((start, position))
            continue
        position = match.end()
        name = match.group(_GROUP_NAME).lower()
        span = (start, position)
        if match.group(_GROUP_SLASH):
            model.tag(name, "", True, span)
            continue
        model.tag(name, match.group(_GROUP_ATTRS), False, span)
        # The tokenizer reads raw text only after an HTML element of that name
        # was inserted (not in SVG/MathML, not when the parser ignored the tag).
        top = model.stack[-1] if model.stack else None
        if top is None or top.name != name or top.foreign or not top.open:
            continue
        if name == "plaintext":
            break
        if name in _RAW_TEXT:
            position = _skip_raw_text(text, name, position)
    if not model.cuts:
        return ScanResult(text, model.elements, model.depth, 0)
    pieces: list[str] = []
    kept_from = 0
    for cut_start, cut_end in model.cuts:
        pieces.append(text[kept_from:cut_start])
        kept_from = cut_end
    pieces.append(text[kept_from:])
    return ScanResult("".join(pieces), model.elements, model.depth, len(model.cuts))
