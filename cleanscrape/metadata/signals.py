"""What a page says about itself, gathered before any field is decided.

One CSS query (lexbor, one pass in C) collects the elements every page is read
for; bylines, ``<time>`` elements and date lines are queried only when a field
falls back to them. Nothing here changes the tree.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..parse import Node, Tree

__all__ = ["Signals", "clean_text", "collect", "contains", "node_value", "outside_article"]

# What every page is read for, in one selector list so lexbor walks the page once.
# Few elements match: making a Python object for each is what costs.
_SELECTOR = (
    "html, meta[content], link[rel~=canonical i], link[rel~=image_src i], base[href], title, h1, "
    'script[type="application/ld+json" i], [itemprop]'
)
# Fallback sources, queried only when the trusted ones above gave nothing.
_TIME_SELECTOR = "time"
_BYLINE_SELECTOR = "[rel~=author], [class*=byline i], [class*=author i]"
_DATELINE_SELECTOR = "[class*=date i], [class*=publish i], [class*=timestamp i]"
# Ancestors looked at to tell a byline or date in the article from one in a
# comment, teaser or sidebar; deeper wrappers say nothing about the element.
_MAX_ANCESTORS = 25

_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)
_OUTSIDE_ARTICLE = re.compile(
    r"comment|related|sidebar|widget|footer|recirc|promo|newsletter|teaser|recommend|popular"
    r"|trending|more-stories|most-read",
    re.IGNORECASE,
)
# Any word a marker must hold for a token of it to matter to outside_article.
_MARKER_HINT = re.compile(_OUTSIDE_ARTICLE.pattern + r"|main|h-?entry", re.IGNORECASE)
# Class tokens that describe a state or a control of the article ("comments-open",
# "has-comments", "comment-count"), not a comment section around the element.
# A post's own footer ("post-footer", "entry-footer") holds its byline.
_STATE_TOKEN = re.compile(
    r"^has-|-(?:open|closed|count|number|links?|btn|button|icon|toggle)$|"
    r"^(?:post|entry|article|story)(?:-[a-z0-9]+)*-footer"
)
# Class tokens naming the page's main area: what lies inside is the page's own.
_MAIN_TOKEN = re.compile(r"^(?:[a-z0-9]+-)*main-?content$|^(?:site-)?main$")
_BYLINE_TOKEN = re.compile(
    r"^(?:[a-z0-9]+(?:-{1,2}|_{1,2}))*(?:by-?line|authors?|author-?name|writer)"
    r"(?:(?:-{1,2}|_{1,2})(?:name|names|link|text|wrapper|info|container|author|list|box|card"
    r"|bio|details|profile)){0,2}$"
)
_DATELINE_TOKEN = re.compile(
    r"^(?:[a-z0-9]+(?:-{1,2}|_{1,2}))*(?:date|dateline|pubdate|published|publish-?date|timestamp"
    r"|post-?date|entry-?date|article-?date|date-?published)(?:(?:-{1,2}|_{1,2})[a-z]+)?$"
)

# The hash CSS modules append to a class name ("Author_name__x7Fq2", "byline_a1b2c").
# Only a hash with a digit or a capital is one: "post_title" keeps its word.
_MODULE_HASH = re.compile(r"(?<=[A-Za-z])_{1,2}(?=[a-z-]*[0-9A-Z])[A-Za-z0-9-]{5}(?=\s|$)")
# Where a camelCase class name starts a new word ("postAuthor", "FeatureByline").
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_DC_PREFIX = re.compile(r"^(dc|dcterms|dcterm)[:.]")


def clean_text(text: str | None) -> str | None:
    """``text`` with entities left undecoded by the page resolved and whitespace collapsed."""
    if not text:
        return None
    for _ in range(2):  # twice: "&amp;#8230;" is an entity escaped once too often
        if "&" in text and _ENTITY.search(text):
            text = html.unescape(text)
    text = _SPACE.sub(" ", text).strip()
    return text or None


@dataclass
class Signals:
    """Everything read from the page, before any field is decided."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    itemprops: dict[str, list[Node]] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)
    title: str | None = None
    headings: list[str] = field(default_factory=list)
    #: The ``<h1>`` elements whose texts are ``headings``, in the same order.
    heading_nodes: list[Node] = field(default_factory=list)
    html_lang: str | None = None
    base: str | None = None
    tree: Tree | None = None
    _lazy: dict[str, list[Node]] = field(default_factory=dict)
    _layout: frozenset[str] | None = None
    _outside: dict[int, bool] = field(default_factory=dict)

    def _query(self, selector: str, keep: Callable[[Node], bool]) -> list[Node]:
        found = self._lazy.get(selector)
        if found is None:
            nodes = self.tree.css(selector) if self.tree is not None else []
            found = self._lazy[selector] = [n for n in nodes if keep(n)]
        return found

    @property
    def times(self) -> list[Node]:
        """The page's ``<time>`` elements (queried on first use)."""
        return self._query(_TIME_SELECTOR, lambda node: True)

    @property
    def bylines(self) -> list[Node]:
        """Elements that look like a byline (queried on first use)."""
        return self._query(_BYLINE_SELECTOR, lambda node: _is_byline(node, node.attributes))

    @property
    def datelines(self) -> list[Node]:
        """Elements classed as a date line (queried on first use)."""
        return self._query(
            _DATELINE_SELECTOR,
            lambda node: node.tag != "time" and _is_dateline(node.attributes),
        )

    @property
    def layout(self) -> frozenset[str]:
        """Furniture words that are this page's layout vocabulary, not furniture.

        Page builders wrap every block in a "widget" and some themes put the
        article's own header in a "sidebar" column: when every ``<h1>`` of the page
        would be furniture, the words that make the first one so are layout.
        """
        if self._layout is None:
            nodes = self.heading_nodes
            if nodes and all(outside_article(node) for node in nodes):
                self._layout = _furniture_words(nodes[0])
            else:
                self._layout = frozenset()
        return self._layout

    def outside(self, node: Node) -> bool:
        """``outside_article(node)``, with this page's layout words saying nothing."""
        known = self._outside.get(node.mem_id)
        if known is None:
            known = self._outside[node.mem_id] = outside_article(node, self.layout)
        return known

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                cleaned = clean_text(value)
                if cleaned:
                    return cleaned
        return None

    def all(self, *names: str) -> list[str]:
        return [v for name in names for v in (clean_text(x) for x in self.meta.get(name, ())) if v]


