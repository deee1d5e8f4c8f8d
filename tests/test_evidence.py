"""Name evidence: what a class or id says about its box."""

from __future__ import annotations

import pytest

from cleanscrape.heuristic.blocks import _HARD, _LEAD, _name_evidence
from cleanscrape.heuristic.evidence import (
    HARD_NEGATIVE_NAME,
    LEAD_NAME,
    NEGATIVE_NAME,
    class_id,
)


def test_post_classes_name_the_author_as_taxonomy() -> None:
    name = class_id("post-812 post type-post status-publish hentry author-jana", None)
    assert "author-jana" not in name
    assert not NEGATIVE_NAME.search(name.lower())


@pytest.mark.parametrize(
    "name", ["author-box", "author-description", "cbx-Author_InfoContainer", "post-author-bio"]
)
def test_author_boxes_are_hard_negatives(name: str) -> None:
    lowered = class_id(name, None).lower()
    assert NEGATIVE_NAME.search(lowered) and HARD_NEGATIVE_NAME.search(lowered)


@pytest.mark.parametrize("name", ["author-description", "author_description", "newsletter_intro"])
def test_a_lead_word_inside_a_boilerplate_compound_is_no_lead(name: str) -> None:
    bits = _name_evidence(name)
    assert bits & _HARD and not bits & _LEAD


def test_a_lead_beside_a_boilerplate_token_is_still_a_lead() -> None:
    assert _name_evidence("nav_anchor subheading") & _LEAD


@pytest.mark.parametrize(
    "name",
    ["texto-bajada", "article-subheadline", "mosi-artikel-teaser", "sommario", "field-description"],
)
def test_standfirst_names(name: str) -> None:
    assert LEAD_NAME.search(name)


@pytest.mark.parametrize(
    ("name", "negative"),
    [("share-bar", True), ("sharing-tools", True), ("entry-footer", True), ("main", False)],
)
def test_tokens_match_at_boundaries_only(name: str, negative: bool) -> None:
    assert bool(NEGATIVE_NAME.search(name)) is negative
    assert not NEGATIVE_NAME.search("x" + name.replace("-", ""))  # glued into another word
