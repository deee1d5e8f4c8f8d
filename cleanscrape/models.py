"""Value objects passed between the stages: options in, article out."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Literal, get_args

__all__ = [
    "KINDS",
    "Article",
    "DeferredHTML",
    "Favor",
    "Kind",
    "Metadata",
    "Options",
    "OutputFormat",
    "RenderMode",
]

#: Trade-off between leaving boilerplate in (recall) and cutting article text (precision).
Favor = Literal["precision", "balanced", "recall"]
#: The renderings an :class:`Article` offers.
OutputFormat = Literal["text", "markdown", "json", "html"]
#: When ``scrape`` reads a page through a browser: only pages built by scripts
#: (``"auto"``), never, or always (see docs/fetching.md).
RenderMode = Literal["auto", "never", "always"]


#: A page's kind (docs/heuristic.md, "Page kinds").
Kind = Literal["article", "forum", "product", "collection", "listing", "documentation", "service"]
#: Every page kind, in the order the docs list them.
KINDS: tuple[Kind, ...] = get_args(Kind)


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that tunes one extraction. Change with :func:`dataclasses.replace`.

    Attributes:
        favor: ``"precision"`` cuts doubtful blocks, ``"recall"`` keeps them.
        comments: also extract the comment section into ``Article.comments``.
        max_input_bytes: larger inputs raise :class:`~cleanscrape.errors.InputTooLarge`
            (a ``str`` is measured in characters).
        max_depth: elements nested deeper than this lose their tags before parsing
            (their text stays, in order), so pathological nesting costs linear
            time and never recursion.
        max_nodes: a page that would build more elements than this raises
            :class:`~cleanscrape.errors.InputTooLarge` before it is parsed.
        kinds: the page kinds wanted (``{"article"}``: articles only); a page of
            another kind gives ``None``. ``None`` (the default) takes every kind.

    See ``docs/limits.md`` for what each limit costs and protects.
    """

    favor: Favor = "balanced"
    comments: bool = False
    # 50 MiB: about 300 times an average article page; more is an archive or an attack.
    max_input_bytes: int = 50 * 1024 * 1024
    # Real pages nest 20 to 60 levels; lexbor's cost grows with the square of
    # the depth (20,000 levels: 1.3 s), and 512 levels still parse in a millisecond.
    max_depth: int = 512
    # The largest real article pages have about 100,000 elements; a million
    # cost lexbor about 300 MB and a second, so more is an attack or an archive.
    max_nodes: int = 1_000_000
    kinds: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.kinds is not None:
            unknown = set(self.kinds) - set(KINDS)
            if unknown:
                raise ValueError(f"unknown page kinds {sorted(unknown)}; known: {', '.join(KINDS)}")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a page says about itself. Each field is ``None``/empty when the page does not say.

    Attributes:
        title: the headline.
        authors: the authors' names.
        date: publication date, ISO 8601 (a date, or a date and time).
        modified: last modification date, ISO 8601.
        description: the page's summary (meta description, standfirst).
        site_name: the publication's name.
        image: the lead image URL, absolute when the page's address is known.
        lang: the page language (``<html lang>``).
        url: the canonical URL, else the address the page was given with.
        tags: tags / keywords.
        categories: sections / categories.
        page_type: what the page says it is (``"article"``, ``"product"`` …).
        sources: where each field came from (``"json-ld"``, ``"opengraph"``, ``"meta"``,
            ``"time"``, ``"url"`` …), e.g. ``{"title": "json-ld"}`` (docs/metadata.md).
    """

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    modified: str | None = None
    description: str | None = None
    site_name: str | None = None
    image: str | None = None
    lang: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    page_type: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeferredHTML:
    """Body HTML still to be sanitized, with the address its links resolve against."""

    raw: str
    base_url: str | None = None


class _SanitizedOnRead:
    """``Article.html``: sanitized on first read.

    Callers who want only the text (most of a corpus run) never pay for the
    sanitizer; the first read renders and keeps the result. Plain strings
    given to the constructor are kept as they are.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}"

    def __get__(self, obj: object | None, owner: type | None = None) -> str:
        if obj is None:
            return ""  # the field's default
        value = obj.__dict__.get(self._slot, "")
        if isinstance(value, DeferredHTML):
            from .render import sanitize_html

            value = sanitize_html(value.raw, value.base_url)
            obj.__dict__[self._slot] = value
        return str(value)

    def __set__(self, obj: object, value: str | DeferredHTML) -> None:
        obj.__dict__[self._slot] = value


@dataclass(frozen=True)
class Article:
    """An extracted article: the body in several renderings plus its metadata.

    ``text`` holds one block (paragraph, heading, list item, quote line) per line.
    ``html`` is the body as sanitized HTML, safe to show in a browser (sanitized
    on first access).
    ``markdown`` is rendered from ``html`` on first access.

    Attributes:
        text: the body as plain text, one block a line.
        html: the body as sanitized HTML (sanitized on first access).
        title: the headline.
        authors: the authors' names.
        date: publication date, ISO 8601 (a date, or a date and time).
        modified: last modification date, ISO 8601.
        description: the page's summary (meta description, standfirst).
        site_name: the publication's name.
        image: the lead image URL, absolute when the page's address is known.
        lang: the page language (``<html lang>``).
        url: the canonical URL, else the address the page was given with.
        tags: tags / keywords.
        categories: sections / categories.
        page_type: what the page says it is (``"article"``, ``"product"`` …).
        sources: where each metadata field came from (``"json-ld"``, ``"opengraph"``,
            ``"meta"``, ``"time"`` …), e.g. ``{"title": "json-ld"}`` (docs/metadata.md).
        comments: the comment section as text, only with ``comments=True``.
        kind: the page's kind: ``"article"``, ``"forum"``, ``"product"``, ``"collection"``,
            ``"listing"``, ``"documentation"`` or ``"service"`` (docs/heuristic.md,
            "Page kinds").
        kind_evidence: why the kind was decided so (``"json-ld QAPage"``, ``"address
            of a thread"`` …).
        pages: the address of every response the body was joined from, in order: one
            for a page fetched by ``scrape``, several for a story split over pages;
            empty for ``extract`` (no network). See docs/fetching.md.
        rendered: whether the body was read from a browser's rendering of the page
            (``render="always"``, or ``"auto"`` on a page built by scripts).
    """

    text: str
    html: _SanitizedOnRead = _SanitizedOnRead()
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    modified: str | None = None
    description: str | None = None
    site_name: str | None = None
    image: str | None = None
    lang: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    page_type: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    comments: str | None = None
    kind: Kind = "article"
    kind_evidence: str = ""
    pages: list[str] = field(default_factory=list)
    rendered: bool = False

    @cached_property
    def markdown(self) -> str:
        """The body as Markdown (headings, lists, quotes, links, tables, code)."""
        from .render import html_to_markdown

        return html_to_markdown(self.html)

    def to_dict(self) -> dict[str, Any]:
        """All fields plus ``markdown``, as plain JSON-ready Python values."""
        data = asdict(self)
        data["markdown"] = self.markdown
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The :meth:`to_dict` mapping as a JSON string (UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
