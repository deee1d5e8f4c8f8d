"""Name evidence: what a class or id says about its box."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("name", ["author-description", "author_description"])
def test_an_authors_description_is_no_lead(name: str) -> None:
    assert not LEAD_NAME.search(name)


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
