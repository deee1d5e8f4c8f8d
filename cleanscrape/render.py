"""Where output is rendered: body HTML to safe HTML, Markdown and plain text."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nh3

from .parse import Node, parse_fragment

__all__ = ["html_to_markdown", "sanitize_html"]

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
_URL_ATTRIBUTES = {"href", "src", "cite"}
# data: URLs are refused too: a data:text/html link is script in disguise.
_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str, base_url: str | None = None) -> str:
    """Reduce body HTML to an allowlist of tags and attributes, with absolute URLs."""

    def resolve(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return value
        value = value.strip()
        if value.startswith(("https://", "http://")):
            return value
        if base_url:
            try:
                value = urljoin(base_url, value)
            except ValueError:
                return None
        scheme = urlsplit(value).scheme.lower()
        if scheme and scheme not in _SCHEMES:
            return None
        return value

    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "textarea", "select"},
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=resolve,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


# --- Markdown -----------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "table",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "hr",
    *_HEADINGS,
}


def _inline(node: Node) -> str:
    """Markdown for the inline content of ``node`` (links, emphasis, code, images)."""
    parts: list[str] = []
    # An explicit stack of (node, closing text) keeps deep markup iterative.
    stack: list[tuple[Node | None, str]] = [(child, "") for child in reversed(_children(node))]
    while stack:
        current, closing = stack.pop()
        if current is None:
            parts.append(closing)
            continue
        tag = current.tag
        if tag == "-text":
            parts.append(_MD_ESCAPE.sub(r"\\\1", _SPACE.sub(" ", current.text_content or "")))
            continue
        if tag == "br":
            parts.append("  \n")
            continue
        if tag == "img":
            src = current.attributes.get("src") or ""
            if src:
                parts.append(f"![{current.attributes.get('alt') or ''}]({src})")
            continue
        if tag == "code":
            parts.append(f"`{current.text(deep=True, separator='')}`")
            continue
        opening, close = "", ""
        if tag == "a" and current.attributes.get("href"):
            opening, close = "[", f"]({current.attributes.get('href')})"
        elif tag in ("strong", "b"):
            opening = close = "**"
        elif tag in ("em", "i"):
            opening = close = "*"
        parts.append(opening)
        stack.append((None, close))
        stack.extend((child, "") for child in reversed(_children(current)))
    return (
        _SPACE.sub(" ", "".join(parts)).strip() if "  \n" not in parts else "".join(parts).strip()
    )


def _children(node: Node) -> list[Node]:
    out: list[Node] = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def _has_block_child(node: Node) -> bool:
    return any(child.tag in _BLOCKS for child in _children(node))


def _table(node: Node) -> list[str]:
    rows = []
    for row in node.css("tr"):
        cells = [_inline(cell).replace("|", "\\|").replace("\n", " ") for cell in row.css("th, td")]
        if cells:
            rows.append(cells)
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return lines


def html_to_markdown(html: str) -> str:
    """Render body HTML (as produced by :func:`sanitize_html`) as Markdown."""
    tree = parse_fragment(html)
    root = tree.body
    if root is None:
        return ""
    blocks: list[str] = []
    # (node, prefix for every line, list marker or None)
    stack: list[tuple[Node, str]] = [(child, "") for child in reversed(_children(root))]
    inline_run: list[Node] = []

    def flush(prefix: str) -> None:
        if not inline_run:
            return
        text = " ".join(filter(None, (_inline_one(n) for n in inline_run))).strip()
        inline_run.clear()
        if text:
            blocks.append(_prefix(text, prefix))

    while stack:
        node, prefix = stack.pop()
        tag = node.tag
        if tag not in _BLOCKS:
            inline_run.append(node)
            if not stack or stack[-1][0].tag in _BLOCKS or stack[-1][1] != prefix:
                flush(prefix)
            continue
        flush(prefix)
        if tag in _HEADINGS:
            text = _inline(node)
            if text:
                blocks.append(_prefix("#" * _HEADINGS[tag] + " " + text, prefix))
        elif tag == "pre":
            code = node.text(deep=True, separator="").strip("\n")
            blocks.append(_prefix("```\n" + code + "\n```", prefix))
        elif tag == "hr":
            blocks.append(_prefix("---", prefix))
        elif tag == "table":
            lines = _table(node)
            if lines:
                blocks.append(_prefix("\n".join(lines), prefix))
        elif tag in ("ul", "ol"):
            ordered = tag == "ol"
            items = [c for c in _children(node) if c.tag == "li"]
            for number, item in reversed(list(enumerate(items, 1))):
                marker = f"{number}. " if ordered else "- "
                stack.append((item, prefix + "\x00" + marker))
        elif tag == "li" and "\x00" in prefix:
            base, marker = prefix.split("\x00", 1)
            if _has_block_child(node):
                # Nested blocks (sub-lists, paragraphs) are indented under the marker.
                blocks.append(_prefix(marker + _inline_direct(node), base))
                indent = base + " " * len(marker)
                stack.extend((c, indent) for c in reversed(_children(node)) if c.tag in _BLOCKS)
            else:
                text = _inline(node)
                if text:
                    blocks.append(_prefix(marker + text, base))
        elif tag == "blockquote":
            if _has_block_child(node):
                stack.extend((c, prefix + "> ") for c in reversed(_children(node)))
            else:
                text = _inline(node)
                if text:
                    blocks.append(_prefix(text, prefix + "> "))
        elif _has_block_child(node):
            stack.extend((c, prefix) for c in reversed(_children(node)))
        else:
            text = _inline(node)
            if text:
                blocks.append(_prefix(text, prefix))
    flush("")
    return _join(blocks)


def _inline_one(node: Node) -> str:
    if node.tag == "-text":
        return _MD_ESCAPE.sub(r"\\\1", _SPACE.sub(" ", node.text_content or "")).strip()
    holder = parse_fragment(f"<p>{node.html or ''}</p>").css_first("p")
    return _inline(holder) if holder is not None else ""


def _inline_direct(node: Node) -> str:
    """Inline text of ``node`` without its block-level children."""
    html = "".join(c.html or "" for c in _children(node) if c.tag not in _BLOCKS)
    holder = parse_fragment(f"<p>{html}</p>").css_first("p")
    return _inline(holder) if holder is not None else ""


def _prefix(text: str, prefix: str) -> str:
    if not prefix:
        return text
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def _join(blocks: list[str]) -> str:
    out: list[str] = []
    for block in blocks:
        # Consecutive list items stay together; everything else is a paragraph.
        tight = out and _is_item(out[-1]) and _is_item(block)
        out.append(("\n" if tight else "\n\n") + block if out else block)
    return "".join(out).strip() + ("\n" if out else "")


_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.) ")


def _is_item(block: str) -> bool:
    return bool(_ITEM.match(block.rsplit("\n", 1)[-1] if block else ""))
