"""Where blocks inside the container are kept or cut.

The container holds the article but also what sits inside it on real pages:
sign-up promos written as prose, share bars, bylines, author bios, "related"
teaser lists and comment threads. Each rule below marks blocks with the reason
they were cut; nothing is cut for a single weak signal on a long paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from ..models import Favor
from .blocks import Block, Element
from .evidence import (
    BOILERPLATE_PHRASE,
    COOKIE_KEYS,
    COOKIE_PHRASE,
    COPYRIGHT,
    RELATED_INTRO,
    SIGNUP_PHRASE,
)
from .kind import LINKED_HEADING_DENSITY

__all__ = ["clean_blocks", "mark_boxes"]

# A named-negative box (share bar, related list, "byline") is cut unless it
# holds this share of the container's text: then its name is misleading.
NEGATIVE_GUARD_SHARE = 0.5
# A box named like furniture ("widget", "caption", "ads") that is this large
# and has at most this much link text is prose: it belongs to the article.
MIN_PROSE_BOX_CHARS = 250
MAX_PROSE_BOX_LINK_DENSITY = 0.1
# A consent notice: a box of at most this size, this share of it consent wording.
MAX_CONSENT_BOX_CHARS = 4000
MIN_CONSENT_SHARE = 0.4
# ... and holds at most this much text that is not consent wording.
MAX_OTHER_CONSENT_CHARS = 600
# Link density above which a block is navigation or a teaser.
MAX_LINK_DENSITY = {"precision": 0.35, "balanced": 0.5, "recall": 0.65}
# Sign-up wording decides only on blocks this short; promos are a few sentences.
MAX_SIGNUP_CHARS = 300
# A promo box (the sign-up text with its label, pitch and form) is at most
# this large and this share of the container.
MAX_PROMO_BOX_CHARS = 800
MAX_PROMO_BOX_SHARE = 0.3
# Cut cells a row with kept cells takes back: a short title linking to its
# own page (one link), a year.
ROW_CELL_REASONS = frozenset({"link-dense", "date line"})
MAX_ROW_CELL_CHARS = 120
_CELL_TAGS = frozenset({"td", "th"})
# A "heading" longer than this is a paragraph set in heading type, never the
# title of a cut list.
MAX_SECTION_HEADING_CHARS = 120
# A heading over pictures only stays unless it is mostly a link (a teaser title).
MAX_PICTURE_HEADING_LINK_DENSITY = 0.5
# A teaser list: at least this many items, each mostly one link.
MIN_TEASER_ITEMS = 3
MIN_TEASER_LINK_SHARE = 0.3
# Paragraphs with links are prose; teasers are boxes (cards, list items).
_PARAGRAPH_TAGS = frozenset({"p", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})
MAX_TEASER_ITEM_CHARS = 400
# A card headed by a linked headline (kind.LINKED_HEADING_DENSITY): the headline
# sits at most this many boxes deep in the card, and headline and excerpt are at
# most this long.
MAX_CARD_DEPTH = 4
MAX_HEADED_CARD_CHARS = 700
# "4 Likes", "1.4K", "21": a count with at most one word, outside tables.
MAX_COUNTER_CHARS = 20
_COUNTER = re.compile(r"^[\d.,]+\s*[KkMm]?\s*[^\W\d]*$")
# Copyright notices are a line or two; a paragraph that mentions copyright is text.
MAX_COPYRIGHT_CHARS = 200
# "More on this topic: …" lines are short; longer text starting so is prose.
MAX_RELATED_INTRO_CHARS = 80
# Labels in the article header (kicker, reading time, a bare author name).
MAX_HEADER_LABEL_CHARS = 30
# Bylines and dates near the headline are short.
MAX_BYLINE_CHARS = 100
MAX_DATE_LINE_CHARS = 60
MAX_DATE_LINE_WORDS = 10
# A heading repeating the title with a prefix ("Re: …") is the title again.
MAX_REPLY_PREFIX = 8
# Text beside an image, this short, is its caption or credit.
MAX_CAPTION_CHARS = 120
# An author box (name, role, bio, photo) after the article is at most this large.
MAX_AUTHOR_BOX_CHARS = 1200
# After the last body paragraph, short blocks are credits, tags and bios.
BODY_PARAGRAPH_CHARS = 80
MAX_TRAILING_CHARS = {"precision": 120, "balanced": 60, "recall": 0}

_DATE_LINE = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\d{4}年|\d{1,2}月\d{1,2}日"
)
_WORDS = re.compile(r"\w+")
# Short blocks that are parts of code, lists, tables and definitions are text.
_STRUCTURED_TAGS = frozenset({"pre", "li", "dt", "dd", "td", "th"})
_SENTENCE_END = re.compile(r"[.!?:。！？：]\W*$")
_BYLINE_START = re.compile(
    r"^(?:by|von|par|por|di|da|de|przez|автор|от|written by|posted by|text:|texte:|"
    r"foto:|photo:|photos:|作者|文/|記者)\b",
)


def _key(text: str) -> str:
    # Block text is already whitespace-collapsed and NFC-normalised.
    return text.casefold()


class _Paths:
    """The elements from a block's owner up to (not including) its container root.

    Blocks share owners, so each owner's path is walked once per page.
    """

    def __init__(self, roots: set[int]) -> None:
        self.roots = roots
        self.cache: dict[int, list[Element]] = {}

    def __call__(self, block: Block) -> list[Element]:
        key = id(block.owner)
        path = self.cache.get(key)
        if path is None:
            path = []
            element: Element | None = block.owner
            while element is not None and id(element) not in self.roots:
                path.append(element)
                element = element.parent
            self.cache[key] = path
        return path


def _cut(block: Block, reason: str) -> None:
    if block.kept:
        block.kept = False
        block.reason = reason


def _cut_boxes(blocks: Iterable[Block], boxes: set[int], reason: str, paths: _Paths) -> None:
    if not boxes:
        return
    for block in blocks:
        if any(id(e) in boxes for e in paths(block)):
            _cut(block, reason)


def mark_boxes(elements: list[Element], blocks: list[Block]) -> None:
    """Mark the blocks of consent notices and teaser lists before the container is chosen.

    Both look like prose to the density rules (legal paragraphs; teasers of
    150 characters with one link each), so they must not vote for a container.
    """
    _mark_consent(blocks)
    lists = _teaser_lists(elements, blocks)
    if not lists:
        return
    # Parents come before their children: one pass spreads "inside a list" down.
    inside_list: set[int] = set()
    for element in elements:
        if id(element) in lists or (
            element.parent is not None and id(element.parent) in inside_list
        ):
            inside_list.add(id(element))
    for block in blocks:
        if id(block.owner) in inside_list:
            block.teaser = True


def _containing(keys: tuple[str, ...], blocks: list[Block]) -> list[Block]:
    """The blocks whose lowercased text contains one of ``keys``.

    One lowercased copy of the page's text and a ``str.find`` per key: far
    cheaper than a case-insensitive regex per block on a page of a thousand.
    """
    text = "\n".join(b.text for b in blocks).lower()
    starts: list[int] = []
    offset = 0
    for block in blocks:
        starts.append(offset)
        offset += len(block.text) + 1
    found: dict[int, Block] = {}
    for key in keys:
        at = text.find(key)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            found.setdefault(index, blocks[index])
            at = text.find(key, starts[index + 1] if index + 1 < len(starts) else len(text))
    return [found[i] for i in sorted(found)]


def _mark_consent(blocks: list[Block]) -> None:
    """Mark the blocks of cookie and consent notices, however long their prose.

    A consent wall is several paragraphs of legal prose, often longer than a
    short article; what gives it away is that most of its text talks about
    cookies, personal data and consent.
    """
    worded = _containing(COOKIE_KEYS, blocks)
    if not worded:
        return
    consent: dict[int, int] = {}
    for block in worded:
        up: Element | None = block.owner
        while up is not None:
            consent[id(up)] = consent.get(id(up), 0) + block.chars
            up = up.parent
    for block in blocks:
        # A box around the block that is mostly consent wording. The page root
        # is never a notice, however much of the page is legal text.
        box = block.owner
        while box.parent is not None and box.chars <= MAX_CONSENT_BOX_CHARS:
            worded_chars = consent.get(id(box), 0)
            if box.chars - worded_chars > MAX_OTHER_CONSENT_CHARS:
                break  # this box holds a text of its own: it is not the notice
            if worded_chars >= box.chars * MIN_CONSENT_SHARE:
                block.consent = True
                break
            box = box.parent


def _boilerplate_box(element: Element, total: int) -> bool:
    """Whether a box named like boilerplate really is: names lie about prose."""
    if not element.negative or element.strong or element.chars >= total * NEGATIVE_GUARD_SHARE:
        return False
    if element.hard_negative or element.chars < MIN_PROSE_BOX_CHARS:
        return True
    # A "widget" or "caption" box made of prose is part of the article.
    return element.link_density > MAX_PROSE_BOX_LINK_DENSITY


def _promo_box(block: Block, roots: set[int], total: int) -> Element:
    """Climb from a sign-up block to the whole promo box around it."""
    box = block.owner
    while (
        box.parent is not None
        and id(box.parent) not in roots
        and id(box) not in roots
        and box.parent.chars <= MAX_PROMO_BOX_CHARS
        and box.parent.chars <= total * MAX_PROMO_BOX_SHARE
    ):
        box = box.parent
    return box


def _teaser_lists(elements: list[Element], blocks: list[Block]) -> set[int]:
    """Elements whose children are cards for other pages: related/popular lists, streams.

    A card is mostly one link (a title and a kicker), or a linked headline over
    an excerpt: the excerpt may be long prose, the headline gives it away.
    """
    children: dict[int, list[Element]] = {}
    for element in elements:
        if element.parent is not None and element.chars:
            children.setdefault(id(element.parent), []).append(element)
    headed: set[int] = set()
    for block in blocks:
        if block.heading and block.link_density >= LINKED_HEADING_DENSITY:
            up: Element | None = block.owner
            for _ in range(MAX_CARD_DEPTH):
                if up is None:
                    break
                headed.add(id(up))
                up = up.parent
    lists: set[int] = set()
    for element in elements:
        items = children.get(id(element), [])
        if len(items) < MIN_TEASER_ITEMS:
            continue
        linked = [
            item
            for item in items
            if item.tag not in _PARAGRAPH_TAGS
            and (
                (
                    item.link_chars >= item.chars * MIN_TEASER_LINK_SHARE
                    and item.chars <= MAX_TEASER_ITEM_CHARS
                )
                or (id(item) in headed and item.chars <= MAX_HEADED_CARD_CHARS)
            )
        ]
        if (
            len(linked) >= MIN_TEASER_ITEMS
            and len(linked) >= 0.8 * len(items)
            # The cards are the list: a wrapper of small boxes and one article is not.
            and sum(item.chars for item in linked) >= 0.8 * element.chars
        ):
            lists.add(id(element))
    return lists


def clean_blocks(
    roots: list[Element],
    elements: list[Element],
    blocks: list[Block],
    *,
    favor: Favor,
    title: str | None,
    authors: list[str],
    signup_elements: set[int],
) -> list[Block]:
    """Mark boilerplate blocks inside the container; return the container's blocks."""
    root_ids = {id(r) for r in roots}
    paths = _Paths(root_ids)
    inside: list[Block] = []
    for block in blocks:
        element: Element | None = block.owner
        while element is not None and id(element) not in root_ids:
            element = element.parent
        if element is not None:
            inside.append(block)
    if not inside:
        return []
    total = sum(b.chars for b in inside)
    max_density = MAX_LINK_DENSITY[favor]

    # Every block's comparison key, once (``Block.order`` is its index in ``blocks``).
    keys = [_key(b.text) for b in blocks]
    headed_boxes = {id(b.owner.parent) for b in inside if b.heading}
    title_key = _key(title) if title else None
    author_keys = [_key(a) for a in authors if a]
    first_names = {k.split()[0] for k in author_keys if k}

    first_body = next(
        (
            b
            for b in inside
            if not b.heading and b.chars >= BODY_PARAGRAPH_CHARS and b.link_density < 0.3
        ),
        None,
    )
    body_start = first_body.owner.parent if first_body is not None else None
    # The headline counts only where it heads the article, not where a recipe
    # card or a closing box repeats the title after the body has begun.
    headline_at = next(
        (i for i, b in enumerate(inside) if b.heading and title_key and keys[b.order] == title_key),
        None,
    )
    if (
        headline_at is not None
        and first_body is not None
        and inside[headline_at].order > first_body.order
    ):
        headline_at = None
    # Bylines sit between the headline and the first body paragraph (the
    # standfirst does not count: bylines come after it as often as before).
    seen_body = seen_byline_end = False
    for position, block in enumerate(inside):
        path = paths(block)
        if any(e.comment for e in path):
            _cut(block, "comments")
            continue
        if block.consent:
            _cut(block, "cookie or consent notice")
            continue
        negative = next((e for e in path if _boilerplate_box(e, total)), None)
        if negative is not None:
            _cut(block, f"boilerplate container <{negative.tag} {negative.name!s:.40}>")
            continue
        key = keys[block.order]
        if (
            block.heading
            and title_key
            and (
                key in title_key
                or (title_key in key and len(key) <= len(title_key) + MAX_REPLY_PREFIX)
            )
        ):
            _cut(block, "headline")
            continue
        if headline_at is not None and position < headline_at and block.chars <= MAX_BYLINE_CHARS:
            _cut(block, "before the headline")
            continue
        if (
            block.chars <= MAX_CAPTION_CHARS
            and not block.heading
            and (
                block.owner.has_image
                or (
                    block.owner.parent is not None
                    and block.owner.parent.has_image
                    # An image, a heading and a sentence: a card, not a caption.
                    and not (
                        id(block.owner.parent) in headed_boxes and _SENTENCE_END.search(block.text)
                    )
                )
            )
        ):
            _cut(block, "image caption")
            continue
        # A linked heading (a permalink, a table of contents target) stays
        # while its section does; teaser titles go with their cut sections.
        if block.link_density > max_density and not block.pre and not block.heading:
            _cut(block, "link-dense")
            continue
        if (
            block.chars <= MAX_COUNTER_CHARS
            and block.owner.tag not in ("td", "th")
            and _COUNTER.match(block.text)
        ):
            _cut(block, "counter (likes, shares, votes)")
            continue
        if block.chars <= MAX_COPYRIGHT_CHARS and COPYRIGHT.search(key):
            _cut(block, "copyright line")
            continue
        if BOILERPLATE_PHRASE.match(key) or (
            block.chars <= MAX_RELATED_INTRO_CHARS and RELATED_INTRO.match(key)
        ):
            _cut(block, "boilerplate wording")
            continue
        if block.chars <= MAX_SIGNUP_CHARS and (
            SIGNUP_PHRASE.search(key) or (COOKIE_PHRASE.search(key) and block.chars < 200)
        ):
            _cut(block, "sign-up or cookie wording")
            signup_elements.add(id(_promo_box(block, root_ids, total)))
            continue
        if (
            block.chars <= MAX_BYLINE_CHARS
            and not seen_byline_end
            and (_BYLINE_START.match(key) or any(a and a in key for a in author_keys))
        ):
            _cut(block, "byline")
            continue
        if block.kept and block.chars >= BODY_PARAGRAPH_CHARS and not block.heading:
            seen_body = True
            # The standfirst comes before the byline as often as after it.
            seen_byline_end = seen_byline_end or not any(e.lead for e in path)
        elif (
            not seen_body
            and not block.heading
            and block.chars <= MAX_HEADER_LABEL_CHARS
            and block.owner.parent is not body_start
            and not _SENTENCE_END.search(block.text)
        ):
            # Between the headline and the body: kicker, reading time, a bare name.
            _cut(block, "article header")
            continue
        if (
            block.chars <= MAX_DATE_LINE_CHARS
            and _DATE_LINE.search(block.text)
            and not _SENTENCE_END.search(block.text)
        ):
            words = len(_WORDS.findall(block.text))
            if words <= MAX_DATE_LINE_WORDS:
                _cut(block, "date line")
                continue

    # Whole boxes: promos around sign-up forms and wording, teaser lists.
    # The box around a sign-up field is the promo unless it is big enough to
    # be the article itself (a form field dropped into the body).
    small = min(MAX_PROMO_BOX_CHARS, total * MAX_PROMO_BOX_SHARE)
    promo_boxes: set[int] = set()
    for b in inside:
        for e in paths(b):
            if id(e) in signup_elements and e.chars <= small:
                promo_boxes.add(id(e))
                promo_boxes.add(id(_promo_box(b, root_ids, total)))
                break
    _cut_boxes(inside, promo_boxes, "sign-up promo box", paths)
    for block in inside:
        if block.teaser:
            _cut(block, "teaser list")

    # After the article's last body paragraph: bios that talk about the author
    # and short furniture (credits, tags, "share").
    body_paragraphs = [
        i
        for i, b in enumerate(inside)
        if b.kept and not b.heading and b.chars >= BODY_PARAGRAPH_CHARS and b.link_density < 0.3
    ]
    if body_paragraphs:
        last = body_paragraphs[-1]
        if first_names:
            for i in range(len(inside) - 1, -1, -1):
                block = inside[i]
                tokens = keys[block.order].split()
                if block.kept and tokens and tokens[0] in first_names and i >= last:
                    _cut(block, "author bio")
                    if i == last and len(body_paragraphs) > 1:
                        last = body_paragraphs[-2]
        # The box around a trailing block that names the author is the author box.
        boxes = set()
        body_box = inside[last].owner.parent
        for block in inside[last + 1 :]:
            key = keys[block.order]
            if (
                block.chars <= MAX_BYLINE_CHARS
                and block.owner.parent is not body_box
                and any(a and a in key for a in author_keys)
            ):
                box = block.owner
                while (
                    box.parent is not None
                    and id(box) not in root_ids
                    and id(box.parent) not in root_ids
                    and box.parent.chars <= MAX_AUTHOR_BOX_CHARS
                ):
                    box = box.parent
                boxes.add(id(box))
        _cut_boxes(inside[last + 1 :], boxes, "author box", paths)
        # Short blocks in the last paragraph's own box are a sign-off ("Thanks
        # for reading"); in another box they are credits, tags and labels.
        limit = MAX_TRAILING_CHARS[favor]
        for block in inside[last + 1 :]:
            if (
                block.kept
                and block.chars < limit
                and not block.heading
                and block.owner.tag not in _STRUCTURED_TAGS
                and (block.owner.parent is not body_box or block.links)
            ):
                _cut(block, "after the article")
    _keep_row_cells(inside)
    _cut_orphan_headings(inside, {id(e.parent) for e in elements if e.has_image})
    return inside


