"""Where a page becomes blocks: one iterative walk over the body.

A *block* is a run of text whose nearest block-level ancestor (its *owner*)
stays the same: a paragraph, a heading, a list item, a table cell, or the loose
text of a ``<div>`` between two child blocks. Every block-level element the
walk meets becomes an :class:`Element` carrying its class/id evidence and, after
:func:`read_blocks`, the text totals of everything below it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..parse import Node
from . import switches
from .evidence import (
    COMMENT_NAME,
    HARD_NEGATIVE_NAME,
    LEAD_NAME,
    NEGATIVE_NAME,
    POSITIVE_NAME,
    STRONG_POSITIVE_NAME,
    THREAD_NAME,
    class_id,
)
from .reasons import Reason

__all__ = [
    "BLOCK_TAGS",
    "CELL_TAGS",
    "HEADING_TAGS",
    "Block",
    "Element",
    "class_shape",
    "holds",
    "read_blocks",
    "sibling_runs",
]

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "legend",
        "listing",
        "plaintext",
        "xmp",
        "noscript",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CELL_TAGS = frozenset({"td", "th"})
# Tags whose own names say "not the article"; class/id evidence says the rest.
NEGATIVE_TAGS = frozenset({"nav", "aside", "footer", "menu", "dialog", "figcaption"})

_LINE_BREAK = "\x00"  # stands for <br> while a block is collected
# Characters of scripts written without spaces: one carries about as much
# text as a short word, so they count for more in every length threshold.
_DENSE_SCRIPT = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]")
_DENSE_WEIGHT = 3

# A soft boilerplate word on this many boxes of a page is template vocabulary
# (shape: a sidebar holds a handful of widgets; a page builder names every box).
MIN_TEMPLATE_WORD_BOXES = 30
# Above this share of the page's text, a box's boilerplate name is ignored.
MAX_NEGATIVE_BOX_SHARE = 0.6

_ENTER, _EXIT_BLOCK, _EXIT_LINK, _EXIT_PRE = 0, 1, 2, 3


@dataclass(eq=False, slots=True)
class Element:
    """A block-level element and the totals of the text below it."""

    node: Node
    tag: str
    classes: str | None
    ident: str | None
    parent: Element | None
    order: int
    negative: bool = False
    # Negative by a name whose boxes are prose by nature (bio, promo, cookie).
    hard_negative: bool = False
    positive: bool = False
    strong: bool = False
    # Named like the article's lead (standfirst, summary, teaser text).
    lead: bool = False
    comment: bool = False
    # Named as boilerplate only by thread words (comments, replies, discussion):
    # a comment section on an article, the content itself on a forum.
    thread: bool = False
    # Whether an image sits directly in this element (its short text is a caption).
    has_image: bool = False
    # Whether this element or an ancestor is a comment section / a boilerplate box.
    in_comments: bool = False
    in_negative: bool = False
    # Totals over all blocks below (filled by read_blocks); ``first`` is the
    # ``order`` of the first block below (-1: none).
    first: int = -1
    chars: int = 0
    link_chars: int = 0
    # Prose mass of everything below (container.py).
    score: float = 0.0

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0

    @property
    def name(self) -> str:
        """Class tokens, then the id: what the name patterns were matched against."""
        return class_id(self.classes, self.ident)


def holds(ancestor: Element, element: Element) -> bool:
    """Whether ``ancestor`` is ``element`` or one of its ancestors."""
    node: Element | None = element
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def class_shape(classes: str | None) -> str:
    """A class string without its numbered tokens ("elementor-element-3f2a", "post-123"):
    what siblings of one kind share where builders number each element."""
    if not classes or not any(c.isdigit() for c in classes):
        return classes or ""
    return " ".join(t for t in classes.split() if not any(c.isdigit() for c in t))


def sibling_runs(elements: Iterable[Element]) -> list[list[Element]]:
    """``elements`` grouped into runs of like siblings: one parent, one tag, one class
    shape (:func:`class_shape`). A run of several is a list of like things: cards,
    posts, rows."""
    runs: dict[tuple[int, str, str], list[Element]] = {}
    for element in elements:
        if element.parent is not None:
            key = (id(element.parent), element.tag, class_shape(element.classes))
            runs.setdefault(key, []).append(element)
    return list(runs.values())


@dataclass(eq=False, slots=True)
class Block:
    """A run of text with one owner element."""

    owner: Element
    text: str
    chars: int
    link_chars: int
    links: int
    order: int
    pre: bool = False
    # Part of a cookie or consent notice, or of a teaser list (clean.mark_boxes).
    consent: bool = False
    teaser: bool = False
    kept: bool = True
    # Why it was cut (None while kept).
    reason: Reason | None = None

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0

    @property
    def heading(self) -> bool:
        return self.owner.tag in HEADING_TAGS


def weighted_length(text: str) -> int:
    """Length with characters of space-less scripts counted several times."""
    if text.isascii():
        return len(text)
    dense = len(_DENSE_SCRIPT.findall(text))
    return len(text) + dense * (_DENSE_WEIGHT - 1)


_COMMENT, _NEGATIVE, _HARD, _STRONG, _LEAD, _POSITIVE, _THREAD = 1, 2, 4, 8, 16, 32, 64
_TOKEN_START = r"(?<![^\s_-])"


def _starts_at_token(source: str) -> bool:
    """Whether every match of the pattern ``source`` starts where a token does: it opens
    with the token-start look-behind and has no alternative outside a group."""
    if not source.startswith(_TOKEN_START):
        return False
    depth, escaped, in_class, class_at = 0, False, False, -1
    for at, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            # "]" first in a class ("[]…]", "[^]…]") is a literal.
            in_class = char != "]" or at == class_at or (at == class_at + 1 and source[at - 1] == "^")
        elif char == "[":
            in_class, class_at = True, at + 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
    return True


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does.

    When all of them start at a token, the look-behind is tested once up front:
    the engine then skips the positions inside a word instead of trying every
    pattern there (2.2 -> 1.4 us a name).
    """
    union = "|".join(f"(?:{p.pattern})" for p in patterns)
    if all(_starts_at_token(p.pattern) for p in patterns):
        return re.compile(f"{_TOKEN_START}(?:{union})")
    return re.compile(union)


