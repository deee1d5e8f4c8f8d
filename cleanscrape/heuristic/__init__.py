"""The generic text-density heuristic: finds and cleans the article body of any page.

Stages, one module each: :mod:`.blocks` walks the page once into blocks,
:mod:`.container` scores them and chooses the article container,
:mod:`.clean` cuts the boilerplate inside it. This module chains them and
builds the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..explain import BLOCK_ATTRIBUTE, CONTAINER_ATTRIBUTE, Decision, Trace, css_path
from ..models import Favor, Options
from ..parse import Node, Tree
from . import switches
from .blocks import CELL_TAGS, Block, Element, read_blocks
from .boxes import mark_boxes
from .clean import clean_blocks
from .container import choose_container
from .context import build_page, within
from .kind import (
    ERROR_TITLE,
    INTERSTITIAL,
    MAX_FORM_PAGE_CHARS,
    MAX_INTERSTITIAL_CHARS,
    has_card_grid,
    has_prices,
    is_listing,
    is_service,
)
from .pagekind import PROFILES, Declared, Kind, KindDecision, profile
from .reasons import OUTSIDE_CONTAINER, Reason

__all__ = ["Body", "extract_body"]

# Removed with their content before anything is read: never article text.
_DROP_TAGS = [
    "script",
    "style",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "label",
    "head",
    "map",
    "link",
    "meta",
    "dialog",
]
# Invisible elements, and text only screen readers read. Not hidden content a click
# shows: tab panels (hidden by attribute or by inline style), accordion panels
# (hidden by attribute or only by a class), and the boundaries React's streaming
# renderer parks at the end of the body (``<div hidden id="S:0">``).
_HIDDEN = (
    "[hidden]:not([role='tabpanel']):not([id^='S:']), "
    "[aria-hidden='true']:not([role='tabpanel']):not([role='region'])"
    ":not([class*='collaps']):not([class*='accordion']):not([class*='tab-pane']), "
    "[style*='display:none']:not([role='tabpanel']), "
    "[style*='display: none']:not([role='tabpanel']), "
    "[style*='visibility:hidden'], [style*='visibility: hidden'], "
    # Text for screen readers only, by the class every framework names it with
    # (Bootstrap, WordPress, Shopify, HTML5 Boilerplate): "Collection:", "(opens in
    # a new tab)", "Rated 4 out of 5".
    ".sr-only, .visually-hidden, .visuallyhidden, .screen-reader-text, .screen-reader-only"
)
# A class that shows an element (hidden by default) from a screen size up.
_SHOWN_AT_A_SIZE = re.compile(
    r"(?:^|\s)(?:(?:sm|md|lg|xl|2xl):(?:block|flex|grid|inline|inline-block|inline-flex|table"
    r"|contents)|d-(?:sm|md|lg|xl|xxl)-(?:block|flex|inline|inline-block|grid|table))(?=\s|$)"
)
# Overlays shown only on demand: popovers and modal dialogs.
_OVERLAYS = "[popover], [aria-modal='true'], [role='dialog'], [role='alertdialog']"
_FURNITURE = "nav, [role='navigation'], body > footer, [role='contentinfo']"
_DROP_WHOLE_NO_OVERLAYS = (
    f"{_HIDDEN}, {_FURNITURE}, [class*='editsection'], [class*='edit-section'], .secedit"
)
_DROP_WHOLE = f"{_OVERLAYS}, {_DROP_WHOLE_NO_OVERLAYS}"
# Sign-up forms: an e-mail field (or a form about e-mail) marks the promo box around it.
_SIGNUP_FIELDS = "input[type='email'], input[name*='email' i], input[placeholder*='mail' i]"
# A page whose kept text is shorter than this has no article (a login form,
# an error page, a cookie wall) unless it had nothing else to keep it from;
# counted in weighted characters.
MIN_ARTICLE_CHARS = 100
# An article is at least this share of its page's text; an "article" smaller than
# this is a page made of links (a listing), read again under the listing profile.
# Measured: 0.1 gains most on the WCXB dev split without a loss on the snippet
# corpus (0.15 and above cut articles with long comment threads short).
MIN_ARTICLE_SHARE = 0.1
# A hidden element (by its inline style) this close to <body> that holds more than
# MAX_HIDDEN_SHARE of the page's text, or the <h1> and more than
# MIN_HIDDEN_HEADLINE_SHARE of it, is a page hidden until its styles or scripts
# load, not hidden content.
MAX_WRAPPER_DEPTH = 4
MAX_HIDDEN_SHARE = 0.9
MIN_HIDDEN_HEADLINE_SHARE = 0.5
# <noscript> content this long is the page's real content, not a warning.
MIN_NOSCRIPT_CONTENT_CHARS = 500


_NO_EVIDENCE = KindDecision("article", "no other evidence")
_NOTHING_DECLARED = Declared()


@dataclass(frozen=True, slots=True)
class Body:
    """The body the heuristic settled on."""

    text: str
    html: str
    comments: str | None = None
    kind: KindDecision = _NO_EVIDENCE


def _form_fields(root: Node) -> tuple[list[list[int]], list[list[int]]]:
    """Ancestor ids (nearest first) of each sign-up field and each password field.

    One query finds both kinds: forms are looked at before their inputs are stripped.
    """
    signup: list[list[int]] = []
    passwords: list[list[int]] = []
    for node in root.css(f"{_SIGNUP_FIELDS}, input[type='password']"):
        chain = []
        parent = node.parent
        while parent is not None and parent.mem_id != root.mem_id:
            chain.append(parent.mem_id)
            parent = parent.parent
        is_password = (node.attributes.get("type") or "").lower() == "password"
        (passwords if is_password else signup).append(chain)
    return signup, passwords


def _drop_other_layouts(root: Node) -> None:
    """Drop the copies a page shows only at other screen sizes (Tailwind's ``hidden
    lg:flex``, Bootstrap's ``d-none d-md-block``): the page is read as a small
    screen shows it, once. An element hidden by the class alone is left to the
    rules for hidden content (an accordion's answer opens on a click)."""
    for node in root.css(".hidden, .d-none"):
        if _SHOWN_AT_A_SIZE.search(node.attributes.get("class") or ""):
            node.decompose()


def _preclean(root: Node) -> None:
    """Drop invisible elements, ``<noscript>`` warnings and heading permalinks."""
    # Hidden elements, wiki "[edit]" links, menus and page footers go whole, in
    # one query (menus and footers are never article text and hold the biggest
    # link lists of a page).
    removed: set[int] = set()
    page_chars = -1
    drop = _DROP_WHOLE if switches.is_on("signal:overlays") else _DROP_WHOLE_NO_OVERLAYS
    wrappers = switches.is_on("signal:styles-wrapper")
    for node in root.css(drop):
        parent = node.parent
        depth = 0
        while parent is not None and parent.mem_id not in removed:
            parent = parent.parent
            depth += 1
        if parent is not None:
            continue  # inside something already removed
        if wrappers and depth <= MAX_WRAPPER_DEPTH and node.attributes.get("style"):
            # A wrapper near the top hidden until styles or scripts load holds the
            # whole page, or its headline and most of its text (an app hiding the
            # main column until it has run).
            if page_chars < 0:
                page_chars = len(root.text(deep=True, strip=True))
            share = len(node.text(deep=True, strip=True)) / max(1, page_chars)
            if share > MAX_HIDDEN_SHARE or (
                share > MIN_HIDDEN_HEADLINE_SHARE and node.css_first("h1") is not None
            ):
                continue
        removed.add(node.mem_id)
        node.decompose()
    for node in root.css("a[href^='#']"):
        # "¶", "#", "§" or "🔗" after a heading: a permalink, not text.
        text = node.text().strip()
        if text and len(text) <= 2 and not any(c.isalnum() for c in text):
            node.decompose()
    keep_content = switches.is_on("signal:noscript-content")
    for node in root.css("noscript"):
        text = node.text()
        # Tracking pixels and "enable JavaScript" notes go; so does markup the
        # parser kept as raw text. A page's real content in <noscript> stays
        # (a forum's crawler view, a script shell's fallback), "<" in its text or not.
        if (
            not keep_content
            or len(text) < MIN_NOSCRIPT_CONTENT_CHARS
            or ("<" in text and node.css_first("p, div, li, h1, h2, h3, article, section") is None)
        ):
            node.decompose()


def _text(blocks: list[Block]) -> str:
    lines: list[str] = []
    row: Element | None = None
    for block in blocks:
        owner = block.owner
        if owner.tag in CELL_TAGS and owner.parent is not None and owner.parent is row:
            lines[-1] += " | " + block.text
            continue
        row = owner.parent if owner.tag in CELL_TAGS else None
        lines.append(block.text)
    return "\n".join(lines)


def _stream_boundaries(start: Node) -> None:
    """Put the content React streams in late back where its placeholder is.

    Streaming server rendering sends a ``<template id="B:n">`` where a part of
    the page belongs and the part itself later, as ``<div hidden id="S:n">``
    at the end of the body, for a script to swap in.
    """
    for boundary in start.css("div[hidden][id^='S:']"):
        ident = boundary.attributes.get("id") or ""
        slot = start.css_first(f"template[id='B:{ident[2:]}']")
        if slot is None:
            continue  # no placeholder: the part stays where it is, visible
        for child in boundary.iter(include_text=True):
            slot.insert_before(child)
        boundary.decompose()
        _drop_fallback(slot)


def _drop_fallback(slot: Node) -> None:
    """Remove the loading fallback the streamed part replaces: what follows its
    placeholder up to the boundary's end marker (``<!--/$-->``), when there is one."""
    fallback: list[Node] = []
    node = slot.next
    while node is not None:
        if node.tag == "-comment" and node.comment_content == "/$":
            for stale in fallback:
                stale.decompose()
            return
        fallback.append(node)
        node = node.next


# A button inside a heading is an accordion's or a tab's title: its text is the heading.
_TITLE_BUTTONS = "h1 button, h2 button, h3 button, h4 button, h5 button, h6 button, summary button"


def _read(tree: Tree, start: Node) -> tuple[Element, list[Element], list[Block]]:
    """Drop what is never text, walk the page into blocks, mark consent and teaser boxes."""
    if switches.is_on("signal:streamed-boundaries"):
        _stream_boundaries(start)
    for button in start.css(_TITLE_BUTTONS):
        button.unwrap()  # buttons go with their content below; these hold a title
    tree.strip_tags(_DROP_TAGS)
    if switches.is_on("signal:responsive-copies"):
        _drop_other_layouts(start)
    _preclean(start)
    root, elements, blocks = read_blocks(start)
    mark_boxes(elements, blocks)
    return root, elements, blocks


class _Cleaner:
    """Cleans the page's blocks under a kind's profile, as often as the kind changes."""

    def __init__(
        self,
        elements: list[Element],
        blocks: list[Block],
        favor: Favor,
        title: str | None,
        authors: list[str],
        signup: set[int],
    ) -> None:
        self.elements, self.blocks, self.favor = elements, blocks, favor
        self.title, self.authors, self.signup = title, authors, signup
        self.off = switches.off()

    def clean(self, roots: list[Element], profile: frozenset[str]) -> list[Block]:
        return clean_blocks(
            build_page(
                roots,
                self.elements,
                self.blocks,
                favor=self.favor,
                title=self.title,
                authors=self.authors,
                signup_fields=self.signup,
                off=self.off | profile,
            )
        )

    def reset(self) -> None:
        for block in self.blocks:
            block.kept, block.reason = True, None


def _select(
    root: Element, cleaner: _Cleaner, hint: Declared
) -> tuple[list[Element], KindDecision, list[Block]]:
    """Choose the container and the kind, and clean under the kind's profile.

    The declared kind (article when nothing is declared) chooses first. An article
    whose container is a list of teaser cards for other pages, or that keeps less
    than its share of the page, is no article: the page is made of its links, and
    is read again as a listing (a collection when it declares products).
    """
    declared_kind, why = hint.kind
    fallback = "signal:kind-fallback" not in cleaner.off
    if declared_kind is not None and declared_kind != "article":
        kind = KindDecision(declared_kind, why)
        roots = _choose(root, cleaner, kind.kind)
        inside = cleaner.clean(roots, profile(kind))
        # A product's name and price are enough: its description may be in JSON-LD only.
        enough = 1 if declared_kind == "product" else MIN_ARTICLE_CHARS
        if not fallback or sum(b.chars for b in inside if b.kept) >= enough:
            return roots, kind, inside
        # The declaration finds no content where its profile looks: read the page afresh.
        cleaner.reset()
        why = ""
    kind = KindDecision("article", why or "no other evidence")
    roots = _choose(root, cleaner, kind.kind)
    evidence = _listing_evidence(roots, cleaner, declared_kind)
    if evidence is None:
        inside = cleaner.clean(roots, PROFILES["article"])
        if "signal:article-share" in cleaner.off or not _too_little(inside, root):
            if (
                declared_kind is None
                and "signal:service" not in cleaner.off
                and not hint.dated
                and not cleaner.authors
                and is_service([b for b in inside if b.kept], cleaner.blocks)
            ):
                kind = KindDecision("service", "sections and calls to action, no date or author")
            return roots, kind, inside
        evidence = "no article among its blocks"
        cleaner.reset()
    kind = KindDecision("collection" if hint.products else "listing", evidence)
    roots = _choose(root, cleaner, kind.kind)
    inside = cleaner.clean(roots, profile(kind))
    if (
        kind.kind == "listing"
        and "signal:prices" not in cleaner.off
        and has_prices([b for b in inside if b.kept])
    ):
        # Same profile, truer name: the cards are things for sale.
        kind = KindDecision("collection", f"{evidence}; prices on its items")
    return roots, kind, inside


def _listing_evidence(
    roots: list[Element], cleaner: _Cleaner, declared_kind: Kind | None
) -> str | None:
    """Why a page read as an article is a listing of links to other pages, if it is:
    its container is a list of teaser cards, or a grid of linked cards outside the
    container holds more text than it (an undeclared page only)."""
    if (
        len(roots) == 1
        and "signal:teaser-container" not in cleaner.off
        and is_listing(roots[0], list(within(cleaner.blocks, roots)))
    ):
        return "a container of teaser cards for other pages"
    if (
        declared_kind is None
        and "signal:card-grid" not in cleaner.off
        and has_card_grid(cleaner.elements, roots[-1])
    ):
        return "a grid of linked cards holding more text than any article"
    return None


def _rule_body(
    root: Element, cleaner: _Cleaner, hint: Declared, *, clean: bool
) -> tuple[KindDecision, list[Block]]:
    """Clean a site rule's container (``clean=False``: keep all of it) under the declared
    kind's profile; a container that holds no article is a list of links: a listing."""
    kind = KindDecision(hint.kind[0] or "article", "site rule")
    if not clean:
        return kind, cleaner.blocks
    inside = cleaner.clean([root], profile(kind))
    if (
        "signal:kind-fallback" not in cleaner.off
        and kind.kind not in ("listing", "collection")
        and _too_little(inside, root)
    ):
        cleaner.reset()
        kind = KindDecision("listing", "site rule; no article among its blocks")
        inside = cleaner.clean([root], profile(kind))
    return kind, inside


def _choose(root: Element, cleaner: _Cleaner, kind: Kind) -> list[Element]:
    """The container under ``kind``'s profile."""
    off = cleaner.off | PROFILES[kind]
    return choose_container(root, cleaner.elements, cleaner.blocks, cleaner.favor, off)


def _too_little(inside: list[Block], root: Element) -> bool:
    """Whether the article profile kept less than an article's worth of the page's text."""
    kept = sum(b.chars for b in inside if b.kept)
    return (
        kept < max(MIN_ARTICLE_CHARS, MIN_ARTICLE_SHARE * root.chars)
        and root.chars >= MIN_ARTICLE_CHARS
    )


def _owners(chains: list[list[int]], elements: list[Element]) -> set[int]:
    """The nearest element above each form field (chains of node ids, nearest first)."""
    by_node = {e.node.mem_id: e for e in elements}
    owners = set()
    for chain in chains:
        owner = next((by_node[m] for m in chain if m in by_node), None)
        if owner is not None:
            owners.add(id(owner))
    return owners


def _no_article(
    title: str | None,
    passwords: list[list[int]],
    roots: list[Element],
    blocks: list[Block],
    kept: list[Block],
    container: Node | None,
    kind: Kind,
) -> bool:
    """Whether what was kept is too little, or not an article (see :func:`_not_an_article`)."""
    kept_chars = sum(b.chars for b in kept)
    root_nodes = {r.node.mem_id for r in roots}
    login_form = kept_chars < MAX_FORM_PAGE_CHARS and any(
        m in root_nodes for chain in passwords for m in chain
    )
    # A site rule's container is the article whatever its size, and so is a
    # page made of nothing but a few lines that all look like text, and a
    # product's name and price (its description may be in JSON-LD only).
    few_lines = len(kept) == len(blocks) or kind == "product"
    minimum = 1 if container is not None or few_lines else MIN_ARTICLE_CHARS
    return kept_chars < minimum or _not_an_article(title, login_form, kept, kept_chars, container)


def _not_an_article(
    title: str | None,
    login_form: bool,
    kept: list[Block],
    kept_chars: int,
    container: Node | None,
) -> bool:
    """Error pages, interstitials and login forms have text but no main content."""
    if container is not None:
        return False  # a site rule said where the article is
    if login_form or (title is not None and ERROR_TITLE.search(title)):
        return True
    # A bot challenge or an access denial stands in front of the page.
    return kept_chars < MAX_INTERSTITIAL_CHARS and (
        (title is not None and INTERSTITIAL.search(title) is not None)
        or any(INTERSTITIAL.search(b.text) for b in kept)
    )


def _record(
    trace: Trace,
    body: Node,
    roots: list[Element],
    blocks: list[Block],
    inside: list[Block],
    *,
    rule: bool,
) -> None:
    """Write every decision into ``trace`` and keep the page annotated with them."""
    considered = {id(b) for b in inside}
    marks: dict[int, list[str]] = {}
    # Site-rule decisions, recorded first, hold the first numbers.
    for index, block in enumerate(blocks, len(trace.removed_by_rule)):
        in_container = id(block) in considered
        owner = block.owner
        marks.setdefault(owner.node.mem_id, []).append(str(index))
        trace.decisions.append(
            Decision(
                index=index,
                text=block.text,
                kept=block.kept and in_container,
                stage="heuristic",
                reason=_reason(block) if in_container else OUTSIDE_CONTAINER,
                selector=css_path(owner.node),
                in_container=in_container,
                figures={
                    "chars": block.chars,
                    "link_density": round(block.link_density, 3),
                    "links": block.links,
                    "element_prose_mass": round(owner.score, 1),
                    "class_id": owner.name,
                    "negative_name": owner.negative,
                    "positive_name": owner.positive,
                },
            )
        )
    for element in {id(b.owner): b.owner for b in blocks}.values():
        element.node.attrs[BLOCK_ATTRIBUTE] = " ".join(marks[element.node.mem_id])
    for root in roots:
        root.node.attrs[CONTAINER_ATTRIBUTE] = "site rule" if rule else "heuristic"
    trace.container = [css_path(r.node) for r in roots]
    trace.page_html = body.html or ""


def _reason(block: Block) -> str:
    """The explanation's reason: the cut's, with the box a boilerplate name was read on."""
    if block.reason is None:
        return ""
    if block.reason is Reason.BOILERPLATE_BOX:
        box: Element | None = block.owner
        while box is not None and not (box.in_negative or box.negative):
            box = box.parent
        if box is not None:
            return f"{block.reason} <{box.tag} {box.name!s:.40}>"
    return str(block.reason)


def _remove_cut(elements: list[Element], inside: list[Block]) -> None:
    """Delete from the tree every element all of whose blocks were cut."""
    kept: dict[int, int] = {}
    cut: dict[int, int] = {}
    for block in inside:
        counter = kept if block.kept else cut
        counter[id(block.owner)] = counter.get(id(block.owner), 0) + 1
    # Children come after their parents: one backward pass sums the tree.
    for element in reversed(elements):
        parent = element.parent
        if parent is not None:
            key, up = id(element), id(parent)
            if key in kept:
                kept[up] = kept.get(up, 0) + kept[key]
            if key in cut:
                cut[up] = cut.get(up, 0) + cut[key]
    for element in elements:
        if cut.get(id(element)) and not kept.get(id(element)):
            parent = element.parent
            if parent is not None and cut.get(id(parent)) and not kept.get(id(parent)):
                continue  # the parent goes as a whole
            element.node.decompose()


def extract_body(
    tree: Tree,
    options: Options,
    *,
    title: str | None = None,
    authors: list[str] | None = None,
    container: Node | None = None,
    clean: bool = True,
    trace: Trace | None = None,
    hint: Declared = _NOTHING_DECLARED,
) -> Body | None:
    """Find the article body in ``tree`` (mutated: boilerplate is removed in place).

    Args:
        tree: the parsed page.
        options: the extraction options (``favor``, ``comments``).
        title: the headline, when known: a matching heading is not repeated in the body.
        authors: the authors, when known: bylines and bios naming them are cut.
        container: a body container chosen by a site rule; only in-body cleaning runs.
        clean: ``False`` keeps every block of ``container`` (a rule's ``prune: no``).
        trace: filled with every decision and the annotated page (``explain=True``).
        hint: what the page declares of its kind (:func:`.pagekind.declared`).

    Returns:
        The body, or ``None`` when the page has no article-like content.
    """
    body = tree.body
    if body is None:
        return None
    favor = options.favor
    start = container if container is not None else body
    fields, passwords = _form_fields(start)
    root, elements, blocks = _read(tree, start)
    if not blocks:
        return None
    signup = _owners(fields, elements)
    cleaner = _Cleaner(elements, blocks, favor, title, authors or [], signup)
    if container is not None:
        roots = [root]
        kind, inside = _rule_body(root, cleaner, hint, clean=clean)
    else:
        roots, kind, inside = _select(root, cleaner, hint)
    kept = [b for b in inside if b.kept]
    not_article = _no_article(title, passwords, roots, blocks, kept, container, kind.kind)
    if trace is not None:
        _record(trace, body, roots, blocks, inside, rule=container is not None)
        trace.kind, trace.kind_evidence = kind.kind, kind.evidence
    if not_article:
        return None
    thread = [b.text for b in blocks if b.owner.in_comments] if options.comments else []
    text = _text(kept)
    _remove_cut(elements, inside)
    html = "".join(r.node.html or "" for r in roots)
    return Body(text=text, html=html, comments="\n".join(thread) or None, kind=kind)
