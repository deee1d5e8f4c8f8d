"""Where metadata is read: title, authors, dates and the other page-level fields.

``signals`` gathers what the page declares (one C-level CSS pass); each field then
takes the first value its sources give, in the order of trust written down in
``docs/metadata.md``; ``jsonld``, ``dates``, ``authors`` and ``titles`` read and
clean the values, and ``bylines`` reads the byline under the headline when nothing
declared or classed gives the authors or the date. The tree is only read, never changed: the body heuristic runs
on it afterwards.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from ..models import Metadata
from ..parse import Node, Tree
from .authors import PARTICLES, clean_authors
from .bylines import (
    INITIALS,
    HeadlineZone,
    boxed_names,
    credited_names,
    headline_zone,
    name_like,
    row_date,
)
from .dates import date_from_url, parse_date
from .jsonld import PAGE_TYPES, JsonLd, as_list, parse_scripts, text_of, types_of
from .signals import Signals, clean_text, collect, contains, node_value
from .titles import clean_title, comparable, site_like, split_title

__all__ = ["clean_rule_title", "extract_metadata"]

# Visible date text longer than this is a paragraph that happens to hold a date.
_MAX_DATELINE_CHARS = 80
# A visible byline longer than this is an author box or a bio, not a byline.
_MAX_BYLINE_CHARS = 200
# More tags than this is a keyword dump for search engines, not the article's tags.
_MAX_TAGS = 30
# A tag longer than this is a sentence, not a keyword.
_MAX_TAG_CHARS = 60

_UPDATED = re.compile(
    r"updated|modified|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt"
    r"|zaktualizowano|обновлено",
    re.IGNORECASE,
)
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")


def _split_url(url: str) -> SplitResult | None:
    """``urlsplit`` that gives ``None`` for what it cannot read (``http://[bad``)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _join(base: str | None, link: str) -> str | None:
    try:
        return urljoin(base, link) if base else link
    except ValueError:
        return None


class _Picker:
    """Decides the fields from the signals, remembering where each one came from."""

    def __init__(self, signals: Signals, ld: JsonLd, url: str | None) -> None:
        self.s = signals
        self.ld = ld
        self.main: dict[str, Any] = ld.main or {}
        self.url = url
        self.sources: dict[str, str] = {}
        self.base = _join(url, signals.base) if url and signals.base else url or signals.base

    def choose(self, name: str, candidates: Iterable[tuple[str, Callable[[], Any]]]) -> Any:
        for source, read in candidates:
            value = read()
            if value:
                self.sources[name] = source
                return value
        return None

    def ld_text(self, *keys: str) -> str | None:
        for key in keys:
            value = clean_text(text_of(self.main.get(key)))
            if value:
                return value
        return None

    def prop(self, name: str) -> str | None:
        for node in self.s.itemprops.get(name, ()):
            value = node_value(node)
            if value:
                return value
        return None

    def absolute(self, link: str | None) -> str | None:
        if not link or link.startswith(("data:", "javascript:")):
            return None
        link = link.strip()
        if link.startswith("//"):
            return "https:" + link
        parts = _split_url(link)
        if parts is None:
            return None
        if parts.scheme in ("http", "https"):
            return link
        return _join(self.base, link) if self.base else None


def _ld_image(ld: JsonLd, main: dict[str, Any]) -> str | None:
    for key in ("image", "thumbnailUrl"):
        for item in as_list(main.get(key)):
            item = ld.resolve(item)
            if isinstance(item, str) and item.strip():
                return item.strip()
            if isinstance(item, dict):
                found = item.get("url") or item.get("contentUrl")
                if isinstance(found, str) and found.strip():
                    return found.strip()
    return None


def _ld_authors(ld: JsonLd, main: dict[str, Any], *, organisations: bool) -> list[str]:
    """The JSON-LD ``author`` people (or, with ``organisations``, the organisations)."""
    names: list[str] = []
    # ``creator`` is left out: sites fill it with the uploader's account name.
    for item in as_list(main.get("author")):
        node = ld.resolve(item)
        name = text_of(node)
        if name and ld.is_organisation(node) == organisations:
            names.append(name)
    return _names_or_handles(names)


def _people_first(
    candidates: list[tuple[str, Callable[[], Any]]], site_names: list[str]
) -> list[tuple[str, Callable[[], Any]]]:
    """``candidates`` whose values name only the site come after every other one.

    A page that declares its publisher as the author ("Example News") often
    prints the person who wrote it in the byline; the organisation is the author
    only when no source names anyone else.
    """
    deferred: list[tuple[str, list[str]]] = []

    def read(source: str, get: Callable[[], Any]) -> Callable[[], Any]:
        def value() -> Any:
            names = get()
            if names and site_names and all(site_like(n, site_names) for n in names):
                deferred.append((source, names))
                return None
            return names

        return value

    def fallback(index: int) -> Callable[[], Any]:
        return lambda: deferred[index][1] if index < len(deferred) else None

    wrapped = [(source, read(source, get)) for source, get in candidates]
    return wrapped + [(f"{source}", fallback(i)) for i, (source, _) in enumerate(candidates)]


def _names_or_handles(raw: list[str]) -> list[str]:
    """Clean names; failing that, user handles ("grainfield_jo") declared as names.

    A declared name written all in lower case ("jane doe") is a name too: it is
    capitalised (clean_authors takes lower-case text for a phrase).
    """
    names = clean_authors(raw)
    if names:
        return names
    lowered = [
        r
        for r in raw
        if r.islower()
        and _LOWER_NAME.fullmatch(r.strip())
        and not _PHRASE_WORDS.intersection(r.split())
    ]
    names = clean_authors(
        " ".join(w if w in PARTICLES else w.capitalize() for w in r.split()) for r in lowered
    )
    if names:
        return names
    handles = [" ".join(r.split()) for r in raw]
    return list(
        dict.fromkeys(h for h in handles if 1 < len(h) <= _MAX_HANDLE_CHARS and " " not in h)
    )


# A name declared in lower case: two to four words of letters ("jane doe").
_LOWER_NAME = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*(?: [^\W\d_]+(?:[-'][^\W\d_]+)*){1,3}")
# Words of a phrase, never of a name ("health for twenty years").
_PHRASE_WORDS = frozenset("a an the of for and with in on at to by from is are was".split())  # noqa: SIM905
# A user handle marked up as the author (forums, comment systems) is this short.
_MAX_HANDLE_CHARS = 40
_NAME_IN_BYLINE = (
    "[rel~=author], [itemprop=name], .username, .fn, .author-name, .p-author, .byline__name"
)


def _visible_authors(signals: Signals) -> list[str]:
    bylines = signals.bylines
    row: Node | None = None
    for index, node in enumerate(bylines):
        # A byline row ("Posted on <date> by <author> in <category>") holds the
        # author element: the inner one, which follows in document order, wins.
        following = bylines[index + 1] if index + 1 < len(bylines) else None
        if following is not None and contains(node, following):
            row = node
            continue
        if signals.outside(node):
            continue
        # Author elements of one kind in one row are co-authors ("By <span
        # class=author>A</span> and <span class=author>B</span>").
        peers = _peers(bylines, index, row)
        if len(peers) > 1:
            names = clean_authors(p.text(deep=True, separator="\n") for p in peers)
            if names:
                return names
        # The name element inside a byline row beats the row's text ("Post by
        # <a class=username>x</a> » date" is one name, not three).
        named = [
            " ".join(n.text(deep=True, separator=" ").split()) for n in node.css(_NAME_IN_BYLINE)
        ]
        if named:
            # A marked-up name is a name even when it is a handle ("oldmanriver").
            names = _names_or_handles(named)
            if names:
                return names
        names = _text_names(node)
        if names:
            return names
    return []


# An author box holds a name, a role and a bio of a few sentences.
_MAX_AUTHOR_BOX_CHARS = 1500
_REGION_TAGS = frozenset(("html", "body", "main", "article"))


def _text_names(node: Node) -> list[str]:
    """The names a byline element's text gives; an author box's name when too long for a byline."""
    text = "\n".join(
        line
        for line in node.text(deep=True, separator="\n").split("\n")
        if line.strip() and not INITIALS.fullmatch(line)
    )
    if len(text) > _MAX_BYLINE_CHARS:
        # An author box: its first line may be the name, the bio follows. A page
        # region classed for its author (<body class="author-…">) is no box.
        if len(text) > _MAX_AUTHOR_BOX_CHARS or node.tag in _REGION_TAGS:
            return []
        return boxed_names(node)
    names = clean_authors([text]) if text else []
    # Lines beside the name are a role or the start of a bio ("Head of Research",
    # "As founder of Example Gardens"): where some parts read as names, only they are.
    people = [name for name in names if name_like(name)]
    return people or names


def _peers(bylines: list[Node], index: int, row: Node | None) -> list[Node]:
    """``bylines[index]`` and the later byline elements of its kind in the same row."""
    node = bylines[index]
    if row is None or not contains(row, node):
        return [node]
    kind = (node.attributes.get("class"), node.attributes.get("rel"))
    return [node] + [
        other
        for other in bylines[index + 1 :]
        if (other.attributes.get("class"), other.attributes.get("rel")) == kind
        and contains(row, other)
    ]


def _credited_authors(signals: Signals) -> list[str]:
    """The names of a "Written by Jane Doe" line anywhere in the article."""
    root = signals.tree.body if signals.tree is not None else None
    return credited_names(root, signals.outside) if root is not None else []


def _microdata_authors(signals: Signals) -> list[str]:
    for node in [*signals.itemprops.get("author", ()), *signals.itemprops.get("creator", ())]:
        if signals.outside(node):
            continue
        value: str | None
        inner = node.css_first("[itemprop=name]") if "itemscope" in node.attributes else None
        value = node_value(inner if inner is not None else node)
        if value and not value.startswith(("http://", "https://", "/")):
            # A marked-up author is a name even when it is a handle ("sorairolake"):
            # skipping it would give the author of the next post.
            names = _names_or_handles([value])
            if names:
                return names
    return []


# Dublin Core first: it is a deliberate bibliographic statement, while content
# systems fill a plain "author" with the account that posted the page.
_AUTHOR_META = (
    "dc.creator", "author", "article:author", "og:article:author", "parsely-author",
    "sailthru.author", "byl", "citation_author", "dc.contributor",
)  # fmt: skip


# Labels of the "label / data" pairs that link previews show (``twitter:label1`` =
# "Written by", ``twitter:data1`` = the name), which many publishing systems emit.
_AUTHOR_LABEL = re.compile(r"^\s*(?:written\s+by|author|authors|by|posted\s+by)\s*:?\s*$", re.I)


def _labelled_authors(signals: Signals) -> list[str]:
    """The name in a ``twitter:dataN`` whose ``twitter:labelN`` says "Written by"."""
    for index in range(1, 5):
        label = signals.first(f"twitter:label{index}")
        if label and _AUTHOR_LABEL.match(label):
            names = clean_authors(signals.all(f"twitter:data{index}"))
            if names:
                return names
    return []


def _meta_authors(signals: Signals) -> list[str]:
    """The authors of the first ``<meta>`` name that gives any (repeated tags add up)."""
    for key in _AUTHOR_META:
        values = [v for v in signals.all(key) if not v.startswith(("http://", "https://", "/"))]
        names = clean_authors(values)
        if names:
            return names
    return []


# Other ``<meta>`` names that say "publication date" in a site's own prefix
# ("w-published-date", "cms.pubdate", "article_publish_date"); an update is not one.
_PUBLISHED_NAME = re.compile(
    r"(?:^|[:._-])(?:pub(?:lish(?:ed)?|lication)?[-_.]?(?:date|time)|date[-_.]?pub(?:lished)?"
    r"|published(?:[-_.]?(?:at|on))?)$"
    # A plain "date" in a vendor's namespace ("ms.date", "article.date").
    r"|^[a-z]{1,12}\.date$"
)
# Dates that a name says are not the publication's ("event.date", "expiry.date").
_OTHER_DATE = re.compile(r"updat|modif|expir|event|start|end|due|valid|review|birth|last")


def _named_published(signals: Signals, *, month_first: bool) -> str | None:
    """The date of the first ``<meta>`` whose name says it is the publication date."""
    for key in signals.meta:
        if _PUBLISHED_NAME.search(key) and not _UPDATED.search(key) and not _OTHER_DATE.search(key):
            value = parse_date(signals.first(key), month_first=month_first)
            if value:
                return value
    return None


def _time_dates(signals: Signals, *, updated: bool, month_first: bool) -> str | None:
    """The first ``<time>`` in the article that is (or is not) marked as an update."""
    for node in signals.times:
        attrs = node.attributes
        marker = " ".join(
            filter(None, (attrs.get("class"), attrs.get("itemprop"), _previous_text(node)))
        )
        if bool(_UPDATED.search(marker)) != updated or signals.outside(node):
            continue
        raw = attrs.get("datetime") or node.text(deep=True)
        value = parse_date(raw, month_first=month_first)
        if value:
            return value
    return None


def _visible_date(signals: Signals, *, month_first: bool) -> str | None:
    """The first date written in an element classed as a date line, outside furniture.

    A line that goes on to an update ("May 2, 2024 (last modified May 9, 2024)")
    gives the date before it; one classed as an update gives none.
    """
    for node in signals.datelines:
        text = node.text(deep=True, separator=" ").strip()
        update = _UPDATED.search(text)
        if update is not None:
            text = text[: update.start()].strip()
        if not text or len(text) > _MAX_DATELINE_CHARS:
            continue
        if _UPDATED.search(node.attributes.get("class") or "") or signals.outside(node):
            continue
        value = parse_date(text, month_first=month_first)
        if value:
            return value
    return None


def _author_row_date(signals: Signals, *, month_first: bool) -> str | None:
    """The date printed in the first author element (or its row) in the article."""
    for node in signals.bylines:
        if not signals.outside(node):
            return row_date(node, month_first=month_first)
    return None


# Sources a page declares without showing them to the reader.
_DECLARED = frozenset(("json-ld", "opengraph", "meta", "microdata"))


def _shown_date(
    signals: Signals, zone: HeadlineZone | None, *, month_first: bool
) -> tuple[str | None, str]:
    """The date the reader sees by the headline (and its source), unless labelled an update."""
    if zone is not None:
        value = zone.date(month_first=month_first)
        if value:
            return value, "byline"
    return _time_dates(signals, updated=False, month_first=month_first), "time"


def _previous_text(node: Node) -> str:
    sibling = node.prev
    if sibling is not None and sibling.is_text_node:
        return sibling.text(deep=False)[-40:]
    parent = node.parent
    return (parent.attributes.get("class") or "") if parent is not None else ""


def _keywords(values: Iterable[str]) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    for value in values:
        for word in _KEYWORD_SPLIT.split(value):
            word = word.strip()
            key = word.casefold()
            if word and len(word) <= _MAX_TAG_CHARS and key not in seen:
                seen.add(key)
                words.append(word)
    return words[:_MAX_TAGS] if len(words) <= _MAX_TAGS else []


def _ld_list(ld_main: dict[str, Any], *keys: str) -> list[str]:
    values: list[str] = []
    for key in keys:
        for item in as_list(ld_main.get(key)):
            text = text_of(item)
            if text:
                values.append(text)
    return values


def _lang(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip().replace("_", "-").split(",")[0].strip()
    parts = raw.split("-")
    if not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None
    head = parts[0].lower()
    tail = [p.upper() if len(p) == 2 else p for p in parts[1:] if p]
    return "-".join([head, *tail])


def _not_home(candidate: str | None, url: str | None) -> str | None:
    """``candidate``, unless it is the site's home page while ``url`` is a page below it.

    Templates that set every page's canonical URL to the home page are common; an
    article's address is then the better canonical.
    """
    if not candidate or not url:
        return candidate
    mine, given = _split_url(candidate), _split_url(url)
    if mine is None or given is None:
        return candidate
    if mine.path.strip("/") == "" and not mine.query and given.path.strip("/"):
        return None
    return candidate


def _host_label(url: str | None) -> str | None:
    if not url:
        return None
    parts = _split_url(url)
    host = (parts.hostname or "") if parts is not None else ""
    labels = [x for x in host.split(".") if x not in ("www", "m", "amp", "blog", "blogs", "news")]
    return labels[-2] if len(labels) >= 2 else None


def extract_metadata(tree: Tree, url: str | None, signals: Signals | None = None) -> Metadata:
    """Read the page-level fields (title, authors, dates, …) from the parsed page.

    The tree is not modified. Each field is ``None``/empty when the page does not say;
    ``Metadata.sources`` names the source each field was taken from.

    Args:
        tree: the parsed page, before the body heuristic changes it.
        url: the page's address, for resolving relative links and reading URL dates.
        signals: what :func:`~.signals.collect` read from ``tree``, when the caller
            already has it (the pipeline shares it with the page-kind decision).
    """
    if signals is None:
        signals = collect(tree)
    ld = parse_scripts(signals.scripts)
    pick = _Picker(signals, ld, url)
    main = pick.main
    s = signals

    lang = pick.choose(
        "lang",
        [
            ("html", lambda: _lang(s.html_lang)),
            ("meta", lambda: _lang(s.first("http-equiv:content-language", "content-language", "language", "dc.language"))),
            ("opengraph", lambda: _lang(s.first("og:locale"))),
            ("json-ld", lambda: _lang(pick.ld_text("inLanguage"))),
        ],
    )  # fmt: skip
    canonical = pick.choose(
        "url",
        [
            (
                "link",
                lambda: _not_home(
                    pick.absolute(next(iter(s.links.get("canonical", ())), None)), url
                ),
            ),
            ("opengraph", lambda: _not_home(pick.absolute(s.first("og:url")), url)),
            ("json-ld", lambda: _not_home(pick.absolute(pick.ld_text("url")), url)),
            ("input", lambda: url),
        ],
    )
    ld.prefer_page(canonical, url)
    main = pick.main = ld.main or {}
    if pick.base is None and canonical:
        # Without the page's address, its canonical address is the next best base.
        pick.base = canonical
    site_name = pick.choose(
        "site_name",
        [
            ("opengraph", lambda: s.first("og:site_name")),
            ("json-ld", lambda: clean_text(ld.publisher_name())),
            ("meta", lambda: s.first("application-name", "apple-mobile-web-app-title", "al:ios:app_name", "al:android:app_name", "dc.publisher")),
        ],
    )  # fmt: skip
    if site_name:
        site_name = _clean_site_name(site_name, _host_label(canonical or url))
        site_name = _brand(site_name, clean_text(ld.publisher_name()))
    raw_title = pick.choose(
        "title",
        [
            ("json-ld", lambda: _confirmed(pick.ld_text("headline"), s)),
            ("json-ld", lambda: _confirmed(pick.ld_text("name"), s)),
            ("opengraph", lambda: _confirmed(s.first("og:title"), s)),
            ("twitter", lambda: _confirmed(s.first("twitter:title"), s)),
            ("dublin-core", lambda: s.first("dc.title")),
            ("meta", lambda: s.first("title", "parsely-title", "sailthru.title", "citation_title")),
            ("microdata", lambda: pick.prop("headline")),
            ("title", lambda: s.title),
            ("h1", lambda: s.headings[0] if s.headings else None),
        ],
    )
    meta_authors = _meta_authors(s)  # read once: the title's cleaning and the authors use them
    title = None
    if raw_title:
        host = _host_label(canonical or url)
        names = [n for n in (site_name, host) if n]
        title, removed = clean_title(
            raw_title, site_names=names, headings=s.headings, authors=meta_authors
        )
        if s.title and s.title != raw_title and site_name is None and removed is None:
            # The <title> often carries the site name the og:title leaves out.
            _, removed = clean_title(s.title, headings=[title, *s.headings], generic_cut=False)
        if site_name is None and removed:
            site_name = removed
            pick.sources["site_name"] = "title"
        headline = _completing_headline(title, s)
        if headline:
            title = headline
            pick.sources["title"] = "h1"

    month_first = (lang or "").lower() in ("en-us", "en")
    zones: list[HeadlineZone | None] = []

    def zone() -> HeadlineZone | None:
        """The lines under the headline, read on first use (most pages never need them)."""
        if not zones:
            headings = [h for h in s.heading_nodes if not s.outside(h)]
            zones.append(headline_zone(headings, title))
        return zones[0]

    modified = pick.choose(
        "modified",
        [
            ("json-ld", lambda: parse_date(pick.ld_text("dateModified"))),
            ("opengraph", lambda: parse_date(s.first("article:modified_time", "og:updated_time", "article:modified"))),
            ("meta", lambda: parse_date(s.first("dc.modified", "dc.date.modified", "last-modified", "http-equiv:last-modified", "lastmod", "revised"), month_first=month_first)),
            ("microdata", lambda: parse_date(pick.prop("dateModified"), month_first=month_first)),
            ("time", lambda: _time_dates(s, updated=True, month_first=month_first)),
            ("byline", lambda: (z := zone()) and z.updated(month_first=month_first)),
        ],
    )  # fmt: skip
    date = pick.choose(
        "date",
        [
            ("json-ld", lambda: parse_date(pick.ld_text("datePublished"))),
            ("opengraph", lambda: parse_date(s.first("article:published_time", "og:published_time", "article:published", "og:article:published_time"))),
            ("meta", lambda: parse_date(s.first(
                "dc.date.issued", "dc.date", "dc.created", "dc.date.created", "date", "pubdate",
                "publishdate", "publish-date", "publication_date", "parsely-pub-date",
                "sailthru.date", "citation_publication_date", "citation_date", "article.published",
                "published-date", "datepublished", "release_date", "citation_online_date",
                "prism.publicationdate", "prism.coverdate", "published",
            ), month_first=month_first)),
            ("meta", lambda: _named_published(s, month_first=month_first)),
            ("microdata", lambda: parse_date(pick.prop("datePublished"), month_first=month_first)),
            ("time", lambda: _time_dates(s, updated=False, month_first=month_first)),
            ("url", lambda: date_from_url(canonical) or date_from_url(url)),
            # The date by the headline before the first element classed as a date
            # anywhere (a list of other stories the page does not mark as such).
            ("byline", lambda: (z := zone()) and z.date(month_first=month_first)),
            ("visible", lambda: _visible_date(s, month_first=month_first)),
            ("json-ld", lambda: parse_date(pick.ld_text("dateCreated", "uploadDate"))),
            ("byline", lambda: _author_row_date(s, month_first=month_first)),
            # A page that shows only the day it was last updated: that is its date.
            ("byline", lambda: (z := zone()) and z.updated(month_first=month_first)),
        ],
    )  # fmt: skip
    if date and modified and pick.sources.get("date") in _DECLARED:
        shown, where = _shown_date(s, zone(), month_first=month_first)
        if shown and shown[:10] == modified[:10] != date[:10]:
            # The page prints its update day as its date, unlabelled: the site
            # presents that day as the article's (a republished or rewritten page).
            date = shown
            pick.sources["date"] = where
    site_names = [n for n in (site_name, clean_text(ld.publisher_name())) if n]
    authors = pick.choose(
        "authors",
        [
            *_people_first(
                [
                    ("json-ld", lambda: _ld_authors(ld, main, organisations=False)),
                    ("meta", lambda: meta_authors),
                    ("meta", lambda: _labelled_authors(s)),
                    ("microdata", lambda: _microdata_authors(s)),
                    ("byline", lambda: _visible_authors(s)),
                    ("byline", lambda: (z := zone()) and z.authors()),
                    ("byline", lambda: _credited_authors(s)),
                ],
                site_names,
            ),
            # An organisation is the author only when no person is named.
            ("json-ld", lambda: _ld_authors(ld, main, organisations=True)),
        ],
    )
    if authors and len(authors) > 1 and site_name:
        # "Example News, Jane Doe": the site beside a person is not a co-author.
        people = [a for a in authors if not site_like(a, [site_name])]
        authors = people or authors
    description = pick.choose(
        "description",
        [
            ("json-ld", lambda: _untruncated(pick.ld_text("description"), s.first("description"))),
            ("opengraph", lambda: s.first("og:description")),
            ("meta", lambda: s.first("description")),
            ("twitter", lambda: s.first("twitter:description")),
            ("dublin-core", lambda: s.first("dc.description")),
            ("microdata", lambda: pick.prop("description")),
        ],
    )
    image = pick.choose(
        "image",
        [
            ("opengraph", lambda: pick.absolute(s.first("og:image", "og:image:url", "og:image:secure_url"))),
            ("twitter", lambda: pick.absolute(s.first("twitter:image", "twitter:image:src"))),
            ("json-ld", lambda: pick.absolute(_ld_image(ld, main))),
            ("microdata", lambda: pick.absolute(pick.prop("image"))),
            ("link", lambda: pick.absolute(next(iter(s.links.get("image_src", ())), None))),
        ],
    )  # fmt: skip
    tags = pick.choose(
        "tags",
        [
            ("opengraph", lambda: _keywords(s.all("article:tag", "og:article:tag"))),
            ("json-ld", lambda: _keywords(_ld_list(main, "keywords"))),
            ("meta", lambda: _keywords(s.all("news_keywords", "keywords", "parsely-tags", "sailthru.tags"))),
        ],
    )  # fmt: skip
    categories = pick.choose(
        "categories",
        [
            ("opengraph", lambda: _keywords(s.all("article:section", "og:article:section"))),
            ("json-ld", lambda: _keywords(_ld_list(main, "articleSection"))),
            ("meta", lambda: _keywords(s.all("parsely-section", "section", "category"))),
            ("microdata", lambda: _keywords(filter(None, [pick.prop("articleSection")]))),
        ],
    )
    page_type = pick.choose(
        "page_type",
        [
            ("json-ld", lambda: _declared_type(main, generic=False)),
            ("opengraph", lambda: s.first("og:type")),
            ("json-ld", lambda: _declared_type(main, generic=True)),
        ],
    )
    return Metadata(
        title=title,
        authors=authors or [],
        date=date,
        modified=modified,
        description=description,
        site_name=site_name,
        image=image,
        lang=lang,
        url=canonical,
        tags=tags or [],
        categories=categories or [],
        page_type=page_type,
        sources=pick.sources,
    )


def clean_rule_title(meta: Metadata, page: Metadata, signals: Signals) -> Metadata:
    """``meta`` (after a site rule) with the rule's title cleaned as a generic title is.

    A rule's title selector often falls back to ``og:title``, which carries the
    section or site name ("Headline | Section"). A title taken from the headline
    loses nothing: an ``<h1>`` equal to the whole title keeps it whole.

    Args:
        meta: the metadata with the site rule's fields in place.
        page: the metadata the page itself gave, before the rule.
        signals: what the metadata stage read from the page.
    """
    if not meta.title or meta.title == page.title:
        return meta
    names = [n for n in (meta.site_name, _host_label(meta.url)) if n]
    title, _ = clean_title(
        meta.title, site_names=names, headings=signals.headings, authors=meta.authors
    )
    return dataclasses.replace(meta, title=title or meta.title)


def _clean_site_name(name: str, host: str | None) -> str:
    """The site name without a scheme or a tagline ("Example.org | News and views")."""
    if name.startswith(("http://", "https://")):
        parts = _split_url(name)
        return (parts.netloc if parts and parts.netloc else name).removeprefix("www.")
    if host:
        for part in split_title(name):
            if part != name and comparable(part) and site_like(part, [host]):
                return part.strip()
    return name


# A brand name has at least this many letters and digits ("BBC", "Vox").
_MIN_BRAND_CHARS = 3


def _brand(site_name: str, publisher: str | None) -> str:
    """The JSON-LD publisher's name when ``site_name`` is that name plus more words.

    Both declare the same brand; what ``og:site_name`` adds is a domain ending, a
    legal form or a tagline ("Example.fr", "Example Inc", "Example - News and
    views" beside the publisher "Example").
    """
    if not publisher:
        return site_name
    mine, theirs = comparable(site_name), comparable(publisher)
    if len(theirs) >= _MIN_BRAND_CHARS and mine != theirs and mine.startswith(theirs):
        return publisher
    return site_name


# An <h1> shorter than this (in letters and digits) is a logo or a section name,
# too little to show that the <title> and the heading agree.
_MIN_AGREEING_HEADING = 8


# Two titles whose word sets overlap this much (Jaccard) say the same thing in
# slightly different words ("Dropbox's ATF - an async…" / "Dropbox ATF: an async…").
_MIN_TITLE_OVERLAP = 0.5
_WORDS = re.compile(r"\w+")


def _agrees(candidate: str, texts: Iterable[str]) -> bool:
    key = comparable(candidate)
    words = set(_WORDS.findall(candidate.casefold()))
    for text in texts:
        other = comparable(text)
        if key and other and (key in other or (len(other) * 2 >= len(key) and other in key)):
            return True
        other_words = set(_WORDS.findall(text.casefold()))
        union = words | other_words
        if union and len(words & other_words) / len(union) >= _MIN_TITLE_OVERLAP:
            return True
    return False


def _confirmed(declared: str | None, signals: Signals) -> str | None:
    """A declared title (JSON-LD, OpenGraph, Twitter) unless the visible page contradicts it.

    Some sites fill ``headline`` or ``og:title`` with a tagline, a section name or a
    description. When the ``<title>`` and an ``<h1>`` agree with each other but
    neither agrees with the declared title, the declared one is not trusted.
    """
    if not declared:
        return None
    if _agrees(declared, [t for t in (signals.title, *signals.headings) if t]):
        return declared
    title = signals.title
    for heading in signals.headings:
        if (
            title
            and len(comparable(heading)) >= _MIN_AGREEING_HEADING
            and _agrees(heading, [title])
        ):
            return None
    return declared


# What ends a declared title cut short ("How to set up your desk, and k…").
_ELLIPSIS = re.compile(r"\s*(?:\.{3}|…)\s*$")
# A word WordPress-like systems add to a taxonomy page's title ("Air Fryer Recipes Archives").
_ARCHIVE_WORD = re.compile(r"\s+(?:archives?)$", re.IGNORECASE)


def _completing_headline(title: str, signals: Signals) -> str | None:
    """The visible headline when the chosen title is a cut-down copy of it.

    The declared title (or ``<title>``) is often shortened for search results: cut
    at a length ("…and k", "… watch..."), stripped of the headline's last clause
    ("Best Tutors in 2025" for "Best Tutors in 2025, Reviewed by a Student"), or
    given an archive word. The first ``<h1>`` in the article that starts with the
    title and goes on with more words is the headline; one that goes on with a
    bracket ("(example.com) 87", a link aggregator's source and score) is not.
    """
    stem = _ELLIPSIS.sub("", title)
    archive = _ARCHIVE_WORD.sub("", stem)
    key = comparable(stem)
    if not key:
        return None
    for heading, node in zip(signals.headings, signals.heading_nodes, strict=True):
        if signals.outside(node):
            continue
        if archive != stem and comparable(heading) == comparable(archive):
            return heading
        other = comparable(heading)
        if other == key or not other.startswith(key):
            return None  # the first article <h1> decides
        rest = (
            heading.casefold()[len(stem.casefold()) :].lstrip()
            if heading.casefold().startswith(stem.casefold())
            else None
        )
        if rest is None or rest[:1] in _NOT_A_CLAUSE or len(heading) > _MAX_HEADLINE_CHARS:
            return None
        return heading
    return None


# What starts a tail that is not the headline's own clause: a bracket (a source, a
# score) or a title separator (a site name added to the heading).
_NOT_A_CLAUSE = "([{|-–—·•»:/"
# A headline longer than this is a paragraph marked up as a heading.
_MAX_HEADLINE_CHARS = 200


def _untruncated(description: str | None, meta: str | None) -> str | None:
    """The JSON-LD description, or the meta one when JSON-LD holds a cut copy of it."""
    if not description or not meta:
        return description
    stem = description.rstrip(".…").rstrip()
    if len(meta) > len(stem) and meta.startswith(stem):
        return meta
    return description


def _declared_type(node: dict[str, Any], *, generic: bool) -> str | None:
    """The main object's first ``@type``; a bare page type only when ``generic``.

    A JSON-LD ``WebPage`` says less than an ``og:type`` of ``article``, so page types
    come after OpenGraph.
    """
    kinds = types_of(node)
    if not kinds or (not generic and kinds <= PAGE_TYPES):
        return None
    for item in as_list(node.get("@type")):
        if isinstance(item, str) and item.strip():
            return item.strip().rsplit("/", 1)[-1]
    return None
