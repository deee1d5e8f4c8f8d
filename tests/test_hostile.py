"""Hostile and broken pages through the public ``extract``: never a hang, a crash or a blow-up.

Each test builds its input (nothing large on disk) and bounds the CPU time it takes;
the large inputs run in a child process (see ``test_hostile_large.py``) so
their peak memory can be measured.
"""

from __future__ import annotations

import gzip
import random
import re
import zlib
from collections.abc import Iterator

import pytest
from hostile_support import QUICK_SECONDS, cpu_seconds, extract_outcome, tree_depth

import cleanscrape
from cleanscrape import Article, InputTooLarge, NotHTMLError, Options
from cleanscrape.parse import lxml_tree, parse_document

ARTICLE = (
    "The harbour authority approved the new breakwater on Tuesday after a long debate. "
    "Engineers say the structure will protect the old town from winter storms for decades."
)
URL = "https://news.example.com/2024/05/harbour.html"


@pytest.fixture(autouse=True)
def _bounded_cpu_time() -> Iterator[None]:
    """Every test here, whatever it checks, must also finish within the hang bound."""
    start = cpu_seconds()
    yield
    assert cpu_seconds() - start < QUICK_SECONDS


def page(body: str, head: str = "<title>Harbour</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def assert_contract(result: object, seconds: float) -> None:
    """Article, None or a CleanscrapeError, within the time bound."""
    assert seconds < QUICK_SECONDS, f"took {seconds:.1f} s"
    assert result is None or isinstance(result, (Article, cleanscrape.CleanscrapeError)), result


def article_text(data: str | bytes, **kwargs: object) -> str:
    result, seconds = extract_outcome(data, **kwargs)
    assert seconds < QUICK_SECONDS, f"took {seconds:.1f} s"
    assert isinstance(result, Article), result
    return result.text


# --- nothing to extract --------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", "", b"   \n\t  ", "\n\n  ", b"<html>", "<html>", b"<html></html>", b"<!DOCTYPE html>"],
    ids=[
        "empty-bytes",
        "empty-str",
        "ws-bytes",
        "ws-str",
        "html-bytes",
        "html-str",
        "html-pair",
        "doctype",
    ],
)
def test_empty_pages_give_none(data: str | bytes) -> None:
    result, seconds = extract_outcome(data)
    assert_contract(result, seconds)
    assert result is None


def test_text_without_any_tag_is_not_an_error() -> None:
    result, seconds = extract_outcome((ARTICLE + "\n\n" + ARTICLE).encode())
    assert_contract(result, seconds)
    assert not isinstance(result, cleanscrape.CleanscrapeError)
    if isinstance(result, Article):
        assert "breakwater" in result.text


# --- binary --------------------------------------------------------------------

_PNG = b"\x89PNG\r\n\x1a\n" + zlib.compress(bytes(range(256)) * 8)
_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(200)


@pytest.mark.parametrize(
    "data",
    [
        _PNG,
        _PDF,
        gzip.compress(page(f"<p>{ARTICLE}</p>").encode()),
        random.Random(8).randbytes(4096),
        random.Random(9).randbytes(300_000),
    ],
    ids=["png", "pdf", "gzip", "random-4k", "random-300k"],
)
def test_binary_input_raises_not_html(data: bytes) -> None:
    result, seconds = extract_outcome(data)
    assert_contract(result, seconds)
    assert isinstance(result, NotHTMLError)


def test_not_html_is_an_input_error() -> None:
    with pytest.raises(cleanscrape.InputError):
        cleanscrape.extract(_PNG)


def test_nul_bytes_inside_text_are_dropped() -> None:
    text = article_text(page(f"<p>Harbour\x00 news: {ARTICLE}</p>").encode())
    assert "\x00" not in text
    assert "Harbour news" in text


def test_nul_bytes_inside_str_input_are_dropped() -> None:
    text = article_text(page(f"<p>Harbour\x00 news: {ARTICLE}</p>"))
    assert "\x00" not in text
    assert "Harbour news" in text


# --- nesting -------------------------------------------------------------------


def nested(levels: int, tag: str = "div") -> str:
    return page(f"<{tag}>" * levels + f"<p>Bottom line. {ARTICLE}</p>" + f"</{tag}>" * levels)


def test_text_300_levels_deep_survives() -> None:
    assert "Bottom line." in article_text(nested(300))


def test_text_300_levels_deep_survives_the_lxml_path() -> None:
    tree = parse_document(nested(300), Options())
    document = lxml_tree(tree.html or "")
    assert "Bottom line." in document.text_content()


