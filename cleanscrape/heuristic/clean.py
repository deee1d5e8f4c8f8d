"""Where blocks inside the container are kept or cut: the cleaning stage.

The container holds the article but also what sits inside it on real pages:
sign-up promos written as prose, share bars, bylines, author bios, "related"
teaser lists and comment threads. The stage builds the page's frozen context
(:mod:`.context`), runs the table of block cuts (:mod:`.cuts`), locates the
body, runs the position cuts, then the passes over boxes and the article's
tail (:mod:`.passes`). Every cut block carries its :class:`~.reasons.Reason`.
"""

from __future__ import annotations

from .blocks import Block
from .context import Page, locate_body
from .cuts import BLOCK_CUTS, POSITION_CUTS, run_cuts
from .passes import PASSES

__all__ = ["clean_blocks"]


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
    return list(page.inside)
