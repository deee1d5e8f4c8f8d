"""Where a page is judged to have no main content, or to be a listing.

Login forms, error pages and bot challenges have prose-like text, so the
density rules alone would return something; these checks say there is no
main content instead. :func:`is_listing` tells a container of teaser cards for
other pages, which makes the page a listing (``__init__._select``).
"""

from __future__ import annotations

import re

from .blocks import HEADING_TAGS, Block, Element, holds, sibling_runs
from .evidence import CALL_TO_ACTION

__all__ = [
    "ERROR_TITLE",
    "INTERSTITIAL",
    "LINKED_HEADING_DENSITY",
    "MAX_FORM_PAGE_CHARS",
    "MAX_INTERSTITIAL_CHARS",
    "has_card_grid",
    "has_prices",
    "is_listing",
    "is_service",
]

# Headlines of error pages, in the languages the wording rules cover.
ERROR_TITLE = re.compile(
    r"^\W*(?:error\s*)?(?:404|410)\b|\b(?:error|fehler|erreur|errore|erro|błąd|ошибка)\s*(?:404|410)\b|"
    r"page (?:not found|introuvable)|not found|"
    r"(?:seite|datei) nicht gefunden|página no encontrada|pagina non trovata|"
    r"página não encontrada|nie znaleziono|страница не найдена|"
    r"(?:can'?t|cannot|could not|couldn'?t) (?:find|be found)|no longer (?:exists|available)|"
    r"找不到|页面不存在|ページが見つかりません",
    re.IGNORECASE,
)
# What stands in front of a page instead of it: bot challenges, access denials,
# "enable JavaScript" walls, in the languages the wording rules cover.
INTERSTITIAL = re.compile(
    r"access denied|request (?:was )?blocked|you have been blocked|\b403 forbidden|"
    r"attention required|just a moment\.\.\.|"
    r"checking (?:your browser|if the site connection)|"
    r"verify(?:ing)? (?:that )?you are (?:a )?human|are you a (?:human|robot)|"
    r"unusual traffic|captcha|"
    r"(?:enable|turn on|activate) javascript|javascript is (?:disabled|required|not enabled)|"
    r"zugriff verweigert|javascript (?:aktivieren|einschalten)|sind sie ein roboter|"
    r"accès (?:refusé|interdit)|(?:activer|activez) (?:le )?javascript|êtes-vous un robot|"
    r"acceso denegado|(?:habilita|activa|habilitar|activar) (?:el )?javascript|eres un robot|"
    r"accesso negato|(?:abilita|attiva) (?:il )?javascript|sei un robot|"
    r"acesso negado|(?:ative|habilite|ativar|habilitar) o javascript|você é um robô|"
    r"odmowa dostępu|dostęp zabroniony|włącz javascript|czy jesteś robotem|"
    r"доступ (?:запрещ|закрыт)|включите javascript|вы (?:не )?робот|"
    r"访问被拒绝|拒绝访问|启用\s*javascript|人机验证|"
    r"アクセスが拒否|javascriptを有効|ロボットではありません",
    re.IGNORECASE,
)
# Only a page with less kept text than this can be such an interstitial; an
# article about captchas is longer.
MAX_INTERSTITIAL_CHARS = 600
# A page with a password field and less kept text than this is a login form.
MAX_FORM_PAGE_CHARS = 800
# A listing: at least this many sibling items, each headed by a link to its
# own page, short like a teaser, together most of the container's text.
MIN_LISTING_ITEMS = 3
MAX_LISTING_ITEM_CHARS = 700
MIN_LISTING_SHARE = 0.5
# Teaser excerpts stay under this; a longer paragraph means an article or a thread.
MAX_EXCERPT_CHARS = 400
# A heading this much link text is a link to another page.
LINKED_HEADING_DENSITY = 0.9


