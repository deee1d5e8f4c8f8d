"""Boxes marked before the container is chosen: consent notices and teaser lists.

Both look like prose to the density rules (legal paragraphs; teasers of 150
characters with one link each), so their blocks count against every container
that holds them (``container.prose_mass``, ``signal:boilerplate-blocks-cost``).
Cutting them again inside the chosen container earned nothing on any
development corpus (``benchmarks.ablate``), so the cleaning stage does not.
"""

from __future__ import annotations

from bisect import bisect_right

from .blocks import CELL_TAGS, Block, Element
from .evidence import COOKIE_KEYS
from .kind import LINKED_HEADING_DENSITY
from .thresholds import (
    MAX_CARD_DEPTH,
    MAX_CARD_TITLE_CHARS,
    MAX_CONSENT_BOX_CHARS,
    MAX_HEADED_CARD_CHARS,
    MAX_OTHER_CONSENT_CHARS,
    MAX_TEASER_ITEM_CHARS,
    MIN_CARD_TITLE_DENSITY,
    MIN_CONSENT_SHARE,
    MIN_TEASER_ITEM_SHARE,
    MIN_TEASER_ITEMS,
    MIN_TEASER_LINK_SHARE,
    MIN_TEASER_TEXT_SHARE,
)

__all__ = ["mark_boxes"]

# Paragraphs with links are prose; teasers are boxes (cards, list items).
_PARAGRAPH_TAGS = frozenset({"p", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})


def mark_boxes(elements: list[Element], blocks: list[Block]) -> None:
    """Mark the blocks of consent notices and of teaser lists (``Block.consent``/``teaser``)."""
    mark_consent(blocks)
    lists = teaser_lists(elements, blocks)
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


def mark_consent(blocks: list[Block]) -> None:
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


def _headed_cards(blocks: list[Block]) -> set[int]:
    """Boxes headed by a link to another page: the cards of a teaser list.

    A linked heading heads every box up to MAX_CARD_DEPTH above it; a short line
    that is mostly link text (a title with a kicker glued on) heads the boxes it
    opens, the ones whose first line it is.
    """
    headed: set[int] = set()
    for block in blocks:
        title = block.heading and block.link_density >= LINKED_HEADING_DENSITY
        line = (
            not block.heading
            and block.links > 0
            and block.chars <= MAX_CARD_TITLE_CHARS
            and block.link_density >= MIN_CARD_TITLE_DENSITY
            and block.owner.tag not in CELL_TAGS  # a table's rows are records
        )
        if not (title or line):
            continue
        up: Element | None = block.owner
        for _ in range(MAX_CARD_DEPTH):
            if up is None:
                break
            if title or up.first == block.order:
                headed.add(id(up))
            up = up.parent
    return headed


def _is_card(item: Element, headed: set[int]) -> bool:
    """A box for another page: mostly one link, or a linked headline over an excerpt."""
    if item.tag in _PARAGRAPH_TAGS:
        return False
    if (
        item.link_chars >= item.chars * MIN_TEASER_LINK_SHARE
        and item.chars <= MAX_TEASER_ITEM_CHARS
    ):
        return True
    return id(item) in headed and item.chars <= MAX_HEADED_CARD_CHARS


def teaser_lists(elements: list[Element], blocks: list[Block]) -> set[int]:
    """Elements whose children are cards for other pages: related/popular lists, streams.

    A card is mostly one link (a title and a kicker), or a linked headline over
    an excerpt: the excerpt may be long prose, the headline gives it away.
    """
    children: dict[int, list[Element]] = {}
    for element in elements:
        if element.parent is not None and element.chars:
            children.setdefault(id(element.parent), []).append(element)
    headed = _headed_cards(blocks)
    lists: set[int] = set()
    for element in elements:
        items = children.get(id(element), ())
        if len(items) < MIN_TEASER_ITEMS:
            continue
        cards = [item for item in items if _is_card(item, headed)]
        if (
            len(cards) >= MIN_TEASER_ITEMS
            and len(cards) >= MIN_TEASER_ITEM_SHARE * len(items)
            # The cards are the list: a wrapper of small boxes and one article is not.
            and sum(item.chars for item in cards) >= MIN_TEASER_TEXT_SHARE * element.chars
        ):
            lists.add(id(element))
    return lists