def _keep_row_cells(inside: list[Block]) -> None:
    """Give a data table's row back the short cells the line rules took from it.

    A row is one record: the title cell linking to its own page and the year
    cell belong with the description cell beside them, not to navigation or
    a date line.
    """
    rows = {
        id(b.owner.parent)
        for b in inside
        if b.kept and b.owner.tag in _CELL_TAGS and b.owner.parent is not None
    }
    if not rows:
        return
    for block in inside:
        owner = block.owner
        if (
            not block.kept
            and block.reason in ROW_CELL_REASONS
            and owner.tag in _CELL_TAGS
            and owner.parent is not None
            and id(owner.parent) in rows
            and block.chars <= MAX_ROW_CELL_CHARS
            and block.links <= 1
        ):
            block.kept = True
            block.reason = ""


def _cut_orphan_headings(inside: list[Block], pictured: set[int]) -> None:
    """Cut headings whose section lost all its blocks (the title of a cut list).

    A section without any text block is not a cut one: under a plain heading
    beside images (a photo essay's numbered pictures) the images are the
    section. ``pictured``: the elements with a child that holds an image.
    """
    following_kept = following_any = False
    level_kept: dict[int, bool] = {}
    for block in reversed(inside):
        if block.heading:
            level = int(block.owner.tag[1])
            # The section under this heading runs to the next heading of the
            # same or a higher level; anything kept in between keeps it.
            has_content = following_kept or any(
                kept for lower, kept in level_kept.items() if lower > level
            )
            pictures_only = (
                not following_any
                and not any(lower > level for lower in level_kept)
                and block.link_density < MAX_PICTURE_HEADING_LINK_DENSITY
                and block.owner.parent is not None
                and (block.owner.parent.has_image or id(block.owner.parent) in pictured)
            )
            if (
                block.kept
                and not has_content
                and not pictures_only
                and block.chars <= MAX_SECTION_HEADING_CHARS
            ):
                _cut(block, "heading of a cut section")
            level_kept = {k: v for k, v in level_kept.items() if k < level}
            level_kept[level] = block.kept
            following_kept = following_any = False
        else:
            following_any = True
            if block.kept:
                following_kept = True
