"""What every cut may know about the page: computed once per page, then frozen.

:class:`Page` holds the container's blocks and the facts the cuts compare a
block against (the title and author keys, the headline's and the body's
positions, the container's size). Positions are block ``order`` numbers: a
cut asks "is this block before the headline?" with one comparison.

Two facts depend on what the first cuts removed: where the body starts (the
first paragraph that survived them) and where bylines stop. :func:`locate_body`
adds them after the first table of cuts has run.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..models import Favor
from .blocks import Block, Element, sibling_runs
from .evidence import BYLINE_START, SIGNUP_PHRASE
from .thresholds import (
    BODY_PARAGRAPH_CHARS,
    MAX_BODY_LINK_DENSITY,
    MAX_BYLINE_CHARS,
    MAX_LINK_DENSITY,
    MAX_REPEATED_LINE_CHARS,
    MIN_ITEM_SIBLINGS,
    MIN_TOPIC_PARAGRAPHS,
)

__all__ = ["Page", "Paths", "build_page", "is_body_paragraph", "key", "locate_body", "within"]

# No position: later than any block.
_NEVER = 1 << 62


def key(text: str) -> str:
    """A block's comparison key (block text is already collapsed and NFC-normalised)."""
    return text.casefold()


def is_body_paragraph(block: Block) -> bool:
    """A paragraph of the article proper: a sentence or more, little link text."""
    return (
        not block.heading
        and block.chars >= BODY_PARAGRAPH_CHARS
        and block.link_density < MAX_BODY_LINK_DENSITY
    )


class Paths:
    """The elements from a block's owner up to (not including) its container root.

    Blocks share owners, so each owner's path is walked once per page.
    """

    def __init__(self, roots: frozenset[int]) -> None:
        self.roots = roots
        self.cache: dict[int, list[Element]] = {}

    def __call__(self, block: Block) -> list[Element]:
        ident = id(block.owner)
        path = self.cache.get(ident)
        if path is None:
            path = []
            element: Element | None = block.owner
            while element is not None and id(element) not in self.roots:
                path.append(element)
                element = element.parent
            self.cache[ident] = path
        return path


@dataclass(frozen=True, slots=True)
class Page:
    """The page facts the cuts read. Built by :func:`build_page`; never changed after."""

    favor: Favor
    inside: tuple[Block, ...]
    root_ids: frozenset[int]
    paths: Paths
    # Every block's comparison key, indexed by ``Block.order`` (all blocks, not only inside).
    keys: tuple[str, ...]
    # The container's text, in weighted characters.
    total: int
    max_link_density: float
    title_key: str | None
    author_keys: tuple[str, ...]
    first_names: frozenset[str]
    # The parent box of the structurally first body paragraph (before any cut).
    body_box: Element | None
    # The headline's position, where it heads the article (else -1: nothing is before it).
    headline_at: int
    # Filled by locate_body after the first cuts: where the body proper starts
    # and where bylines stop (the standfirst does not end the byline zone).
    body_at: int = _NEVER
    bylines_end: int = _NEVER
    # Sign-up fields' owner elements (a form found before inputs were stripped).
    signup_fields: frozenset[int] = frozenset()
    # Elements with a child that holds an image.
    pictured: frozenset[int] = frozenset()
    # Cuts and passes switched off (a page kind's profile, or ablation).
    off: frozenset[str] = frozenset()
    # How often each short line's key occurs in the container.
    repeats: Counter[str] = dataclasses.field(default_factory=Counter)
    # Body-paragraph characters outside comment boxes, per element (filled on first use).
    _free: dict[int, int] = dataclasses.field(default_factory=dict)
    # Elements repeated as one of a run of like siblings (filled on first use).
    _items: set[int] = dataclasses.field(default_factory=set)
    # Whether sign-up words are the article's topic: [computed, answer] (first use).
    _signup_topic: list[bool] = dataclasses.field(default_factory=list)

    def free_prose(self, element: Element) -> int:
        """Characters of body paragraphs under ``element`` that lie in no comment box."""
        free = self._free
        if not free:
            for block in self.inside:
                path = self.paths(block)
                if not is_body_paragraph(block) or any(e.comment or e.thread for e in path):
                    continue
                for up in path:  # the container's root is the thread, never one post
                    free[id(up)] = free.get(id(up), 0) + block.chars
            free[0] = 0  # computed
        return free.get(id(element), 0)

    def is_item(self, element: Element) -> bool:
        """Whether ``element`` is one of at least MIN_ITEM_SIBLINGS siblings of its tag and
        class inside the container: an item of a list of like things (cards, posts, rows)."""
        items = self._items
        if not items:
            seen: dict[int, Element] = {}
            for block in self.inside:
                for up in self.paths(block):
                    if id(up) in seen:
                        break  # the rest of the path is counted already
                    seen[id(up)] = up
            for run in sibling_runs(seen.values()):
                if len(run) >= MIN_ITEM_SIBLINGS:
                    items.update(id(e) for e in run)
            items.add(0)  # computed
        return id(element) in items

    def outermost_item(self, path: list[Element]) -> int:
        """Where in ``path`` (a block's :attr:`paths`, owner first) the outermost
        :meth:`is_item` element stands; -1 when none is."""
        for at in range(len(path) - 1, -1, -1):
            if self.is_item(path[at]):
                return at
        return -1

    def signup_is_topic(self) -> bool:
        """Whether the container's paragraphs keep talking of newsletters and sign-ups:
        an article about them, where the wording is the topic, not a promo's."""
        if not self._signup_topic:
            found = 0
            for block in self.inside:
                if is_body_paragraph(block) and SIGNUP_PHRASE.search(self.keys[block.order]):
                    found += 1
                    if found >= MIN_TOPIC_PARAGRAPHS:
                        break
            self._signup_topic.append(found >= MIN_TOPIC_PARAGRAPHS)
        return self._signup_topic[0]

    def key_of(self, block: Block) -> str:
        return self.keys[block.order]

    def names_author(self, block: Block) -> bool:
        text = self.keys[block.order]
        return any(a in text for a in self.author_keys)

    def bylinish(self, block: Block) -> bool:
        """A short line that reads like a byline: "By …" or an author's name."""
        return block.chars <= MAX_BYLINE_CHARS and bool(
            BYLINE_START.match(self.keys[block.order]) or self.names_author(block)
        )