# One scan tells whether a name can match any pattern at all; most names match none.
_ANY_NAME = _any_of((COMMENT_NAME, NEGATIVE_NAME, STRONG_POSITIVE_NAME, LEAD_NAME, POSITIVE_NAME))


# Only ids of four words or more are taken for a heading's slug.
MIN_SLUG_HYPHENS = 3
_SLUG_WORDS = re.compile(r"[^\W_]+")


def _heading_slug(node: Node, ident: str) -> bool:
    """Whether ``ident`` is made of the words of the section's first heading.

    Documentation generators name a section after its heading
    (``id="sharing-with-other-teams"``): such an id says what the section is
    about, not what role it plays, so "sharing" is no share bar. Only long
    ids get here, so the look at the children stays rare.
    """
    for child in node.iter():
        if child.tag in HEADING_TAGS:
            words = set(_SLUG_WORDS.findall(child.text(deep=True).lower()))
            return bool(words) and set(_SLUG_WORDS.findall(ident.lower())) <= words
    return False


@lru_cache(maxsize=16384)
def _name_evidence(name: str) -> int:
    """The evidence bits (_COMMENT, _NEGATIVE, …) of one class string or id.

    Pages repeat the same class strings hundreds of times, so each distinct
    one is matched once; a name that matches nothing costs one scan.
    """
    # CMS taxonomy classes ("tag-sport") are not evidence; patterns are lowercase.
    name = class_id(name, None).lower()
    if not name or _ANY_NAME.search(name) is None:
        return 0
    bits = 0
    if COMMENT_NAME.search(name):
        bits |= _COMMENT
    if NEGATIVE_NAME.search(name):
        bits |= _NEGATIVE
        if NEGATIVE_NAME.search(THREAD_NAME.sub(" ", name)) is None:
            bits |= _THREAD
        if HARD_NEGATIVE_NAME.search(name):
            bits |= _HARD
    if STRONG_POSITIVE_NAME.search(name):
        bits |= _STRONG | _POSITIVE
    elif POSITIVE_NAME.search(name):
        bits |= _POSITIVE
    if bits & _HARD:
        # A lead word inside a hard-negative compound ("author-description",
        # "newsletter_intro") belongs to that compound: it names no lead.
        hard = [m.span() for m in HARD_NEGATIVE_NAME.finditer(name)]
        if any(
            not any(start <= m.start() and m.end() <= end for start, end in hard)
            for m in LEAD_NAME.finditer(name)
        ):
            bits |= _LEAD
    elif LEAD_NAME.search(name):
        bits |= _LEAD
    return bits


