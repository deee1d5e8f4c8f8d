"""The output sanitizer: an nh3 allowlist; absolute, harmless URLs."""

from __future__ import annotations

import re
import time

import pytest
from hostile_support import unsafe_html

from cleanscrape.render import sanitize_html

BASE = "https://news.example.com/2024/05/harbour.html"


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.test/x.js></SCRIPT>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<iframe src=https://evil.test/></iframe>",
        "<frameset><frame src=x></frameset>",
        "<object data=x.swf></object>",
        "<embed src=x.swf>",
        "<form action=/steal><input name=q><button>go</button></form>",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<math><mtext><style><img src=x onerror=alert(1)></style></mtext></math>",
        "<base href=https://evil.test/>",
        "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
        "<link rel=stylesheet href=https://evil.test/x.css>",
        "<template><script>alert(1)</script></template>",
        "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    ],
    ids=lambda html: re.sub(r"\W+", "-", html[:24]).strip("-"),
)
def test_dangerous_elements_are_removed(html: str) -> None:
    out = sanitize_html(f"<p>before</p>{html}<p>after</p>", BASE)
    assert (
        re.search(
            r"<\s*(script|style|iframe|frame|object|embed|form|input|svg|math|base|meta|link)\b",
            out,
            re.I,
        )
        is None
    ), out
    assert re.search(r"\son\w+\s*=", out) is None, out
    assert "before" in out and "after" in out


@pytest.mark.parametrize(
    "attribute",
    [
        "onclick=alert(1)",
        "onmouseover='x()'",
        'ONLOAD="x()"',
        "style='background:red'",
        "formaction=x",
    ],
)
def test_event_and_style_attributes_are_removed(attribute: str) -> None:
    out = sanitize_html(f"<p {attribute}>text</p>", BASE)
    assert out == "<p>text</p>"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "  JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
    ],
)
def test_script_and_data_urls_are_dropped_from_links(url: str) -> None:
    out = sanitize_html(f'<a href="{url}">x</a>', BASE)
    assert "href" not in out
    assert "script" not in out.lower() and "data:" not in out.lower()


def test_data_urls_are_dropped_from_images() -> None:
    out = sanitize_html('<img src="data:image/png;base64,AAAA" alt="a">', BASE)
    assert "data:" not in out


def test_relative_link_resolves_against_the_page() -> None:
    out = sanitize_html('<a href="../more.html">more</a>', BASE)
    assert 'href="https://news.example.com/2024/more.html"' in out


def test_relative_image_resolves_against_the_page() -> None:
    out = sanitize_html('<img src="img/a.png" alt="a">', BASE)
    assert 'src="https://news.example.com/2024/05/img/a.png"' in out


def test_protocol_relative_link_gets_the_page_scheme() -> None:
    assert 'href="https://cdn.example.net/x"' in sanitize_html(
        '<a href="//cdn.example.net/x">x</a>', BASE
    )


def test_fragment_link_resolves_to_the_page() -> None:
    assert f'href="{BASE}#notes"' in sanitize_html('<a href="#notes">n</a>', BASE)


def test_mailto_and_tel_links_are_kept() -> None:
    out = sanitize_html('<a href="mailto:desk@example.com">m</a> <a href="tel:+331234">t</a>', BASE)
    assert 'href="mailto:desk@example.com"' in out and 'href="tel:+331234"' in out


def test_unparseable_url_is_dropped() -> None:
    assert "href" not in sanitize_html('<a href="http://[::1">bad</a>', BASE)


def test_relative_links_are_kept_without_a_base() -> None:
    assert 'href="rel/x"' in sanitize_html('<a href="rel/x">x</a>', None)


def test_links_get_noopener() -> None:
    assert 'rel="noopener noreferrer"' in sanitize_html('<a href="https://a.example/">a</a>', BASE)


def test_text_markup_is_escaped_not_interpreted() -> None:
    out = sanitize_html("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", BASE)
    assert "<script" not in out
    assert "&lt;script&gt;" in out


def test_article_structure_is_kept() -> None:
    html = (
        "<h2>Head</h2><p>A <strong>b</strong> <em>i</em> <code>c</code></p>"
        "<ul><li>one</li></ul><blockquote>q</blockquote><table><tr><td>cell</td></tr></table>"
        "<figure><img src=a.png alt=a><figcaption>cap</figcaption></figure>"
    )
    out = sanitize_html(html, BASE)
    for tag in (
        "h2",
        "strong",
        "em",
        "code",
        "ul",
        "li",
        "blockquote",
        "table",
        "td",
        "figure",
        "figcaption",
        "img",
    ):
        assert f"<{tag}" in out, tag


def test_deep_and_large_input_is_sanitized_quickly() -> None:
    html = "<div>" * 2000 + "<p>" + "word " * 500_000 + "</p>" + "</div>" * 2000
    start = time.process_time()
    out = sanitize_html(html, BASE)
    assert time.process_time() - start < 10
    assert "word word" in out


@pytest.mark.parametrize(
    "markup",
    [
        "<img src='data\x1e:x'>",
        "<a href='java\x1fscript:alert(1)'>l</a>",
        "<a href='data\x7f:x'>l</a>",
    ],
)
def test_control_characters_cannot_hide_a_scheme(markup: str) -> None:
    # Found by fuzz_extract (issue 16's run): the sanitizer read "data\x1e:x" as relative.
    cleaned = sanitize_html(f"<p>Text {markup}</p>")
    assert "data" not in cleaned and "script" not in cleaned
    assert unsafe_html(cleaned) is None
