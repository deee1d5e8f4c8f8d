"""``html_to_markdown``: each construct comes out as Markdown that means the same thing.

Besides the exact strings, several tests parse the output back with a CommonMark
parser (markdown-it-py), so "means the same" is checked, not just "looks right".
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from cleanscrape.render import html_to_markdown

_COMMONMARK = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _roundtrip(markdown: str) -> str:
    """The HTML a CommonMark renderer makes of ``markdown``, without newlines."""
    return _COMMONMARK.render(markdown).replace("\n", "")


def test_empty_input_gives_empty_string() -> None:
    assert html_to_markdown("") == ""


def test_output_ends_with_one_newline() -> None:
    assert html_to_markdown("<p>a</p><p>b</p>") == "a\n\nb\n"


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5, 6])
def test_heading_levels(level: int) -> None:
    assert html_to_markdown(f"<h{level}>Tide tables</h{level}>") == "#" * level + " Tide tables\n"


def test_heading_keeps_inline_link() -> None:
    html = '<h2>See <a href="https://example.com/t">the tables</a></h2>'
    assert html_to_markdown(html) == "## See [the tables](https://example.com/t)\n"


def test_paragraphs_are_separated_by_a_blank_line() -> None:
    assert html_to_markdown("<p>One.</p><p>Two.</p>") == "One.\n\nTwo.\n"


def test_inline_whitespace_is_collapsed() -> None:
    assert html_to_markdown("<p>  a\n   lot   of\tspace  </p>") == "a lot of space\n"


def test_emphasis_and_strong() -> None:
    html = "<p>A <em>calm</em> and <strong>clear</strong> day.</p>"
    assert html_to_markdown(html) == "A *calm* and **clear** day.\n"


def test_emphasis_markers_hug_the_text() -> None:
    assert html_to_markdown("<p>A<em> calm </em>day.</p>") == "A *calm* day.\n"


def test_empty_emphasis_leaves_no_markers() -> None:
    assert html_to_markdown("<p>A <strong> </strong>day.</p>") == "A day.\n"


def test_link() -> None:
    html = '<p>Read <a href="https://example.com/a">the report</a>.</p>'
    assert html_to_markdown(html) == "Read [the report](https://example.com/a).\n"


def test_link_with_title() -> None:
    html = '<p><a href="https://example.com/a" title="PDF, 2 MB">report</a></p>'
    assert html_to_markdown(html) == '[report](https://example.com/a "PDF, 2 MB")\n'


def test_link_target_with_space_or_parenthesis_is_bracketed() -> None:
    html = '<p><a href="https://example.com/a_(b)">wiki</a></p>'
    markdown = html_to_markdown(html)
    assert markdown == "[wiki](<https://example.com/a_(b)>)\n"
    assert 'href="https://example.com/a_(b)"' in _roundtrip(markdown)


def test_link_without_text_is_dropped() -> None:
    assert html_to_markdown('<p>x <a href="/y"></a></p>') == "x\n"


def test_image() -> None:
    html = '<p><img src="https://example.com/i.jpg" alt="A harbour at dawn"></p>'
    assert html_to_markdown(html) == "![A harbour at dawn](https://example.com/i.jpg)\n"


def test_image_without_src_is_dropped() -> None:
    assert html_to_markdown('<p>a <img alt="x"> b</p>') == "a b\n"


def test_markdown_characters_in_text_are_escaped() -> None:
    markdown = html_to_markdown("<p>2*3 is not [a link] or `code` or _this_</p>")
    assert _roundtrip(markdown) == "<p>2*3 is not [a link] or `code` or _this_</p>"


def test_line_start_that_looks_like_a_list_is_escaped() -> None:
    markdown = html_to_markdown("<p>1. is not a list</p><p># is not a heading</p>")
    assert _roundtrip(markdown) == "<p>1. is not a list</p><p># is not a heading</p>"


def test_line_break_is_a_hard_break() -> None:
    markdown = html_to_markdown("<p>1 Main St<br>Springfield</p>")
    assert markdown == "1 Main St\\\nSpringfield\n"
    assert _roundtrip(markdown) == "<p>1 Main St<br />Springfield</p>"


def test_repeated_line_breaks_make_no_empty_line() -> None:
    assert html_to_markdown("<p>a<br><br><br>b</p>") == "a\\\nb\n"


def test_unordered_list_is_tight() -> None:
    assert html_to_markdown("<ul><li>salt</li><li>pepper</li></ul>") == "- salt\n- pepper\n"


def test_ordered_list_is_numbered() -> None:
    assert html_to_markdown("<ol><li>Heat</li><li>Stir</li></ol>") == "1. Heat\n2. Stir\n"


def test_ordered_list_honours_start() -> None:
    assert html_to_markdown('<ol start="4"><li>d</li><li>e</li></ol>') == "4. d\n5. e\n"


def test_nested_unordered_list_is_indented_under_its_item() -> None:
    html = "<ul><li>fruit<ul><li>apples</li><li>pears</li></ul></li><li>bread</li></ul>"
    assert html_to_markdown(html) == "- fruit\n  - apples\n  - pears\n- bread\n"


def test_nested_list_under_ordered_item_is_indented_past_the_number() -> None:
    html = "<ol><li>Prepare<ol><li>wash</li></ol></li><li>Cook</li></ol>"
    markdown = html_to_markdown(html)
    assert markdown == "1. Prepare\n   1. wash\n2. Cook\n"
    assert _roundtrip(markdown) == ("<ol><li>Prepare<ol><li>wash</li></ol></li><li>Cook</li></ol>")


def test_item_numbers_of_ten_and_more_indent_their_content() -> None:
    items = "".join(f"<li>item {n}</li>" for n in range(1, 11))
    html = f"<ol>{items}</ol>".replace("<li>item 10</li>", "<li>item 10<ul><li>sub</li></ul></li>")
    markdown = html_to_markdown(html)
    assert markdown.endswith("10. item 10\n    - sub\n")
    assert "<li>item 10<ul><li>sub</li></ul></li>" in _roundtrip(markdown)


def test_list_item_with_line_break_continues_under_the_marker() -> None:
    markdown = html_to_markdown("<ul><li>first line<br>second line</li></ul>")
    assert markdown == "- first line\\\n  second line\n"


def test_list_item_with_paragraphs_makes_a_loose_list() -> None:
    html = "<ul><li><p>Para one.</p><p>Para two.</p></li><li>Next.</li></ul>"
    markdown = html_to_markdown(html)
    assert markdown == "- Para one.\n\n  Para two.\n\n- Next.\n"
    assert _roundtrip(markdown) == (
        "<ul><li><p>Para one.</p><p>Para two.</p></li><li><p>Next.</p></li></ul>"
    )


def test_blockquote_single_paragraph() -> None:
    assert html_to_markdown("<blockquote><p>Be brief.</p></blockquote>") == "> Be brief.\n"


def test_blockquote_with_bare_text() -> None:
    assert html_to_markdown("<blockquote>Be brief.</blockquote>") == "> Be brief.\n"


def test_blockquote_paragraphs_continue_with_marker_on_the_blank_line() -> None:
    html = "<blockquote><p>First thought.</p><p>Second thought.</p></blockquote>"
    markdown = html_to_markdown(html)
    assert markdown == "> First thought.\n>\n> Second thought.\n"
    assert _roundtrip(markdown) == (
        "<blockquote><p>First thought.</p><p>Second thought.</p></blockquote>"
    )


def test_paragraph_after_blockquote_is_outside_it() -> None:
    markdown = html_to_markdown("<blockquote><p>q</p></blockquote><p>after</p>")
    assert _roundtrip(markdown) == "<blockquote><p>q</p></blockquote><p>after</p>"


def test_nested_blockquote() -> None:
    html = "<blockquote><blockquote><p>inner</p></blockquote><p>outer</p></blockquote>"
    markdown = html_to_markdown(html)
    assert markdown == "> > inner\n>\n> outer\n"
    assert _roundtrip(markdown) == (
        "<blockquote><blockquote><p>inner</p></blockquote><p>outer</p></blockquote>"
    )


def test_list_inside_blockquote() -> None:
    markdown = html_to_markdown(
        "<blockquote><p>Bring:</p><ul><li>a</li><li>b</li></ul></blockquote>"
    )
    assert markdown == "> Bring:\n>\n> - a\n> - b\n"


def test_table_with_header_row() -> None:
    html = (
        "<table><thead><tr><th>District</th><th>Rate</th></tr></thead>"
        "<tbody><tr><td>Ashbourne</td><td>52%</td></tr><tr><td>Brindle</td><td>48%</td></tr>"
        "</tbody></table>"
    )
    markdown = html_to_markdown(html)
    assert markdown == (
        "| District | Rate |\n| --- | --- |\n| Ashbourne | 52% |\n| Brindle | 48% |\n"
    )
    assert "<th>District</th>" in _roundtrip(markdown)
    assert "<td>Brindle</td>" in _roundtrip(markdown)


def test_table_caption_comes_before_the_table() -> None:
    html = "<table><caption>Rates, 2024</caption><tr><th>a</th></tr><tr><td>1</td></tr></table>"
    assert html_to_markdown(html) == "Rates, 2024\n\n| a |\n| --- |\n| 1 |\n"


def test_table_pipe_in_cell_is_escaped() -> None:
    html = "<table><tr><th>a</th></tr><tr><td>x|y</td></tr></table>"
    assert "<td>x|y</td>" in _roundtrip(html_to_markdown(html))


def test_table_short_rows_are_padded() -> None:
    html = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td></tr></table>"
    assert html_to_markdown(html).splitlines()[-1] == "| 1 |  |"


def test_code_block_is_fenced_and_keeps_indentation() -> None:
    html = "<pre><code>def f():\n    return 1\n</code></pre>"
    assert html_to_markdown(html) == "```\ndef f():\n    return 1\n```\n"


def test_code_block_language_class_becomes_info_string() -> None:
    html = '<pre><code class="language-python">print(1)</code></pre>'
    assert html_to_markdown(html) == "```python\nprint(1)\n```\n"


def test_code_block_language_on_the_pre_or_its_wrapper() -> None:
    assert html_to_markdown('<pre class="lang-sql">SELECT 1</pre>').startswith("```sql\n")
    wrapped = '<div class="language-console highlight"><pre><code>$ ls</code></pre></div>'
    assert html_to_markdown(wrapped).startswith("```console\n")


def test_code_block_containing_a_fence_gets_a_longer_fence() -> None:
    markdown = html_to_markdown("<pre><code>```\nnot the end\n```</code></pre>")
    assert markdown.startswith("````\n")
    assert _roundtrip(markdown) == "<pre><code>```\nnot the end\n```\n</code></pre>".replace(
        "\n", ""
    )


def test_code_block_markdown_characters_are_not_escaped() -> None:
    assert html_to_markdown("<pre>a_b *c* [d]</pre>") == "```\na_b *c* [d]\n```\n"


def test_inline_code() -> None:
    assert (
        html_to_markdown("<p>Run <code>make test</code> first.</p>") == "Run `make test` first.\n"
    )


def test_inline_code_with_backtick_gets_longer_fence() -> None:
    markdown = html_to_markdown("<p>Type <code>a`b</code> here</p>")
    assert markdown == "Type ``a`b`` here\n"
    assert "<code>a`b</code>" in _roundtrip(markdown)


def test_horizontal_rule() -> None:
    assert html_to_markdown("<p>a</p><hr><p>b</p>") == "a\n\n---\n\nb\n"


def test_divs_are_transparent() -> None:
    assert html_to_markdown("<div><div><p>deep</p></div></div>") == "deep\n"


def test_script_and_style_are_ignored() -> None:
    html = "<p>text</p><script>alert(1)</script><style>p{}</style>"
    assert html_to_markdown(html) == "text\n"


def test_deep_nesting_does_not_recurse() -> None:
    depth = 5000
    html = "<div>" * depth + "<p>bottom</p>" + "</div>" * depth
    assert html_to_markdown(html) == "bottom\n"


def test_deeply_nested_inline_markup_does_not_recurse() -> None:
    depth = 5000
    html = "<p>" + "<span>" * depth + "core" + "</span>" * depth + "</p>"
    assert html_to_markdown(html) == "core\n"


# --- inert under renderers that allow raw HTML (issue 16, case 10) ----------------------


def _rendered(markdown: str) -> list[str]:
    """``markdown`` as HTML by markdown-it-py and by commonmark, raw HTML allowed."""
    import commonmark

    permissive = MarkdownIt("commonmark", {"html": True}).enable("table")
    permissive.validateLink = lambda url: True  # the renderer's own scheme filter off
    return [permissive.render(markdown), commonmark.commonmark(markdown)]


def _assert_inert(markdown: str) -> None:
    from hostile_support import unsafe_html

    for html in _rendered(markdown):
        assert unsafe_html(html) is None, (markdown, html)
        assert '<img src="x"' not in html and "<img src=x" not in html, html


_PAYLOAD = "<img src=x onerror=alert(1)>"

_HOSTILE_BODIES = {
    "link title ending in a backslash": f'<a href="https://e.com/" title="{_PAYLOAD}\\">x</a>',
    "image title ending in a backslash": f'<img src="https://e.com/i.png" title="{_PAYLOAD}\\">',
    "entity-encoded scheme": '<a href="javascript&amp;#58;alert(1)">x</a>',
    "numeric entity scheme": '<a href="javascript&amp;#x3A;alert(1)">x</a>',
    "backslash-escaped scheme": '<a href="javascript\\:alert(1)">x</a>',
    "image with entity scheme": '<img src="javascript&amp;#58;alert(1)" alt="a">',
    "title with a newline": f'<a href="https://e.com/" title="a\n\n{_PAYLOAD}">x</a>',
    "href with a newline": f'<a href="https://e.com/a&#10;&#10;{_PAYLOAD}">x</a>',
    "escaped markup in text": "&lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;x&lt;/script&gt;",
}


@pytest.mark.parametrize("body", list(_HOSTILE_BODIES.values()), ids=list(_HOSTILE_BODIES))
def test_markdown_of_hostile_links_is_inert(body: str) -> None:
    _assert_inert(html_to_markdown(f"<p>Some text {body} more text.</p>"))


@pytest.mark.parametrize("body", list(_HOSTILE_BODIES.values()), ids=list(_HOSTILE_BODIES))
def test_article_markdown_without_base_url_is_inert(body: str) -> None:
    import cleanscrape

    story = "".join(
        f"<p>Paragraph {i} of the harbour story runs long enough to be an article here. {body}</p>"
        for i in range(4)
    )
    article = cleanscrape.extract(f"<html><body><article><h1>T</h1>{story}</article></body></html>")
    assert article is not None
    _assert_inert(article.markdown)


def test_unsafe_scheme_link_keeps_its_text() -> None:
    html = '<p><a href="javascript&amp;#58;alert(1)">the text</a></p>'
    assert html_to_markdown(html) == "the text\n"


def test_link_with_ampersand_and_backslash_round_trips() -> None:
    html = '<p><a href="https://e.com/a?b=1&amp;c=2&amp;d=a\\b">x</a></p>'
    rendered = _roundtrip(html_to_markdown(html))
    assert 'href="https://e.com/a?b=1&amp;c=2&amp;d=a%5Cb"' in rendered


def test_tilde_fence_paragraph_opens_no_code_block() -> None:
    markdown = html_to_markdown("<p>~~~</p><p>Not code</p>")
    assert "<pre>" not in _roundtrip(markdown)
    assert "Not code" in _roundtrip(markdown)


def test_command_markdown_heading_is_escaped(tmp_path: object) -> None:
    from pathlib import Path

    from cleanscrape.cli import main

    folder = Path(str(tmp_path))
    page = folder / "p.html"
    story = "".join(f"<p>Paragraph {i} of a story long enough to count.</p>" for i in range(4))
    page.write_text(
        f"<html><head><title>{_PAYLOAD.replace('<', '&lt;')}</title></head>"
        f"<body><article>{story}</article></body></html>"
    )
    out = folder / "out.md"
    assert main(["-f", "markdown", str(page), "-o", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("# ")
    _assert_inert(text)