def test_text_100000_levels_deep_survives_in_bounded_time() -> None:
    assert "Bottom line." in article_text(nested(100_000))


@pytest.mark.parametrize(
    "unit",
    [
        "<div>",
        "<div/>",
        "<span><div>",
        "<b><div></b>",
        "<span><div></span>",
        "<a><div>",
        "<ul><li>",
        "<table><tr><td>",
        "<svg><g>",
        "<b><i>",
        "<blockquote>",
        "<font><p>",
    ],
)
def test_pathological_nesting_is_flattened_before_parsing(unit: str) -> None:
    html = page(unit * 30_000 + f"<p>{ARTICLE}</p>")
    tree, seconds = _parse_timed(html)
    assert seconds < QUICK_SECONDS
    # The scan's model of the tree builder may over-count, never badly under-count.
    assert tree_depth(tree.root) <= Options().max_depth + 64


def _parse_timed(html: str) -> tuple[cleanscrape.parse.Tree, float]:
    start = cpu_seconds()
    tree = parse_document(html, Options())
    return tree, cpu_seconds() - start


def test_nesting_limit_is_configurable() -> None:
    tree = parse_document(nested(200), Options(max_depth=50))
    assert tree_depth(tree.root) <= 50 + 8
    assert "Bottom line." in (tree.body.text() if tree.body else "")


# --- slow parser patterns --------------------------------------------------------


def test_thousands_of_unclosed_formatting_tags() -> None:
    result, seconds = extract_outcome(page("<b><i>" * 5000 + f"<p>{ARTICLE}</p>"))
    assert_contract(result, seconds)
    assert isinstance(result, Article)
    assert "breakwater" in result.text


def test_distinct_unclosed_formatting_tags_do_not_multiply() -> None:
    # Each <div> would re-open all 500 <b>: 2.5 million elements from 65 KB.
    opened = "".join(f"<b id=b{i}>" for i in range(500))
    html = page(f"<div>{opened}</div>" + "<div>x</div>" * 5000 + f"<p>{ARTICLE}</p>")
    tree, seconds = _parse_timed(html)
    assert seconds < QUICK_SECONDS
    assert len(tree.css("b")) < 500_000


def test_huge_select_is_bounded() -> None:
    html = page("<form><select>" + "<option>choice" * 100_000 + f"</select></form><p>{ARTICLE}</p>")
    result, seconds = extract_outcome(html)
    assert_contract(result, seconds)
    assert isinstance(result, Article)
    assert "choice" not in result.text


# --- charsets ------------------------------------------------------------------

RUSSIAN = (
    "Гавань получила новый волнорез. Инженеры говорят, что он защитит старый город от штормов."
)
# Enough prose around it for any body heuristic to call it an article.
RUSSIAN_BODY = "".join(
    f"<p>{RUSSIAN} Совет порта обсуждал проект {n} месяцев, и жители ждали решения.</p>"
    for n in range(2, 6)
)


def test_meta_utf8_but_bytes_windows_1251() -> None:
    html = page(RUSSIAN_BODY, head='<meta charset="utf-8"><title>Новости</title>')
    assert RUSSIAN in article_text(html.encode("cp1251"))


def test_bom_wins_over_meta() -> None:
    html = page(RUSSIAN_BODY, head='<meta charset="windows-1251">')
    assert RUSSIAN in article_text(b"\xef\xbb\xbf" + html.encode("utf-8"))


def test_invalid_utf8_sequences_do_not_spoil_the_rest() -> None:
    html = page(
        f"<p>Café crème. {RUSSIAN}</p><p>Broken \xff\xfe byte.</p>", head="<meta charset=utf-8>"
    )
    data = html.encode("utf-8").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe")
    text = article_text(data)
    assert "Café crème." in text
    assert RUSSIAN in text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"], ids=["bom", "le", "be"])
def test_utf16_with_and_without_bom(encoding: str) -> None:
    html = page(f"<p>{RUSSIAN}</p><p>{ARTICLE}</p>", head="<meta charset=utf-8><title>T</title>")
    text = article_text(html.encode(encoding))
    assert RUSSIAN in text


def test_conflicting_http_and_meta_charsets_decode_by_the_bytes() -> None:
    html = page(f"<p>{RUSSIAN}</p>", head='<meta charset="iso-8859-1">')
    tree = parse_document(html.encode("utf-8"), Options(), http_charset="utf-8")
    assert RUSSIAN in (tree.body.text() if tree.body else "")


# --- malformed markup ------------------------------------------------------------


