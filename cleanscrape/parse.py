"""Where a page is parsed: the one module that imports selectolax (lexbor).

Every other stage works on the :data:`Tree` this returns, so a page is parsed
once per extraction.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .decode import decode_html
from .errors import InputTooLarge
from .models import Options

__all__ = ["Node", "Tree", "parse_document", "parse_fragment"]

#: A parsed page.
Tree = LexborHTMLParser
#: An element, text or comment node of a :data:`Tree`.
Node = LexborNode


def parse_document(html: str | bytes, options: Options, *, http_charset: str | None = None) -> Tree:
    """Decode (when given bytes) and parse one page.

    Raises:
        InputTooLarge: the input is over ``options.max_input_bytes``.
        NotHTMLError: the bytes are binary, not markup.
    """
    size = len(html) if isinstance(html, bytes) else len(html) * 1  # characters ~ bytes
    if size > options.max_input_bytes:
        raise InputTooLarge(
            f"input is {size:,} bytes, over the limit of {options.max_input_bytes:,} "
            "(Options.max_input_bytes)"
        )
    text = decode_html(html, http_charset=http_charset)[0] if isinstance(html, bytes) else html
    return LexborHTMLParser(text)


def parse_fragment(html: str) -> Tree:
    """Parse an HTML fragment we produced ourselves (for rendering)."""
    return LexborHTMLParser(html)
