"""Applying a site rule to a parsed page: field values, removals, the body container.

Design: CSS selectors run on the selectolax tree the pipeline already has. XPath
(``xpath:`` selectors and all FiveFilters rules) needs lxml, so for a rule with
XPath the page is serialised from the selectolax tree and parsed once by lxml
(with :func:`cleanscrape.parse.lxml_tree`: no DTD, no entity or network resolution).

- XPath *field* selectors (title, authors, date) only read values: they are
  evaluated on that lxml tree and nothing else follows.
- XPath *removals* are done on the lxml tree, and the elements matched by XPath
  *body* selectors are marked with an attribute (``data-cleanscrape-body="i"``,
  ``i`` the selector's position). The lxml tree is then serialised and parsed
  again with selectolax, and the rest (CSS removals, the choice among CSS and
  marked XPath body candidates, in rule order) runs there as for a CSS-only rule.
  So XPath body selectors see the page after XPath removals but before CSS ones;
  a marked element that a CSS removal drops is simply no longer a candidate.

Mapping lxml elements back to selectolax nodes by position would skip the second
parse, but two HTML parsers do not always build the same tree (libxml2 and lexbor
differ on misnested markup), and one wrong step removes the wrong element. Marks
survive any such difference. The cost, paid only for pages whose rule removes or
selects with XPath, is one lxml parse, one serialisation and one more selectolax
parse: about the cost of parsing the page twice more.

Everything else happens in rule order: field values are read first, on the page as
served (a rule may read the byline that a removal then drops), then removals, then
the body. Several elements matched by the same body selector (a story split in
blocks between ads) become one container: their closest common ancestor, with
everything in it that is not one of them (or on the way to one) removed.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from ..explain import BLOCK_ATTRIBUTE, Trace, css_path, path_step
from ..heuristic.clean import KEEP_ATTRIBUTE, KEEP_TOKEN, note_kept
from ..models import Favor, Metadata
from ..parse import Node, Tree, lxml_tree, parse_fragment
from .defaults import default_rules
from .model import Rule, Selector
from .ruleset import RuleSet

__all__ = ["SiteMatch", "apply_rule", "apply_rules"]

logger = logging.getLogger(__name__)

BODY_MARK = "data-cleanscrape-body"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SiteMatch:
    """What a site rule decided for one page.

    Attributes:
        tree: the page to continue with (a new tree when XPath edited the page).
        container: the body container chosen by the rule, or ``None`` (heuristic).
        title, authors, date: field values found by the rule (override metadata).
        rule: the rule applied, if any.
        body_selector: the body selector that chose ``container``, as written.
    """

    tree: Tree
    container: Node | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    rule: Rule | None = None
    body_selector: str | None = None

    def describe(self) -> str | None:
        """The rule that decided, for explanations: its file and body selector."""
        if self.rule is None:
            return None
        if self.container is None:
            return f"{self.rule.source} (body selectors matched nothing: heuristic used)"
        return f"{self.rule.source} (body: {self.body_selector})"

    @property
    def prune(self) -> bool:
        """Whether the heuristic cleans inside the rule's container (``prune``)."""
        return self.rule is None or self.rule.prune

    def favor(self, asked: Favor) -> Favor:
        """The trade-off to extract with: the rule's, unless the caller asked for
        something other than the default ``"balanced"``."""
        if asked != "balanced" or self.rule is None or self.rule.favor is None:
            return asked
        return self.rule.favor

    def update(self, meta: Metadata) -> Metadata:
        """``meta`` with the fields this rule found put in place of the page's own."""
        changes: dict[str, Any] = {}
        if self.title:
            changes["title"] = self.title
        if self.authors:
            changes["authors"] = list(self.authors)
        if self.date:
            changes["date"] = self.date
        return dataclasses.replace(meta, **changes) if changes else meta


