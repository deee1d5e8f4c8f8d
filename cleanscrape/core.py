"""The pipeline: the only module that chains the stages (parse, metadata, body, render)."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, overload

from .explain import Explanation, Trace
from .heuristic import Body, extract_body
from .heuristic.pagekind import declared
from .metadata import clean_rule_title, extract_metadata
from .metadata.signals import collect
from .models import Article, DeferredHTML, Favor, Metadata, Options
from .parse import Tree, parse_document
from .rules import RuleSet
from .rules.apply import SiteMatch, apply_rules

__all__ = ["extract"]

logger = logging.getLogger(__name__)
# What the command calls the page being extracted (a file's path), for its -v line.
_PAGE_NAME: ContextVar[str | None] = ContextVar("page_name", default=None)

# A declared description whose first words the body holds is already in the text.
DESCRIPTION_PROBE_WORDS = 8
# A product page with more words than this has a visible description of its own.
MAX_UNDESCRIBED_WORDS = 150
# A lone surrogate (JSON's "\ud800" escape decodes to one) cannot be encoded as
# UTF-8: one in a title would make every writer of the article raise.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@overload
def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    options: Options | None = None,
    favor: Favor | None = None,
    comments: bool | None = None,
    rules: RuleSet | None = None,
    kinds: Iterable[str] | None = None,
    explain: Literal[False] = False,
) -> Article | None: ...


@overload
def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    options: Options | None = None,
    favor: Favor | None = None,
    comments: bool | None = None,
    rules: RuleSet | None = None,
    kinds: Iterable[str] | None = None,
    explain: Literal[True],
) -> tuple[Article | None, Explanation]: ...


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    options: Options | None = None,
    favor: Favor | None = None,
    comments: bool | None = None,
    rules: RuleSet | None = None,
    kinds: Iterable[str] | None = None,
    explain: bool = False,
) -> Article | tuple[Article | None, Explanation] | None:
    """Extract the article from one HTML page; no network is involved.

    With the ``cleanscrape.core`` logger at INFO (``cleanscrape -v``), each call
    logs one line saying what was decided: charset, site rule, kind, words kept.

    Args:
        html: the page, as text or as the raw bytes served (decoded as a browser would).
        url: the page's address: relative links resolve against it.
        options: all tuning in one object; ``favor`` and ``comments`` override its fields.
        favor: ``"precision"``, ``"balanced"`` (default) or ``"recall"``.
        comments: also extract the comment section into ``Article.comments``.
        rules: site rules tried before the default ones (``CLEANSCRAPE_RULES``
            folders, plugins, built-in rules); see :class:`~cleanscrape.rules.RuleSet`.
        kinds: only pages of these kinds (``{"article"}``, ``{"article", "forum"}``)
            give an article; others give ``None``. Default: every kind.
        explain: also return an :class:`~cleanscrape.explain.Explanation` of every
            decision, as ``(article, explanation)``.

    Returns:
        The :class:`Article`, or ``None`` when the page has no article-like content;
        with ``explain=True``, that and the explanation as a pair.

    Raises:
        InputError: the input cannot be read as HTML at all (binary, over a size limit).
        ValueError: ``kinds`` names a kind that does not exist (see ``cleanscrape.KINDS``).
    """
    opts = options or Options()
    if favor is not None or comments is not None or kinds is not None:
        opts = dataclasses.replace(
            opts,
            favor=favor if favor is not None else opts.favor,
            comments=comments if comments is not None else opts.comments,
            kinds=frozenset(kinds) if kinds is not None else opts.kinds,
        )
    tree = parse_document(html, opts)
    article, explanation = extract_parsed(tree, html, url, opts, rules, explain)
    if explanation is not None:
        return article, explanation
    return article


def extract_parsed(
    tree: Tree,
    html: str | bytes,
    url: str | None,
    opts: Options,
    rules: RuleSet | None,
    explain: bool = False,
) -> tuple[Article | None, Explanation | None]:
    """:func:`extract` of a page already parsed (``tree``, from ``html`` with ``opts``),
    for a caller that reads the page's links first (:func:`cleanscrape.pages.read_page`):
    the page is parsed once. The tree is changed (cut) by the extraction."""
    signals = collect(tree)  # one read of the page for the metadata and the kind
    meta = extract_metadata(tree, url, signals)
    # A saved page without ``url`` still finds its site rule by its canonical URL.
    trace = Trace() if explain else None
    site = apply_rules(tree, url or meta.url, rules, trace=trace)
    meta = clean_rule_title(site.update(meta), meta, signals)
    if trace is not None:
        trace.rule = site.describe()
    if site.favor(opts.favor) != opts.favor:  # the site rule's trade-off
        opts = dataclasses.replace(opts, favor=site.favor(opts.favor))
    body = extract_body(
        site.tree,
        opts,
        title=meta.title,
        authors=meta.authors,
        container=site.container,
        clean=site.prune,
        trace=trace,
        hint=declared(
            signals.scripts, signals.first("og:type"), url or meta.url, dated=meta.date is not None
        ),
    )
    article = None if body is None else _article(body, meta, url)
    unwanted = article is not None and opts.kinds is not None and article.kind not in opts.kinds
    if logger.isEnabledFor(logging.INFO):  # cleanscrape -v: nothing computed otherwise
        logger.info("%s", _decisions(html, url or meta.url, url is not None, site, body, unwanted))
    if unwanted:
        article = None  # a page of a kind the caller did not ask for
    return article, trace.explanation(meta.sources) if trace is not None else None


@contextmanager
def named_page(name: str) -> Iterator[None]:
    """Name the page extracted in the block (a file's path) in extraction's -v line."""
    token = _PAGE_NAME.set(name)
    try:
        yield
    finally:
        _PAGE_NAME.reset(token)


def _decisions(
    html: str | bytes,
    url: str | None,
    given: bool,
    site: SiteMatch,
    body: Body | None,
    unwanted: bool,
) -> str:
    """What extraction decided for one page, in one line (``cleanscrape -v``)."""
    name = _PAGE_NAME.get()
    if url is None:
        where = f"{name}: no URL" if name else "page without a URL"
    elif name and name != url:
        where = f"{name}: {'URL' if given else 'canonical URL'} {url}"
    else:
        where = url if given else f"{url} (canonical URL)"
    if isinstance(html, bytes):
        from .decode import charset_origin

        charset = "charset {} ({})".format(*charset_origin(html))
    else:
        charset = "text given, decoded before extraction"
    rule = site.describe() or "none"
    if body is None:
        outcome = "no article"
    else:
        evidence = f" ({body.kind.evidence})" if body.kind.evidence else ""
        blocks = sum(1 for line in body.text.splitlines() if line.strip())
        outcome = f"{body.kind.kind}{evidence}: {len(body.text.split())} words in {blocks} blocks"
        if unwanted:
            outcome += "; not a kind asked for: no article"
    return f"{where}; {charset}; site rule: {rule}; {outcome}"


def _declared_description(body: Body, meta: Metadata) -> str | None:
    """A product's description that only its JSON-LD holds: the first paragraph of its text.

    Shops often render the description from a script; the ``Product`` object in
    the page's JSON-LD still carries it.
    """
    description = meta.description
    if body.kind.kind != "product" or not description or meta.sources.get("description") != "json-ld":
        return None
    words = body.text.split()
    if len(words) > MAX_UNDESCRIBED_WORDS:
        return None  # the page describes the product itself
    probe = " ".join(description.split()[:DESCRIPTION_PROBE_WORDS]).casefold()
    return None if probe in " ".join(words).casefold() else description


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point.

    UTF-8 encodes every other code point, and encoding (C, a copy) is several
    times faster than a regular expression's search over a page's HTML.
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text(value: Any) -> Any:
    """``value`` (a string, or a list or mapping of strings) with lone surrogates replaced."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value) if _has_surrogate(value) else value
    if isinstance(value, list):
        return [_text(item) for item in value]
    if isinstance(value, dict):
        return {_text(key): _text(item) for key, item in value.items()}
    return value


def _article(body: Body, meta: Metadata, url: str | None) -> Article:
    # Every text field passes here: metadata read from JSON-LD escapes, the body
    # and its HTML (a str input can hold surrogates too).
    fields = {f.name: _text(getattr(meta, f.name)) for f in dataclasses.fields(meta)}
    description = _declared_description(body, meta)
    return Article(
        text=_text(f"{description}\n{body.text}" if description else body.text),
        html=DeferredHTML(_text(body.html), _text(url or meta.url)),
        comments=_text(body.comments),
        kind=body.kind.kind,
        kind_evidence=_text(body.kind.evidence),
        **fields,
    )