def is_listing(root: Element, inside: list[Block]) -> bool:
    """Whether the container is a list of teasers for other pages (an archive)."""
    linked = [b for b in inside if b.heading and b.link_density >= LINKED_HEADING_DENSITY]
    # Teasers link to different pages under different titles; a thread's
    # "Re: …" headings repeat one title.
    if len({b.text.casefold() for b in linked}) < MIN_LISTING_ITEMS:
        return False
    if any(b.kept and b.chars > MAX_EXCERPT_CHARS for b in inside):
        return False  # a real paragraph: teasers are excerpts
    # Climb each linked heading to the child of its nearest common box.
    boxes: dict[int, list[Element]] = {}
    for block in linked:
        element: Element | None = block.owner
        while element is not None and element is not root:
            parent = element.parent
            if parent is None:
                break
            boxes.setdefault(id(parent), []).append(element)
            element = parent
    total = root.chars or 1
    for items in boxes.values():
        distinct = {id(e): e for e in items}
        if len(distinct) != len(items) or len(items) < MIN_LISTING_ITEMS:
            continue  # some item holds two linked headings: not one teaser each
        sizes = sorted(e.chars for e in items)
        if (
            sizes[len(sizes) // 2] <= MAX_LISTING_ITEM_CHARS
            and sum(sizes) >= total * MIN_LISTING_SHARE
        ):
            return True
    return False


# A grid of cards: at least this many like siblings (one tag, one class shape),
# each short and holding a link, together more text than the article container.
MIN_GRID_ITEMS = 4
MIN_GRID_SHARE = 1


def has_card_grid(elements: list[Element], container: Element) -> bool:
    """Whether the page holds, outside ``container``, a grid of linked cards with more
    text than the container: a shop's product grid, a catalogue, an index of pages."""
    cards = (
        e
        for e in elements
        if e.chars
        and e.link_chars
        and e.chars <= MAX_LISTING_ITEM_CHARS
        and not (e.in_negative or e.in_comments)
    )
    floor = max(container.chars * MIN_GRID_SHARE, 1)
    for run in sibling_runs(cards):
        if len(run) >= MIN_GRID_ITEMS and sum(e.chars for e in run) > floor:
            parent = run[0].parent
            if parent is not None and not holds(parent, container):
                return True
    return False


# A service or landing page: sections under headings, hardly a long paragraph,
# and calls to action around them. Measured to label services with few false
# calls among pages that declare no kind and no date.
MIN_SERVICE_SECTIONS = 3
MAX_SERVICE_LONG_PARAGRAPHS = 1
LONG_PARAGRAPH_CHARS = 400
MIN_CALLS_TO_ACTION = 3
MAX_CALL_TO_ACTION_CHARS = 60


def is_service(kept: list[Block], blocks: list[Block]) -> bool:
    """Whether an undated page with no declared kind and no author is a service or
    landing page: three sections or more, at most one long paragraph, and three
    calls to action or more anywhere on the page."""
    sections = sum(1 for b in kept if b.owner.tag in HEADING_TAGS and b.owner.tag != "h1")
    if sections < MIN_SERVICE_SECTIONS:
        return False
    if sum(1 for b in kept if b.chars >= LONG_PARAGRAPH_CHARS) > MAX_SERVICE_LONG_PARAGRAPHS:
        return False
    calls = 0
    for block in blocks:
        if block.chars < MAX_CALL_TO_ACTION_CHARS and CALL_TO_ACTION.search(block.text):
            calls += 1
            if calls >= MIN_CALLS_TO_ACTION:
                return True
    return False


# A price: a currency sign or code beside a number ("£24.00", "24,00 €", "USD 24").
PRICE = re.compile(
    r"(?:[$€£¥₹₩]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|JPY|INR|R\$|zł|kr|Kč|руб)\.?)"
    r"\s?\d[\d.,\s]*\d?|\d[\d.,]*\s?(?:[$€£¥₹]|zł|kr|Kč|руб|лв)"
)
# Items with a price in a listing this many times make it a collection of things for sale.
MIN_PRICED_ITEMS = 3
MAX_PRICE_LINE_CHARS = 120


def is_price_line(block: Block) -> bool:
    """A short line that carries a price ("£24.00", "Regular price 19,90 €")."""
    return block.chars <= MAX_PRICE_LINE_CHARS and PRICE.search(block.text) is not None


def has_prices(kept: list[Block]) -> bool:
    """Whether at least MIN_PRICED_ITEMS short kept lines carry a price."""
    found = 0
    for block in kept:
        if is_price_line(block):
            found += 1
            if found >= MIN_PRICED_ITEMS:
                return True
    return False
