"""Property-based tests: random HTML trees and byte strings keep the contract.

``extract`` returns an ``Article`` or ``None`` or raises a ``CleanscrapeError``,
within a bounded time, and ``Article.html`` is safe (no script-capable tag,
no ``on*`` attribute, no ``javascript:``/``data:`` URL).
"""

from __future__ import annotations

import time

from hostile_support import unsafe_html
from hypothesis import HealthCheck, example, given, settings
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
    start = time.process_time()
    try:
        article = cleanscrape.extract(document, url)
    except CleanscrapeError:
        article = None
    assert time.process_time() - start < _SECONDS
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


# --- issue 16: surrogates, charset labels, many attributes, WARC records -----------------

# JSON string pieces: plain text, escapes of lone and paired surrogates, other escapes.
_JSON_PIECES = st.sampled_from(
    [
        "Harbour",
        " ",
        "\\ud800",
        "\\udfff",
        "\\ud83d\\ude00",
        "\\udc00\\ud800",
        "\\u0000",
        "\\n",
        '\\"',
        "\\\\",
        "é",
        "\\u202e",
    ]
)
_JSON_STRINGS = st.lists(_JSON_PIECES, max_size=10).map("".join)


@_SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["headline", "description", "name"]), _JSON_STRINGS), max_size=4
    ),
    st.lists(_JSON_STRINGS, max_size=3),
    _JSON_STRINGS,
)
def test_json_ld_strings_never_leave_a_lone_surrogate(
    fields: list[tuple[str, str]], keywords: list[str], author: str
) -> None:
    members = [f'"{name}": "{value}"' for name, value in fields]
    members.append(f'"keywords": [{", ".join(f"{chr(34)}{k}{chr(34)}" for k in keywords)}]')
    members.append(f'"author": {{"@type": "Person", "name": "{author}"}}')
    ld = '{"@type": "NewsArticle", ' + ", ".join(members) + "}"
    story = "".join(
        f"<p>Paragraph {i} of the harbour story: the breakwater opened on Tuesday after a "
        "long debate, and engineers say it will protect the old town from winter storms.</p>"
        for i in range(5)
    )
    html = f'<script type="application/ld+json">{ld}</script><article><h1>T</h1>{story}</article>'
    article = cleanscrape.extract(html, "https://example.com/a")
    assert article is not None
    article.to_json().encode("utf-8")  # raises on a lone surrogate anywhere


def _codec_labels() -> list[str]:
    from encodings.aliases import aliases

    return sorted(set(aliases) | set(aliases.values()))


@_SETTINGS
@given(
    st.one_of(st.sampled_from(_codec_labels()), st.text(max_size=12)),
    st.booleans(),
    st.sampled_from(["utf-8", "cp1251", "utf-16", "latin-1"]),
)
def test_any_charset_label_keeps_the_contract(label: str, in_header: bool, encoding: str) -> None:
    from cleanscrape.decode import decode_html

    page = "<p>The harbour approved a breakwater. Гавань получила новый волнорез.</p>"
    meta = "" if in_header else f'<meta charset="{label}">'
    data = (meta + page).encode(encoding, errors="replace")
    decode_html(data, http_charset=label if in_header else None)  # never LookupError
    _check(data)


_ATTRIBUTE_NAMES = st.one_of(
    st.integers(0, 10**6).map(lambda i: f"a{i}"),
    st.sampled_from(["class", "id", "href", "=", 'a"', "'", "x/", "data-x"]),
)
_ATTRIBUTE_VALUES = st.sampled_from(["", "=x", "='>'", '="a b"', "=>", "='", '="', "=a/b"])
_SEPARATORS = st.sampled_from([" ", "\n", "/", "", "\t "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["div", "p", "body", "html", "svg", "a", "img", "td"]),
    st.lists(st.tuples(_SEPARATORS, _ATTRIBUTE_NAMES, _ATTRIBUTE_VALUES), max_size=40),
    st.integers(1, 3_000),
    st.integers(1, 5),
)
def test_many_attributes_are_bounded_per_element(
    tag: str, pattern: list[tuple[str, str, str]], repeat: int, copies: int
) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from cleanscrape.prescan import MAX_ATTRIBUTES, prescan

    attributes = "".join(f"{sep or ' '}{name}{value}" for sep, name, value in pattern)
    numbered = " ".join(f"n{i}" for i in range(repeat))
    html = f"<{tag} {numbered}{attributes}>The harbour.</{tag}>" * copies
    scan = prescan(html, max_depth=512, max_nodes=10_000_000)
    tree = LexborHTMLParser(scan.text)
    assert tree.root is not None
    most = max(len(node.attributes) for node in tree.root.traverse())
    assert most <= MAX_ATTRIBUTES + len(pattern) + 1  # the scan reads what the parser reads
    start = time.process_time()
    _check(html)
    assert time.process_time() - start < _SECONDS