def apply_rules(
    tree: Tree, url: str | None, rules: RuleSet | None = None, *, trace: Trace | None = None
) -> SiteMatch:
    """Find the rule for ``url`` (``rules`` first, then the defaults) and apply it to ``tree``.

    ``trace`` (explanations only) records what the rule cut; see :func:`apply_rule`.
    """
    if not url:
        return SiteMatch(tree)
    ruleset = rules.then(default_rules()) if rules else default_rules()
    rule = ruleset.match(url)
    if rule is None:
        return SiteMatch(tree)
    return apply_rule(tree, rule, url=url, trace=trace)


def apply_rule(
    tree: Tree, rule: Rule, *, url: str | None = None, trace: Trace | None = None
) -> SiteMatch:
    """Apply ``rule`` to ``tree`` (mutated: removals happen in place).

    A body rule that matches nothing is logged as a warning and leaves the choice
    of the body to the heuristic, so a site redesign degrades, never empties.

    With ``trace`` (only when explaining), every element a ``remove`` selector
    deletes, and every part of the page outside the rule's body, is recorded as a
    "site rule" decision, and each deleted element leaves a placeholder comment
    (see :class:`~cleanscrape.explain.Trace`). Without it nothing extra runs.
    """
    document = _lxml_document(tree, rule) if rule.uses_xpath else None
    title = _values(rule.title, tree, document, first=True)
    authors = _values(rule.authors, tree, document, first=False)
    date = _values(rule.date, tree, document, first=True)
    if document is not None and rule.edits_with_xpath:
        tree = _edit_with_xpath(document, rule, trace)
    kept = _body_ancestors(tree, rule.body) | _kept_nodes(tree, rule.keep)
    for selector in rule.remove:
        if selector.kind == "css":
            for node in _outermost(tree.css(selector.expression)):
                if node.tag in _NEVER_REMOVED or node.mem_id in kept:
                    _refuse_removal(selector, node.tag or "?", url)
                    continue
                if trace is not None:
                    _note_removed_node(trace, selector, node)
                node.decompose()
    _mark_kept(tree, rule.keep)
    container, body_selector = _container(tree, rule.body)
    if trace is not None and container is not None and body_selector is not None:
        _note_outside(trace, container, body_selector)
    if rule.body and container is None:
        logger.warning(
            "site rule %s: no body selector matched on %s; using the heuristic",
            rule.source,
            url or "the page",
        )
    return SiteMatch(
        tree,
        container,
        title=title[0] if title else None,
        authors=tuple(dict.fromkeys(authors)),
        date=date[0] if date else None,
        rule=rule,
        body_selector=body_selector,
    )


# --- values -------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _values(selectors: Sequence[Selector], tree: Tree, document: Any, *, first: bool) -> list[str]:
    """The values of the first selector that yields any (only its first one if ``first``)."""
    for selector in selectors:
        if selector.kind == "css":
            found = [_node_value(n, selector.attribute) for n in tree.css(selector.expression)]
        else:
            found = _xpath_values(selector, document)
        values = [v for v in found if v]
        if values:
            return values[:1] if first else values
    return []


def _node_value(node: Node, attribute: str | None) -> str:
    if attribute is not None:
        return _clean(node.attributes.get(attribute))
    return _clean(node.text(deep=True, separator=" "))


def _xpath_values(selector: Selector, document: Any) -> list[str]:
    if document is None:
        return []
    result = _evaluate(selector, document)
    items = result if isinstance(result, list) else [result]
    values = []
    for item in items:
        if isinstance(item, lxml.html.HtmlElement):
            values.append(_clean(item.text_content()))
        elif isinstance(item, str):  # attribute values, text nodes, string() results
            values.append(_clean(item))
    return values


# --- XPath ----------------------------------------------------------------------


def _lxml_document(tree: Tree, rule: Rule) -> Any:
    # The one safe lxml parser (no network, no DTD, deep trees kept) lives in parse.py.
    try:
        return lxml_tree(tree.html or "")
    except (etree.ParserError, ValueError) as exc:
        logger.warning("site rule %s: page not parsed for XPath (%s)", rule.source, exc)
        return None


