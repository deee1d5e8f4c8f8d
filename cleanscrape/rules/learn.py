"""``rules learn``: a site rule from a few pages of one site.

Pages of one site share a template: the text that repeats across them
(navigation, promos, bios, "related" headings, footers) is template, the text
that differs is content. Given three to five pages:

1. every page is read into text blocks (paragraphs, headings, list items,
   cells); a block whose text appears on two pages or more is *template*, a
   block mostly of link text is *links* (a related list differs on each page
   but is no content), the rest is *content*;
2. the **container** is the selector (an id, a meaningful class, ``article``,
   ``main``) that matches on every page and holds the most content and the
   least template and links there;
3. the **removals** are the boxes inside it, found on most pages under the
   same selector, that hold template or links and no content;
4. the **fields**: selectors whose first match gives each page's title (and
   authors, and a ``datetime`` for the date), as the page's metadata reads them;
5. the rule's ``[[tests]]`` come from the pages themselves: the first and last
   content line each page must contain, a repeated box it must not.

It refuses, with the reason, when the pages come from different sites, when
they repeat no text of each other, or when no selector holds the content of
every page (different templates: learn one rule per template, with ``paths``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import CleanscrapeError
from ..models import Options
from ..parse import Node, Tree, parse_document
from .model import Rule, Selector
from .ruleset import RuleSet
from .selector import parse_selector
from .suggest import _HASHED_CLASS, _PLAIN_IDENT
from .toml_format import parse_toml_rule

__all__ = ["LearnError", "LearnedRule", "SourcePage", "learn"]

# Fewer pages cannot tell template from content (one page repeats nothing).
MIN_PAGES = 2
# A block with more link text than this share is a list of links, not content.
MAX_CONTENT_LINK_DENSITY = 0.5
# Pages sharing a template repeat at least this share of their text (navigation
# and footer alone pass it); below it they are different sites or templates.
MIN_TEMPLATE_SHARE = 0.02
# The container must hold at least this share of each page's content.
MIN_CONTENT_COVERAGE = 0.6
# A removal must hold no more than this share of the container's content.
MAX_REMOVED_CONTENT = 0.02
# Removals, most template text first: a rule is read by people.
MAX_REMOVALS = 8
# A block is template when at least this share of its word triples (words, for
# short blocks) occurs on another page: a bio naming the day's author, a byline
# with the day's date, a note with one word changed are template all the same.
MIN_SHARED_SHINGLES = 0.5
SHINGLE = 3
# A short block naming an author is a byline: neither content nor template.
MAX_BYLINE_CHARS = 120
# Among containers scoring within this share of the best, the smallest wins:
# a story's text rather than the story with its headline and bio.
CONTAINER_SLACK = 0.03
# A container is one place on each page: a selector matching more elements than this
# on a page, or several holding content, is a layout class (``flex``, ``w-full``).
MAX_CONTAINER_MATCHES = 3
# ... and it leaves out most of the page's template: one holding more than this share
# of it is the page itself (a wrapper around header, story and footer).
MAX_CONTAINER_TEMPLATE = 0.5
# ``prune = false`` widens what is kept: written only when, without the in-body
# cleaning, every page's own text comes out at least as whole and the mean gain
# (word F1 against the pages' own text) is at least this.
PRUNE_GAIN = 0.02
# Keep a learned rule only when, learned from all but one page and tried on that one,
# it agrees with the pages' own text at least as well as the heuristic (this slack
# below it is noise); else a rule that only removes boxes, else refuse.
SELF_CHECK_SLACK = 0.0
# Characters of a test's contains/absent snippet (whitespace-insensitive match).
SNIPPET_CHARS = 60
# Blocks shorter than this are left out of tests (a "Share" line says little).
MIN_SNIPPET_CHARS = 25
_TEXT_BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, th, dt, dd, figcaption"
_SEMANTIC_TAGS = ("article", "main", "aside", "form")
_ROLES = ("main", "article")
_SPACE = re.compile(r"\s+")


class LearnError(CleanscrapeError):
    """The pages cannot give a rule; the message says why."""


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One page to learn from: its address and the page as served."""

    url: str
    html: str | bytes


@dataclass(slots=True)
class _Block:
    node: Node
    text: str
    chars: int
    link_chars: int
    kind: str = "content"  # content | template | links | field (title, byline)


