"""The rule model: what a site rule says, as frozen values (no I/O, no parsing here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..models import Favor

__all__ = ["Rule", "RuleTest", "Scope", "Selector"]

#: Which hosts a rule's domains cover, once a leading ``www.`` is dropped from both:
#: ``"site"`` the domain and all its subdomains (TOML rules);
#: ``"host"`` exactly the domain (FiveFilters ``example.com.txt``);
#: ``"subdomains"`` only its subdomains (FiveFilters ``.example.com.txt``).
Scope = Literal["site", "host", "subdomains"]


@dataclass(frozen=True, slots=True)
class Selector:
    """One selector as written in a rule file, validated.

    Attributes:
        text: the selector exactly as written (``"xpath:"`` prefix and ``@attr`` included).
        kind: ``"css"`` (run on selectolax) or ``"xpath"`` (run on lxml).
        expression: the CSS selector or XPath expression alone.
        attribute: for CSS, take this attribute instead of the element's text.
        path: the rule file it comes from; line: its line there (for messages).
    """

    text: str
    kind: Literal["css", "xpath"]
    expression: str
    attribute: str | None = None
    path: str | None = None
    line: int | None = None
    # The compiled lxml XPath, built once at load time (lxml is untyped).
    compiled: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class RuleTest:
    """A check a rule carries: extracting ``fixture`` as ``url`` must give these results.

    ``fixture`` is ``None`` for FiveFilters ``test_url`` lines, which name a live page
    only; such tests need the network and ``cleanscrape rules check`` skips them.
    """

    url: str
    fixture: str | None = None
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    title: str | None = None
    authors: tuple[str, ...] | None = None
    date: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """Where a site keeps its article, and which boxes on it are not the article.

    Attributes:
        domains: lower-case domains without ``www.``; ``scope`` says which hosts they cover.
        paths: URL path prefixes the rule is limited to (empty: every path).
        title, authors, date: ordered selectors; the first that yields a value wins.
        body: ordered selectors; the first that matches an element with text gives the
            body container (all of its matches, when it matches several).
        remove: selectors whose elements are removed from the page before the body is chosen.
        keep: selectors whose elements the in-body cleaning must not cut: every block
            under one stays in the article (a ``remove`` that would delete one, or an
            element holding one, is refused).
        favor: the trade-off for this site's pages (``"precision"`` or ``"recall"``),
            used when the caller asks for none other than the default ``"balanced"``.
        prune: ``False`` turns the in-body cleaning off inside the rule's container
            (TOML ``[body] prune = false``, FiveFilters ``prune: no``).
        single_page: the link to the whole story on one page (FiveFilters
            ``single_page_link``), followed by ``scrape``, never by ``extract``.
        next_page: the link to the story's next page (FiveFilters ``next_page_link``).
        tests: the checks run by ``cleanscrape rules check``.
        source: the file the rule was read from.
    """

    domains: tuple[str, ...]
    scope: Scope = "site"
    paths: tuple[str, ...] = ()
    title: tuple[Selector, ...] = ()
    authors: tuple[Selector, ...] = ()
    date: tuple[Selector, ...] = ()
    body: tuple[Selector, ...] = ()
    remove: tuple[Selector, ...] = ()
    keep: tuple[Selector, ...] = ()
    favor: Favor | None = None
    prune: bool = True
    single_page: tuple[Selector, ...] = ()
    next_page: tuple[Selector, ...] = ()
    tests: tuple[RuleTest, ...] = ()
    source: str | None = None

    @property
    def uses_xpath(self) -> bool:
        """Whether applying the rule needs an lxml tree."""
        return any(
            s.kind == "xpath"
            for s in (
                *self.title,
                *self.authors,
                *self.date,
                *self.body,
                *self.remove,
                *self.keep,
            )
        )

    @property
    def edits_with_xpath(self) -> bool:
        """Whether XPath selects elements to remove or keep (not only field values)."""
        return any(s.kind == "xpath" for s in (*self.body, *self.remove, *self.keep))

    def path_match(self, path: str) -> int:
        """Length of the longest matching path prefix; 0 without paths, -1 for no match."""
        if not self.paths:
            return 0
        return max((len(p) for p in self.paths if path.startswith(p)), default=-1)

    def covers(self, *, exact: bool) -> bool:
        """Whether the scope admits a host equal to (``exact``) or under one of the domains."""
        if self.scope == "host":
            return exact
        if self.scope == "subdomains":
            return not exact
        return True