def test_unclosed_tags_everywhere() -> None:
    html = (
        "<html><head><title>T</title><body><div><p>"
        + ARTICLE
        + "<p>Second paragraph <b>bold <i>both"
    )
    assert "breakwater" in article_text(html)


def test_stray_body_end_early() -> None:
    html = f"<html><body></body></html><p>{ARTICLE}</p><p>After the end.</p>"
    text = article_text(html)
    assert "breakwater" in text
    assert "After the end." in text


def test_table_soup() -> None:
    html = page(f"<table><p>{ARTICLE}<tr>cell text<td>one<td>two</tr><td>three</table>")
    assert "breakwater" in article_text(html)


def test_output_text_is_not_larger_than_the_input() -> None:
    # Without a doctype a <table> does not close a <p>: paragraphs nest inside
    # paragraphs through table cells, and taking each one's deep text repeats it.
    unit = f"<html><body></body><table><p>{ARTICLE}<tr>soup<td>a<p>x<p>y<!-- c --><![CDATA[z]]>"
    html = unit * 200
    result, seconds = extract_outcome(html)
    assert_contract(result, seconds)
    assert isinstance(result, Article)
    assert len(result.text) <= 2 * len(html)


def test_paragraph_inside_paragraph() -> None:
    html = page(f"<p>{ARTICLE}<p>Inner paragraph text.</p></p>")
    text = article_text(html)
    assert "breakwater" in text
    assert "Inner paragraph text." in text


def test_comments_and_cdata_in_odd_places() -> None:
    html = page(
        f"<p>{ARTICLE}<!-- a comment with <p>Hidden comment prose.</p> --></p>"
        "<p><![CDATA[ cdata words ]]>Visible words.</p><!-- unterminated comment <p>Lost."
    )
    text = article_text(html)
    assert "breakwater" in text
    assert "Hidden comment prose." not in text


# --- XML, XHTML, entity bombs ------------------------------------------------------

_LAUGHS = (
    '<!DOCTYPE html [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def test_xhtml_with_xml_declaration() -> None:
    html = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
        f"<body><p>{ARTICLE}</p></body></html>"
    )
    assert "breakwater" in article_text(html.encode())


def test_billion_laughs_in_xhtml_is_not_expanded() -> None:
    html = f'<?xml version="1.0"?>{_LAUGHS}<html><body><p>{ARTICLE} &lol9;</p></body></html>'
    result, seconds = extract_outcome(html.encode())
    assert_contract(result, seconds)
    assert isinstance(result, Article)
    assert "lollollol" not in result.text
    assert len(result.text) < 10_000


def test_billion_laughs_in_svg_is_not_expanded() -> None:
    html = page(f"<svg><!DOCTYPE svg {_LAUGHS[14:-1]}><text>&lol9;</text></svg><p>{ARTICLE}</p>")
    result, seconds = extract_outcome(html)
    assert_contract(result, seconds)
    assert isinstance(result, Article)
    assert "lollollol" not in result.text


def test_lxml_path_expands_no_entities() -> None:
    html = f'<?xml version="1.0"?>{_LAUGHS}<html><body><p>x &lol9;</p></body></html>'
    document = lxml_tree(html)
    assert "lollollol" not in document.text_content()


def test_lxml_path_loads_no_external_entity(tmp_path: object) -> None:
    from pathlib import Path

    secret = Path(str(tmp_path)) / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    html = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<html><body><p>x &xxe;</p></body></html>"
    )
    assert "TOP-SECRET" not in lxml_tree(html).text_content()
    result = cleanscrape.extract(html)
    assert result is None or "TOP-SECRET" not in result.text


def test_lxml_path_keeps_text_beyond_256_levels() -> None:
    html = "<div>" * 400 + "deep text" + "</div>" * 400
    assert "deep text" in lxml_tree(html).text_content()


def test_no_lxml_parser_is_built_outside_parse_module() -> None:
    """Every lxml parse goes through :func:`cleanscrape.parse.lxml_tree` (safe settings)."""
    from hostile_support import REPO

    unsafe = re.compile(
        r"\b(?:XMLParser|HTMLParser|XMLPullParser|iterparse|fromstring|XML|HTML)\s*\("
    )
    offenders = []
    for path in (REPO / "cleanscrape").rglob("*.py"):
        if path.name == "parse.py" and path.parent.name == "cleanscrape":
            continue
        source = path.read_text(encoding="utf-8")
        if "lxml" in source and unsafe.search(source):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == [], "parse with cleanscrape.parse.lxml_tree instead"


# --- script, style, noscript, template, hidden ---------------------------------------