@dataclass(slots=True)
class _Read:
    page: SourcePage
    tree: Tree
    blocks: list[_Block]
    # Per element (mem_id): characters of content / template / links below it.
    totals: dict[int, Counter[str]] = field(default_factory=dict)

    def of(self, nodes: Iterable[Node]) -> Counter[str]:
        found: Counter[str] = Counter()
        for node in _outermost(list(nodes)):
            found.update(self.totals.get(node.mem_id, Counter()))
        return found

    @property
    def content(self) -> int:
        return sum(b.chars for b in self.blocks if b.kind == "content")

    @property
    def template(self) -> int:
        return sum(b.chars for b in self.blocks if b.kind == "template")


@dataclass(frozen=True, slots=True)
class LearnedRule:
    """A learned rule: the :class:`Rule` itself, the TOML that says it, and its pages."""

    rule: Rule
    toml: str
    pages: tuple[SourcePage, ...]
    fixtures: tuple[str, ...]
    stem: str

    def write(self, folder: str | Path) -> Path:
        """Write the rule file and its test pages (under ``pages/``) into ``folder``."""
        target = Path(folder)
        (target / "pages").mkdir(parents=True, exist_ok=True)
        for page, fixture in zip(self.pages, self.fixtures, strict=True):
            data = page.html if isinstance(page.html, bytes) else page.html.encode("utf-8")
            (target / fixture).write_bytes(data)
        path = target / f"{self.stem}.toml"
        path.write_text(self.toml, encoding="utf-8")
        return path


# --- reading ------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _ancestors(node: Node) -> Iterable[Node]:
    parent = node.parent
    while parent is not None and parent.tag not in ("html", None):
        yield parent
        parent = parent.parent


def _outermost(nodes: list[Node]) -> list[Node]:
    ids = {n.mem_id for n in nodes}
    return [n for n in nodes if not any(a.mem_id in ids for a in _ancestors(n))]


def _read(page: SourcePage) -> _Read:
    tree = parse_document(page.html, Options())
    tree.strip_tags(["script", "style", "noscript", "template", "svg", "head"])
    found = tree.css(_TEXT_BLOCKS)
    ids = {n.mem_id for n in found}
    blocks = []
    for node in found:
        if node.css_first(_TEXT_BLOCKS) is not None and any(
            c.mem_id in ids for c in node.css(_TEXT_BLOCKS) if c.mem_id != node.mem_id
        ):
            continue  # a list item holding paragraphs: the paragraphs are the blocks
        text = _clean(node.text(deep=True, separator=" "))
        if not text:
            continue
        links = sum(len(_clean(a.text(deep=True, separator=" "))) for a in node.css("a"))
        blocks.append(_Block(node, text, len(text), min(links, len(text))))
    return _Read(page, tree, blocks)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return {tuple(words)}
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _classify(reads: list[_Read], fields: list[tuple[str | None, list[str], str | None]]) -> None:
    for read in reads:  # a page is read again against other pages in the self-check
        read.totals = {}
        for block in read.blocks:
            block.kind = "content"
    pages_with: dict[tuple[str, ...], set[int]] = {}
    shingled = []
    for number, read in enumerate(reads):
        per_block = [_shingles(b.text) for b in read.blocks]
        shingled.append(per_block)
        for found in per_block:
            for shingle in found:
                pages_with.setdefault(shingle, set()).add(number)
    for number, read in enumerate(reads):
        title, authors, _ = fields[number]
        for block, found in zip(read.blocks, shingled[number], strict=True):
            shared = sum(1 for s in found if len(pages_with[s]) > 1)
            if shared >= MIN_SHARED_SHINGLES * len(found):
                block.kind = "template"
            elif block.link_chars > MAX_CONTENT_LINK_DENSITY * block.chars:
                block.kind = "links"
            elif block.text == _clean(title) or (
                block.chars <= MAX_BYLINE_CHARS and any(a and a in block.text for a in authors)
            ):
                block.kind = "field"
            for node in (block.node, *_ancestors(block.node)):
                read.totals.setdefault(node.mem_id, Counter())[block.kind] += block.chars


def _check_template(reads: list[_Read]) -> None:
    for read in reads:
        total = sum(b.chars for b in read.blocks) or 1
        shared = sum(b.chars for b in read.blocks if b.kind == "template")
        if shared < MIN_TEMPLATE_SHARE * total:
            raise LearnError(
                f"the pages do not share a template: {read.page.url} repeats "
                f"{shared / total:.0%} of its text on the other pages"
            )
        if not read.content:
            raise LearnError(f"{read.page.url} has no text of its own: it is all template")


