"""Reading one selector string: ``xpath:`` prefix, ``@attr`` suffix, syntax validation.

CSS is validated by compiling it with selectolax (lexbor raises on a bad selector),
XPath by compiling it with :class:`lxml.etree.XPath`; both at load time, so a typo
is reported with its file and line instead of failing silently on some page.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from lxml import etree
from selectolax.lexbor import SelectolaxError

from ..errors import RuleError
from ..parse import Tree, parse_fragment
from .model import Selector

__all__ = ["css_attribute_contains", "parse_selector"]

XPATH_PREFIX = "xpath:"
# ``meta[property='og:title']@content``: an attribute name after the last ``@``.
_ATTRIBUTE_SUFFIX = re.compile(r"^(?P<css>.+?)@(?P<attr>[A-Za-z_][\w:.-]*)\s*$", re.DOTALL)


@cache
def _compile_xpath(expression: str) -> Any:
    # Site config sets repeat expressions (og:title, //h1...): compile each once.
    return etree.XPath(expression)


@cache
def _probe() -> Tree:
    # An empty document to compile selectors against; immutable in use (only queried).
    return parse_fragment("<html></html>")


def _split_attribute(text: str) -> tuple[str, str | None]:
    match = _ATTRIBUTE_SUFFIX.match(text)
    if match is None:
        return text, None
    css = match.group("css")
    # An ``@`` inside an attribute value (``a[href*='@']``) is not a suffix.
    if css.count("[") != css.count("]") or css.count("'") % 2 or css.count('"') % 2:
        return text, None
    return css.strip(), match.group("attr")


def parse_selector(
    text: str,
    *,
    path: str | None = None,
    line: int | None = None,
    attribute_allowed: bool = True,
    xpath: bool = False,
) -> Selector:
    """Read and validate one selector.

    Args:
        text: as written: a CSS selector, optionally ending in ``@attr``, or
            ``xpath:`` followed by an XPath 1.0 expression.
        path, line: where it was written, for error messages.
        attribute_allowed: whether ``@attr`` may be used (only field selectors take values).
        xpath: read the whole text as XPath (FiveFilters files have no prefix).

    Raises:
        RuleError: the selector is empty or does not compile.
    """
    stripped = text.strip()
    if xpath or stripped.startswith(XPATH_PREFIX):
        expression = stripped.removeprefix(XPATH_PREFIX).strip() if not xpath else stripped
        if not expression:
            raise RuleError("empty XPath selector", path=path, line=line)
        try:
            compiled = _compile_xpath(expression)
        except etree.XPathSyntaxError as exc:
            raise RuleError(f"bad XPath {expression!r}: {exc}", path=path, line=line) from exc
        return Selector(text, "xpath", expression, None, path, line, compiled)
    css, attribute = _split_attribute(stripped)
    if attribute is not None and not attribute_allowed:
        raise RuleError(
            f"{text!r}: '@{attribute}' takes a value; only title/authors/date selectors do",
            path=path,
            line=line,
        )
    if not css:
        raise RuleError("empty CSS selector", path=path, line=line)
    try:
        _probe().css_first(css)
    except SelectolaxError as exc:
        raise RuleError(f"bad CSS selector {css!r}", path=path, line=line) from exc
    return Selector(text, "css", css, attribute, path, line)


def css_attribute_contains(attribute: str, value: str) -> str:
    """A CSS selector for elements whose ``attribute`` contains ``value`` as a substring."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'[{attribute}*="{escaped}"]'
