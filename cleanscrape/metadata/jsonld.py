"""JSON-LD: tolerant parsing and the page's main object.

Pages ship broken JSON-LD often enough (trailing commas, raw newlines in strings,
HTML comments or CDATA markers around the object, several objects in one script)
that a strict ``json.loads`` alone loses a real share of them. Nothing here raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "ARTICLE_TYPES",
    "PAGE_TYPES",
    "WORK_TYPES",
    "JsonLd",
    "as_list",
    "parse_scripts",
    "text_of",
    "types_of",
]

JsonObject = dict[str, Any]

# Scripts larger than this are data dumps (whole product catalogues, app state),
# not a page's description of itself; parsing them would cost more than the rest.
_MAX_SCRIPT_CHARS = 2_000_000
# Objects nested deeper than this in the graph we follow are not page metadata.
_MAX_WALK = 2_000

_WRAPPERS = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>|^\s*//.*$", re.MULTILINE)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Types whose object is the article itself, most specific first in trust.
ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "report", "scholarlyarticle", "techarticle",
        "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
        "backgroundnewsarticle", "askpublicnewsarticle", "liveblogposting", "socialmediaposting",
        "discussionforumposting", "medicalscholarlyarticle", "satiricalarticle", "advertisercontentarticle",
        "posting", "review", "criticreview",
    }
)  # fmt: skip
#: Other creative works a page can be about; trusted after articles.
WORK_TYPES = frozenset(
    {
        "creativework", "recipe", "videoobject", "product", "howto", "event", "book", "course",
        "podcastepisode", "audioobject", "movie", "qapage", "faqpage", "jobposting", "dataset",
    }
)  # fmt: skip
#: Page types: trusted last, their fields describe the page more than the article.
PAGE_TYPES = frozenset(
    {"webpage", "itempage", "aboutpage", "profilepage", "collectionpage", "medicalwebpage",
     "searchresultspage", "contactpage", "checkoutpage"}
)  # fmt: skip
_ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website"})


def _loads(raw: str) -> list[Any]:
    """Every JSON value in ``raw``, repairing the common breakages; ``[]`` when hopeless."""
    decoder = json.JSONDecoder(strict=False)
    for attempt in range(2):
        text = raw.strip()
        if attempt:
            text = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", _WRAPPERS.sub("", raw))).strip()
        values: list[Any] = []
        position = 0
        try:
            while position < len(text):
                value, end = decoder.raw_decode(text, position)
                values.append(value)
                position = end
                while position < len(text) and text[position] in " \t\r\n;,":
                    position += 1
        except (ValueError, RecursionError):
            if values:
                return values
            continue
        return values
    return []


def as_list(value: Any) -> list[Any]:
    """``value`` as a list: ``None`` is empty, a scalar or object is one item."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def types_of(node: JsonObject) -> set[str]:
    """The node's ``@type`` names, lower-cased, without a schema.org prefix."""
    names: set[str] = set()
    for item in as_list(node.get("@type")):
        if isinstance(item, str):
            names.add(item.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower())
    return names


def text_of(value: Any) -> str | None:
    """A plain string from a JSON-LD value (a string, a ``@value`` or a ``name``)."""
    for item in as_list(value):
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            return str(item)
        if isinstance(item, dict):
            found = item.get("@value") or item.get("name")
            if isinstance(found, str) and found.strip():
                return found.strip()
    return None


class JsonLd:
    """All JSON-LD objects of a page, indexed by ``@id``, with its main object chosen."""

    def __init__(self, values: Iterable[Any]) -> None:
        self.nodes: list[JsonObject] = list(_top_nodes(values))
        self.by_id: dict[str, JsonObject] = {}
        for node in self.nodes:
            node_id = node.get("@id")
            if isinstance(node_id, str) and node_id not in self.by_id:
                self.by_id[node_id] = node
        self.main: JsonObject | None = self._choose_main()

    def resolve(self, value: Any) -> Any:
        """Follow an ``{"@id": ...}`` reference into the ``@graph`` when it points to one."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def first_of(self, kinds: frozenset[str]) -> JsonObject | None:
        """The first object whose type is one of ``kinds``."""
        for node in self.nodes:
            if types_of(node) & kinds:
                return node
        return None

    def _choose_main(self) -> JsonObject | None:
        for kinds in (ARTICLE_TYPES, WORK_TYPES, PAGE_TYPES):
            node = self.first_of(kinds)
            if node is not None:
                return node
        return None

    def prefer_page(self, *urls: str | None) -> None:
        """Among several article objects, make the one describing ``urls`` the main one.

        Pages embed JSON-LD for related or recommended stories too; the page's own
        article is the one whose ``url``, ``@id`` or ``mainEntityOfPage`` is its address.
        """
        wanted = {_url_key(u) for u in urls if u}
        articles = [n for n in self.nodes if types_of(n) & ARTICLE_TYPES]
        if len(articles) < 2 or not wanted:
            return
        for node in articles:
            page = node.get("mainEntityOfPage")
            page_id = page.get("@id") if isinstance(page, dict) else page
            for value in (node.get("url"), node.get("@id"), page_id):
                if isinstance(value, str) and _url_key(value) in wanted:
                    self.main = node
                    return

    def publisher_name(self) -> str | None:
        """The publisher's (or the WebSite's) name."""
        for node in (self.main, self.first_of(PAGE_TYPES)):
            if node is None:
                continue
            for publisher in as_list(node.get("publisher")):
                name = text_of(self.resolve(publisher))
                if name:
                    return name
        site = self.first_of(frozenset({"website"}))
        return text_of(site.get("name")) if site is not None else None

    def is_organisation(self, value: Any) -> bool:
        """Whether an author value is an organisation rather than a person."""
        node = self.resolve(value)
        return isinstance(node, dict) and bool(types_of(node) & _ORG_TYPES)


def _url_key(url: str) -> str:
    """A URL without scheme, fragment, ``www.`` and trailing slash, for comparison."""
    url = url.strip().split("#", 1)[0].lower()
    url = url.split("://", 1)[-1].removeprefix("www.")
    return url.rstrip("/")


def _top_nodes(values: Iterable[Any]) -> Iterator[JsonObject]:
    """Top-level objects, ``@graph`` members and ``mainEntity`` objects, in page order."""
    stack: list[Any] = list(values)[::-1]
    seen = 0
    while stack and seen < _MAX_WALK:
        value = stack.pop()
        seen += 1
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            graph = value.get("@graph")
            if "@type" in value:
                yield value
            if graph is not None:
                stack.extend(reversed(as_list(graph)))
            for key in ("mainEntity", "mainEntityOfPage"):
                inner = value.get(key)
                if isinstance(inner, dict) and "@type" in inner:
                    stack.append(inner)


def parse_scripts(scripts: Iterable[str]) -> JsonLd:
    """Parse the texts of a page's ``application/ld+json`` scripts."""
    values: list[Any] = []
    for raw in scripts:
        if raw and len(raw) <= _MAX_SCRIPT_CHARS:
            values.extend(_loads(raw))
    return JsonLd(values)
