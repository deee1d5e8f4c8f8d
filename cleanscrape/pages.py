"""Articles that take more than one response: stories split over pages, pages built by scripts.

``scrape`` runs :func:`scrape_pages` (``ascrape``: :func:`ascrape_pages`; batch mode,
:func:`cleanscrape.bulk.scrape_many`: :func:`drive_pages`); :func:`cleanscrape.extract`
never comes here, so it never follows anything.

1. **Reading a page.** With ``render="always"``, or ``"auto"`` and a page whose served
   HTML is a script shell (:func:`cleanscrape.browser.script_shell`), the HTML read
   is a browser's rendering of it (:func:`cleanscrape.browser.render`).
2. **The whole story at once.** A site rule's ``single_page`` link (FiveFilters
   ``single_page_link``) is fetched first: when it gives an article, that is the story.
3. **Next pages.** Otherwise the rule's ``next_page`` link, or, without one, the
   article's own pagination (:func:`next_page`) is followed, page after page, up to
   ``FetchConfig.max_pages``, on the first page's host only, never to an address seen
   before, and within the first fetch's deadline (``FetchConfig.timeout``, which
   counts the time spent fetching: rendering and extraction have their own bounds).
4. **Joining.** The pages' bodies are joined in order (:func:`join_pages`), without the
   lines repeated across them, and ``Article.pages`` lists every page's address.

The steps are written once, as a generator that yields what it needs (a page to
fetch, a page to render, a page to read: :func:`read_page`, the CPU-bound part) and
is sent the answer; the drivers at the end only do that work: in this thread, or, in
batch mode, reading in worker processes.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import time
from collections.abc import Awaitable, Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import anyio
import lxml.html

from . import browser
from .core import extract_parsed
from .errors import CleanscrapeError, FetchError
from .models import Article, Options
from .parse import Tree, lxml_tree, parse_document, parse_fragment
from .rules import RuleSet, default_rules
from .rules.apply import XPATH_BUDGET, xpath_degree
from .rules.model import Rule, Selector

if TYPE_CHECKING:
    from .fetch import AsyncFetcher, FetchConfig, Fetcher, Page

__all__ = [
    "PageRead",
    "Reading",
    "Scraped",
    "ascrape_pages",
    "drive_pages",
    "join_pages",
    "next_page",
    "page_number",
    "read_page",
    "scrape_pages",
    "single_page",
]

logger = logging.getLogger(__name__)

# Query parameters that number a story's pages. Not "p": WordPress names its posts by it.
PAGE_PARAMETERS = frozenset(
    {"page", "pg", "paged", "pagina", "seite", "pageno", "pagenum", "page_num", "currentpage"}
)
# A page number at the end of a path: /story/2, /story/page/2, /story-2.html,
# /story_p2.html, /story/seite-2/.
_PATH_NUMBER = re.compile(
    r"(?P<sep>[/_,-])(?:(?:page|seite|pagina|pg|p)[/_-]?)?(?P<number>\d{1,3})(?P<ext>\.\w{2,5})?$",
    re.IGNORECASE,
)
# Stories rarely run past a few dozen pages; a larger "number" is an article id
# (/news/123 beside /news/124 is the next story, not the next page).
MAX_PAGE_NUMBER = 50
# Block elements whose text can be a line of Article.text (see join_pages).
_BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, dt, dd, figcaption, caption, td, th"
# Lines of fewer words are furniture when only their numbers differ ("Page 2 of 3");
# longer ones are text, where numbers matter.
SHORT_LINE_WORDS = 8
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Scraped:
    """What :func:`scrape_pages` found.

    Attributes:
        article: the joined article, or ``None`` when the first page has none.
        url: the first page's address (after redirects).
        html: the HTML the first page's article was read from (the rendering, when
            rendered); ``inspect`` explains it.
        note: why something the caller may expect did not happen, in one line
            (a page built by scripts that could not be rendered), or ``None``.
    """

    article: Article | None
    url: str
    html: str | bytes
    note: str | None = None


# --------------------------------------------------------------------------- links


# Links and anchors whose rel names ``next`` (a word of it, any case).
_REL_NEXT = '[rel~="next" i][href]:is(link, a)'


def _base(tree: Tree, url: str) -> str:
    base = tree.css_first("base[href]")
    href = base.attributes.get("href") if base is not None else None
    return urljoin(url, href.strip()) if href else url


def _absolute(base: str, href: str | None) -> str | None:
    if not href or not href.strip() or href.strip().startswith("#"):
        return None
    try:
        absolute = urljoin(base, href.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts._replace(fragment="").geturl()


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").removeprefix("www.")


def page_number(url: str) -> tuple[str, int]:
    """The story a URL is a page of (its address without the page number) and the number.

    ``https://x.com/a/story/2`` and ``https://x.com/a/story?page=2`` give
    ``("x.com/a/story", 2)``; an address without a number is page 1.
    """
    parts = urlsplit(url)
    number = 1
    query = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name.lower() in PAGE_PARAMETERS and value.isdigit():
            number = int(value)
        else:
            query.append((name, value))
    path = parts.path.rstrip("/") or "/"
    match = _PATH_NUMBER.search(path)
    if match is not None and number == 1 and int(match.group("number")) <= MAX_PAGE_NUMBER:
        number = int(match.group("number"))
        path = path[: match.start()] + (match.group("ext") or "")
    story = f"{_host(url)}{path}"
    return (f"{story}?{urlencode(sorted(query))}" if query else story), number


def _same_story(current: tuple[str, int], candidate: str) -> int | None:
    """The page number of ``candidate`` when it is a later page of the ``current`` page's
    story (``current`` as :func:`page_number` gives it)."""
    story, number = current
    other, candidate_number = page_number(candidate)
    if other != story or candidate_number <= number or candidate_number > MAX_PAGE_NUMBER:
        return None
    return candidate_number


def next_page(tree: Tree, url: str, rule: Rule | None = None) -> str | None:
    """The address of the story's next page, or ``None``.

    With a rule that has ``next_page`` selectors, only they count. Otherwise:
    a ``rel=next`` link, then the pager: the link to the next number among the
    links to the same address with a page number (``/story/2``, ``?page=2``).
    Only later pages of the same story qualify: a ``rel=next`` to another post
    (WordPress themes emit those) or to an earlier page is not followed.
    """
    if rule is not None and rule.next_page:
        return _rule_link(rule.next_page, tree, url)
    base = _base(tree, url)
    current = page_number(url)
    for node in tree.css(_REL_NEXT):
        target = _absolute(base, node.attributes.get("href"))
        if target is not None and _same_story(current, target) is not None:
            return target
    wanted = current[1] + 1
    # Only links whose address holds the next number's digits can be its page: the
    # parser picks them out, instead of every link of the page being read here.
    for node in tree.css(f'a[href*="{wanted}"]'):
        target = _absolute(base, node.attributes.get("href"))
        if target is not None and _same_story(current, target) == wanted:
            return target
    return None


def single_page(tree: Tree, url: str, rule: Rule | None) -> str | None:
    """The address of the whole story on one page, as the rule's ``single_page`` finds it."""
    if rule is None or not rule.single_page:
        return None
    return _rule_link(rule.single_page, tree, url)


