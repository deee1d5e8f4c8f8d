"""Passes over the whole container after the block cuts: boxes, the article's tail, sections.

A block cut (:mod:`.cuts`) sees one block; these see many at once: the promo
box around a sign-up line, the author box and bio after the body, the short
credits after the last paragraph, the heading of a section whose every block
was cut. :data:`PASSES` runs them in order; each marks blocks with a
:class:`Reason` and is measured by ``python -m benchmarks.ablate`` like a cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .blocks import CELL_TAGS, Block, Element, sibling_runs
from .context import Page, is_body_paragraph
from .evidence import BIO_PHRASE, COMMENTS_HEADING, REVIEWS_HEADING
from .kind import is_price_line
from .reasons import Reason
from .thresholds import (
    MAX_BIO_CHARS,
    MAX_COMMENTS_HEADING_CHARS,
    MAX_LIST_HEADING_LINK_DENSITY,
    MAX_PICTURE_HEADING_LINK_DENSITY,
    MAX_PROMO_BOX_CHARS,
    MAX_PROMO_BOX_SHARE,
    MAX_ROW_CELL_CHARS,
    MAX_SECTION_HEADING_CHARS,
    MAX_TRAILING_CHARS,
    MIN_HEADING_LIST,
    MIN_ITEM_SIBLINGS,
    MIN_PRICED_CARD_SHARE,
    MIN_QUOTED_REPEAT_CHARS,
)

__all__ = ["PASSES", "Pass"]

#: A pass: marks blocks of ``page.inside`` (cuts, or gives back what a cut took).
Pass = Callable[[Page], None]

# Short blocks that are parts of code, lists, tables and definitions are text.
_STRUCTURED_TAGS = frozenset({"pre", "li", "dt", "dd", "td", "th"})
# Cut cells a data table's row takes back: its title link and its year.
_ROW_CELL_REASONS = frozenset({Reason.LINK_DENSE, Reason.DATE_LINE})
# A biography's opening: a capitalised name of one to four words, then what it says
# ("Peter has worked as", "Jane Doe is a staff writer").
_NAME_START = re.compile(r"^(?:[^\W\d_][\w'’.-]*\s){1,4}(?:who\s)?")


def _cut(block: Block, reason: Reason) -> None:
    if block.kept:
        block.kept = False
        block.reason = reason


def _cut_boxes(blocks: tuple[Block, ...], boxes: set[int], reason: Reason, page: Page) -> None:
    if boxes:
        for block in blocks:
            if any(id(e) in boxes for e in page.paths(block)):
                _cut(block, reason)


def _climb(start: Element, page: Page, limit: float) -> Element:
    """The largest box around ``start`` of at most ``limit`` characters inside the container."""
    box = start
    while (
        box.parent is not None
        and id(box) not in page.root_ids
        and id(box.parent) not in page.root_ids
        and box.parent.chars <= limit
    ):
        box = box.parent
    return box


def _last_body(page: Page) -> int | None:
    """The position in ``page.inside`` of the last kept body paragraph."""
    for i in range(len(page.inside) - 1, -1, -1):
        block = page.inside[i]
        if block.kept and is_body_paragraph(block):
            return i
    return None


def promo_boxes(page: Page) -> None:
    """The box around a sign-up field or a sign-up line: label, pitch, blurb and form.

    A box is the promo only while it is small beside the container (a sign-up
    field dropped into the article's own box cuts nothing).
    """
    small = min(MAX_PROMO_BOX_CHARS, page.total * MAX_PROMO_BOX_SHARE)
    seeds = set(page.signup_fields)
    seeds.update(
        id(_climb(b.owner, page, small)) for b in page.inside if b.reason is Reason.SIGNUP_WORDING
    )
    if not seeds:
        return
    promos: set[int] = set()
    for block in page.inside:
        for element in page.paths(block):
            if id(element) in seeds and element.chars <= small:
                promos.add(id(element))
                promos.add(id(_climb(block.owner, page, small)))
                break
    _cut_boxes(page.inside, promos, Reason.PROMO_BOX, page)


def _is_bio(block: Block, page: Page, body_box: Element | None) -> bool:
    """Whether a block after the body is the author's biography, by what it says.

    It starts with an author's first name ("Peter has worked …"); or it names
    an author and reads like a biography; or, in a box of its own, it starts
    with a name followed by biographical wording ("Jane Doe is a staff writer").
    """
    text = page.key_of(block)
    first = text.split(maxsplit=1)[0] if text else ""
    if first in page.first_names:
        return True
    if block.chars > MAX_BIO_CHARS:
        return False
    if page.author_keys and page.names_author(block):
        return BIO_PHRASE.search(text) is not None
    if block.owner.parent is body_box or not block.text[:1].isupper():
        return False
    start = _NAME_START.match(block.text)
    return start is not None and BIO_PHRASE.match(text, start.end()) is not None


def author_bio(page: Page) -> None:
    """Biographies after the body: read from the end back to the last paragraph that is none."""
    inside = page.inside
    body = [b for b in inside if b.kept and is_body_paragraph(b)]
    if not body:
        return
    body_boxes = [b.owner.parent for b in body]
    for i in range(len(inside) - 1, -1, -1):
        block = inside[i]
        if not block.kept:
            continue
        paragraph = is_body_paragraph(block)
        # Compared with the box of the body paragraph before this one.
        box = body_boxes[-2] if paragraph and len(body_boxes) > 1 else body_boxes[-1]
        if _is_bio(block, page, box):
            _cut(block, Reason.AUTHOR_BIO)
            if paragraph:
                body_boxes.pop()
        elif paragraph:
            return


def comment_section(page: Page) -> None:
    """Cut a comment section from its heading ("12 comments", "Leave a reply") to the
    container's end: the first such line (kept, or cut as a count) after a kept body
    paragraph.

    The words say where the article ends even where the thread's boxes are not
    named as comments; forums, listings and collections do not run it (a thread's
    replies are its content, a card's "3 comments" is a count).
    """
    seen_body = False
    for at, block in enumerate(page.inside):
        if not block.kept and block.reason is not Reason.COUNTER:
            continue  # "12 comments" may have gone as a count already
        if block.kept and is_body_paragraph(block):
            seen_body = True
        elif (
            seen_body
            and block.chars <= MAX_COMMENTS_HEADING_CHARS
            and COMMENTS_HEADING.match(block.text.strip())
            # Not a table's "Comment" column or a list's item.
            and not any(e.tag in _STRUCTURED_TAGS for e in page.paths(block))
        ):
            for rest in page.inside[at:]:
                _cut(rest, Reason.COMMENT_SECTION)
            return


def quoted_repeats(page: Page) -> None:
    """Cut a line inside a ``<blockquote>`` that repeats an earlier kept line: a reply
    quoting the post it answers, a pull quote repeating the body. Each text once."""
    seen: set[str] = set()
    for block in page.inside:
        if not block.kept:
            continue
        key = page.keys[block.order]
        if (
            key in seen
            and block.chars >= MIN_QUOTED_REPEAT_CHARS
            and any(e.tag == "blockquote" for e in page.paths(block))
        ):
            _cut(block, Reason.QUOTED_REPEAT)
        else:
            seen.add(key)


def after_article(page: Page) -> None:
    """Short blocks after the last body paragraph: credits, tags, labels, "share".

    In the last paragraph's own box they are a sign-off ("Thanks for reading")
    and stay unless they hold a link; list items, cells and code are text.
    """
    last = _last_body(page)
    if last is None:
        return
    limit = MAX_TRAILING_CHARS[page.favor]
    body_box = page.inside[last].owner.parent
    for block in page.inside[last + 1 :]:
        if (
            block.chars < limit
            and not block.heading
            and block.owner.tag not in _STRUCTURED_TAGS
            and (block.owner.parent is not body_box or block.links)
        ):
            _cut(block, Reason.AFTER_ARTICLE)


def row_cells(page: Page) -> None:
    """Give a data table's row back the short cells the line cuts took from it.

    A row is one record: the title cell linking to its own page and the year
    cell belong with the description cell beside them, not to navigation or
    a date line.
    """
    rows = {
        id(b.owner.parent)
        for b in page.inside
        if b.kept and b.owner.tag in CELL_TAGS and b.owner.parent is not None
    }
    if not rows:
        return
    for block in page.inside:
        owner = block.owner
        if (
            not block.kept
            and block.reason in _ROW_CELL_REASONS
            and owner.tag in CELL_TAGS
            and owner.parent is not None
            and id(owner.parent) in rows
            and block.chars <= MAX_ROW_CELL_CHARS
            and block.links <= 1
        ):
            block.kept = True
            block.reason = None


def _pictures_only(block: Block, pictured: frozenset[int]) -> bool:
    """A plain heading over images (a photo essay's numbered pictures)."""
    parent = block.owner.parent
    return (
        block.link_density < MAX_PICTURE_HEADING_LINK_DENSITY
        and parent is not None
        and (parent.has_image or id(parent) in pictured)
    )


def _listed_together(one: Block, other: Block) -> bool:
    """Headings of one tag that are siblings, each in an item of one list, or both
    questions (an FAQ whose answers open on a click)."""
    first, second = one.owner, other.owner
    if first.tag != second.tag or first.parent is None or second.parent is None:
        return False
    if first.parent is second.parent or (one.text.endswith("?") and other.text.endswith("?")):
        return True
    return (
        first.parent.tag == second.parent.tag == "li"
        and first.parent.parent is second.parent.parent
    )


def _heading_runs(blocks: tuple[Block, ...]) -> set[int]:
    """Kept headings in a run of MIN_HEADING_LIST or more of one tag, siblings, items of
    one list or questions, none a link, with no block at all between them: a list
    written as headings (a brand's materials, an FAQ's questions), not sections that
    lost their text (linked headlines, headings each over a cut summary, or each in
    its own card, are a teaser list)."""
    runs: list[list[Block]] = [[]]
    for block in blocks:
        if (
            not block.kept
            or not block.heading
            or block.link_density >= MAX_LIST_HEADING_LINK_DENSITY
        ):
            runs.append([])  # any other block ends the run
        elif runs[-1] and _listed_together(runs[-1][-1], block):
            runs[-1].append(block)
        else:
            runs.append([block])
    return {id(b) for run in runs if len(run) >= MIN_HEADING_LIST for b in run}


def orphan_headings(page: Page) -> None:
    """Cut headings whose section lost all its blocks (the title of a cut list).

    A section runs to the next heading of the same or a higher level; one
    kept block in it keeps the heading. A section with no text block at all
    is not a cut one: under a plain heading beside images, the images are it.
    """
    pictured = page.pictured
    listed = _heading_runs(page.inside)
    following_kept = following_any = False
    level_kept: dict[int, bool] = {}
    for block in reversed(page.inside):
        if not block.heading:
            following_any = True
            following_kept = following_kept or block.kept
            continue
        level = int(block.owner.tag[1])
        has_content = following_kept or any(
            kept for lower, kept in level_kept.items() if lower > level
        )
        empty = not following_any and not any(lower > level for lower in level_kept)
        if (
            block.kept
            and not has_content
            and not (empty and (_pictures_only(block, pictured) or id(block) in listed))
            and block.chars <= MAX_SECTION_HEADING_CHARS
        ):
            _cut(block, Reason.ORPHAN_HEADING)
        level_kept = {k: v for k, v in level_kept.items() if k < level}
        level_kept[level] = block.kept
        following_kept = following_any = False


def review_sections(page: Page) -> None:
    """Cut the sections headed as buyers' reviews or questions, to the next heading of
    the same or a higher level: what buyers say is not what the page says."""
    level = 0  # the open review section's heading level (0: none open)
    for block in page.inside:
        if block.heading:
            this = int(block.owner.tag[1])
            if level and this > level:
                _cut(block, Reason.REVIEWS)
                continue
            level = 0
            if block.chars <= MAX_SECTION_HEADING_CHARS and REVIEWS_HEADING.match(
                page.key_of(block)
            ):
                level = this
                _cut(block, Reason.REVIEWS)
        elif level:
            _cut(block, Reason.REVIEWS)


def other_products(page: Page) -> None:
    """Cut a grid of priced cards on a product page: other products ("You may also
    like", "Recently viewed"), where the page's own product has one price.

    A grid is a run of MIN_ITEM_SIBLINGS or more like siblings (the outermost
    repeated boxes of the container) of which most carry a price line.
    """
    cards: dict[int, tuple[Element, list[Block]]] = {}
    for block in page.inside:
        path = page.paths(block)
        at = page.outermost_item(path)
        if at >= 0:
            cards.setdefault(id(path[at]), (path[at], []))[1].append(block)
    for run in sibling_runs(card for card, _ in cards.values()):
        priced = [card for card in run if any(map(is_price_line, cards[id(card)][1]))]
        if len(run) >= MIN_ITEM_SIBLINGS and len(priced) >= MIN_PRICED_CARD_SHARE * len(run):
            for card in run:
                for block in cards[id(card)][1]:
                    _cut(block, Reason.OTHER_PRODUCTS)


#: The passes, in order: boxes first, then the tail, then restorations and sections.
PASSES: tuple[Pass, ...] = (
    promo_boxes,
    review_sections,
    other_products,
    author_bio,
    comment_section,
    quoted_repeats,
    after_article,
    row_cells,
    orphan_headings,
)
