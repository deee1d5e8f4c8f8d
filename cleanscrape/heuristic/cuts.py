"""The block cuts: one small function per kind of boilerplate, run as a table.

Each cut looks at one block of the container and the frozen :class:`Page`,
and returns the :class:`Reason` to cut it, or ``None``. :data:`BLOCK_CUTS`
runs first, in order (the first cut that fires names the reason);
:data:`POSITION_CUTS` runs after :func:`~.context.locate_body` has found where
the body starts, since what they catch is defined by its place before or
after the body. Whole boxes and the tail of the article are handled by
:mod:`.passes` afterwards.

Each cut's contribution on the development corpora is measured by
``python -m benchmarks.ablate`` and listed in ``docs/heuristic.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .blocks import CELL_TAGS, Block
from .context import Page
from .evidence import (
    BOILERPLATE_PHRASE,
    COOKIE_PHRASE,
    COPYRIGHT,
    RELATED_INTRO,
    SIGNUP_PHRASE,
)
from .reasons import Reason
from .thresholds import (
    BODY_PARAGRAPH_CHARS,
    MAX_COOKIE_LINE_CHARS,
    MAX_COPYRIGHT_CHARS,
    MAX_COUNTER_CHARS,
    MAX_DATE_LINE_CHARS,
    MAX_DATE_LINE_WORDS,
    MAX_HEADER_LABEL_CHARS,
    MAX_MENU_ITEM_CHARS,
    MAX_POST_LEVELS,
    MAX_PRE_HEADLINE_CHARS,
    MAX_PROSE_BOX_LINK_DENSITY,
    MAX_RELATED_INTRO_CHARS,
    MAX_REPEATED_LINE_CHARS,
    MAX_REPLY_PREFIX,
    MAX_SIGNUP_CHARS,
    MIN_LINE_REPEATS,
    MIN_MENU_LINK_DENSITY,
    MIN_MENU_LINKS,
    MIN_PROSE_BOX_CHARS,
    NEGATIVE_GUARD_SHARE,
)

__all__ = ["BLOCK_CUTS", "POSITION_CUTS", "Cut", "run_cuts"]

#: A cut: the reason to cut ``block``, or ``None`` to leave it to the next cut.
Cut = Callable[[Block, Page], Reason | None]

# "4 Likes", "1.4K", "21": a number with at most one word.
_COUNTER = re.compile(r"^[\d.,]+\s*[KkMm]?\s*[^\W\d]*$")
_DATE = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\d{4}年|\d{1,2}月\d{1,2}日"
)
_WORDS = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:。！？：]\W*$")


def post_comments(block: Block, page: Page) -> Reason | None:
    """Comments under a post: a comment box hanging beside the text of the post it discusses.

    On a forum the thread's posts are the content, even where their boxes are
    named "comment"; the remarks under one post (a Q&A answer's comments) are
    not. Their box has, a few levels up, prose that is in no comment box.
    """
    outer = None
    for element in page.paths(block):
        if element.comment or element.thread:
            outer = element
    if outer is None or ("signal:post-runs" not in page.off and page.is_item(outer)):
        return None  # one of a run of like posts: the thread itself
    up = outer.parent
    for _ in range(MAX_POST_LEVELS):
        if up is None or id(up) in page.root_ids:
            return None  # the container's root is the thread, never one post
        if page.free_prose(up) >= BODY_PARAGRAPH_CHARS:
            return Reason.POST_COMMENTS
        up = up.parent
    return None


def boilerplate_box(block: Block, page: Page) -> Reason | None:
    """A block in a box named like boilerplate (share bar, related list, bio, promo).

    Not when the box holds half the container (the name wraps the article), nor
    when a soft name ("widget", "caption") sits on a box of real prose; thread
    names (comments, replies) are ``post_comments``' to judge.
    """
    path = page.paths(block)
    start = 0
    if "signal:item-names" in page.off:
        # A listing's items carry names like "teaser" or "promo": below the
        # outermost repeated item, a name describes the item, not boilerplate.
        start = page.outermost_item(path) + 1
    for element in path[start:] if start else path:
        if (
            element.negative
            and not element.thread
            and not element.strong
            and element.chars < page.total * NEGATIVE_GUARD_SHARE
            and (
                element.hard_negative
                or element.chars < MIN_PROSE_BOX_CHARS
                # A "widget" or "caption" box made of prose is part of the article.
                or element.link_density > MAX_PROSE_BOX_LINK_DENSITY
            )
        ):
            return Reason.BOILERPLATE_BOX
    return None


def headline(block: Block, page: Page) -> Reason | None:
    """A heading that repeats the title (or is part of it, or is "Re: title"): it is the
    article's ``title`` field, not body text."""
    title = page.title_key
    if not block.heading or not title:
        return None
    text = page.key_of(block)
    if text in title or (title in text and len(text) <= len(title) + MAX_REPLY_PREFIX):
        return Reason.HEADLINE
    return None


def before_headline(block: Block, page: Page) -> Reason | None:
    """A short line above the headline: kicker, breadcrumb, section label, date."""
    if block.order < page.headline_at and block.chars <= MAX_PRE_HEADLINE_CHARS:
        return Reason.BEFORE_HEADLINE
    return None


def link_dense(block: Block, page: Page) -> Reason | None:
    """Mostly link text: navigation, tag lists, teasers. Code and headings are spared (a
    linked heading stays while its section does: :mod:`.passes` drops orphans)."""
    if block.link_density > page.max_link_density and not block.pre and not block.heading:
        return Reason.LINK_DENSE
    return None


def menu_line(block: Block, page: Page) -> Reason | None:
    """A row of several short links ("News Sport Business Opinion"): a menu or a pager.

    Catches what ``link_dense`` leaves to listings, whose one-link cards are content.
    """
    if (
        block.links >= MIN_MENU_LINKS
        and block.link_density > MIN_MENU_LINK_DENSITY
        and block.chars <= block.links * MAX_MENU_ITEM_CHARS
    ):
        return Reason.MENU_LINE
    return None


def counter(block: Block, page: Page) -> Reason | None:
    """A bare count with at most a word ("4 Likes", "1.4K", "21") outside tables and code."""
    if (
        not block.pre
        and block.chars <= MAX_COUNTER_CHARS
        and block.owner.tag not in CELL_TAGS
        and _COUNTER.match(block.text)
    ):
        return Reason.COUNTER
    return None


def repeated_line(block: Block, page: Page) -> Reason | None:
    """A short line the container repeats (a label, a button, a post's furniture)
    outside tables and code: the template's, not the text's."""
    if (
        not block.pre
        and not block.heading
        and block.chars <= MAX_REPEATED_LINE_CHARS
        and block.owner.tag not in CELL_TAGS
        and page.repeats[page.key_of(block)] >= MIN_LINE_REPEATS
    ):
        return Reason.REPEATED_LINE
    return None


def copyright_line(block: Block, page: Page) -> Reason | None:
    """A short copyright notice (a paragraph that mentions copyright is text)."""
    if block.chars <= MAX_COPYRIGHT_CHARS and COPYRIGHT.search(page.key_of(block)):
        return Reason.COPYRIGHT
    return None


def boilerplate_wording(block: Block, page: Page) -> Reason | None:
    """A line made only of furniture wording ("Advertisement", "Share this", "Photo: …"),
    or a short "Related: …" / "Read more on …" lead-in."""
    text = page.key_of(block)
    if BOILERPLATE_PHRASE.match(text) or (
        block.chars <= MAX_RELATED_INTRO_CHARS and RELATED_INTRO.match(text)
    ):
        return Reason.BOILERPLATE_WORDING
    return None


def signup_wording(block: Block, page: Page) -> Reason | None:
    """A short line of sign-up or newsletter wording, or a one-line cookie note.

    Promos are prose with few links: wording is what tells them from the
    article. The promo box around such a line goes in :func:`.passes.promo_boxes`.
    """
    if block.chars > MAX_SIGNUP_CHARS:
        return None
    text = page.key_of(block)
    if (
        SIGNUP_PHRASE.search(text)
        and ("signal:signup-topic" in page.off or not page.signup_is_topic())
    ) or (block.chars < MAX_COOKIE_LINE_CHARS and COOKIE_PHRASE.search(text)):
        return Reason.SIGNUP_WORDING
    return None


def byline(block: Block, page: Page) -> Reason | None:
    """A byline ("By …", a line naming the author) before the body proper starts."""
    if block.order < page.bylines_end and page.bylinish(block):
        return Reason.BYLINE
    return None


def article_header(block: Block, page: Page) -> Reason | None:
    """A label between the headline and the body: kicker, reading time, a bare name.

    Not in the body's own box, and never a sentence.
    """
    if (
        block.order < page.body_at
        and not block.heading
        and block.chars <= MAX_HEADER_LABEL_CHARS
        and block.owner.parent is not page.body_box
        and not _SENTENCE_END.search(block.text)
    ):
        return Reason.ARTICLE_HEADER
    return None


def date_line(block: Block, page: Page) -> Reason | None:
    """A short line holding a date and a few words ("Updated 5 Sept 2023, 10:00"); never code."""
    if (
        not block.pre
        and block.chars <= MAX_DATE_LINE_CHARS
        and _DATE.search(block.text)
        and not _SENTENCE_END.search(block.text)
        and len(_WORDS.findall(block.text)) <= MAX_DATE_LINE_WORDS
    ):
        return Reason.DATE_LINE
    return None


#: What a block is, whatever its place: run first, first hit wins.
BLOCK_CUTS: tuple[Cut, ...] = (
    post_comments,
    boilerplate_box,
    headline,
    before_headline,
    link_dense,
    menu_line,
    counter,
    repeated_line,
    copyright_line,
    boilerplate_wording,
    signup_wording,
)
#: Where a block sits relative to the body: run once the body's start is known.
POSITION_CUTS: tuple[Cut, ...] = (byline, article_header, date_line)


def run_cuts(cuts: tuple[Cut, ...], page: Page) -> None:
    """Run ``cuts`` over the container's kept blocks; the first that fires names the reason."""
    off = page.off
    active = [c for c in cuts if c.__name__ not in off] if off else cuts
    for block in page.inside:
        if not block.kept:
            continue
        for cut in active:
            reason = cut(block, page)
            if reason is not None:
                block.kept = False
                block.reason = reason
                break