def _rule_link(selectors: Sequence[Selector], tree: Tree, url: str) -> str | None:
    """The first address the selectors give: an element's ``href`` (or its first link's),
    or a string value (``//a[@rel='next']/@href``)."""
    try:
        document = lxml_tree(tree.html or "")
    except (ValueError, lxml.etree.ParserError):
        return None
    base = _base(tree, url)
    for selector in selectors:
        for value in _xpath(selector, document, tree, url):
            target = _absolute(base, value)
            if target is not None:
                return target
    return None


def _xpath(selector: Selector, document: Any, tree: Tree, url: str) -> Iterable[str]:
    if selector.kind == "css":  # TOML-built rules could name CSS; take its href
        for node in tree.css(selector.expression):
            yield node.attributes.get(selector.attribute or "href") or ""
        return
    degree = xpath_degree(selector.expression)
    if degree > 1 and int(document.xpath("count(//*)")) ** degree > XPATH_BUDGET:
        logger.warning(
            "%s:%s: page link XPath skipped on %s: too costly", selector.path, selector.line, url
        )
        return
    try:
        result = selector.compiled(document)
    except lxml.etree.XPathError as exc:
        logger.warning("%s:%s: XPath failed: %s", selector.path, selector.line, exc)
        return
    for item in result if isinstance(result, list) else [result]:
        if isinstance(item, lxml.html.HtmlElement):
            href = item.get("href")
            if href is None:
                link = next(iter(item.iterfind(".//a[@href]")), None)
                href = link.get("href") if link is not None else None
            yield href or ""
        elif isinstance(item, str):
            yield item


