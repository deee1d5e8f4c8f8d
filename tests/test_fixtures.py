"""Acceptance suite: every page under ``fixtures/pages/`` against its ``.expected.json``.

The sidecar format and the text format contract are in ``fixtures/README.md``.
Each check is its own parametrized test so a report says *what* is wrong with
a page (boilerplate left in, a paragraph lost, the wrong title), with the
fixture's name as the test id.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import cleanscrape
from cleanscrape.models import Article
from cleanscrape.parse import parse_fragment

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_SPACE = re.compile(r"\s+")


def _names() -> list[str]:
    return sorted(p.name.removesuffix(".html") for p in PAGES.glob("*.html"))


def _with_key(key: str) -> list[str]:
    return [name for name in _names() if key in _expected(name)]


def _articles() -> list[str]:
    return [name for name in _names() if not _expected(name).get("none")]


@cache
def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAGES / f"{name}.expected.json").read_text("utf-8"))
    return data


@cache
def _extract(name: str, *, comments: bool = False) -> Article | None:
    data = (PAGES / f"{name}.html").read_bytes()
    return cleanscrape.extract(data, url=_expected(name).get("url"), comments=comments)


def _article(name: str) -> Article:
    article = _extract(name)
    assert article is not None, f"{name}: extract() returned None for an article page"
    return article


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --- the fixtures themselves -------------------------------------------------


def test_there_are_enough_fixtures() -> None:
    assert len(_names()) >= 27


@pytest.mark.parametrize("name", _names())
def test_fixture_is_consistent(name: str) -> None:
    """Expected text occurs in the page, and so does every absent string (else it could not fail)."""
    expected = _expected(name)
    assert expected.keys() <= {
        "url",
        "none",
        "title",
        "authors",
        "paragraphs",
        "contains",
        "absent",
        "comments",
        "markdown_contains",
        "kind",
    }
    raw = (PAGES / f"{name}.html").read_text("utf-8")
    assert raw.startswith("<!DOCTYPE html>\n<!--"), (
        "a page starts with a comment saying what it tests"
    )
    body = parse_fragment(raw).body
    assert body is not None
    page_text = _collapse(body.text(deep=True, separator=""))
    if expected.get("none"):
        assert not {"paragraphs", "contains", "title", "authors"} & expected.keys()
        return
    assert "paragraphs" in expected or "contains" in expected
    assert len(expected.get("absent", [])) >= 3, "several boilerplate strings per page"
    wanted = [*expected.get("paragraphs", []), *expected.get("contains", [])]
    for piece in [*wanted, *expected.get("absent", []), *expected.get("comments", [])]:
        assert _collapse(piece) in page_text, piece
    for line in expected.get("paragraphs", []):
        assert line == _collapse(line) and line, f"not a collapsed, non-empty line: {line!r}"
    for piece in expected.get("absent", []):
        assert all(piece not in line for line in wanted), f"absent string is expected too: {piece}"


# --- what extract() gives ------------------------------------------------------


@pytest.mark.parametrize("name", _with_key("none"))
def test_non_article_page_gives_none(name: str) -> None:
    assert _extract(name) is None


@pytest.mark.parametrize("name", _with_key("kind"))
def test_kind(name: str) -> None:
    assert _article(name).kind == _expected(name)["kind"]


@pytest.mark.parametrize("name", [n for n in _with_key("kind") if _expected(n)["kind"] != "article"])
def test_articles_only_filter_gives_none(name: str) -> None:
    data = (PAGES / f"{name}.html").read_bytes()
    assert cleanscrape.extract(data, url=_expected(name).get("url"), kinds={"article"}) is None


@pytest.mark.parametrize("name", _with_key("paragraphs"))
def test_exact_paragraphs(name: str) -> None:
    assert _article(name).text.split("\n") == _expected(name)["paragraphs"]


@pytest.mark.parametrize("name", _with_key("contains"))
def test_contains(name: str) -> None:
    text = _article(name).text
    missing = [piece for piece in _expected(name)["contains"] if piece not in text]
    assert not missing


@pytest.mark.parametrize("name", _with_key("absent"))
def test_boilerplate_absent(name: str) -> None:
    text = _article(name).text
    leaked = [piece for piece in _expected(name)["absent"] if piece in text]
    assert not leaked


@pytest.mark.parametrize("name", _with_key("title"))
def test_title(name: str) -> None:
    assert _article(name).title == _expected(name)["title"]


@pytest.mark.parametrize("name", _with_key("authors"))
def test_authors(name: str) -> None:
    assert _article(name).authors == _expected(name)["authors"]


@pytest.mark.parametrize("name", _with_key("markdown_contains"))
def test_markdown_keeps_structure(name: str) -> None:
    markdown = _article(name).markdown
    missing = [piece for piece in _expected(name)["markdown_contains"] if piece not in markdown]
    assert not missing


@pytest.mark.parametrize("name", _with_key("comments"))
def test_comments_extracted_on_request(name: str) -> None:
    article = _extract(name, comments=True)
    assert article is not None
    assert article.comments is not None
    missing = [piece for piece in _expected(name)["comments"] if piece not in article.comments]
    assert not missing


@pytest.mark.parametrize("name", _articles())
def test_text_has_no_blank_or_padded_lines(name: str) -> None:
    # Code keeps its indentation (a <pre> line is the page's own line, as is);
    # every other line is collapsed and stripped, and no line is blank.
    page = parse_fragment((PAGES / f"{name}.html").read_text("utf-8"))
    code_lines = {line for pre in page.css("pre") for line in pre.text(deep=True).split("\n")}
    lines = _article(name).text.split("\n")
    assert all(line for line in lines)
    assert all(line == _collapse(line) for line in lines if line not in code_lines)