def collect(tree: Tree) -> Signals:
    signals = Signals(tree=tree)
    seen: set[int] = set()
    for node in tree.css(_SELECTOR):
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        attrs = node.attributes
        tag = node.tag
        if tag == "meta":
            _collect_meta(signals, attrs)
        elif tag == "link":
            href = attrs.get("href")
            if href:
                for rel in (attrs.get("rel") or "").lower().split():
                    signals.links.setdefault(rel, []).append(href.strip())
        elif tag == "script":
            if "itemprop" not in attrs:
                signals.scripts.append(node.text(deep=True) or "")
            continue
        elif tag == "title":
            parent = node.parent
            if signals.title is None and parent is not None and parent.tag in ("head", "html"):
                signals.title = clean_text(node.text(deep=True))
        elif tag == "h1":
            text = clean_text(node.text(deep=True, separator=" "))
            if text:
                signals.headings.append(text)
                signals.heading_nodes.append(node)
        elif tag == "html":
            signals.html_lang = clean_text(attrs.get("lang") or attrs.get("xml:lang"))
        elif tag == "base" and signals.base is None:
            signals.base = attrs.get("href")
        if "itemprop" in attrs:
            for prop in (attrs.get("itemprop") or "").split():
                signals.itemprops.setdefault(prop, []).append(node)
    return signals