@lru_cache(maxsize=4096)
def _soft_word(classes: str) -> str | None:
    """The first boilerplate word of a class string whose boxes are not prose by nature."""
    name = classes.lower()
    if HARD_NEGATIVE_NAME.search(name):
        return None
    found = NEGATIVE_NAME.search(name)
    return found.group(0) if found else None


def _drop_template_names(elements: list[Element]) -> None:
    """A soft boilerplate word on many boxes of one page is its builder's vocabulary
    ("elementor-widget" on every box), not a mark of boilerplate: it marks nothing."""
    words: dict[str, list[Element]] = {}
    for element in elements:
        if element.negative and not element.hard_negative and element.classes:
            word = _soft_word(element.classes)
            if word is not None:
                words.setdefault(word, []).append(element)
    for marked in words.values():
        if len(marked) >= MIN_TEMPLATE_WORD_BOXES:
            for element in marked:
                element.negative = False


def _element(
    node: Node, tag: str, parent: Element | None, order: int, marked: frozenset[int] = frozenset()
) -> Element:
    # A plain dict: one C call reads them all (two .attrs lookups cost 2.5 times as much).
    attributes = node.attributes
    classes = attributes.get("class")
    ident = attributes.get("id")
    element = Element(node, tag, classes, ident, parent, order)
    if tag in NEGATIVE_TAGS:
        element.negative = element.hard_negative = True
    if classes or ident:
        # Classes and id are matched apart: ids are unique, class strings repeat.
        bits = _name_evidence(classes) if classes else 0
        if ident and not (ident.count("-") >= MIN_SLUG_HYPHENS and _heading_slug(node, ident)):
            bits |= _name_evidence(ident)
        element.comment = bool(bits & _COMMENT)
        element.thread = bool(bits & _THREAD)
        element.negative = element.negative or bool(bits & _NEGATIVE)
        element.hard_negative = element.hard_negative or bool(bits & _HARD)
        element.strong = bool(bits & _STRONG)
        element.lead = bool(bits & _LEAD)
        element.positive = bool(bits & _POSITIVE)
        if element.lead:
            # "article-teaser", "news-details__teaser": the lead, not a teaser box.
            element.negative = element.hard_negative = False
    element.in_comments = element.comment or (parent is not None and parent.in_comments)
    if node.mem_id in marked:  # found by one query, not two lookups per element
        role = attributes.get("role")
        if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
            element.negative = True
        elif role == "main" or attributes.get("itemprop") == "articleBody":
            element.strong = element.positive = True
    if tag == "caption":
        # A table's caption is its title, whatever the class says.
        element.negative = element.hard_negative = False
    if parent is None:
        # <body> classes describe the page ("has-sidebar"), not a box.
        element.negative = element.comment = element.in_comments = False
    return element


def _clean(raw: str, pre: bool) -> str:
    if not raw.isascii():
        # Soft hyphens are invisible; decomposed accents render like composed ones.
        raw = unicodedata.normalize("NFC", raw.replace("\u00ad", ""))
    if pre:
        # Code keeps its indentation; blank lines would break "one block a line"
        # (Markdown and HTML keep them).
        code = raw.replace(_LINE_BREAK, "\n").split("\n")
        return "\n".join(line.rstrip() for line in code if line.strip())
    if _LINE_BREAK not in raw:
        return " ".join(raw.split())
    # Several <br> in a row end a paragraph: no blank lines in the text.
    lines = (" ".join(part.split()) for part in raw.split(_LINE_BREAK))
    return "\n".join(line for line in lines if line)


