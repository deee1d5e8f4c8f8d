"""Where output is rendered: body HTML to safe HTML, Markdown and plain text."""

from __future__ import annotations

import html
import re
from typing import Any

import nh3

from .parse import Node, parse_fragment

__all__ = ["html_to_markdown", "markdown_text", "sanitize_html"]

# An allowlist, not a blocklist: anything not named here is dropped (script,
# style, iframe, object, embed, form and every on* attribute among them).
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
# The elements whose class may name the code's language, and how it is written.
_CODE_TAGS = ("pre", "code")
_LANGUAGE_CLASS = re.compile(r"(?<![\w-])(?:language|lang|highlight-source)-[\w+#.-]{1,40}")
# Distinct language classes kept from one page: a page has a handful; this bounds the
# allowlist a hostile page could make ammonia build.
_MAX_LANGUAGES = 32
# Elements dropped from sanitized HTML when they hold nothing but whitespace.
_DROPPABLE = frozenset(
    [
        "p",
        "div",
        "span",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "mark",
        "small",
        "sub",
        "sup",
        "q",
        "cite",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "var",
        "time",
    ]
)
# A tag (attributes double-quoted, as ammonia writes them) or a run of text.
_TOKEN = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>"]|"[^"]*")*>|([^<]+)|<')
_CLEAN_CONTENT_TAGS = {"script", "style", "template", "noscript", "textarea", "select"}
# C0 controls other than tab, line feed, form feed and carriage return, and DEL.
_CONTROL_CHARACTERS = dict.fromkeys([*range(9), 11, *range(14, 32), 127])
# data: URLs are refused too: a data:text/html link is script in disguise.
_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str, base_url: str | None = None) -> str:
    """Reduce body HTML to an allowlist of tags and attributes, with absolute URLs.

    nh3 (ammonia) checks every URL attribute against the allowed schemes and
    resolves relative ones against ``base_url`` itself, so no Python runs per
    attribute.
    """
    # Control characters are not text a page can show, and inside a URL they
    # hide its scheme from the sanitizer ("data\x1e:x" reads as relative);
    # without them, "data:x" is seen and refused.
    html = html.translate(_CONTROL_CHARACTERS)
    relative: Any = "pass_through"
    if base_url and base_url.startswith(("http://", "https://")):
        relative = ("rewrite_with_base", base_url)
    options: dict[str, Any] = {
        "tags": _TAGS,
        "clean_content_tags": _CLEAN_CONTENT_TAGS,
        "attributes": _ATTRIBUTES,
        "url_schemes": _SCHEMES,
        "link_rel": "noopener noreferrer",
        "strip_comments": True,
    }
    languages = _code_languages(html)
    if languages:  # the Markdown fence's info string reads them from the sanitized HTML
        options["allowed_classes"] = dict.fromkeys(_CODE_TAGS, languages)
    try:
        cleaned = nh3.clean(html, url_relative=relative, **options)
    except ValueError:  # a base URL ammonia cannot parse: keep links as written
        cleaned = nh3.clean(html, url_relative="pass_through", **options)
    return _drop_empty_wrappers(str(cleaned)).strip()


def _code_languages(html: str) -> set[str]:
    """The code-language classes (``language-python``) the page uses, at most a few dozen."""
    found: set[str] = set()
    for match in _LANGUAGE_CLASS.finditer(html):
        found.add(match.group())
        if len(found) >= _MAX_LANGUAGES:
            break
    return found


def _fill(open_tags: list[tuple[str, int, bool]]) -> None:
    if open_tags and not open_tags[-1][2]:
        tag, start, _ = open_tags[-1]
        open_tags[-1] = (tag, start, True)