# --------------------------------------------------------------------------- joining


def _key(line: str) -> str:
    """A line as compared across pages: spacing and case ignored, and the numbers of a
    short line ("Page 2 of 3")."""
    key = _SPACE.sub(" ", line).strip().casefold()
    return _DIGITS.sub("#", key) if key.count(" ") < SHORT_LINE_WORDS else key


def _deferred_html(article: Article) -> Any:
    # The html field keeps the page's body unsanitized until read; copying the
    # article must not pay for sanitizing it (see models._SanitizedOnRead).
    # (Not .get("_html", article.html): that default is read, so sanitized, first.)
    value = vars(article).get("_html")
    return value if value is not None else article.html


def _html_without(html: str, dropped: set[str]) -> str:
    if not dropped:
        return html
    tree = parse_fragment(f"<body>{html}</body>")
    for node in tree.css(_BLOCKS):
        # lexbor's css() on a node matches the node itself: a block inside it is another.
        inner = any(block.mem_id != node.mem_id for block in node.css(_BLOCKS))
        if not inner and _key(node.text(deep=True, separator=" ")) in dropped:
            node.decompose()
    body = tree.body
    return "".join(child.html or "" for child in body.iter(include_text=True)) if body else ""


def join_pages(articles: Sequence[Article], urls: Sequence[str], *, rendered: bool) -> Article:
    """One article from the pages of a story, in order.

    Metadata comes from the first page. A line found on every page (the site's
    furniture: "Advertisement", "Page 2 of 3") is dropped everywhere, and a line
    already given by an earlier page (a repeated standfirst) is dropped from the
    later ones; the same lines leave the HTML.
    """
    first = articles[0]
    if len(articles) == 1 and first.pages == list(urls) and first.rendered == rendered:
        return first  # joined already (read_page): keeps what it computed (its markdown)
    if len(articles) == 1:
        return dataclasses.replace(
            first, html=_deferred_html(first), pages=list(urls), rendered=rendered
        )
    keys = [[_key(line) for line in article.text.splitlines()] for article in articles]
    on_every_page = set.intersection(*(set(k) for k in keys)) - {""}
    seen: set[str] = set()
    texts: list[str] = []
    htmls: list[str] = []
    for article, page_keys in zip(articles, keys, strict=True):
        lines = article.text.splitlines()
        dropped = {k for k in page_keys if k in on_every_page or k in seen}
        texts.extend(line for line, k in zip(lines, page_keys, strict=True) if k not in dropped)
        htmls.append(_html_without(article.html, dropped))
        seen.update(page_keys)
    return dataclasses.replace(
        first,
        text="\n".join(texts),
        html="\n".join(h for h in htmls if h.strip()),
        pages=list(urls),
        rendered=rendered,
    )


# --------------------------------------------------------------------------- the steps


@dataclass(frozen=True, slots=True)
class _Get:
    url: str
    deadline: float | None


@dataclass(frozen=True, slots=True)
class _Render:
    url: str
    html: str


@dataclass(frozen=True, slots=True)
class PageRead:
    """A page to read (:func:`read_page`): where batch mode extracts, in a worker process.

    Attributes:
        html: the page (as served, or rendered) and ``url`` its address.
        rendered: whether ``html`` is a browser's rendering.
        shell: check first whether the page is a script shell (``render="auto"``).
        stop_at_shell: when it is one, return at once, without extracting (it will be
            rendered); otherwise extract anyway and say why it was not.
        single: look for the rule's single-page link first, and return it, unread.
        follow: whether the story's next pages are followed; ``None``: decide from this
            page (a rule with ``next_page``, or a page that is an article).
        more: find the next page's address (another page may still be read).
    """

    html: str | bytes
    url: str
    rendered: bool = False
    shell: bool = False
    stop_at_shell: bool = False
    single: bool = False
    follow: bool | None = None
    more: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """What :func:`read_page` found on one page."""

    article: Article | None
    shell: str | None = None
    single: str | None = None
    next: str | None = None
    follow: bool = False


