"""Markdown and sanitized HTML as a reader wants them (issue 17, "Output quality")."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

import cleanscrape
from cleanscrape.render import html_to_markdown, sanitize_html

BASE = "https://news.example.com/a"
PARAGRAPH = (
    "<p>The old tide mill on the estuary turned again on Sunday for the first time since "
    "1957, after a restoration that took volunteers eleven years and cost less than a car.</p>"
)


def _markdown(body: str) -> str:
    """Body HTML through the sanitizer and the Markdown renderer, as Article.markdown is."""
    return html_to_markdown(sanitize_html(body, BASE))


def _rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


# --- code blocks keep their language ---------------------------------------------


@pytest.mark.parametrize(
    ("html", "info"),
    [
        ('<pre><code class="language-python">print(1)</code></pre>', "python"),
        ('<pre class="lang-js"><code>f()</code></pre>', "js"),
        ('<pre><code class="hljs language-c++ numbered">x++;</code></pre>', "c++"),
    ],
    ids=["code-class", "pre-class", "among-other-classes"],
)
def test_code_block_keeps_its_language(html: str, info: str) -> None:
    assert _markdown(html).startswith(f"```{info}\n")


def test_extracted_article_keeps_the_code_language() -> None:
    page = (
        f"<html><body><article><h1>Mill</h1>{PARAGRAPH}"
        '<pre><code class="language-python">print("flour")</code></pre>'
        f"{PARAGRAPH}</article></body></html>"
    )
    article = cleanscrape.extract(page, BASE)
    assert article is not None
    assert '```python\nprint("flour")\n```' in article.markdown


def test_sanitizer_keeps_only_language_classes() -> None:
    cleaned = sanitize_html('<pre><code class="evil language-go x">go()</code></pre>')
    assert cleaned == '<pre><code class="language-go">go()</code></pre>'
    assert "class" not in sanitize_html('<p class="language-go">text</p>')


# --- thematic breaks -------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    ["<p>one</p><hr>", "<hr><p>one</p>", "<p>one</p><hr><hr><p>two</p><hr>"],
    ids=["last", "first", "doubled"],
)
def test_no_stray_rule(html: str) -> None:
    markdown = _markdown(html)
    assert not markdown.startswith("---")
    assert not markdown.rstrip().endswith("---")
    assert markdown.count("---") <= 1


def test_rule_between_paragraphs_stays() -> None:
    assert _markdown("<p>one</p><hr><p>two</p>") == "one\n\n---\n\ntwo\n"


# --- links -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p>Updated<a href="/t"> today</a>.</p>', "Updated [today](https://news.example.com/t)."),
        ('<p>See <a href="/t">this </a>now.</p>', "See [this](https://news.example.com/t) now."),
        ('<p>Word<a href="/t">link</a></p>', "Word[link](https://news.example.com/t)"),
    ],
    ids=["space-inside-start", "space-inside-end", "no-space-in-source"],
)
def test_spaces_at_link_edges_stay_outside_the_link(html: str, expected: str) -> None:
    assert _markdown(html) == expected + "\n"


# --- escaping only where Markdown needs it ---------------------------------------


@pytest.mark.parametrize(
    "text",
    ["snake_case_name", "fill in the ___ blank", "2 * 3 = 6", "a _ b"],
    ids=["intraword-underscore", "blank-line", "multiplication", "lone-underscore"],
)
def test_inert_characters_are_not_escaped(text: str) -> None:
    markdown = _markdown(f"<p>{text}</p>")
    assert markdown == text + "\n"
    assert _rendered(markdown) == f"<p>{text}</p>\n"


@pytest.mark.parametrize(
    "text",
    ["a*b*c", "*not emphasis*", "_not emphasis_", "__init__ here", "* not a list", "***", "___"],
)
def test_characters_that_would_be_markup_are_escaped(text: str) -> None:
    markdown = _markdown(f"<p>{text}</p>")
    assert _rendered(markdown) == f"<p>{text}</p>\n", markdown


def test_bold_at_the_start_of_a_line_stays_bold() -> None:
    assert _markdown("<ul><li><strong>First</strong> point</li></ul>") == "- **First** point\n"


# --- headings in list items ------------------------------------------------------


def test_list_item_gets_a_heading_only_when_the_source_has_one() -> None:
    assert "#" not in _markdown("<ul><li><p><b>Title</b></p><p>text of the item</p></li></ul>")
    assert _markdown("<ul><li><h3>Title</h3></li></ul>") == "- ### Title\n"


# --- sanitized HTML drops empty wrappers -----------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p><span></span></p><p>text</p>", "<p>text</p>"),
        ("<ul></ul><p>text</p>", "<p>text</p>"),
        ("<div><p> </p><ul><li> </li></ul></div><p>text</p>", "<p>text</p>"),
        ('<p><a href="https://e.com/"></a>text</p>', "<p>text</p>"),
        ("<p>two<span> </span>words</p>", "<p>two words</p>"),
    ],
    ids=["empty-span", "empty-list", "nested-empties", "empty-link", "space-kept"],
)
def test_sanitized_html_drops_empty_wrappers(html: str, expected: str) -> None:
    assert sanitize_html(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<p><img src="https://e.com/a.png" alt=""></p>',
        "<table><tbody><tr><td></td><td>1</td></tr></tbody></table>",
        "<p>a<br>b</p>",
        '<p title="a > b">text</p>',
    ],
    ids=["image", "empty-cell", "line-break", "quoted-angle-bracket"],
)
def test_sanitized_html_keeps_what_holds_something(html: str) -> None:
    cleaned = sanitize_html(html)
    assert cleaned == sanitize_html(cleaned)
    for piece in ("img", "<td></td>", "<br>", "text"):
        if piece in html:
            assert piece in cleaned


# --- lists keep what sits in them outside an <li> ---------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<ul><div><li>one</li><li>two</li></div></ul>",
            "- one\n- two\n",
        ),
        (
            "<ol><li>one</li><h3>Part two</h3><li>two</li></ol>",
            "1. one\n\n### Part two\n\n2. two\n",
        ),
        (
            "<ul><li>one</li>loose words<li>two</li></ul>",
            "- one\n\nloose words\n\n- two\n",
        ),
        (
            "<ul><li>one<ul><span><li>inner</li></span></ul></li></ul>",
            "- one\n  - inner\n",
        ),
    ],
    ids=["wrapped-items", "heading-between-items", "text-between-items", "nested-wrapper"],
)
def test_list_content_outside_items_is_kept_and_not_put_in_an_item(
    html: str, expected: str
) -> None:
    # Browsers show all of it; the Markdown dropped it (and the text output kept it).
    markdown = _markdown(html)
    assert markdown == expected
    assert "<li><h3>" not in _rendered(markdown)  # no heading made part of an item


def test_list_directly_in_a_list_is_the_previous_items_sublist() -> None:
    # <ol><li>..</li><ol>..</ol></ol>: browsers indent the inner list under the item.
    html = "<ol><li>one</li><ol><li>inner</li></ol><li>two</li></ol>"
    assert _markdown(html) == "1. one\n   1. inner\n2. two\n"


def test_wrapper_of_a_wrapper_keeps_its_text() -> None:
    # Only direct wrappers give items; deeper ones are still shown, never dropped.
    assert "inner" in _markdown("<ul><li>one</li><div><div><li>inner</li></div></div></ul>")


def test_deeply_wrapped_list_renders_in_linear_time() -> None:
    import time

    depth = 400  # under Options.max_depth
    html = "<ul>" + "<div>" * depth + "<li>x</li>" * 20_000 + "</div>" * depth + "</ul>"
    start = time.process_time()
    markdown = _markdown(html)
    assert markdown.count("x") == 20_000
    assert time.process_time() - start < 10