def _drop_empty_wrappers(html: str) -> str:
    """Without elements that hold nothing (``<p><span></span></p>``, ``<ul></ul>``).

    One pass over sanitized HTML (its tags are well-formed, its attributes
    double-quoted): an element is cut at its end tag when nothing but
    whitespace was written since its start tag; its parent may then be empty too.
    """
    out: list[str] = []
    # The open elements that may be dropped: tag, where its start tag is in out, filled.
    open_tags: list[tuple[str, int, bool]] = []
    for match in _TOKEN.finditer(html):
        closing, tag, text = match.group(1), (match.group(2) or "").lower(), match.group(3)
        if tag in _DROPPABLE and not closing:
            open_tags.append((tag, len(out), False))
        elif tag in _DROPPABLE and open_tags and open_tags[-1][0] == tag:
            _, start, filled = open_tags.pop()
            if not filled:
                # "a<span> </span>b" keeps its space between the words.
                spaced = any(piece[:1] != "<" for piece in out[start:])
                del out[start:]
                if spaced:
                    out.append(" ")
                continue
            _fill(open_tags)
        elif text is None or text.strip():  # an image, a table cell, a word: content
            _fill(open_tags)
        out.append(match.group())
    return "".join(out)


# --- Markdown -----------------------------------------------------------------
#
# The body HTML is walked once, iteratively (pages can nest thousands of levels),
# into a list of blocks. Each block knows the chain of containers it sits in
# (block quotes, list items) so the joiner can continue a quote with ">" across
# blank lines, indent continuation lines under a list marker and keep tight
# lists tight.

_SPACE = re.compile(r"\s+")
_MD_ESCAPE = re.compile(r"([\\`\[\]<>])")
# Runs of "*" and "_" are escaped only where CommonMark could read them as emphasis:
# a run between two spaces is inert ("2 * 3", "fill in ___"), and so is "_" inside
# a word ("snake_case"). At the edge of a text node the neighbour is unknown: escaped.
_DELIMITER_RUN = re.compile(r"\*+|_+")
# A line starting like this would turn into a heading, quote, list, rule or
# (with "~~~") a fenced code block.
# "*" or "_" starts a list item ("* x") or a rule ("***", "_ _ _"); "**bold" stays.
_LINE_START_SPECIAL = re.compile(
    r"^(?:[#>+\-=~]|[*_](?=\s|$)|[*_](?=(?:[*_]\s*)+$)|(\d{1,9})([.)])(?=\s|$))"
)
# In a link destination, "\\" and "&" would be read as an escape or an entity
# reference and change the URL; escaped, they stay as written.
_DESTINATION_ESCAPE = re.compile(r"([\\&])")
# Whitespace other than a space cannot be written in a destination at all.
_DESTINATION_SPACE = re.compile(r"[\t\n\r\f\v]")
# In a link title: the quote and the backslash (syntax), and what would be markup
# if the link were ever read as text ("<" starting raw HTML above all).
_TITLE_ESCAPE = re.compile(r"([\\\"<>&\[\]`*_])")
# What browsers skip in a URL before its scheme: control characters and spaces.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source)-([\w+#.-]+)")
_BACKTICKS = re.compile(r"`+")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    *_HEADINGS,
}
_SKIP = {"script", "style", "template", "noscript", "head", "title"}
# Inline rendering marks a <br> with this, so whitespace collapsing cannot eat it.
_BREAK = "\x01"


class _Level:
    """One container a block sits in: its prefix for the first line it starts, and for the rest."""

    __slots__ = ("first", "rest", "used")

    def __init__(self, first: str, rest: str) -> None:
        self.first = first
        self.rest = rest
        self.used = False


class _List:
    """A list; tight lists have no blank lines between their items."""

    __slots__ = ("tight",)

    def __init__(self, tight: bool) -> None:
        self.tight = tight


_Context = tuple[tuple[_Level, ...], tuple[_List, ...]]


class _Block:
    __slots__ = ("levels", "lines", "lists")

    def __init__(self, lines: list[str], levels: tuple[_Level, ...], lists: tuple[_List, ...]):
        self.lines = lines
        self.levels = levels
        self.lists = lists


def _children(node: Node) -> list[Node]:
    out: list[Node] = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def _is_block(node: Node) -> bool:
    return node.tag in _BLOCKS


def _escape(text: str) -> str:
    text = _MD_ESCAPE.sub(r"\\\1", text)
    return _DELIMITER_RUN.sub(_escape_run, text)