# --- selectors ----------------------------------------------------------------


def _stable(name: str) -> bool:
    return bool(
        name
        and _PLAIN_IDENT.match(name)
        and not _HASHED_CLASS.match(name)
        and not any(c.isdigit() for c in name)
    )


def _keys(node: Node) -> list[str]:
    """Stable selectors naming ``node``: its id, its meaningful classes, a semantic tag."""
    tag = node.tag or ""
    if not _PLAIN_IDENT.match(tag):
        return []
    keys = []
    ident = node.attributes.get("id") or ""
    # A name with a digit ("post-1234") names one page's element, not the template's.
    if _stable(ident):
        keys.append(f"#{ident}")
    keys.extend(
        f"{tag}.{name}" for name in (node.attributes.get("class") or "").split() if _stable(name)
    )
    prop = node.attributes.get("itemprop") or ""
    if prop in ("articleBody", "text", "mainEntityOfPage"):
        keys.append(f'[itemprop="{prop}"]')
    if tag in _SEMANTIC_TAGS:
        keys.append(tag)
    role = node.attributes.get("role") or ""
    if role in _ROLES:
        keys.append(f'[role="{role}"]')
    return keys


def _candidates(reads: list[_Read]) -> list[str]:
    """Selectors of elements holding content on the first page (the others are checked)."""
    seen: dict[str, None] = {}
    first = reads[0]
    for block in first.blocks:
        if block.kind != "content":
            continue
        for node in (block.node, *_ancestors(block.node)):
            for key in _keys(node):
                seen.setdefault(key)
    return list(seen)


def _single(read: _Read, nodes: list[Node]) -> bool:
    """Whether ``nodes`` are one place on the page: one element, or one element holding
    the content among at most :data:`MAX_CONTAINER_MATCHES`. A class that many elements
    carry (a layout or utility class: ``flex``, ``w-full``, a grid column) is no container."""
    if len(nodes) == 1:
        return True
    holding = [n for n in nodes if read.totals.get(n.mem_id, Counter())["content"]]
    return len(nodes) <= MAX_CONTAINER_MATCHES and len(holding) == 1


def _container(reads: list[_Read], *, single: bool = True) -> tuple[str, list[float]] | None:
    """The body selector, and the share of each page's content it holds; ``None`` when
    no selector picks out one place holding the content on every page (then the rule
    leaves the container to the heuristic)."""
    scored: list[tuple[float, int, str, list[float]]] = []
    for key in _candidates(reads):
        score = 0.0
        size = 0
        coverage = []
        for read in reads:
            nodes = read.tree.css(key)
            if not nodes or (single and not _single(read, nodes)):
                break
            inside = read.of(nodes)
            if single and inside["template"] > MAX_CONTAINER_TEMPLATE * read.template:
                break  # the whole page, or most of it: no container
            coverage.append(inside["content"] / read.content)
            score += inside["content"] - inside["template"] - inside["links"]
            size += sum(inside.values())
        else:
            scored.append((score, size, key, coverage))
    top = max((s[0] for s in scored), default=0.0)
    near = [s for s in scored if s[0] >= top - CONTAINER_SLACK * abs(top)]
    best = min(near, key=lambda s: s[1])[1:] if near else None
    if best is None or min(best[2]) < MIN_CONTENT_COVERAGE:
        return None
    return best[1], best[2]


def _holds(read: _Read, nodes: list[Node], container: list[Node]) -> bool:
    """Whether any of ``nodes`` is a container or holds one."""
    ids = {n.mem_id for n in nodes}
    return any(c.mem_id in ids or any(a.mem_id in ids for a in _ancestors(c)) for c in container)


@dataclass(frozen=True, slots=True)
class _Removal:
    selector: str
    pages: int
    sample: str