def build_page(
    roots: list[Element],
    elements: list[Element],
    blocks: list[Block],
    *,
    favor: Favor,
    title: str | None,
    authors: list[str],
    signup_fields: set[int],
    off: frozenset[str] = frozenset(),
) -> Page:
    """The facts about the container ``roots`` that the cuts compare blocks against."""
    root_ids = frozenset(id(r) for r in roots)
    inside = tuple(within(blocks, roots))
    keys = tuple(key(b.text) for b in blocks)
    title_key = key(title) if title else None
    author_keys = tuple(k for k in (key(a) for a in authors if a) if k)
    first_body = next((b for b in inside if is_body_paragraph(b)), None)
    # The headline counts only where it heads the article, not where a recipe
    # card or a closing box repeats the title after the body has begun.
    headline = next(
        (b for b in inside if b.heading and title_key and keys[b.order] == title_key), None
    )
    headline_at = -1
    if headline is not None and (first_body is None or headline.order < first_body.order):
        headline_at = headline.order
    return Page(
        favor=favor,
        inside=inside,
        root_ids=root_ids,
        paths=Paths(root_ids),
        keys=keys,
        total=sum(b.chars for b in inside),
        max_link_density=MAX_LINK_DENSITY[favor],
        title_key=title_key,
        author_keys=author_keys,
        first_names=frozenset(k.split()[0] for k in author_keys),
        body_box=first_body.owner.parent if first_body is not None else None,
        headline_at=headline_at,
        signup_fields=frozenset(signup_fields),
        pictured=frozenset(id(e.parent) for e in elements if e.has_image),
        off=off,
        repeats=Counter(keys[b.order] for b in inside if b.chars <= MAX_REPEATED_LINE_CHARS),
    )


def locate_body(page: Page) -> Page:
    """Add where the body starts and where bylines stop, given the first cuts' results.

    The body starts at the first kept body-length block that is not itself a
    byline; bylines stop at the first such block outside the article's lead
    (a standfirst comes before the byline as often as after it).
    """
    body_at = _NEVER
    for block in page.inside:
        if not block.kept or block.heading or block.chars < BODY_PARAGRAPH_CHARS:
            continue
        if page.bylinish(block):
            continue  # the byline cut takes it: it ends nothing
        body_at = min(body_at, block.order)
        if not any(e.lead for e in page.paths(block)):
            return dataclasses.replace(page, body_at=body_at, bylines_end=block.order)
    return dataclasses.replace(page, body_at=body_at)


def within(blocks: list[Block], roots: list[Element]) -> Iterator[Block]:
    """The blocks that lie inside one of ``roots``, in order."""
    root_ids = frozenset(id(r) for r in roots)
    for block in blocks:
        element: Element | None = block.owner
        while element is not None and id(element) not in root_ids:
            element = element.parent
        if element is not None:
            yield block