def _escape_run(match: re.Match[str]) -> str:
    """A run of ``*`` or ``_``, escaped unless it cannot open or close emphasis."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isspace() and after.isspace():
        return match.group()
    if match.group()[0] == "_" and before.isalnum() and after.isalnum():
        return match.group()
    return "".join("\\" + c for c in match.group())


def markdown_text(text: str) -> str:
    """Plain text as one line of inert Markdown (for a heading made of a page's title)."""
    return _escape(_SPACE.sub(" ", text).strip())


def _code_span(code: str) -> str:
    """Inline code, fenced with more backticks than any run inside it."""
    code = _SPACE.sub(" ", code)
    if not code.strip():
        return ""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _safe_url(url: str) -> bool:
    """Whether ``url`` is relative or of an allowed scheme, however a renderer reads it.

    A Markdown renderer decodes entities (``javascript&#58;``) and backslash
    escapes (``javascript\\:``) that an HTML attribute would keep as written,
    so the scheme is checked on the URL read both ways.
    """
    for reading in (url, html.unescape(url).replace("\\", "")):
        cleaned = _URL_NOISE.sub("", reading).lower()
        scheme = _SCHEME.match(cleaned)
        if scheme is not None and scheme.group(1) not in _SCHEMES:
            return False
    return True


def _destination(url: str) -> str:
    """``url`` as a link destination that every CommonMark renderer reads back unchanged."""
    url = _DESTINATION_ESCAPE.sub(r"\\\1", url.strip())
    url = _DESTINATION_SPACE.sub(lambda m: f"%{ord(m.group()):02X}", url)
    if any(c in url for c in " ()<>"):
        url = "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _link_target(href: str, title: str | None) -> str:
    href = _destination(href)
    title = _SPACE.sub(" ", title or "").strip()
    if title:
        # A title ending in "\\" cannot escape its closing quote, and markup in it stays text.
        escaped = _TITLE_ESCAPE.sub(r"\\\1", title)
        return f'{href} "{escaped}"'
    return href


def _wrap(tag: str, node: Node, inner: str) -> str:
    """Markup around the rendered content of an inline element."""
    if tag == "a":
        href = node.attributes.get("href")
        if not inner.strip():
            return inner
        if not href or not _safe_url(href):
            return inner
        # Spaces at the link text's edges go outside it: "Updated<a> today</a>" keeps its space.
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        target = _link_target(href, node.attributes.get("title"))
        return f"{lead}[{inner.strip()}]({target}){trail}"
    marker = {"strong": "**", "b": "**", "em": "*", "i": "*", "del": "~~", "s": "~~"}.get(tag)
    if marker is None or not inner.strip():
        return inner
    # Markers must touch the text: "* x *" is not emphasis, so spaces go outside.
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{inner.strip()}{marker}{trail}"


def _inline(nodes: list[Node]) -> str:
    """Markdown for a run of inline nodes; ``<br>`` comes out as a hard line break."""
    # Frames of (element, pieces); an element's pieces are wrapped when it closes.
    frames: list[tuple[Node | None, list[str]]] = [(None, [])]
    stack: list[tuple[Node, bool]] = [(n, False) for n in reversed(nodes)]
    while stack:
        node, closing = stack.pop()
        if closing:
            element, pieces = frames.pop()
            assert element is not None
            frames[-1][1].append(_wrap(element.tag or "", element, "".join(pieces)))
            continue
        tag = node.tag
        pieces = frames[-1][1]
        if tag == "-text":
            pieces.append(_escape(_SPACE.sub(" ", node.text_content or "")))
        elif tag == "br":
            pieces.append(_BREAK)
        elif tag == "img":
            src = node.attributes.get("src")
            if src and _safe_url(src):
                alt = _escape(_SPACE.sub(" ", node.attributes.get("alt") or "")).strip()
                pieces.append(f"![{alt}]({_link_target(src, node.attributes.get('title'))})")
        elif tag == "code" or tag == "kbd" or tag == "samp":
            pieces.append(_code_span(node.text(deep=True, separator="")))
        elif tag in _SKIP or tag == "-comment":
            continue
        else:
            frames.append((node, []))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
    lines = [_SPACE.sub(" ", part).strip() for part in "".join(frames[0][1]).split(_BREAK)]
    return "\\\n".join(line for line in lines if line)


def _escape_line_starts(text: str) -> str:
    out = []
    for line in text.split("\n"):
        match = _LINE_START_SPECIAL.match(line)
        if match is None:
            out.append(line)
        elif match.group(1):  # "1. not a list" -> "1\. not a list"
            out.append(match.group(1) + "\\" + line[len(match.group(1)) :])
        else:
            out.append("\\" + line)
    return "\n".join(out)


def _language(node: Node) -> str:
    candidates = [node, *(c for c in _children(node) if c.tag == "code")]
    if node.parent is not None:
        candidates.append(node.parent)
    for candidate in candidates:
        match = _LANGUAGE.search(candidate.attributes.get("class") or "")
        if match:
            return match.group(1)
    return ""


def _fenced(node: Node) -> str:
    code = node.text(deep=True, separator="").strip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{_language(node)}\n{code}\n{fence}"


def _table(node: Node) -> list[str]:
    rows = []
    for row in node.css("tr"):
        cells = [
            _inline(_children(cell)).replace("\\\n", " ").replace("|", "\\|")
            for cell in row.css("th, td")
        ]
        if cells:
            rows.append(cells)
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return lines


def _groups(node: Node) -> list[list[Node] | Node]:
    """The children of a container: runs of inline nodes (as lists) and block elements."""
    out: list[list[Node] | Node] = []
    for child in _children(node):
        if child.tag in _SKIP or child.tag == "-comment":
            continue
        if _is_block(child):
            out.append(child)
        elif out and isinstance(out[-1], list):
            out[-1].append(child)
        else:
            out.append([child])
    return out


def _wraps_items(node: Node) -> bool:
    """Whether an element has list items among its children (``<div><li>``)."""
    return any(child.tag == "li" for child in _children(node))


def _list_parts(node: Node) -> list[list[Node] | Node]:
    """A list's items (``<li>``) and what sits between them outside any item.

    An element wrapping items (``<ul><div><li>``) gives its items and parts in its
    place; anything else (a heading, loose text) is a part of its own, which a
    browser shows between the items and Markdown shows between two lists. Only
    children are looked at (a wrapper of a wrapper is a part, its text kept), so
    the cost stays linear in the list's size.
    """
    out: list[list[Node] | Node] = []
    stack = list(reversed(_groups(node)))
    while stack:
        part = stack.pop()
        if isinstance(part, list):
            wraps = [_wraps_items(n) for n in part]
            if not any(wraps):
                out.append(part)
                continue
            # Inline wrappers of items (``<span><li>``): each one's content in its place.
            pieces: list[list[Node] | Node] = []
            for n, wrap in zip(part, wraps, strict=True):
                if wrap:
                    pieces.extend(_groups(n))
                elif pieces and isinstance(pieces[-1], list):
                    pieces[-1].append(n)
                else:
                    pieces.append([n])
            stack.extend(reversed(pieces))
        elif part.tag not in ("li", "ul", "ol") and _wraps_items(part):
            stack.extend(reversed(_groups(part)))
        else:
            out.append(part)
    return out


def _is_tight(node: Node) -> bool:
    """A list is tight unless an item holds more than one paragraph-like part."""
    for item in _list_parts(node):
        if isinstance(item, list) or item.tag != "li":
            continue
        parts = [
            g
            for g in _groups(item)
            if not (not isinstance(g, list) and g.tag in ("ul", "ol"))
            and not (isinstance(g, list) and not _inline(g))
        ]
        if len(parts) > 1:
            return False
    return True


def _render_blocks(root: Node) -> list[_Block]:
    blocks: list[_Block] = []

    def emit(text: str, context: _Context) -> None:
        levels, lists = context
        first = "".join(level.rest if level.used else level.first for level in levels)
        rest = "".join(level.rest for level in levels)
        for level in levels:
            level.used = True
        lines = text.split("\n")
        rendered = [(first if i == 0 else rest) + line for i, line in enumerate(lines)]
        blocks.append(_Block([line.rstrip() for line in rendered], levels, lists))

    empty: _Context = ((), ())
    stack: list[tuple[list[Node] | Node, _Context]] = [
        (group, empty) for group in reversed(_groups(root))
    ]
    while stack:
        group, context = stack.pop()
        levels, lists = context
        if isinstance(group, list):
            text = _inline(group)
            if text:
                emit(_escape_line_starts(text), context)
            continue
        node, tag = group, group.tag or ""
        if tag in _HEADINGS:
            text = _inline(_children(node)).replace("\\\n", " ")
            if text:
                emit("#" * _HEADINGS[tag] + " " + text, context)
        elif tag == "pre":
            emit(_fenced(node), context)
        elif tag == "hr":
            emit("---", context)
        elif tag == "table":
            caption = node.css_first("caption")
            if caption is not None and (text := _inline(_children(caption))):
                emit(_escape_line_starts(text), context)
            lines = _table(node)
            if lines:
                emit("\n".join(lines), context)
        elif tag in ("ul", "ol"):
            start = node.attributes.get("start") or "1"
            number = int(start) if start.strip().isdigit() else 1
            tight = _is_tight(node)
            this_list = _List(tight)
            tasks: list[tuple[list[Node] | Node, _Context]] = []
            item_context: _Context | None = None
            for part in _list_parts(node):
                if isinstance(part, list) or part.tag != "li":
                    if isinstance(part, list) and not _inline(part):
                        continue  # spaces between items
                    sublist = not isinstance(part, list) and part.tag in ("ul", "ol")
                    if sublist and item_context is not None:  # shown indented under the item
                        tasks.append((part, item_context))
                        continue
                    # Shown between the items, not inside one: the list goes on after it.
                    tasks.append((part, context))
                    this_list = _List(tight)
                    item_context = None
                    continue
                marker = f"{number}. " if tag == "ol" else "- "
                number += 1
                item_context = (
                    (*levels, _Level(marker, " " * len(marker))),
                    (*lists, this_list),
                )
                tasks.append((part, item_context))
            stack.extend(reversed(tasks))
        elif tag == "li" and levels and not levels[-1].used and not _groups(node):
            emit("", context)  # an empty item still shows its marker
        elif tag == "blockquote":
            quote_context = ((*levels, _Level("> ", "> ")), lists)
            stack.extend((g, quote_context) for g in reversed(_groups(node)))
        else:
            stack.extend((g, context) for g in reversed(_groups(node)))
    return blocks


def _shared(a: tuple[object, ...], b: tuple[object, ...]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x is not y:
            break
        count += 1
    return count


def _is_rule(block: _Block) -> bool:
    return not block.levels and block.lines == ["---"]


def _drop_stray_rules(blocks: list[_Block]) -> list[_Block]:
    """Without the thematic breaks that separate nothing: first, last, or after another."""
    kept: list[_Block] = []
    for block in blocks:
        if _is_rule(block) and (not kept or _is_rule(kept[-1])):
            continue
        kept.append(block)
    while kept and _is_rule(kept[-1]):
        kept.pop()
    return kept


def html_to_markdown(html: str) -> str:
    """Render body HTML (as produced by :func:`sanitize_html`) as CommonMark/GFM Markdown.

    Headings become ``#`` headings, lists keep their nesting and numbering (``start``),
    block quotes continue with ``>`` over every line, tables become GFM tables and
    ``<pre>`` blocks fenced code blocks carrying the ``language-*`` class as info string.
    Returns ``""`` when there is nothing to render, else text ending in one newline.
    """
    root = parse_fragment(html).body
    if root is None:
        return ""
    blocks = _drop_stray_rules(_render_blocks(root))
    out: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        if previous is not None:
            lists = _shared(previous.lists, block.lists)
            if lists and block.lists[lists - 1].tight:
                out.append("\n")
            else:
                levels = block.levels[: _shared(previous.levels, block.levels)]
                out.append("\n" + "".join(level.rest for level in levels).rstrip() + "\n")
        out.append("\n".join(block.lines))
        previous = block
    text = "".join(out).strip("\n")
    return text + "\n" if text else ""
