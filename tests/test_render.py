"""Rendering an article: safe HTML, and the renderings an ``Article`` offers from it."""

from __future__ import annotations

import json

import pytest

from cleanscrape.models import Article
from cleanscrape.render import html_to_markdown, sanitize_html

BASE = "https://news.example.com/2024/05/harbour"


# --- sanitize_html: what may never reach a browser --------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p><script>alert(1)</script>",
        "<p>a</p><style>p{color:red}</style>",
        '<p>a</p><iframe src="https://ads.example/x"></iframe>',
        '<p>a</p><form action="/x"><input name="q"></form>',
        '<p>a</p><object data="x.swf"></object>',
    ],
    ids=["script", "style", "iframe", "form", "object"],
)
def test_dangerous_elements_are_removed(html: str) -> None:
    assert sanitize_html(html) == "<p>a</p>"


def test_script_text_does_not_survive_as_text() -> None:
    assert "alert" not in sanitize_html("<p>a<script>alert(1)</script></p>")


def test_event_handler_attributes_are_removed() -> None:
    out = sanitize_html('<p onclick="steal()">a <img src="/i.jpg" onerror="steal()"></p>', BASE)
    assert "onclick" not in out
    assert "onerror" not in out


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<b>x</b>",
    ],
)
def test_script_urls_are_removed(href: str) -> None:
    out = sanitize_html(f'<p><a href="{href}">x</a></p>', BASE)
    assert "javascript" not in out.lower()
    assert "data:" not in out


def test_relative_urls_resolve_against_the_base() -> None:
    out = sanitize_html('<p><a href="../pier">pier</a> <img src="/i.jpg" alt=""></p>', BASE)
    assert 'href="https://news.example.com/2024/pier"' in out
    assert 'src="https://news.example.com/i.jpg"' in out


def test_structure_is_kept() -> None:
    html = (
        "<h2>H</h2><ul><li>i</li></ul><blockquote><p>q</p></blockquote>"
        "<table><tbody><tr><td>c</td></tr></tbody></table><pre><code>x = 1</code></pre>"
    )
    assert sanitize_html(html) == html


# --- Article renderings --------------------------------------------------------------


def _article() -> Article:
    return Article(
        text="Harbour news.\nSecond line.",
        html='<h2>Harbour</h2><p>Harbour <a href="https://x.example/a">news</a>.</p>',
        title="A title",
        authors=["Jane Doe"],
    )


def test_article_markdown_is_rendered_from_its_html() -> None:
    article = _article()
    assert article.markdown == html_to_markdown(article.html)
    assert article.markdown == "## Harbour\n\nHarbour [news](https://x.example/a).\n"


def test_to_dict_has_every_field_and_the_markdown() -> None:
    data = _article().to_dict()
    assert data["text"] == "Harbour news.\nSecond line."
    assert data["authors"] == ["Jane Doe"]
    assert data["markdown"].startswith("## Harbour")
    assert {"title", "date", "html", "url", "comments", "lang"} <= data.keys()


def test_to_json_round_trips_and_keeps_non_ascii() -> None:
    article = Article(text="Gärtnerei „Ochsenherz“", html="<p>Gärtnerei „Ochsenherz“</p>")
    raw = article.to_json()
    assert "Gärtnerei" in raw
    assert json.loads(raw)["text"] == "Gärtnerei „Ochsenherz“"


def test_to_json_indent() -> None:
    assert _article().to_json(indent=2).startswith('{\n  "text"')