def read_page(request: PageRead, options: Options, rules: RuleSet | None) -> Reading:
    """Read one page of a story: the CPU-bound part of :func:`scrape_pages`.

    No network: the article (``Article.pages`` and ``rendered`` set for this page
    alone), and the addresses the story goes on at, as ``request`` asks.
    """
    html, url = request.html, request.url
    # One parse: the shell check and the links read the tree before the extraction,
    # which cuts it.
    tree = parse_document(html, options)
    shell = None
    if request.shell and isinstance(html, str):
        shell = browser.tree_shell(tree)
        if shell is not None and request.stop_at_shell:
            return Reading(None, shell=shell)
    ruleset = rules.then(default_rules()) if rules else default_rules()
    rule = ruleset.match(url)
    if request.single and rule is not None and rule.single_page:
        whole = single_page(tree, url, rule)
        if whole is not None and _host(whole) == _host(url) and whole != url:
            return Reading(None, shell=shell, single=whole)
    found = next_page(tree, url, rule) if request.more else None
    article, _ = extract_parsed(tree, html, url, options, rules)
    if article is None:
        return Reading(None, shell=shell)
    follow = request.follow
    if follow is None:
        follow = (rule is not None and bool(rule.next_page)) or article.kind == "article"
    if not follow:
        found = None
    article = join_pages([article], [url], rendered=request.rendered)
    return Reading(article, shell=shell, next=found, follow=follow)


_Request = _Get | _Render | PageRead
_Reply = Any  # a Page for _Get, a browser.Rendering for _Render, a Reading for PageRead
_Steps = Generator[_Request, _Reply, Scraped]


@dataclass(slots=True)
class _Read:
    reading: Reading
    html: str | bytes  # the HTML the article was read from
    rendered: bool
    note: str | None = None


def _read(
    page: Page, config: FetchConfig, *, single: bool, follow: bool | None, more: bool
) -> Generator[_Request, _Reply, _Read]:
    """Read ``page``: as served, or a browser's rendering of it."""
    served = page.text if page.text is not None else page.content
    ask = functools.partial(PageRead, url=page.url, single=single, follow=follow, more=more)
    if config.render == "never" or page.text is None:
        return _Read((yield ask(served)), served, False)
    if config.render == "auto":
        missing = browser.missing(config)
        reading = yield ask(served, shell=True, stop_at_shell=missing is None)
        if reading.shell is None:
            return _Read(reading, served, False)
        if missing is not None:  # said once, by the caller (Scraped.note)
            note = f"the page is built by scripts ({reading.shell}) and was not rendered: {missing}"
            return _Read(reading, served, False, note)
        logger.info("%s: rendering: the page is built by scripts (%s)", page.url, reading.shell)
    rendering = yield _Render(page.url, page.text)
    return _Read((yield ask(rendering.html, rendered=True)), rendering.html, True)


def _steps(url: str, config: FetchConfig) -> _Steps:
    first: Page = yield _Get(url, None)
    # Following pages shares the first fetch's deadline: it counts the time spent
    # fetching; rendering and extraction have bounds of their own.
    deadline = time.monotonic() + config.timeout - first.elapsed
    many = config.max_pages > 1
    started = time.monotonic()
    read = yield from _read(first, config, single=True, follow=None, more=many)
    deadline += time.monotonic() - started
    whole = read.reading.single
    if whole is not None:
        try:
            page = yield _Get(whole, deadline)
            started = time.monotonic()
            single = yield from _read(page, config, single=False, follow=False, more=False)
            deadline += time.monotonic() - started
        except FetchError as exc:
            logger.warning("%s: single-page version %s not used: %s", first.url, whole, exc)
        else:
            if single.reading.article is not None:
                joined = join_pages([single.reading.article], [page.url], rendered=single.rendered)
                return Scraped(joined, first.url, read.html, single.note)
        started = time.monotonic()
        again = PageRead(read.html, first.url, rendered=read.rendered, more=many)
        read.reading = yield again
        deadline += time.monotonic() - started
    article = read.reading.article
    if article is None:
        return Scraped(None, first.url, read.html, read.note)
    articles, urls = [article], [first.url]
    rendered = read.rendered
    seen = {url, first.url}
    reading = read.reading
    while reading.follow and len(articles) < config.max_pages:
        target = reading.next
        if target is None:
            break
        if target in seen or _host(target) != _host(first.url):
            why = "already read (a loop)" if target in seen else "on another host"
            logger.info("%s: next page %s not followed: %s", urls[-1], target, why)
            break
        if time.monotonic() >= deadline:
            logger.warning("%s: pages after %s not read: the fetch deadline passed", url, urls[-1])
            break
        seen.add(target)
        try:
            page = yield _Get(target, deadline)
            if page.url in seen - {target}:
                break  # redirected back to a page already read
            started = time.monotonic()
            more = len(articles) + 1 < config.max_pages
            got = yield from _read(page, config, single=False, follow=True, more=more)
            deadline += time.monotonic() - started
        except FetchError as exc:
            logger.warning("%s: next page %s not read: %s", urls[-1], target, exc)
            break
        seen.add(page.url)
        reading = got.reading
        if reading.article is None:
            break
        articles.append(reading.article)
        urls.append(page.url)
        rendered = rendered or got.rendered
    return Scraped(join_pages(articles, urls, rendered=rendered), first.url, read.html, read.note)


