"""Every fixture that declares its kind fails without the mechanism it covers.

Each page under ``fixtures/pages/`` whose sidecar declares a kind (``"kind"``)
names here the mechanisms that make it come out right: the
switches of ``cleanscrape.heuristic.switches`` (a cut, a pass or a signal).
With the named switches off (``switches.disabled``) the page's expectations
fail: its kind changes, a ``contains`` or ``paragraphs`` line is lost, or an
``absent`` line leaks. With them on, the page passes.

A case of two switches names two mechanisms that back each other up: either
one alone is enough, so the page fails only with both off (and passes with
either one off). A fixture whose expectations hold without a case's switches
does not test that mechanism, and the test says so.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import cleanscrape
from cleanscrape.heuristic import switches

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"

# fixture -> the switch sets it covers, each with how the page fails without it.
MECHANISMS: dict[str, list[tuple[tuple[str, ...], str]]] = {
    # Articles (the other article pages carry no "kind": test_cuts.py covers the cuts).
    "news-split-ad": [
        (("after_article",), "'Explore more on these topics' and 'Most viewed' leak"),
        (("boilerplate_wording",), "the photo credit leaks"),
    ],
    "noscript-content": [
        (("signal:noscript-content",), "the essay in <noscript> is dropped: None"),
    ],
    "react-streaming-ssr": [
        (
            ("signal:streamed-boundaries",),
            "the streamed paragraphs come last and the loading fallback leaks",
        ),
    ],
    # Collections.
    "collection-bigcommerce": [
        (("signal:card-grid",), "read as an article of its description: the products are lost"),
        (("signal:prices",), "named a listing, not a collection"),
    ],
    "collection-drupal-seeds": [
        (("signal:card-grid",), "read as an article of its introduction: the varieties are lost"),
        (("signal:prices",), "named a listing, not a collection"),
    ],
    "collection-shopify-grid": [
        (("signal:declared-types",), "og:type product.group unread: named a listing"),
    ],
    # Listings.
    "homepage-tiles": [
        (
            ("signal:card-grid", "signal:article-share"),
            "read as an article of almost nothing: None",
        ),
    ],
    "listing-archive": [
        (("signal:address-kind", "signal:card-grid"), "read as an article: the posts are lost"),
    ],
    "listing-ghost-tag": [
        (("signal:address-kind", "signal:article-share"), "read as an article: the posts are lost"),
    ],
    # Documentation.
    "docs-code": [(("signal:address-kind",), "a docs. host unread: named an article")],
    "docs-tabs-hidden": [(("signal:address-kind",), "a docs. host unread: named an article")],
    "sphinx-section-ids": [(("signal:address-kind",), "a docs. host unread: named an article")],
    # Forums.
    "forum-discourse": [
        (
            ("signal:declared-types", "signal:address-kind"),
            "neither the JSON-LD posting nor the /t/ address read: named an article",
        ),
        (("counter",), "the posts' like counts ('4 Likes') leak"),
    ],
    "phpbb-forum": [
        (("signal:address-kind",), "the viewtopic.php address unread: named an article"),
        (("signal:item-names",), "signatures and ranks in the repeated posts leak"),
    ],
    "qa-stackoverflow": [
        (("signal:address-kind",), "the /questions/ address unread: named an article"),
        (("post_comments",), "the comments under the question leak"),
    ],
    # Products.
    "product-page": [(("signal:declared-types",), "og:type product unread: named an article")],
    "product-shopify-notebook": [
        (("signal:declared-types",), "og:type product and the Product unread: named an article"),
    ],
    "product-jsonld-description": [
        (
            ("signal:declared-types",),
            "the Product unread: a collection of prices, without its JSON-LD description",
        ),
    ],
    # Service pages.
    "service-saas-landing": [(("signal:service",), "named an article")],
    "service-garden-design": [(("signal:service",), "named an article")],
    "service-translation-gutenberg": [(("signal:service",), "named an article")],
}


@cache
def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAGES / f"{name}.expected.json").read_text("utf-8"))
    return data


def _kind_fixtures() -> list[str]:
    names = (p.name.removesuffix(".expected.json") for p in PAGES.glob("*.expected.json"))
    return sorted(n for n in names if "kind" in _expected(n))


def _failures(name: str) -> list[str]:
    """What of the sidecar's expectations the page misses now (empty: it passes)."""
    expected = _expected(name)
    html = (PAGES / f"{name}.html").read_bytes()
    article = cleanscrape.extract(html, url=expected.get("url"))
    if article is None:
        return ["extract() gave None"]
    text = article.text
    failures = []
    if article.kind != expected["kind"]:
        failures.append(f"kind {article.kind} ({article.kind_evidence})")
    if "paragraphs" in expected and text.split("\n") != expected["paragraphs"]:
        failures.append("paragraphs differ")
    failures += [f"lost: {p}" for p in expected.get("contains", []) if p not in text]
    failures += [f"leaks: {p}" for p in expected.get("absent", []) if p in text]
    return failures


def _cases() -> list[tuple[str, tuple[str, ...]]]:
    return [(name, off) for name, cases in MECHANISMS.items() for off, _ in cases]


def test_every_kind_fixture_names_its_mechanisms() -> None:
    assert set(MECHANISMS) == set(_kind_fixtures())
    for name, cases in MECHANISMS.items():
        assert cases, name
        for off, how in cases:
            assert set(off) <= set(switches.names()) and how, (name, off)


def test_each_kind_has_three_fixtures() -> None:
    kinds = [_expected(name)["kind"] for name in _kind_fixtures()]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        kind: max(3, kinds.count(kind)) for kind in cleanscrape.KINDS
    }


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_passes_with_every_mechanism_on(name: str) -> None:
    assert _failures(name) == []


@pytest.mark.parametrize(("name", "off"), _cases(), ids=[f"{n}-{'+'.join(o)}" for n, o in _cases()])
def test_fails_without_its_mechanism(name: str, off: tuple[str, ...]) -> None:
    with switches.disabled(*off):
        failures = _failures(name)
    assert failures, f"{name} passes with {off} off: it does not test them"
    if len(off) > 1:  # mechanisms that back each other up: either one is enough
        for switch in off:
            with switches.disabled(switch):
                assert _failures(name) == [], f"{name} fails with {switch} alone off"
