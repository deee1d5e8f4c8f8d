"""Property-based tests: random HTML trees and byte strings keep the contract.

``extract`` returns an ``Article`` or ``None`` or raises a ``CleanscrapeError``,
within a bounded time, and ``Article.html`` is safe (no script-capable tag,
no ``on*`` attribute, no ``javascript:``/``data:`` URL).
"""

from __future__ import annotations

import time

from hostile_support import unsafe_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleanscrape
from cleanscrape import Article, CleanscrapeError

# Per example; generous for shared CI machines (a normal example takes milliseconds).
_SECONDS = 5.0
_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_TAGS = [
    "p",
    "div",
    "span",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "font",
    "nobr",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "ul",
    "ol",
    "li",
    "dl",
    "dd",
    "dt",
    "select",
    "option",
    "optgroup",
    "h1",
    "h2",
    "article",
    "section",
    "main",
    "nav",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "code",
    "svg",
    "g",
    "math",
    "mi",
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "textarea",
    "title",
    "button",
    "img",
    "br",
    "hr",
    "frameset",
    "plaintext",
    "xmp",
    "body",
    "html",
    "head",
    "caption",
    "figure",
    "marquee",
    "image",
]
_ATTRIBUTES = [
    "",
    ' class="content"',
    " hidden",
    ' style="display:none"',
    ' aria-hidden="true"',
    ' href="javascript:alert(1)"',
    ' href="/relative/path"',
    ' src="data:text/html,x"',
    ' onclick="steal()"',
    " onerror=steal()",
    ' id="main"',
    ' href="//evil.test/"',
    "/",
    ' title="a>b"',
    " x='<p>'",
]
_WORDS = st.sampled_from(
    [
        "The harbour",
        "approved a breakwater",
        "after debate.",
        "&amp;",
        "&lol;",
        "\x00",
        "<",
        ">",
        "&#0;",
        "\ufeff",
        "Привет",
        "日本語",
        "\u202e",
        "  ",
        "\n",
        "javascript:x",
    ]
)


def _text() -> st.SearchStrategy[str]:
    return st.lists(_WORDS, max_size=8).map(" ".join)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(
        st.sampled_from(_TAGS),
        st.sampled_from(_ATTRIBUTES),
        st.lists(children, max_size=5),
        st.sampled_from(["close", "open", "wrong"]),
    ).map(_render)


def _render(parts: tuple[str, str, list[str], str]) -> str:
    tag, attributes, children, closing = parts
    inner = "".join(children)
    end = {"close": f"</{tag}>", "open": "", "wrong": "</div></b>"}[closing]
    return f"<{tag}{attributes}>{inner}{end}"


_LEAF = st.one_of(
    _text(),
    st.just("<!-- comment <p>x</p> -->"),
    st.just("<![CDATA[ cdata ]]>"),
    st.just("<!DOCTYPE html>"),
    st.just('<?xml version="1.0"?>'),
)
_TREES = st.recursive(_LEAF, _element, max_leaves=40)
_PAGES = st.tuples(_TREES, st.booleans()).map(
    lambda tree: (
        f"<html><head><title>t</title></head><body>{tree[0]}</body></html>" if tree[1] else tree[0]
    )
)


def _check(document: str | bytes, url: str | None = None) -> None:
    start = time.perf_counter()
    try:
        article = cleanscrape.extract(document, url)
    except CleanscrapeError:
        article = None
    assert time.perf_counter() - start < _SECONDS
    assert article is None or isinstance(article, Article)
    if article is not None:
        assert unsafe_html(article.html) is None, article.html
        assert isinstance(article.markdown, str)


@_SETTINGS
@given(_PAGES)
def test_random_html_trees_keep_the_contract(html: str) -> None:
    _check(html, "https://example.com/a/b")


@_SETTINGS
@given(_PAGES, st.sampled_from(["utf-8", "utf-16", "cp1251", "utf-16-be"]))
def test_random_html_trees_as_bytes_keep_the_contract(html: str, encoding: str) -> None:
    _check(html.encode(encoding, errors="replace"))


@_SETTINGS
@given(st.binary(max_size=8192))
def test_random_bytes_keep_the_contract(data: bytes) -> None:
    _check(data)


@_SETTINGS
@given(_PAGES, st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=4)), max_size=8))
def test_corrupted_html_bytes_keep_the_contract(html: str, edits: list[tuple[int, bytes]]) -> None:
    data = bytearray(html.encode())
    for position, chunk in edits:
        at = position % (len(data) + 1)
        data[at : at + len(chunk)] = chunk
    _check(bytes(data))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(_TAGS), st.integers(1_000, 20_000))
def test_deep_repetition_of_any_tag_is_bounded(tag: str, count: int) -> None:
    _check(f"<{tag}>" * count + "<p>The harbour approved a breakwater after a long debate.</p>")