# Work one XPath may do on one page, in node visits (libxml2 makes about 6e7 a
# second here): a second or so. Rules are data from anywhere, and XPath with an
# absolute path inside a predicate costs the page's size to a power:
# //*[count(//*[count(//*) > 0]) > 0] took 50 s on 1,500 elements.
XPATH_BUDGET = 60_000_000
# Steps that, inside a predicate, scan the whole document again for each node.
_WHOLE_PAGE_STEP = re.compile(
    r"(?:^|(?<=[\[(,|=<>!+*\s]))/|\b(?:following|preceding)::|\bid\s*\(", re.IGNORECASE
)
_XPATH_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")


@functools.lru_cache(maxsize=1024)
def xpath_degree(expression: str) -> int:
    """The power of the page's size that bounds the cost of ``expression`` (1: linear).

    Each level of predicate nesting that holds a step over the whole page (an
    absolute path, the following/preceding axes) multiplies the cost by the
    page's size. An over-estimate: it ignores predicates that stop early.
    """
    text = _XPATH_STRING.sub('""', expression)
    costly: list[bool] = []  # one flag per open predicate
    degree = 1
    start = 0
    for position, char in enumerate(f"{text}]" if text.count("[") > text.count("]") else text):
        if char not in "[]":
            continue
        if costly and _WHOLE_PAGE_STEP.search(text, start, position):
            costly[-1] = True
            degree = max(degree, 1 + sum(costly))
        if char == "[":
            costly.append(False)
        elif costly:
            costly.pop()
        start = position + 1
    return degree


def _too_costly(selector: Selector, document: Any) -> bool:
    degree = xpath_degree(selector.expression)
    if degree == 1:
        return False
    elements = int(document.xpath("count(//*)"))
    if elements**degree <= XPATH_BUDGET:
        return False
    logger.warning(
        "%s:%s: XPath skipped on a page of %s elements: its cost grows with the page's "
        "size to the power %s (nested whole-page paths): %s",
        selector.path,
        selector.line,
        f"{elements:,}",
        degree,
        selector.text,
    )
    return True


def _evaluate(selector: Selector, document: Any) -> Any:
    if _too_costly(selector, document):
        return []
    try:
        return selector.compiled(document)
    except etree.XPathError as exc:
        logger.warning("%s:%s: XPath failed: %s", selector.path, selector.line, exc)
        return []


def _elements(selector: Selector, document: Any) -> list[Any]:
    result = _evaluate(selector, document)
    if not isinstance(result, list):
        return []
    return [item for item in result if isinstance(item, lxml.html.HtmlElement)]


def _edit_with_xpath(document: Any, rule: Rule, trace: Trace | None) -> Tree:
    # The elements themselves, not their ids: lxml gives the same proxy object for a
    # node only while one is alive.
    kept = {
        ancestor
        for selector in rule.body
        if selector.kind == "xpath"
        for element in _elements(selector, document)
        for ancestor in element.iterancestors()
    }
    for selector in rule.keep:
        if selector.kind == "xpath":
            for element in _elements(selector, document):
                element.set(KEEP_ATTRIBUTE, KEEP_TOKEN)
                note_kept()
                kept.add(element)
                kept.update(element.iterancestors())
    for selector in rule.remove:
        if selector.kind == "xpath":
            for element in _elements(selector, document):
                if element.tag in _NEVER_REMOVED or element in kept:
                    _refuse_removal(selector, str(element.tag), None)
                elif element.getparent() is not None:
                    if trace is not None:
                        _note_removed_element(trace, selector, element)
                    element.drop_tree()
    for index, selector in enumerate(rule.body):
        if selector.kind == "xpath":
            for element in _elements(selector, document):
                marks = element.get(BODY_MARK, "")
                element.set(BODY_MARK, f"{marks} {index}".strip())
    html = etree.tostring(
        document.getroottree(), encoding="unicode", method="html", doctype="<!DOCTYPE html>"
    )
    return parse_fragment(html)