Fetch = Callable[[str, "float | None"], Awaitable["Page"]]
Render = Callable[[str, str], Awaitable[browser.Rendering]]
Read = Callable[[PageRead], Awaitable[Reading]]


def scrape_pages(
    fetcher: Fetcher, url: str, *, options: Options | None = None, rules: RuleSet | None = None
) -> Scraped:
    """Fetch ``url`` with ``fetcher`` and extract its whole story (see the module docstring).

    Raises:
        FetchError: the first page could not be fetched, or not rendered when rendering
            was asked for (:class:`~cleanscrape.browser.RenderError`). A later page that
            fails ends the story there, with a warning.
        InputError: the first page cannot be read as HTML.
    """
    opts = options or Options()
    steps = _steps(url, fetcher.config)
    reply: _Reply = None
    error: CleanscrapeError | None = None
    while True:
        try:
            request = steps.send(reply) if error is None else steps.throw(error)
        except StopIteration as done:
            result: Scraped = done.value
            return result
        reply, error = None, None
        try:
            if isinstance(request, _Get):
                reply = fetcher.fetch_by(request.url, request.deadline)
            elif isinstance(request, _Render):
                reply = browser.render(request.url, request.html, fetcher.config)
            else:
                reply = read_page(request, opts, rules)
        except CleanscrapeError as exc:
            error = exc


async def drive_pages(
    url: str, config: FetchConfig, *, fetch: Fetch, render: Render, read: Read
) -> Scraped:
    """:func:`scrape_pages` with the I/O given: ``fetch(url, deadline)``,
    ``render(url, html)`` and ``read(PageRead)`` (batch mode reads in worker processes).

    A :class:`~cleanscrape.errors.CleanscrapeError` they raise is the story's to handle
    (a later page that fails ends it); any other exception ends the call.
    """
    steps = _steps(url, config)
    reply: _Reply = None
    error: CleanscrapeError | None = None
    while True:
        try:
            request = steps.send(reply) if error is None else steps.throw(error)
        except StopIteration as done:
            result: Scraped = done.value
            return result
        reply, error = None, None
        try:
            if isinstance(request, _Get):
                reply = await fetch(request.url, request.deadline)
            elif isinstance(request, _Render):
                reply = await render(request.url, request.html)
            else:
                reply = await read(request)
        except CleanscrapeError as exc:
            error = exc


async def ascrape_pages(
    fetcher: AsyncFetcher,
    url: str,
    *,
    options: Options | None = None,
    rules: RuleSet | None = None,
) -> Scraped:
    """The async twin of :func:`scrape_pages` (the browser runs in a worker thread)."""
    opts = options or Options()

    async def render(page_url: str, html: str) -> browser.Rendering:
        return await anyio.to_thread.run_sync(browser.render, page_url, html, fetcher.config)

    async def read(request: PageRead) -> Reading:
        return read_page(request, opts, rules)

    return await drive_pages(
        url, fetcher.config, fetch=fetcher.fetch_by, render=render, read=read
    )