PROSE = "This sentence reads like an ordinary paragraph of prose but lives in code."


def test_script_text_that_looks_like_prose_is_not_output() -> None:
    html = page(f'<script>var s = "{PROSE} <p>{PROSE}</p>";</script><p>{ARTICLE}</p>')
    text = article_text(html)
    assert "lives in code" not in text


def test_style_text_that_looks_like_prose_is_not_output() -> None:
    html = page(f"<style>/* {PROSE} */ p {{ color: red }}</style><p>{ARTICLE}</p>")
    assert "lives in code" not in article_text(html)


def test_noscript_holding_the_only_article_is_used() -> None:
    body = "".join(f"<p>{ARTICLE} Part {n}.</p>" for n in range(4))
    html = page(f'<div id="app"></div><noscript><article>{body}</article></noscript>')
    assert "breakwater" in article_text(html)


def test_template_content_is_ignored() -> None:
    html = page(f"<template><p>Template {PROSE}</p></template><p>{ARTICLE}</p>")
    assert "lives in code" not in article_text(html)


@pytest.mark.parametrize(
    "attributes",
    [
        "hidden",
        'aria-hidden="true"',
        'style="display:none"',
        'style="visibility: hidden"',
        'class="sr-only"',
        'class="field visually-hidden"',
        'class="screen-reader-text"',
    ],
    ids=[
        "hidden",
        "aria-hidden",
        "display-none",
        "visibility-hidden",
        "sr-only",
        "visually-hidden",
        "screen-reader-text",
    ],
)
def test_hidden_elements_are_not_output(attributes: str) -> None:
    html = page(f"<p>{ARTICLE}</p><p {attributes}>Hidden {PROSE}</p><p>{ARTICLE}</p>")
    assert "lives in code" not in article_text(html)


# --- output safety ---------------------------------------------------------------

_DANGEROUS_BODY = (
    f'<p onclick="steal()">{ARTICLE} <a href="javascript:alert(1)">js link</a> '
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data link</a> '
    '<img src="data:image/png;base64,AAAA" onerror="steal()"></p>'
    "<script>steal()</script><style>p{}</style><iframe src=https://evil.test/></iframe>"
    "<object data=x.swf></object><embed src=x.swf><form action=/post><input name=q></form>"
    f"<p>{ARTICLE}</p>"
)
_FORBIDDEN = re.compile(
    r"<\s*(?:script|style|iframe|object|embed|form|input)\b|\son\w+\s*=|javascript:|data:",
    re.IGNORECASE,
)


def test_output_html_is_safe() -> None:
    result, seconds = extract_outcome(page(_DANGEROUS_BODY), url=URL)
    assert_contract(result, seconds)
    assert isinstance(result, Article)
    assert _FORBIDDEN.search(result.html) is None, result.html


def test_relative_links_and_images_resolve_against_the_page_url() -> None:
    html = page(f'<p>{ARTICLE} <a href="../more.html">more</a> <img src="img/a.png" alt="a"></p>')
    result = cleanscrape.extract(html, URL)
    assert result is not None
    assert 'href="https://news.example.com/2024/more.html"' in result.html
    assert 'src="https://news.example.com/2024/05/img/a.png"' in result.html


# --- configurable limits ----------------------------------------------------------


def test_input_over_max_input_bytes_raises() -> None:
    with pytest.raises(InputTooLarge, match="max_input_bytes"):
        cleanscrape.extract(b"<p>" + b"x" * 5000, options=Options(max_input_bytes=1000))


def test_str_input_over_max_input_bytes_raises() -> None:
    with pytest.raises(InputTooLarge, match="max_input_bytes"):
        cleanscrape.extract("<p>" + "x" * 5000, options=Options(max_input_bytes=1000))


def test_input_over_max_nodes_raises() -> None:
    html = page("<p>word</p>" * 500)
    with pytest.raises(InputTooLarge, match="max_nodes"):
        cleanscrape.extract(html, options=Options(max_nodes=100))


def test_input_at_max_nodes_is_extracted() -> None:
    html = page(f"<p>{ARTICLE}</p>" * 50)
    assert cleanscrape.extract(html, options=Options(max_nodes=60)) is not None


def test_default_limits_are_the_documented_ones() -> None:
    from hostile_support import REPO

    doc = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    options = Options()
    assert options.max_input_bytes == 50 * 1024 * 1024 and "50 MiB" in doc
    assert options.max_depth == 512 and "512" in doc
    assert options.max_nodes == 1_000_000 and "1,000,000" in doc