# --- the body -------------------------------------------------------------------

# A removal of these would leave no page at all (lexbor refuses to remove the
# root): a rule that asks for it is wrong, and any saved page can reach a
# built-in rule through its canonical URL.
_NEVER_REMOVED = frozenset({"html", "body"})


def _body_ancestors(tree: Tree, selectors: Sequence[Selector]) -> set[int]:
    """Every element that holds an element a body selector matches (removing it drops the body)."""
    kept: set[int] = set()
    for index, selector in enumerate(selectors):
        query = selector.expression if selector.kind == "css" else f'[{BODY_MARK}~="{index}"]'
        for node in tree.css(query):
            for ancestor in _ancestors(node):
                if ancestor.mem_id in kept:
                    break
                kept.add(ancestor.mem_id)
    return kept


def _kept_nodes(tree: Tree, selectors: Sequence[Selector]) -> set[int]:
    """Every element a ``keep`` selector matches (XPath ones are marked already), and
    every element holding one: a removal of any of them would drop what the rule keeps."""
    found: set[int] = set()
    queries = [s.expression for s in selectors if s.kind == "css"]
    if any(s.kind == "xpath" for s in selectors):
        queries.append(_KEPT)
    for query in queries:
        for node in tree.css(query):
            found.add(node.mem_id)
            for ancestor in _ancestors(node):
                if ancestor.mem_id in found:
                    break
                found.add(ancestor.mem_id)
    return found


_KEPT = f'[{KEEP_ATTRIBUTE}="{KEEP_TOKEN}"]'


def _mark_kept(tree: Tree, selectors: Sequence[Selector]) -> None:
    """Mark what the CSS ``keep`` selectors match, for the heuristic's cleaning to spare."""
    for selector in selectors:
        if selector.kind == "css":
            for node in tree.css(selector.expression):
                node.attrs[KEEP_ATTRIBUTE] = KEEP_TOKEN
                note_kept()


def _refuse_removal(selector: Selector, tag: str, url: str | None) -> None:
    logger.warning(
        "%s:%s: not removing <%s> matched by %r on %s: it is the page's root or body, "
        "or holds the rule's body or an element it keeps",
        selector.path,
        selector.line,
        tag,
        selector.text,
        url or "the page",
    )


def _container(tree: Tree, selectors: Sequence[Selector]) -> tuple[Node | None, str | None]:
    """The container and the body selector (as written) that chose it."""
    for index, selector in enumerate(selectors):
        query = selector.expression if selector.kind == "css" else f'[{BODY_MARK}~="{index}"]'
        nodes = [n for n in _outermost(tree.css(query)) if n.text(deep=True).strip()]
        if nodes:
            return _gather(nodes), selector.text
    return None, None