_WARC_PIECES = st.sampled_from(
    [
        "article",
        "request",
        "garbage",
        "binary",
        "empty member",
        "truncated",
        "big",
        "gzipped",
        "corrupt member",
        "no length",
        "overclaiming",
        "claiming past any index",
    ]
)


def _warc(pieces: list[str], compressed: bool) -> tuple[bytes, list[str]]:
    """A WARC file of these pieces, and the titles of the articles that must come out."""
    import gzip as gz

    from warc_builder import WarcWriter, article_html

    writer = WarcWriter()
    titles: list[str] = []
    for number, piece in enumerate(pieces):
        uri = f"https://example.com/{number}"
        if piece == "article":
            title = f"Story {number}"
            writer.response(uri, article_html(title, f"Story number {number}.").encode())
            titles.append(title)
        elif piece == "request":
            writer.request(uri)
        elif piece == "garbage":
            writer.chunks.append(b"this is no record\r\n" * (number + 1))
        elif piece == "binary":
            writer.chunks.append(bytes(range(256)) * 3)
        elif piece == "empty member":
            writer.chunks.append(gz.compress(b""))
        elif piece == "truncated":
            writer.truncated_response(uri, article_html("Cut", "Cut short.").encode())
        elif piece == "big":
            writer.response(uri, article_html("Big", "Too long a story. " * 4000).encode())
        elif piece == "gzipped":
            body = gz.compress(article_html(f"Zipped {number}", "A zipped story.").encode())
            http = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            writer.record("response", uri, http, "application/http; msgtype=response")
            titles.append(f"Zipped {number}")
        elif piece == "corrupt member":
            member = writer.response(uri, article_html("Corrupt", "Broken.").encode())
            writer.chunks[-1] = member[: len(member) // 2]
        elif piece in ("overclaiming", "claiming past any index"):
            # Declares 10 GB (or more than any index holds), has a few bytes: oversize, cut short.
            declared = b"10737418240" if piece == "overclaiming" else b"9" * 90
            writer.chunks.append(
                gz.compress(
                    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: " + declared + b"\r\n\r\n"
                    b"HTTP/1.1 200 OK\r\n\r\nshort"
                )
            )
        else:  # a header without Content-Length
            writer.chunks.append(
                gz.compress(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody\r\n\r\n")
            )
    chunks = writer.chunks
    if not compressed:
        chunks = [gz.decompress(c) if c[:2] == b"\x1f\x8b" else c for c in chunks]
        chunks = [c for c in chunks if c]
    return b"".join(chunks), titles


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WARC_PIECES, max_size=10), st.booleans())
# Found by the search: a record cut mid-body and glued to the next record's header
# (no newline between) was read whole, the next record and garbage as its body.
@example(pieces=["article", "truncated", "request", "garbage"], compressed=False)
# A record declaring more than the file holds swallowed every record after it.
@example(pieces=["overclaiming", "article", "gzipped"], compressed=True)
@example(pieces=["overclaiming", "article", "gzipped"], compressed=False)
@example(pieces=["overclaiming"], compressed=True)  # ends the file: nothing lost
# A length past any index raised OverflowError (found by fuzz_warc).
@example(pieces=["claiming past any index", "article"], compressed=False)
def test_any_warc_gives_every_article_it_holds(pieces: list[str], compressed: bool) -> None:
    import json
    import tempfile
    from pathlib import Path

    from cleanscrape.warc import WarcCounts, extract_warc

    if not compressed and "corrupt member" in pieces:
        pieces = [p for p in pieces if p != "corrupt member"]  # only gzip members can be corrupt
    data, titles = _warc(pieces, compressed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("a.warc.gz" if compressed else "a.warc")
        path.write_bytes(data)
        counts = WarcCounts()
        lines = list(extract_warc([path], workers=0, counts=counts, max_bytes=40_000))
    for line in lines:
        json.dumps(line, ensure_ascii=False).encode("utf-8")
    assert [line.get("title") for line in lines if "error" not in line] == titles
    if not {"garbage", "binary", "corrupt member", "no length", "truncated"} & set(pieces):
        assert counts.lost == 0
    if "corrupt member" in pieces:
        assert counts.lost > 0
    claiming = pieces.count("overclaiming") + pieces.count("claiming past any index")
    assert counts.oversize == pieces.count("big") + claiming
