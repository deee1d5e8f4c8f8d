"""The seed article in every markup of ``tests/seed_family.py``: exact paragraphs and metadata.

One test per variant (the id names its value on every dimension). A failure shows
the whole difference at once: the lines that came out against the six paragraphs,
the boilerplate strings that leaked, and title, authors (case-folded, in order)
and publication day against the expected ones.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest

import cleanscrape
from tests.seed_family import DIMENSIONS, PARAGRAPHS, Variant, observed, variants, wanted

VARIANTS = variants()


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_variant(variant: Variant) -> None:
    article = cleanscrape.extract(variant.html, url=variant.url)
    assert article is not None
    assert observed(variant, article) == wanted(variant)


def test_family_is_large_and_covers_every_dimension_value() -> None:
    assert len(VARIANTS) >= 200
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)
    for dimension, values in DIMENSIONS.items():
        seen = Counter(v.dim(dimension) for v in VARIANTS)
        assert set(seen) == set(values), dimension
        assert min(seen.values()) >= 10, (dimension, seen)


def test_family_is_deterministic() -> None:
    again = variants()
    assert [v.html for v in again] == [v.html for v in VARIANTS]


def test_variants_are_consistent() -> None:
    for variant in VARIANTS:
        page = variant.html
        assert all(html.escape(p) in page for p in variant.paragraphs)
        assert len(variant.absent) >= 10, variant.name
        for piece in variant.absent:
            assert all(piece not in p for p in PARAGRAPHS), (variant.name, piece)
        if variant.dim("byline") == "jsonld":
            assert "application/ld+json" in page
        if variant.dim("names") == "none":
            assert not re.search(r"\s(?:class|id)=", page), variant.name


def test_generated_class_names_carry_no_meaning() -> None:
    # Boilerplate and content words are matched in class names at "-", "_" and space
    # boundaries, whole or as a prefix: a generated part is long and starts with none.
    words = re.compile(
        r"article|body|content|main|post|story|text|promo|news|sign|bio|author|byline|related"
        r"|share|social|cookie|consent|nav|foot|head|date|time|title|side|comment|teaser|more"
    )
    for variant in VARIANTS:
        if variant.dim("names") != "generated":
            continue
        for classes in re.findall(r'class="([^"]*)"', variant.html):
            for part in re.split(r"[\s_-]+", classes.lower()):
                if part not in ("css", "sc"):
                    assert len(part) >= 5 and not words.match(part), (variant.name, part)
