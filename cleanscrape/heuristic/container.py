"""Where blocks are scored and the article container is chosen.

Paragraph-like blocks vote for their ancestors (text length, commas, low link
density), ancestors are weighted by tag and class/id evidence, the best one
wins, and siblings that continue the article (it was split around an ad or a
promo) join it.
"""

from __future__ import annotations

import re

from ..models import Favor
from .blocks import HEADING_TAGS, Block, Element

__all__ = ["choose_container"]

# Blocks shorter than this are captions, labels and buttons, not paragraphs
# (Readability uses 25 characters too).
MIN_PARAGRAPH_CHARS = 25
# A block more than half link text is navigation or a teaser, never a vote.
MAX_VOTING_LINK_DENSITY = 0.5
# How far up a paragraph's vote travels, and how it fades with distance.
VOTE_LEVELS = 5
# Owners that are themselves the paragraph: their vote goes to the parent.
_LEAF_TAGS = frozenset(
    {
        "p",
        "li",
        "dd",
        "dt",
        "td",
        "th",
        "pre",
        "blockquote",
        "figcaption",
        "address",
        "summary",
        "caption",
        *HEADING_TAGS,
    }
)
_COMMAS = re.compile(r"[,;:،、，；：]")
# Class/id and tag weights, in vote units (a good paragraph is worth 2 to 5).
NEGATIVE_WEIGHT = -25.0
POSITIVE_WEIGHT = 15.0
STRONG_WEIGHT = 40.0
_TAG_WEIGHT = {
    "article": 10.0,
    "main": 8.0,
    "section": 2.0,
    "div": 3.0,
    "td": 2.0,
    "blockquote": -3.0,
    "form": -3.0,
    "ul": -5.0,
    "ol": -5.0,
    "li": -10.0,
    "table": -2.0,
    "body": -5.0,
}
# Several candidates this close to the best one that share an ancestor mean
# the article is split across them: their ancestor is the container.
CLOSE_CANDIDATE_SHARE = 0.75
CLOSE_CANDIDATES_NEEDED = 3
# A sibling joins the container when its own score reaches this share of the
# container's (Readability uses 0.2 with a floor of 10).
SIBLING_SHARE = {"precision": 0.3, "balanced": 0.2, "recall": 0.1}
SIBLING_FLOOR = 10.0
# A sibling paragraph of this length with little link text joins on its own.
SIBLING_PARAGRAPH_CHARS = 80
SIBLING_PARAGRAPH_LINK_DENSITY = 0.25


def _vote(blocks: list[Block]) -> list[Element]:
    scored: dict[int, Element] = {}
    for block in blocks:
        if block.chars < MIN_PARAGRAPH_CHARS or block.heading:
            continue
        density = block.link_density
        if density > MAX_VOTING_LINK_DENSITY:
            continue
        commas = len(_COMMAS.findall(block.text))
        vote = (1.0 + commas + min(block.chars / 100.0, 3.0)) * (1.0 - density)
        element: Element | None = block.owner
        if element is not None and element.tag in _LEAF_TAGS:
            element = element.parent
        level = 0
        while element is not None and level < VOTE_LEVELS:
            divider = 1.0 if level == 0 else 2.0 if level == 1 else level * 3.0
            element.score += vote / divider
            scored[id(element)] = element
            element = element.parent
            level += 1
    return list(scored.values())


def _weight(element: Element) -> float:
    weight = _TAG_WEIGHT.get(element.tag, 0.0)
    if element.strong:
        weight += STRONG_WEIGHT
    elif element.negative or element.comment:
        weight += NEGATIVE_WEIGHT
    elif element.positive:
        weight += POSITIVE_WEIGHT
    return weight


def _final(element: Element) -> float:
    return (element.score + _weight(element)) * (1.0 - element.link_density)


def _common_ancestor(elements: list[Element]) -> Element | None:
    paths = []
    for element in elements:
        path = []
        node: Element | None = element
        while node is not None:
            path.append(node)
            node = node.parent
        paths.append(path[::-1])
    common = None
    for level in zip(*paths, strict=False):
        if all(e is level[0] for e in level):
            common = level[0]
        else:
            break
    return common


def choose_container(
    root: Element, elements: list[Element], blocks: list[Block], favor: Favor
) -> list[Element]:
    """Pick the article container and the siblings that continue it, in page order."""
    candidates = _vote(blocks)
    if not candidates:
        return [root]
    finals = {id(e): _final(e) for e in candidates}
    ranked = sorted(candidates, key=lambda e: finals[id(e)], reverse=True)
    top = ranked[0]
    best = finals[id(top)]
    close = [e for e in ranked[1:6] if finals[id(e)] >= best * CLOSE_CANDIDATE_SHARE]
    if len(close) + 1 >= CLOSE_CANDIDATES_NEEDED:
        ancestor = _common_ancestor([top, *close])
        if (
            ancestor is not None
            and ancestor is not top
            and not (ancestor.negative and not ancestor.strong)
        ):
            top = ancestor
    # A container that is its parent's only content is the same container.
    while top.parent is not None and top.parent.chars <= top.chars and top.parent is not root:
        top = top.parent
    parent = top.parent
    if parent is None:
        return [top]
    threshold = max(SIBLING_FLOOR, finals.get(id(top), top.score) * SIBLING_SHARE[favor])
    chosen: list[Element] = []
    siblings = [e for e in elements if e.parent is parent]
    for sibling in siblings:
        if sibling is top:
            chosen.append(sibling)
            continue
        if (sibling.negative and not sibling.strong) or sibling.comment:
            continue
        score = finals.get(id(sibling), 0.0)
        if sibling.positive and sibling.tag == top.tag and sibling.name == top.name:
            score += threshold  # the same kind of box as the container: its continuation
        if score >= threshold or (
            sibling.tag == "p"
            and sibling.chars >= SIBLING_PARAGRAPH_CHARS
            and sibling.link_density < SIBLING_PARAGRAPH_LINK_DENSITY
        ):
            chosen.append(sibling)
    return chosen
