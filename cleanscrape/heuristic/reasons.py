"""Why the heuristic cut a block: a closed set, shared by every place that names one.

The explanation (``extract(..., explain=True)``), the ``inspect`` report, the
docs' table of cuts and ``benchmarks.errors`` all read these values; a new cut
adds its reason here first.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["OUTSIDE_CONTAINER", "Reason"]


class Reason(StrEnum):
    """The reason a block is not in the article (its value is what explanations print)."""

    # Block cuts (cuts.py), in table order.
    POST_COMMENTS = "comments under a post"
    BOILERPLATE_BOX = "boilerplate container"
    HEADLINE = "headline"
    BEFORE_HEADLINE = "before the headline"
    LINK_DENSE = "link-dense"
    MENU_LINE = "menu line"
    COUNTER = "counter (likes, shares, votes)"
    REPEATED_LINE = "repeated short line"
    COPYRIGHT = "copyright line"
    BOILERPLATE_WORDING = "boilerplate wording"
    SIGNUP_WORDING = "sign-up or cookie wording"
    BYLINE = "byline"
    ARTICLE_HEADER = "article header"
    DATE_LINE = "date line"
    # Box and position passes (passes.py), in table order.
    PROMO_BOX = "sign-up promo box"
    REVIEWS = "buyers' reviews or questions"
    OTHER_PRODUCTS = "other products (a grid of priced cards)"
    AUTHOR_BIO = "author bio"
    COMMENT_SECTION = "comment section (from its heading on)"
    QUOTED_REPEAT = "a quote of an earlier line"
    AFTER_ARTICLE = "after the article"
    ORPHAN_HEADING = "heading of a cut section"


#: The reason recorded for blocks that lie outside the chosen container.
OUTSIDE_CONTAINER = "outside the article container"