class _Reader:
    """The state of one walk: the open block's text parts and link counts."""

    __slots__ = (
        "blocks",
        "elements",
        "link_chars",
        "links",
        "marked",
        "owner",
        "parts",
        "pre_depth",
    )

    def __init__(self, root: Element, marked: frozenset[int]) -> None:
        self.marked = marked
        self.owner = root
        self.elements = [root]
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.links = 0
        self.pre_depth = 0

    def flush(self) -> None:
        """Close the text collected so far into a block of the current owner."""
        if self.parts:
            pre = self.pre_depth > 0
            raw = "".join(self.parts)
            self.parts.clear()
            # Most runs between two blocks are the markup's indentation: no text.
            text = "" if raw.isspace() else _clean(raw, pre)
            if text:
                chars = weighted_length(text)
                block = Block(
                    self.owner,
                    text,
                    chars,
                    min(self.link_chars, chars),
                    self.links,
                    len(self.blocks),
                    pre=pre,
                )
                self.blocks.append(block)
        self.link_chars = 0
        self.links = 0

    def leaf(self, tag: str | None) -> None:
        """An element without children: a line break, an image, an empty link, a comment."""
        if tag == "br":
            self.parts.append(_LINE_BREAK)
        elif tag == "img" or tag == "picture":
            self.owner.has_image = True
        elif tag == "a":
            self.links += 1

    def leave(self, action: int, exiting: Element | None) -> None:
        """A block element's children ran out: close its block (and its ``<pre>``)."""
        if self.parts:
            self.flush()
        if action == _EXIT_PRE:
            self.pre_depth -= 1
        assert exiting is not None and exiting.parent is not None
        self.owner = exiting.parent

    def in_quote(self) -> bool:
        """Whether the open block is a quote (or in one): a ``<cite>`` there, the quote's
        attribution, is a line of its own."""
        owner = self.owner
        return owner.tag == "blockquote" or (
            owner.parent is not None and owner.parent.tag == "blockquote"
        )

    def enter_block(self, node: Node, tag: str) -> tuple[Iterator[Node], int, Element] | None:
        """Open a block element; what to push on the walk's stack (None when it is empty)."""
        if self.parts:
            self.flush()
        element = _element(node, tag, self.owner, len(self.elements), self.marked)
        self.elements.append(element)
        if node.first_child is None:
            return None  # an empty block opens and closes at once
        self.owner = element
        if tag == "pre":
            self.pre_depth += 1
            return node.iter(include_text=True), _EXIT_PRE, element
        return node.iter(include_text=True), _EXIT_BLOCK, element


def read_blocks(body: Node) -> tuple[Element, list[Element], list[Block]]:
    """Walk ``body`` once, iteratively, and return its root element, elements and blocks.

    The hot paths (text, inline elements, the ends of links) stay in this loop
    with local state: a page has a hundred thousand of them.
    """
    marked = frozenset(n.mem_id for n in body.css("[role], [itemprop='articleBody']"))
    root = _element(body, "body", None, 0, marked)
    reader = _Reader(root, marked)
    parts = reader.parts
    link_depth = 0
    # A stack of child iterators: each open element's remaining children, with
    # what to do when they run out (close a block, a link or a <pre>).
    stack: list[tuple[Iterator[Node], int, Element | None]] = [
        (body.iter(include_text=True), _ENTER, None)
    ]
    while stack:
        children, action, exiting = stack[-1]
        # A run of siblings is read in one for loop; a child with children of
        # its own pushes their iterator and breaks out to read them first.
        for node in children:
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                if text:
                    parts.append(text)
                    if link_depth:
                        reader.link_chars += len(text.strip())
            elif tag in BLOCK_TAGS or (tag == "cite" and reader.in_quote()):
                frame = reader.enter_block(node, tag)
                if frame is not None:
                    stack.append(frame)
                    break
            elif node.first_child is not None:  # an inline element: its text joins the block
                if tag == "a":
                    link_depth += 1
                    reader.links += 1
                    stack.append((node.iter(include_text=True), _EXIT_LINK, None))
                else:
                    stack.append((node.iter(include_text=True), _ENTER, None))
                break
            else:
                reader.leaf(tag)
        else:  # the children ran out
            stack.pop()
            if action == _EXIT_LINK:
                link_depth -= 1
            elif action != _ENTER:  # an inline element's end changes nothing
                reader.leave(action, exiting)
    reader.flush()
    _sum_totals(root, reader.elements, reader.blocks)
    return root, reader.elements, reader.blocks


def _sum_totals(root: Element, elements: list[Element], blocks: list[Block]) -> None:
    """Let totals flow up once: each block into its owner, then each element into its parent."""
    for block in blocks:
        owner = block.owner
        owner.chars += block.chars
        owner.link_chars += block.link_chars
        if owner.first < 0:  # blocks come in order: the first one seen is the first
            owner.first = block.order
    # Children come after their parents in ``elements``.
    for element in reversed(elements):
        parent = element.parent
        if parent is not None:
            parent.chars += element.chars
            parent.link_chars += element.link_chars
            if element.first >= 0 and (parent.first < 0 or element.first < parent.first):
                parent.first = element.first
    if switches.is_on("signal:template-words"):
        _drop_template_names(elements)
    # A box that holds most of the page is the page, whatever its name says
    # ("dialog-off-canvas-main-canvas" wraps every Drupal page).
    limit = root.chars * MAX_NEGATIVE_BOX_SHARE
    for element in elements:  # parents come before their children
        parent = element.parent
        own = element.negative and not element.strong and element.chars <= limit
        element.in_negative = own or (parent is not None and parent.in_negative)
