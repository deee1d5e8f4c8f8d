"""Where blocks inside the container are kept or cut: the cleaning stage.

The container holds the article but also what sits inside it on real pages:
sign-up promos written as prose, share bars, bylines, author bios, "related"
teaser lists and comment threads. The stage builds the page's frozen context
(:mod:`.context`), runs the table of block cuts (:mod:`.cuts`), locates the
body, runs the position cuts, then the passes over boxes and the article's
tail (:mod:`.passes`). Every cut block carries its :class:`~.reasons.Reason`.

Last, blocks under an element a site rule keeps (its ``[body] keep``
selectors, marked with :data:`KEEP_ATTRIBUTE` before the heuristic runs) are
put back: the rule's author knows the site better than any cut does.
"""

from __future__ import annotations

import secrets

from .blocks import Block, Element
from .context import Page, locate_body
from .cuts import BLOCK_CUTS, POSITION_CUTS, run_cuts
from .passes import PASSES

__all__ = ["KEEP_ATTRIBUTE", "KEEP_TOKEN", "clean_blocks", "note_kept"]

#: Set by a site rule on each element its ``keep`` selectors match, with the value
#: :data:`KEEP_TOKEN`: no cut removes a block under such an element.
KEEP_ATTRIBUTE = "data-cleanscrape-keep"
#: A value a page cannot guess: a page's own ``data-cleanscrape-keep`` attributes
#: must not make its boilerplate uncuttable.
KEEP_TOKEN = secrets.token_hex(8)
_KEPT = f'[{KEEP_ATTRIBUTE}="{KEEP_TOKEN}"]'
# Whether this process ever marked an element with KEEP_TOKEN (rules/apply.py calls
# note_kept): until then no page can hold a mark, and the query over the whole page
# that looks for one (a tenth of a millisecond) is skipped.
_marks_made = False


def note_kept() -> None:
    """Say that an element was marked with :data:`KEEP_TOKEN` (a site rule's ``keep``)."""
    global _marks_made
    _marks_made = True


def clean_blocks(page: Page) -> list[Block]:
    """Mark boilerplate blocks inside the container of ``page`` (:func:`.context.build_page`);
    return the container's blocks. Cuts and passes named in ``page.off`` do not run."""
    if not page.inside:
        return []
    run_cuts(BLOCK_CUTS, page)
    page = locate_body(page)
    run_cuts(POSITION_CUTS, page)
    for step in PASSES:
        if step.__name__ not in page.off:
            step(page)
    _restore_kept(page.inside)
    return list(page.inside)


def _restore_kept(inside: tuple[Block, ...]) -> None:
    """Keep every block whose owner lies under an element a site rule keeps."""
    if not _any_kept(inside[0].owner):
        return  # the common case: one query, and nothing else runs
    under: dict[int, bool] = {}
    for block in inside:
        if not block.kept and _under_kept(block.owner, under):
            block.kept, block.reason = True, None


def _any_kept(element: Element) -> bool:
    """Whether the page the walk read (from the walk's root down) or its ancestors hold a mark."""
    if not _marks_made:
        return False
    while element.parent is not None:
        element = element.parent
    node = element.node
    if node.css_first(_KEPT) is not None:
        return True
    parent = node.parent
    while parent is not None:
        if parent.attributes.get(KEEP_ATTRIBUTE) == KEEP_TOKEN:
            return True
        parent = parent.parent
    return False


def _under_kept(element: Element, under: dict[int, bool]) -> bool:
    """Whether ``element`` or an ancestor is marked (answers cached by element, walk upwards)."""
    chain: list[Element] = []
    current: Element | None = element
    answer = False
    while current is not None:
        known = under.get(id(current))
        if known is not None:
            answer = known
            break
        chain.append(current)
        if current.node.attributes.get(KEEP_ATTRIBUTE) == KEEP_TOKEN:
            answer = True
            break
        current = current.parent
    if current is None:
        answer = answer or _node_ancestor_kept(chain[-1])
    for seen in chain:
        under[id(seen)] = answer
    return answer


def _node_ancestor_kept(top: Element) -> bool:
    """Whether a node above the walk's root (outside the Element tree) is marked."""
    parent = top.node.parent
    while parent is not None:
        if parent.attributes.get(KEEP_ATTRIBUTE) == KEEP_TOKEN:
            return True
        parent = parent.parent
    return False
