"""Where a page is parsed: the one module that imports selectolax (lexbor), and lxml.

Every other stage works on the :data:`Tree` this returns, so a page is parsed
once per extraction. Before parsing, :func:`~cleanscrape.prescan.prescan`
enforces :class:`~cleanscrape.models.Options`' limits and defuses the inputs on
which the parser's cost is not linear (deep nesting, huge ``<select>`` lists,
piles of unclosed formatting tags); see ``docs/limits.md``.
"""

from __future__ import annotations

from typing import IO, Any

import lxml.html
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .decode import decode_source
from .errors import InputTooLarge
from .models import Options
from .prescan import prescan

__all__ = ["Node", "Tree", "lxml_tree", "parse_document", "parse_fragment", "read_bounded"]

#: A parsed page.
Tree = LexborHTMLParser
#: An element, text or comment node of a :data:`Tree`.
Node = LexborNode


def _check_size(html: str | bytes, options: Options) -> None:
    # A str is measured in characters: encoding it only to measure would cost
    # as much memory as the limit is meant to save.
    size = len(html)
    if size > options.max_input_bytes:
        unit = "bytes" if isinstance(html, bytes) else "characters"
        raise InputTooLarge(
            f"input is {size:,} {unit}, over the limit of {options.max_input_bytes:,} "
            "(Options.max_input_bytes)"
        )


def read_bounded(stream: IO[bytes], limit: int, name: str) -> bytes:
    """At most ``limit`` bytes of ``stream``; a longer stream raises :class:`InputTooLarge`.

    Reads ``limit + 1`` bytes at most, so ``/dev/zero``, a pipe without end or a
    sparse file of gigabytes costs no more memory than the limit.
    """
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(
            f"{name} is over the limit of {limit:,} bytes (Options.max_input_bytes)"
        )
    return data


def parse_document(html: str | bytes, options: Options, *, http_charset: str | None = None) -> Tree:
    """Decode (when given bytes), check against the limits, and parse one page.

    Args:
        html: the page as served (bytes) or already decoded (str).
        options: the limits used are ``max_input_bytes``, ``max_depth`` and ``max_nodes``.
        http_charset: the charset the HTTP ``Content-Type`` named, if any.

    Raises:
        InputTooLarge: the input is over ``options.max_input_bytes``, or would
            build more than ``options.max_nodes`` elements.
        NotHTMLError: the bytes are binary, not markup.
    """
    _check_size(html, options)
    source: bytes | None = None
    if isinstance(html, bytes):
        text, _, exact = decode_source(html, http_charset=http_charset)
        source = html if exact else None
    else:
        # lexbor reads NUL as the end of some strings; the spec drops it in text anyway.
        text = html.replace("\x00", "")
    scan = prescan(text, max_depth=options.max_depth, max_nodes=options.max_nodes)
    if source is not None and scan.text is text:
        # The bytes are the text's UTF-8, which lexbor reads: no second encoding.
        return LexborHTMLParser(source)
    return LexborHTMLParser(scan.text)


def parse_fragment(html: str) -> Tree:
    """Parse an HTML fragment we produced ourselves (for rendering)."""
    return LexborHTMLParser(html)


def lxml_tree(html: str) -> Any:
    """Parse HTML with lxml, safely: for XPath (site rules) and nothing else.

    Pass the serialisation of a :data:`Tree` (``tree.html``): it went through
    :func:`parse_document`'s limits, so its depth is bounded.

    The parser loads no DTD and reaches no network (``no_network``); libxml2's
    HTML parser never expands entities declared in a document's DTD, so an
    entity bomb stays inert text. ``huge_tree`` lifts libxml2's depth limit of
    about 256 levels, past which it would silently drop the deeper content.

    Returns:
        The ``lxml.html.HtmlElement`` of the ``<html>`` element.

    Raises:
        lxml.etree.ParserError: the document is empty.
    """
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )
    return lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
