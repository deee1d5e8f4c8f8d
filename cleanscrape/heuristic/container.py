"""Where blocks are scored and the article container is chosen.

Every block carries *prose mass*: its characters weighted by how little of
them are link text, minus a penalty for the characters that are not prose
(link text, furniture, comment threads). Masses add up the tree, and the
element with the largest total is the container: the smallest element that
holds most of the page's prose. An article split around an ad or a promo is
one container, since its parent gains more prose than the promo costs; a
sidebar or a comment thread next to the article costs more than it adds.

This is a text-density method in the spirit of CETD (Sun et al., SIGIR 2011):
it needs no vocabulary, so it works the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Favor
from .blocks import Block, Element, holds

__all__ = ["choose_container", "prose_mass"]

# Blocks shorter than this are labels, buttons and captions: half weight.
MIN_PARAGRAPH_CHARS = 25
SHORT_BLOCK_WEIGHT = 0.5
# A block with more link text than this is navigation or a teaser: no prose.
MAX_PROSE_LINK_DENSITY = 0.5
# What a character of non-prose costs against a character of prose. Higher
# picks tighter containers (precision); lower, wider ones (recall). 0.5-0.6
# is a plateau on the development corpus for the balanced mode.
NON_PROSE_PENALTY = {"precision": 0.75, "balanced": 0.55, "recall": 0.4}
# Prose inside a box named like boilerplate (sidebar, related, promo) counts
# at this weight: such names are often right but sometimes wrap the article.
NEGATIVE_NAME_WEIGHT = 0.5
# The lead sits before the container within this many levels above it (the
# article header is often a sibling branch of the body: 4 covers both).
LEAD_SCOPE_LEVELS = 4
MIN_LEAD_CHARS = 30
MAX_LEAD_CHARS = 1500
MAX_LEAD_LINK_DENSITY = 0.3
# A container's child with at least this share of its prose mass is the container
# (measured: 0.9 and 0.95 gain alike on the development corpora).
DESCEND_SHARE = 0.9
# Elements that hold text rather than boxes: the container never descends into one.
_TEXT_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "th", "dd", "dt"}
)
# A CMS's own body marker (itemprop=articleBody, entry-content) adds this share.
STRONG_NAME_BONUS = 0.2


@dataclass(frozen=True, slots=True)
class Weights:
    """The signals of prose mass, each switchable (``switches.SIGNALS``) for ablation."""

    penalty: float
    boilerplate_costs: bool = True
    teasers_cost: bool = True
    links_are_not_prose: bool = True
    short_half: bool = True
    negative_half: bool = True
    strong_bonus: bool = True
    leads: bool = True
    intro: bool = True
    descend: bool = True

    @classmethod
    def for_page(cls, favor: Favor, off: frozenset[str] = frozenset()) -> Weights:
        """The weights with the signals named in ``off`` switched off."""
        return cls(
            NON_PROSE_PENALTY[favor],
            boilerplate_costs="signal:boilerplate-blocks-cost" not in off,
            teasers_cost="signal:teasers-cost" not in off,
            links_are_not_prose="signal:link-text-no-prose" not in off,
            short_half="signal:short-block-half" not in off,
            negative_half="signal:negative-name-half" not in off,
            strong_bonus="signal:strong-name-bonus" not in off,
            leads="signal:leads" not in off,
            intro="signal:intro" not in off,
            descend="signal:descend" not in off,
        )


def prose_mass(block: Block, weights: Weights) -> float:
    """The block's contribution to every container that holds it."""
    penalty = weights.penalty
    if weights.boilerplate_costs and (
        block.owner.in_comments or block.consent or (block.teaser and weights.teasers_cost)
    ):
        return -penalty * block.chars
    if weights.links_are_not_prose:
        density = block.link_density
        prose = block.chars * (1.0 - density) if density < MAX_PROSE_LINK_DENSITY else 0.0
    else:
        prose = float(block.chars)
    if weights.short_half and block.chars < MIN_PARAGRAPH_CHARS:
        prose *= SHORT_BLOCK_WEIGHT
    if weights.negative_half and block.owner.in_negative:
        prose *= NEGATIVE_NAME_WEIGHT
    return prose - penalty * (block.chars - prose)


def choose_container(
    root: Element,
    elements: list[Element],
    blocks: list[Block],
    favor: Favor,
    off: frozenset[str] = frozenset(),
) -> list[Element]:
    """Pick the article container: the element with the largest prose mass.

    ``off``: signals switched off (``switches.SIGNALS``; a page kind's profile or ablation).
    """
    weights = Weights.for_page(favor, off)
    for element in elements:
        element.score = 0.0
    for block in blocks:
        block.owner.score += prose_mass(block, weights)
    # Children come after their parents in ``elements``: one pass sums the tree.
    for element in reversed(elements):
        if element.parent is not None:
            element.parent.score += element.score
    best = root
    best_value = float("-inf")
    for element in elements:
        value = element.score
        if weights.strong_bonus and element.strong and value > 0:
            value *= 1.0 + STRONG_NAME_BONUS
        element.score = value
        if value > best_value:
            best, best_value = element, value
    if weights.descend:
        best = _descend(best, elements)
    leads = _leads(best, root, elements) if weights.leads else []
    intro = _intro(best, elements) if weights.intro else []
    return [*leads, *intro, best]


def _descend(best: Element, elements: list[Element]) -> Element:
    """The child that holds nearly all of ``best``'s prose mass, while there is one.

    A wrapper that adds one stray paragraph (a footer's "X is part of Y") to the
    article is no better container than the article itself.
    """
    if best.score <= 0:
        return best
    while True:
        floor = DESCEND_SHARE * best.score
        parent = best
        # Children come after their parent in ``elements``; identity checks are cheap.
        for element in elements[best.order + 1 :]:
            if (
                element.parent is parent
                and element.score >= floor
                and element.tag not in _TEXT_TAGS  # a box, not one paragraph of it
            ):
                best = element
                break
        if best is parent:
            return best


def _intro(best: Element, elements: list[Element]) -> list[Element]:
    """Plain paragraphs just before the container, beside it in one parent.

    A list or a table that carries most of the prose wins the container, and
    the paragraphs introducing it ("This list of …") sit right before it.
    """
    parent = best.parent
    if parent is None:
        return []
    siblings = [e for e in elements[parent.order + 1 : best.order] if e.parent is parent]
    intro: list[Element] = []
    for element in reversed(siblings):
        if not element.chars:
            continue  # an empty box or an image between them
        if (
            element.tag != "p"
            or element.chars < MIN_LEAD_CHARS
            or element.link_density > MAX_LEAD_LINK_DENSITY
            or element.in_negative
            or element.in_comments
        ):
            break
        intro.append(element)
    return intro[::-1]


def _leads(best: Element, root: Element, elements: list[Element]) -> list[Element]:
    """Lead paragraphs set apart before the container (in the article header)."""
    scope = best
    for _ in range(LEAD_SCOPE_LEVELS):
        if scope.parent is None or scope.parent is root:
            break
        scope = scope.parent
    if scope is best:
        return []
    leads: list[Element] = []
    for element in elements[scope.order + 1 : best.order]:
        if (
            not element.lead
            or not MIN_LEAD_CHARS <= element.chars <= MAX_LEAD_CHARS
            or element.link_density > MAX_LEAD_LINK_DENSITY
            or element.in_negative
            or holds(element, best)
            or (leads and holds(leads[-1], element))
            or not holds(scope, element)
        ):
            continue
        leads.append(element)
    return leads