def _ancestors(node: Node) -> Iterable[Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _outermost(nodes: list[Node]) -> list[Node]:
    """``nodes`` without those inside another of them (removing those would be freed twice)."""
    if len(nodes) < 2:
        return nodes
    ids = {n.mem_id for n in nodes}
    return [n for n in nodes if not any(a.mem_id in ids for a in _ancestors(n))]


def _gather(nodes: list[Node]) -> Node:
    """One container for ``nodes`` (none inside another): their closest common ancestor,
    pruned to them and the elements leading to them."""
    if len(nodes) == 1:
        return nodes[0]
    chains = [list(_ancestors(n)) for n in nodes]
    shared = set.intersection(*({a.mem_id for a in chain} for chain in chains))
    common = next(a for a in chains[0] if a.mem_id in shared)
    kept = {n.mem_id for n in nodes}
    on_the_way: set[int] = set()
    for chain in chains:
        for ancestor in chain:
            if ancestor.mem_id == common.mem_id:
                break
            on_the_way.add(ancestor.mem_id)
    stack = [common]
    while stack:
        child = stack.pop().child
        while child is not None:
            following = child.next
            if child.mem_id in on_the_way:
                stack.append(child)
            elif child.mem_id not in kept:
                child.decompose()
            child = following
    return common


# --- explanations (only with a trace) -------------------------------------------

# Never visible text: left out of what a recorded block says.
_INVISIBLE = ["script", "style", "noscript", "template", "svg", "head"]


def _as_written_in_toml(selector: Selector) -> str:
    """The selector as a TOML rule's ``remove`` takes it (FiveFilters XPath gains ``xpath:``)."""
    if selector.kind == "xpath" and not selector.text.startswith("xpath:"):
        return f"xpath:{selector.expression}"
    return selector.text


def _origin(selector: Selector) -> str:
    return f"{selector.path}:{selector.line}" if selector.path else ""


def _visible_text(node: Node) -> str:
    copy = node.clone()
    copy.strip_tags(_INVISIBLE)
    return _clean(copy.text(deep=True, separator=" "))


def _note_removed_node(trace: Trace, selector: Selector, node: Node) -> None:
    """Record ``node`` (about to be deleted by ``selector``) and leave its placeholder."""
    text = _visible_text(node)
    index = trace.add_rule_decision(
        text=text,
        reason=f"removed by the site rule: {_as_written_in_toml(selector)}",
        selector=_as_written_in_toml(selector),
        figures={"chars": len(text), "element": css_path(node), "rule_line": _origin(selector)},
    )
    node.attrs[BLOCK_ATTRIBUTE] = str(index)
    trace.removed_html[index] = node.html or ""
    marker = parse_fragment(f"<body><!--{trace.placeholder(index)}--></body>").body
    if marker is not None and marker.child is not None:
        node.insert_before(marker.child)


def _lxml_path(element: Any) -> str:
    """:func:`~cleanscrape.explain.css_path` for an lxml element."""
    steps: list[str] = []
    current = element
    while current is not None and current.tag not in ("body", "html"):
        if not isinstance(current.tag, str):
            break
        parent = current.getparent()
        siblings = (
            (c is current for c in parent if c.tag == current.tag) if parent is not None else ()
        )
        step = path_step(current.tag, dict(current.attrib), siblings)
        steps.append(step)
        if "#" in step:
            break
        current = parent
    return " > ".join(reversed(steps)) or "body"


def _note_removed_element(trace: Trace, selector: Selector, element: Any) -> None:
    """:func:`_note_removed_node` for an element an XPath removal deletes from lxml's tree."""
    text = _clean(element.text_content())
    index = trace.add_rule_decision(
        text=text,
        reason=f"removed by the site rule: {_as_written_in_toml(selector)}",
        selector=_as_written_in_toml(selector),
        figures={
            "chars": len(text),
            "element": _lxml_path(element),
            "rule_line": _origin(selector),
        },
    )
    element.set(BLOCK_ATTRIBUTE, str(index))
    trace.removed_html[index] = etree.tostring(
        element, encoding="unicode", method="html", with_tail=False
    )
    element.addprevious(etree.Comment(trace.placeholder(index)))


def _note_outside(trace: Trace, container: Node, body_selector: str) -> None:
    """Record each part of the page beside the rule's container (off the path to it)."""
    on_the_way = {a.mem_id for a in _ancestors(container)}
    current: Node = container
    parent = container.parent
    while parent is not None and current.tag != "body":
        child = parent.child
        while child is not None:
            tag = child.tag or ""
            if (
                child.mem_id != current.mem_id
                and child.mem_id not in on_the_way
                and not tag.startswith("-")
                and tag not in _INVISIBLE
            ):
                text = _visible_text(child)
                if text:
                    index = trace.add_rule_decision(
                        text=text,
                        reason=f"outside the site rule's body ({body_selector})",
                        selector=css_path(child),
                        figures={"chars": len(text)},
                    )
                    child.attrs[BLOCK_ATTRIBUTE] = str(index)
            child = child.next
        current, parent = parent, parent.parent