def _collect_meta(signals: Signals, attrs: dict[str, str | None]) -> None:
    content = attrs.get("content")
    if content is None:
        return
    keys = []
    for attr in ("property", "name"):
        keys.extend((attrs.get(attr) or "").lower().split())
    equiv = attrs.get("http-equiv")
    if equiv:
        keys.append("http-equiv:" + equiv.lower().strip())
    for key in keys:
        if key.startswith("dc"):
            key = _DC_PREFIX.sub(r"dc.", key)
        signals.meta.setdefault(key, []).append(content)


def _class_tokens(attrs: dict[str, str | None]) -> list[str]:
    """The class tokens, lower-cased, camelCase words parted by a hyphen ("FeatureByline"),
    without a CSS module's hash ("Author_name__x7Fq2" is "author_name")."""
    classes = attrs.get("class") or ""
    if "_" in classes:
        classes = _MODULE_HASH.sub("", classes)
    if not classes.islower():
        classes = _CAMEL_BOUNDARY.sub("-", classes).lower()
    return classes.split()


def _is_byline(node: Node, attrs: dict[str, str | None]) -> bool:
    if "author" in (attrs.get("rel") or "").lower().split():
        return True
    return any(_BYLINE_TOKEN.match(token) for token in _class_tokens(attrs))


def _is_dateline(attrs: dict[str, str | None]) -> bool:
    return any(_DATELINE_TOKEN.match(token) for token in _class_tokens(attrs))


def outside_article(node: Node, layout: frozenset[str] = frozenset()) -> bool:
    """Whether ``node`` sits in a comment, sidebar, footer or teaser list.

    An ``<aside>`` or ``<footer>`` inside an ``<article>`` is the article's own
    (bylines and dates often live there); one outside it is page furniture.
    Furniture words in ``layout`` (see ``Signals.layout``) say nothing.
    """
    current: Node | None = node
    in_furniture = False
    for _ in range(_MAX_ANCESTORS):
        if current is None:
            break
        tag = current.tag
        if tag == "nav":
            return True
        if tag in ("aside", "footer"):
            in_furniture = True
        elif tag in ("article", "main"):
            return False
        elif tag in ("body", "html"):
            break
        attrs = current.attributes
        marker = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        current = current.parent
        # Most wrappers name neither the main area, an entry nor furniture: one
        # search over the whole marker spares the token by token reading.
        if not _MARKER_HINT.search(marker):
            continue
        tokens = marker.split()
        if "hentry" in tokens or "h-entry" in tokens:
            return False  # the microformats article: what is inside belongs to it
        if any(_MAIN_TOKEN.search(token) for token in tokens):
            return False  # the page's main area, whatever else its classes say ("sidebar-mode")
        for token in tokens:
            found = _OUTSIDE_ARTICLE.search(token)
            if found and found[0] not in layout and not _STATE_TOKEN.search(token):
                return True
    return in_furniture


def _furniture_words(node: Node) -> frozenset[str]:
    """The furniture words ("widget", "sidebar") in the classes of ``node``'s ancestors."""
    words: set[str] = set()
    current: Node | None = node
    for _ in range(_MAX_ANCESTORS):
        if current is None or current.tag in ("body", "html", "article", "main"):
            break
        attrs = current.attributes
        for token in f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().split():
            found = _OUTSIDE_ARTICLE.search(token)
            if found and not _STATE_TOKEN.search(token):
                words.add(found[0])
        current = current.parent
    return frozenset(words)


def node_value(node: Node) -> str | None:
    """The value microdata gives a property: an attribute for some tags, else the text."""
    attrs = node.attributes
    for attr in ("content", "datetime"):
        if attrs.get(attr):
            return clean_text(attrs[attr])
    if node.tag in ("a", "link"):
        return clean_text(attrs.get("href"))
    if node.tag in ("img", "source", "video", "audio"):
        return clean_text(attrs.get("src"))
    return clean_text(node.text(deep=True, separator=" "))


def contains(outer: Node, inner: Node) -> bool:
    """Whether ``inner`` lies within ``outer`` (up to a bounded depth)."""
    current = inner.parent
    for _ in range(_MAX_ANCESTORS):
        if current is None:
            return False
        if current.mem_id == outer.mem_id:
            return True
        current = current.parent
    return False