def _removals(reads: list[_Read], body: str) -> list[_Removal]:
    """Boxes inside the container that hold template or links, and no content, on most pages."""
    containers = [read.tree.css(body) for read in reads]
    inner: dict[str, None] = {}
    for read, holders in zip(reads, containers, strict=True):
        for holder in holders:
            for node in holder.css("*"):
                if read.totals.get(node.mem_id, Counter())["content"] == 0:
                    for key in _keys(node):
                        inner.setdefault(key)
    needed = max(2, (len(reads) + 1) // 2)
    found: list[tuple[int, _Removal]] = []
    for key in inner:
        pages = noise = 0
        content = sum(r.content for r in reads)
        spoiled = False
        sample = ""
        for read, holders in zip(reads, containers, strict=True):
            nodes = read.tree.css(key)
            if not nodes:
                continue
            if _holds(read, nodes, holders):
                spoiled = True
                break
            inside = read.of(nodes)
            if inside["content"] > MAX_REMOVED_CONTENT * max(read.content, 1):
                spoiled = True
                break
            held = inside["template"] + inside["links"]
            if held:
                pages += 1
                noise += held
                sample = sample or _sample(read, nodes)
        if not spoiled and pages >= needed and content:
            found.append((noise, _Removal(key, pages, sample)))
    found.sort(key=lambda item: -item[0])
    chosen: list[_Removal] = []
    covered: set[int] = set()
    first = reads[0]
    for _, removal in found:
        nodes = first.tree.css(removal.selector)
        ids = {n.mem_id for n in nodes}
        if nodes and all(n.mem_id in covered for n in nodes):
            continue  # inside a box already removed
        chosen.append(removal)
        for node in nodes:
            covered.add(node.mem_id)
            covered.update(d.mem_id for d in node.css("*"))
        covered |= ids
        if len(chosen) == MAX_REMOVALS:
            break
    return chosen


def _sample(read: _Read, nodes: list[Node]) -> str:
    ids = {n.mem_id for n in nodes}
    for block in read.blocks:
        inside = block.node.mem_id in ids or any(a.mem_id in ids for a in _ancestors(block.node))
        if block.kind == "template" and block.chars >= MIN_SNIPPET_CHARS and inside:
            return block.text[:SNIPPET_CHARS]
    return ""


# --- fields -------------------------------------------------------------------


def _metadata(read: _Read) -> tuple[str | None, list[str], str | None]:
    from ..core import extract

    article = extract(read.page.html, read.page.url)
    if article is None:
        return None, [], None
    return article.title, list(article.authors), article.date


def _field(reads: list[_Read], values: list[str | None], *, attribute: str | None) -> str | None:
    """A selector whose first match gives each page's value (text, or ``attribute``)."""
    first = values[0]
    if not first or any(v is None for v in values):
        return None
    tree = reads[0].tree
    keys: dict[str, None] = {}
    query = f"[{attribute}]" if attribute else "h1, h2, h3, p, span, div, a, time, address"
    for node in tree.css(query):
        got = _clean(node.attributes.get(attribute) if attribute else node.text(deep=True))
        if got and (got == first or (attribute == "datetime" and got[:10] == first[:10])):
            for key in [*_keys(node), node.tag or ""]:
                if key:
                    keys.setdefault(f"{key}@{attribute}" if attribute else key)
    for key in keys:
        css, _, attr = key.partition("@")
        ok = True
        for read, value in zip(reads, values, strict=True):
            match = read.tree.css_first(css)
            got = ""
            if match is not None:
                got = _clean(match.attributes.get(attr) if attr else match.text(deep=True))
            if not value or not (got == value or (attr == "datetime" and got[:10] == value[:10])):
                ok = False
                break
        if ok:
            return key
    return None


def _authors(reads: list[_Read], authors: list[list[str]]) -> str | None:
    if not authors[0] or any(not a for a in authors):
        return None
    keys: dict[str, None] = {}
    for node in reads[0].tree.css("a, span, div, p, address"):
        if _clean(node.text(deep=True)) in authors[0]:
            for key in _keys(node):
                keys.setdefault(key)
    for key in keys:
        if all(
            list(dict.fromkeys(_clean(n.text(deep=True)) for n in read.tree.css(key))) == names
            for read, names in zip(reads, authors, strict=True)
        ):
            return key
    return None


# --- the rule -----------------------------------------------------------------


def _paths(pages: Sequence[SourcePage]) -> tuple[str, ...]:
    """The folder all the pages' paths start with (``/news/``), if not the site's root."""
    folders = [urlsplit(p.url).path.rsplit("/", 1)[0].split("/") for p in pages]
    common: list[str] = []
    for parts in zip(*folders, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    prefix = "/".join(common).strip("/")
    return (f"/{prefix}/",) if prefix else ()


def _domain(pages: Sequence[SourcePage]) -> str:
    hosts = {(urlsplit(p.url).hostname or "").removeprefix("www.") for p in pages}
    if "" in hosts:
        raise LearnError("every page needs an http(s) URL (give --url for saved files)")
    if len(hosts) > 1:
        raise LearnError(f"the pages come from different sites: {', '.join(sorted(hosts))}")
    return hosts.pop()


@dataclass(slots=True)
class _Plan:
    domain: str
    body: str | None  # None: the heuristic chooses the container, the rule only removes
    coverage: list[float]
    removals: list[_Removal]
    around: list[str]
    title: str | None = None
    authors: str | None = None
    date: str | None = None
    prune: bool = True
    paths: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        """The rule file's name without ``.toml``: the domain, and the path it is limited to."""
        slug = "-".join(p for p in "".join(self.paths).split("/") if p)
        return f"{self.domain}-{slug}" if slug else self.domain


def _rule(plan: _Plan, source: str = "learned") -> Rule:
    def sel(text: str | None, values: bool = True) -> tuple[Selector, ...]:
        return (parse_selector(text, attribute_allowed=values),) if text else ()

    return Rule(
        domains=(plan.domain,),
        paths=plan.paths,
        title=sel(plan.title),
        authors=sel(plan.authors),
        date=sel(plan.date),
        body=sel(plan.body, False),
        remove=tuple(parse_selector(r.selector) for r in plan.removals),
        prune=plan.prune,
        source=source,
    )


def _around(reads: list[_Read], body: str) -> list[str]:
    """Template boxes outside the container on every page (the body's select leaves them out)."""
    first = reads[0]
    holders = first.tree.css(body)
    found: dict[str, None] = {}
    for block in first.blocks:
        if block.kind == "content" or _holds(first, [block.node], holders):
            continue
        inside = any(
            block.node.mem_id == h.mem_id
            or any(a.mem_id == h.mem_id for a in _ancestors(block.node))
            for h in holders
        )
        if inside:
            continue
        for node in (block.node, *_ancestors(block.node)):
            keys = _keys(node)
            if keys and node.tag not in ("body",) and not _holds(first, [node], holders):
                if all(read.tree.css_first(keys[0]) is not None for read in reads):
                    found.setdefault(keys[0])
                break
    return list(found)[:MAX_REMOVALS]


def _text(read: _Read, rule: Rule | None) -> str:
    from ..core import extract

    rules = RuleSet([rule]) if rule is not None else None
    article = extract(read.page.html, read.page.url, rules=rules)
    return article.text if article is not None else ""


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _f1(reference: str, output: str) -> float:
    ref, out = _words(reference), _words(output)
    overlap = sum((ref & out).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(out.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def _content_text(read: _Read) -> str:
    return "\n".join(b.text for b in read.blocks if b.kind == "content")


def _choose_prune(reads: list[_Read], plan: _Plan) -> None:
    """Turn the in-body cleaning off only on strong evidence: every page's own text comes
    out at least as whole without it, and on average better by :data:`PRUNE_GAIN`."""
    scores: dict[bool, list[float]] = {}
    for prune in (True, False):
        rule = _rule(replace(plan, prune=prune))
        scores[prune] = [_f1(_content_text(r), _text(r, rule)) for r in reads]
    gain = (sum(scores[False]) - sum(scores[True])) / len(reads)
    every = all(off >= on for on, off in zip(scores[True], scores[False], strict=True))
    plan.prune = not (every and gain >= PRUNE_GAIN)


_Fields = list[tuple[str | None, list[str], str | None]]


def _plan(reads: list[_Read], domain: str, *, container: bool = True) -> _Plan:
    """Container, removals and pruning from ``reads`` (classified); ``container=False``
    leaves the container to the heuristic: the rule only removes repeated boxes."""
    found = _container(reads) if container else None
    if found is None and _container(reads, single=False) is None:
        raise LearnError(
            "the pages do not share a template: no element with the same id or class "
            "holds the text of every page (learn one rule per template, with paths)"
        )
    body, coverage = found if found is not None else (None, [])
    plan = _Plan(domain, body, coverage, _removals(reads, body or "body"), [])
    if body is not None:
        plan.around = _around(reads, body)
        _choose_prune(reads, plan)
    return plan


def _self_check(reads: list[_Read], fields: _Fields, domain: str, *, container: bool) -> float:
    """How much better than no rule a rule learned this way does on pages it has not
    seen: each page in turn is left out, a rule is learned from the others and scored
    on it beside the heuristic, by its agreement with the page's own text (content as
    the pages themselves tell it apart from template). Two pages: each scored by the
    rule learned from both. The mean difference, learned minus heuristic."""
    own = [_content_text(r) for r in reads]
    plain = [_f1(text, _text(r, None)) for r, text in zip(reads, own, strict=True)]
    learned = []
    for number, read in enumerate(reads):
        if len(reads) > MIN_PAGES:
            others = [r for r in reads if r is not read]
            _classify(others, [f for i, f in enumerate(fields) if i != number])
        else:
            others = reads
        try:
            plan: _Plan | None = _plan(others, domain, container=container)
        except LearnError:
            plan = None  # no rule: the heuristic alone
        if plan is None:
            learned.append(plain[number])
        else:
            learned.append(_f1(own[number], _text(read, _rule(plan))))
    _classify(reads, fields)
    return (sum(learned) - sum(plain)) / len(reads)


def _checked_plan(reads: list[_Read], fields: _Fields, domain: str) -> _Plan:
    """The plan, or the one that leaves the container to the heuristic when the full one
    does worse than no rule on the pages left out in turn; refused when both do."""
    plan = _plan(reads, domain)
    gain = _self_check(reads, fields, domain, container=plan.body is not None)
    if gain >= -SELF_CHECK_SLACK:
        return plan
    if plan.body is not None:
        fallback = _self_check(reads, fields, domain, container=False)
        if fallback >= -SELF_CHECK_SLACK:
            return _plan(reads, domain, container=False)
        gain = max(gain, fallback)
    raise LearnError(
        "a rule learned from these pages does worse than no rule: learned from all but "
        f"one page and tested on that one, it agrees {-gain:.1%} less with the pages' own "
        "text than the heuristic alone (use no rule, or write one by hand)"
    )


def learn(pages: Sequence[SourcePage | tuple[str, str | bytes]]) -> LearnedRule:
    """Learn a site rule from a few pages (three to five) of one site.

    Args:
        pages: each page's URL and its HTML (as served, or decoded).

    Returns:
        The rule, its commented TOML (with ``[[tests]]`` from the pages) and the pages.

    Raises:
        LearnError: too few pages, pages of different sites, or pages that share no
            template (the message says which).
    """
    sources = [p if isinstance(p, SourcePage) else SourcePage(*p) for p in pages]
    if len(sources) < MIN_PAGES:
        raise LearnError(f"give at least {MIN_PAGES} pages of the site (three to five is best)")
    domain = _domain(sources)
    reads = [_read(p) for p in sources]
    fields = [_metadata(r) for r in reads]
    _classify(reads, fields)
    _check_template(reads)
    plan = _checked_plan(reads, fields, domain)
    plan.paths = _paths(sources)
    plan.title = _field(reads, [f[0] for f in fields], attribute=None)
    plan.authors = _authors(reads, [f[1] for f in fields])
    plan.date = _field(reads, [f[2] for f in fields], attribute="datetime")
    rule = _rule(plan)
    stem = plan.stem
    fixtures = tuple(f"pages/{stem}-{i}.html" for i in range(1, len(sources) + 1))
    toml = _toml(plan, reads, rule, fixtures)
    parsed = parse_toml_rule(toml, path=str(Path("/nonexistent") / f"{domain}.toml"))
    return LearnedRule(replace(parsed, source=None), toml, tuple(sources), fixtures, stem)


# --- writing ------------------------------------------------------------------


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if len(line) >= MIN_SNIPPET_CHARS]


def _tests(reads: list[_Read], rule: Rule, plan: _Plan, fixtures: Sequence[str]) -> list[str]:
    out = []
    for read, fixture in zip(reads, fixtures, strict=True):
        text = _text(read, rule)
        content = {b.text for b in read.blocks if b.kind == "content"}
        lines = [line for line in _lines(text) if line in content] or _lines(text)
        contains = list(dict.fromkeys(lines[:1] + lines[-1:]))
        absent = [
            r.sample
            for r in plan.removals
            if r.sample and " ".join(r.sample.split()) not in " ".join(text.split())
        ][:1]
        out += ["", "[[tests]]", f"fixture = {_q(fixture)}", f"url = {_q(read.page.url)}"]
        if contains:
            out.append(
                "contains = [" + ", ".join(_q(c[:SNIPPET_CHARS].strip()) for c in contains) + "]"
            )
        if absent:
            out.append(f"absent = [{_q(absent[0].strip())}]")
    return out


def _toml(plan: _Plan, reads: list[_Read], rule: Rule, fixtures: Sequence[str]) -> str:
    n = len(reads)
    out = [
        f"# Site rule for {plan.domain}, learned by `cleanscrape rules learn` from {n} pages.",
        "# Check it with `cleanscrape rules check`; edit freely (docs/rules.md).",
        f'domains = ["{plan.domain}"]',
    ]
    if plan.paths:
        out.append(f"paths = [{_q(plan.paths[0])}]  # the folder all {n} pages are in")
    for name, value, what in (
        ("title", plan.title, "gave each page's title"),
        ("authors", plan.authors, "gave each page's authors"),
        ("date", plan.date, "gave each page's publication date"),
    ):
        if value:
            out += ["", f"[{name}]", f"select = [{_q(value)}]  # {what} on {n} of {n} pages"]
    if plan.body is not None:
        share = min(plan.coverage)
        out += [
            "",
            "[body]",
            "# The element that holds the text that differs from page to page (the content);",
            f"# it holds at least {share:.0%} of each page's own text.",
            f"select = [{_q(plan.body)}]",
        ]
    else:
        out += [
            "",
            "[body]",
            "# No one element holds the content on every page (only classes that many",
            "# elements carry), or one did worse than no rule on the pages: the heuristic",
            "# chooses the container, and the rule removes the boxes that repeat.",
        ]
    if plan.removals:
        where = "inside it" if plan.body is not None else "on the pages"
        out.append(f"# Boxes {where} that repeat from page to page, or are lists of links:")
        out.append("remove = [")
        for removal in plan.removals:
            note = f" {removal.sample[:40]!r}" if removal.sample else ""
            out.append(f"    {_q(removal.selector)},  # on {removal.pages} of {n} pages{note}")
        out.append("]")
    if not plan.prune:
        out.append("# The pages' own text came out whole only without the in-body cleaning:")
        out.append("prune = false")
    if plan.around:
        out.append("# Template around the body, left out by select: " + ", ".join(plan.around))
    out += _tests(reads, rule, plan, fixtures)
    return "\n".join(out) + "\n"


# --- the command ----------------------------------------------------------------

_CANONICAL = "link[rel='canonical']@href"


def _file_url(data: bytes, path: Path, base: str | None) -> str:
    """A saved page's URL: its canonical link, else ``base`` joined with the file's name."""
    tree = parse_document(data, Options())
    node = tree.css_first("link[rel='canonical'], meta[property='og:url']")
    found = (node.attributes.get("href") or node.attributes.get("content") or "") if node else ""
    if found.startswith(("http://", "https://")):
        return found
    if base:
        return base.rstrip("/") + "/" + path.name
    raise LearnError(f"{path}: no canonical URL in the page; give --base URL")


def read_sources(targets: Sequence[str], *, base: str | None = None) -> list[SourcePage]:
    """The pages named by ``targets``: URLs fetched politely with the usual fetcher
    (robots.txt, one request at a time per host), files read as saved.

    Raises:
        LearnError: a file without a URL (no canonical link, no ``base``).
        FetchError: a URL that cannot be fetched.
        OSError: a file that cannot be read.
    """
    from ..fetch import Fetcher

    sources = []
    with Fetcher() as fetcher:
        for target in targets:
            if target.startswith(("http://", "https://")):
                page = fetcher.fetch(target)
                sources.append(SourcePage(page.url, page.content))
            else:
                path = Path(target)
                data = path.read_bytes()
                sources.append(SourcePage(_file_url(data, path, base), data))
    return sources


def command(targets: Sequence[str], folder: str, base: str | None, force: bool) -> int:
    """``cleanscrape rules learn``: 0 rule written, 1 refused or failed."""
    import sys

    try:
        learned = learn(read_sources(targets, base=base))
    except (CleanscrapeError, OSError) as exc:
        print(f"cleanscrape rules learn: {exc}", file=sys.stderr)
        return 1
    target = Path(folder) / f"{learned.stem}.toml"
    if target.exists() and not force:
        print(f"cleanscrape rules learn: {target} exists (use --force)", file=sys.stderr)
        return 1
    path = learned.write(folder)
    print(f"wrote {path} and {len(learned.fixtures)} test pages in {Path(folder) / 'pages'}")
    print(f"check it: cleanscrape rules check {path}")
    return 0
