"""The byline beside the headline: who wrote the article and when, read from the text under the ``<h1>``.

Pages without declared metadata and without class names that say "byline"
(CSS-in-JS sites, bare templates) still print a byline right under the headline:
"By Jane Doe | May 17, 2024", "Jane Doe, published 17 May 2024", "By Jane Doe
and John Roe", or a name linked to the author's page. This module reads the few
lines of text that follow the headline, up to the first paragraph of the body,
and finds the byline among them by its shape, not by its markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..parse import Node
from .authors import clean_authors
from .dates import is_calendar_word, parse_date
from .titles import comparable

__all__ = [
    "INITIALS",
    "HeadlineZone",
    "boxed_names",
    "credited_names",
    "headline_zone",
    "name_like",
    "row_date",
]

# Lines of the zone read at most, and elements walked at most: the byline is
# within the first few lines under the headline.
_MAX_LINES = 12
# Lines read above the headline, and how many ancestors' earlier siblings are looked
# at: a date or byline printed over the headline sits right above it.
_MAX_BEFORE_LINES = 4
_MAX_BEFORE_LEVELS = 3
_MAX_STEPS = 400
# A line this long is a paragraph: the body (or a standfirst) has started.
_MAX_LINE_CHARS = 200
# A standfirst (the paragraph-long summary under a headline) comes within this many
# lines of the headline; the byline may follow it.
_MAX_STANDFIRST_AT = 3
# A byline line is short: a few names, a date, a separator.
_MAX_BYLINE_CHARS = 120
# A date line holds a date and at most this many other words ("Published", "BST").
_MAX_DATELINE_WORDS = 2
# A name in a byline has at most this many words.
_MAX_NAME_WORDS = 5

# Elements that end a line of text.
_BLOCK_TAGS = frozenset(
    """
    address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table
    tbody td tfoot th thead tr ul
    """.split()  # noqa: SIM905
)
# Elements whose text is never a byline: code, controls, navigation, media.
_SKIPPED_TAGS = frozenset(
    "script style noscript template svg button select option textarea nav form iframe".split()  # noqa: SIM905
)
# A section heading or a table under the headline: the byline was above it, if anywhere
# (a date in an infobox or a schedule is not the article's).
_ZONE_ENDS = frozenset(("h2", "h3", "h4", "h5", "h6", "table"))

# "By", "Written by", "Von", "Par", "Por", "Door", "Av", "Przez", "Автор", "Text:" at
# the start of a line ("Photo by" names a photographer, "Text size" is a control).
_BY = (
    r"^\s*(?:(?:(?:written|posted|reported|words|text|story)\s+by|by|von|par|por|door|av|af"
    r"|przez|от|автор|author|autor|auteur|autore)\b\s*[:\uff1a]?|texte?\s*[:\uff1a])\s*"
)
_BY_START = re.compile(_BY + r"(?=\S)", re.IGNORECASE)
_BY_PREFIX = re.compile(_BY, re.IGNORECASE)
# A line that is only the label of a byline, its name on the next line.
_BY_LABEL = re.compile(
    r"\s*(?:(?:written|posted|reported|words|article)\s+by|by|authors?|autor|auteur|autore"
    r"|von|par|por)\s*[:\uff1a]?\s*",
    re.IGNORECASE,
)
# "Jane Doe, published 17 May 2024", "Jean Dupont · publié le 17 mai 2024": a name, a
# separator, "published" (or "posted") in one of the module's languages, then the date.
_NAME_PUBLISHED = re.compile(
    r"^(?P<name>[^\d,|·•\u2013\u2014]{3,80}?)\s*(?:,|\||·|•|\u2013|\u2014|\s-)\s*"
    r"(?P<date>(?:published|posted|publié|mis en ligne|veröffentlicht|publicado"
    r"|pubblicato|gepubliceerd|opublikowano|publikováno|publicerad|publiceret|publisert"
    r"|опубликовано)\b(?:\s+(?:on|le|am|el|il|em|op|dnia|den|в))?\s*:?\s*.*\d.*)$",
    re.IGNORECASE,
)
# "Jane Doe | May 17, 2024", "Jane Doe · Staff Writer · May 17, 2024": without "published",
# only the separators of a byline row (a comma or a dash also follows a place or an offer).
_NAME_BAR_DATE = re.compile(r"^(?P<name>[^\d,|·•]{3,80}?)\s*[|·•]\s*(?P<date>.*\d.*)$")
# "Posted on 13 June 2019 by Jane Doe", "jeudi 13 juin 2019, par Attac France": the date,
# then "by" and the name.
_DATE_THEN_BY = re.compile(
    r"^(?P<date>.*\d.*?)\s*[,|·•\u2013\u2014-]?\s+(?:by|von|par|por|door|przez|av|af)\s+"
    r"(?P<name>[^\d]{3,80})$",
    re.IGNORECASE,
)
# What joins two names in a byline: "and", "&", a comma, in the languages of authors.py.
_JOIN = r"(?:,|&|(?:and|und|et|y|e|i|en|og|och|и)\b)"
_CONNECTOR = re.compile(rf"(?:\s*{_JOIN}\s*)+", re.IGNORECASE)
_CONNECTOR_END = re.compile(rf"(?:^|\s|,){_JOIN}\s*$", re.IGNORECASE)
# Path segments of an author's page ("/author/jane-doe", "/people/jane-doe/").
_AUTHOR_PATH = re.compile(
    r"/(?:authors?|by|profiles?|staff|people|writers?|contributors?|columnists?|journalists?"
    r"|autor|autoren|auteurs?|autore|autori|redacteurs?|redactores?|periodistas?)/[^/?#]+/?$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_UPDATED = re.compile(
    r"updated|modified|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt"
    r"|zaktualizowano|обновлено",
    re.IGNORECASE,
)
# Words a date line may hold besides the date.
_DATE_WORDS = frozenset(
    """
    published posted on at am pm et est edt pst pdt cet cest bst gmt utc le de el del um uhr
    à h publié veröffentlicht publicado pubblicato gepubliceerd opublikowano il op em do
    """.split()  # noqa: SIM905
)
_PARTICLES = frozenset(
    "de da das do dos du van von der den di del della la le bin ibn al el ter ten zu y".split()  # noqa: SIM905
)


@dataclass
class _Line:
    """One line of visible text: its text nodes' texts and its links."""

    pieces: list[str] = field(default_factory=list)
    links: list[Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pieces).split())


@dataclass
class HeadlineZone:
    """The lines around the headline, read once for authors and date.

    ``lines`` follow the headline (the byline and date line of most templates);
    ``before`` are the few lines just above it, nearest last (templates that print
    "Published 7 Aug 2023 by Jane Doe" over the headline).
    """

    lines: list[_Line]
    before: list[_Line] = field(default_factory=list)
    _byline: int | None = None
    _names: list[str] = field(default_factory=list)
    _searched: bool = False

    def byline(self) -> int | None:
        """The index of the first line that is a byline (or names one), if any."""
        if not self._searched:
            self._searched = True
            for index, line in enumerate(self.lines):
                names = _line_authors(line) or _labelled(self.lines, index)
                if names:
                    self._byline, self._names = index, names
                    break
        return self._byline

    def authors(self) -> list[str]:
        """The names of the byline under the headline, else of one just above it."""
        if self.byline() is not None:
            return self._names
        for index in reversed(range(len(self.before))):
            names = _line_authors(self.before[index]) or _labelled(self.before, index)
            if names:
                return names
        return []

    def date(self, *, month_first: bool) -> str | None:
        """The date of the byline line, else of the first line that is only a date.

        Lines under the headline come first, then the lines just above it. A line
        that gives the publication date before an update ("16 Aug 2019 - Updated
        9 Jul 2025") gives the first one.
        """
        index = self.byline()
        if index is not None:
            value = _line_date(self.lines[index].text, month_first, byline=True)
            if value:
                return value
        for line in [*self.lines, *reversed(self.before)]:
            value = _line_date(line.text, month_first, byline=False)
            if value:
                return value
        # A date that is one part of a meta row ("Dec 26, 2025 • Jane Doe in Guides",
        # "Essay - Published: 2025.12.17 | ai") or follows a publication label
        # ("… started by jdoe, May 26, 2025").
        for line in self.lines:
            value = _part_date(line.text, month_first)
            if value:
                return value
        return None

    def updated(self, *, month_first: bool) -> str | None:
        """The date of a line that says it is an update ("Last updated: 12 Dec 2025")."""
        for line in [*self.lines, *reversed(self.before)]:
            text = line.text
            match = _UPDATED.search(text)
            if match is None or len(text) > _MAX_BYLINE_CHARS:
                continue
            rest = text[match.end() :]
            if _only_a_date(rest):
                value = parse_date(rest, month_first=month_first)
                if value:
                    return value
        return None


def _labelled(lines: list[_Line], index: int) -> list[str]:
    """The name on the line after a line that is only a label ("Written by" / "Jane Doe")."""
    if index + 1 >= len(lines) or not _BY_LABEL.fullmatch(lines[index].text):
        return []
    following = lines[index + 1].text
    if len(following.split()) > _MAX_NAME_WORDS:
        return []
    return _names([following])


def _line_date(text: str, month_first: bool, *, byline: bool) -> str | None:
    """The publication date a line gives: the whole line's, or what precedes an update."""
    if len(text) > _MAX_BYLINE_CHARS:
        return None
    update = _UPDATED.search(text)
    if update is not None:
        text = text[: update.start()]
    if not byline and not _only_a_date(text):
        return None
    return parse_date(text, month_first=month_first) if text.strip() else None


# What separates the items of a meta row under the headline (not a comma: dates hold one).
_ROW_SEPARATOR = re.compile(r"\s*[|·•\u2013\u2014]\s*|\s+-\s+")
# A publication label, possibly with who did it, right before a date.
_PUBLISHED_LABEL = re.compile(
    r"\b(?:published|posted|started|publié|veröffentlicht|publicado|pubblicato|gepubliceerd"
    r"|opublikowano)(?:\s+(?:on|le|am|el|il|em|op|dnia))?(?:\s+by\s+[^,\d]{1,60}?\s*,)?"
    r"\s*:?\s*(?=\S)",
    re.IGNORECASE,
)


def _part_date(text: str, month_first: bool) -> str | None:
    """The date of a meta row's part that is only a date, or after a publication label."""
    if len(text) > _MAX_BYLINE_CHARS:
        return None
    update = _UPDATED.search(text)
    if update is not None:
        text = text[: update.start()]
    for part in _ROW_SEPARATOR.split(text):
        # Strictly a date: "Ends Aug 2, 2026" in an offer is not the article's day.
        if part.strip() and _only_a_date(part, others=0):
            value = parse_date(part, month_first=month_first)
            if value:
                return value
    label = _PUBLISHED_LABEL.search(text)
    if label is not None:
        rest = text[label.end() :]
        value = parse_date(rest, month_first=month_first)
        if value and _only_a_date(_ROW_SEPARATOR.split(rest)[0], others=0):
            return value
    return None


def headline_zone(headings: list[Node], title: str | None) -> HeadlineZone | None:
    """The lines around the page's headline: the first ``<h1>`` that agrees with ``title``.

    When no ``<h1>`` agrees (a declared title worded for search engines), the first
    one is the headline.
    """
    key = comparable(title) if title else ""
    chosen = None
    for node in headings:
        text = comparable(node.text(deep=True, separator=" "))
        if not text:
            continue
        if not key or text == key or (len(text) * 2 >= len(key) and (text in key or key in text)):
            chosen = node
            break
    if chosen is None:
        chosen = next((n for n in headings if comparable(n.text(deep=True))), None)
    if chosen is None:
        return None
    return HeadlineZone(list(_lines_after(chosen)), _lines_before(chosen))


def _lines_before(start: Node) -> list[_Line]:
    """The last few lines above ``start`` within its header: previous siblings, nearest first.

    Siblings of ``start`` and of its closest ancestors are read, up to a section
    heading (not the one right above the headline), a table or a paragraph-long
    line; the result is in document order.
    """
    found: list[_Line] = []
    node: Node | None = start
    for _ in range(_MAX_BEFORE_LEVELS):
        if node is None or node.tag in ("body", "html", "article", "main"):
            break
        sibling = node.prev
        while sibling is not None:
            if sibling.is_element_node:
                # The heading right above the headline is its kicker ("<h5>May 2,
                # 2024</h5><h1>Headline</h1>"), read as a line; one further up
                # heads the section before.
                kicker = not found and sibling.tag != "table"
                if sibling.tag in _ZONE_ENDS and not kicker:
                    return found
                lines = list(_lines_within(sibling))
                if any(len(line.text) > _MAX_LINE_CHARS for line in lines):
                    return found
                found[:0] = lines
                if len(found) >= _MAX_BEFORE_LINES:
                    return found[-_MAX_BEFORE_LINES:]
            sibling = sibling.prev
        node = node.parent
    return found


def _lines_within(root: Node) -> Iterator[_Line]:
    """The lines of text inside ``root`` (skipped elements passed over)."""
    if root.tag in _SKIPPED_TAGS:
        return
    line = _Line()
    stack: list[tuple[Node, bool]] = [(root, True)]
    steps = 0
    while stack and steps < _MAX_STEPS:
        steps += 1
        node, entering = stack.pop()
        if node.is_text_node:
            piece = node.text(deep=False)
            if piece and piece.strip():
                line.pieces.append(piece.strip())
            continue
        if not node.is_element_node or node.tag in _SKIPPED_TAGS:
            continue
        if node.tag in _BLOCK_TAGS and line.pieces:
            yield line
            line = _Line()
        if not entering:
            continue
        if node.tag == "a" or "rel" in node.attributes:
            line.links.append(node)
        stack.append((node, False))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, True) for c in reversed(children))
    if line.pieces:
        yield line


def _lines_after(start: Node) -> Iterator[_Line]:
    """The lines of text after ``start``, until a paragraph, a section heading or a table.

    One paragraph-long line among the first few is a standfirst ("headline, dek,
    byline" layouts) and is passed over; the next one is the body. A heading that
    directly follows the headline is its subtitle and does not end the zone.
    """
    line = _Line()
    count = 0
    standfirst = False
    for kind, node in _walk_after(start):
        if kind == "text":
            piece = node.text(deep=False)
            if piece and piece.strip():
                line.pieces.append(piece.strip())
            continue
        tag = node.tag
        # A heading right under the headline, before any other line, is its
        # subtitle ("<h1>Headline</h1><h3>Subtitle</h3>"), not a section's.
        subtitle = tag != "table" and not (count or line.pieces or standfirst)
        if kind == "open" and tag in _ZONE_ENDS and not subtitle:
            break
        if tag in _BLOCK_TAGS and line.pieces:
            if len(line.text) > _MAX_LINE_CHARS:
                if standfirst or count >= _MAX_STANDFIRST_AT:
                    return
                standfirst = True
                line = _Line()
                continue
            yield line
            count += 1
            if count >= _MAX_LINES:
                return
            line = _Line()
        if kind == "open" and (tag == "a" or "rel" in node.attributes):
            line.links.append(node)
    if line.pieces and len(line.text) <= _MAX_LINE_CHARS:
        yield line


def _walk_after(start: Node) -> Iterator[tuple[str, Node]]:
    """("open"|"close"|"text", node) in document order after ``start`` and its subtree.

    Skipped elements (scripts, navigation, buttons, forms) are passed over whole.
    """
    node: Node | None = start
    entering = False
    for _ in range(_MAX_STEPS):
        if node is None:
            return
        if entering:
            if node.is_text_node:
                yield "text", node
            elif node.is_element_node:
                if node.tag in _SKIPPED_TAGS:
                    yield "close", node  # passed over whole, but still ends a line
                else:
                    yield "open", node
                    child = node.child
                    if child is not None:
                        node = child
                        continue
                    yield "close", node
        following = node.next
        if following is not None:
            node, entering = following, True
            continue
        node, entering = node.parent, False
        if node is None or node.tag in ("body", "html"):
            return
        yield "close", node


def _line_authors(line: _Line) -> list[str]:
    """The names a line gives when it is a byline, else nothing."""
    text = line.text
    if not text or len(text) > _MAX_BYLINE_CHARS:
        return []
    # "By Jane Doe and John Roe": every name, linked to a profile or not.
    if _BY_START.match(text):
        names = _names(_after_by(line.pieces))
        if names:
            return names
    # A name linked to the author's page, or marked rel=author, in a short line.
    linked = []
    for link in line.links:
        attrs = link.attributes
        if "author" in (attrs.get("rel") or "").lower().split() or _AUTHOR_PATH.search(
            _path(attrs.get("href"))
        ):
            name = " ".join(link.text(deep=True, separator=" ").split())
            if name and name in text:  # a link around the whole line, or beyond it, is no name
                linked.append(name)
    names = _names(linked)
    if names:
        return names
    # "Jane Doe, published 17 May 2024", "Jane Doe | May 17, 2024", "May 17, 2024 by Jane Doe".
    match = _NAME_PUBLISHED.match(text)
    if match is None:
        match = _NAME_BAR_DATE.match(text)
        if match and not _only_a_date(match["date"]):
            match = None
    if match is None:
        match = _DATE_THEN_BY.match(text)
        if match and not _only_a_date(match["date"]):
            match = None
    if match and parse_date(match["date"]):
        names = _names([match["name"]])
        if all(len(name.split()) > 1 for name in names):
            return names
    return []


def _after_by(pieces: list[str]) -> list[str]:
    """The names after "By": pieces joined by "and" or commas, up to the first other piece.

    "By <a>Jane Doe</a> and <a>John Roe</a> <span>Staff writers</span>" gives the two
    names: what follows the last name (a role, "Updated …", "Reviewed by …") is not one.
    """
    kept: list[str] = []
    wanting = True
    for index, raw in enumerate(pieces):
        piece = _BY_PREFIX.sub("", raw) if index == 0 else raw
        if not piece:
            continue
        if _CONNECTOR.fullmatch(piece):
            wanting = True
        elif wanting or _CONNECTOR.match(piece):
            wanting = bool(_CONNECTOR_END.search(piece))
        else:
            break
        kept.append(piece)
    return [" ".join(kept)] if kept else []


# An author box's label line ("About the author", "Author spotlight", "Written by"),
# with the name on the line below it: a line with one of these words is no name.
_BOX_LABEL = re.compile(
    r"\b(?:about|authors?|autor|auteur|autore|(?:written|posted|reported|words|article)\s+by)\b"
    r"|^\s*(?:by|von|par|por)\s*[:\uff1a]?\s*$",
    re.IGNORECASE,
)
# An avatar's initials ("JD" in a circle beside the name), a line of their own.
INITIALS = re.compile(r"\s*[A-Z]{1,3}\s*")
# Lines of an author box read for its name: a label, the name, perhaps a role.
_MAX_BOX_LINES = 3
# A line longer than this is the bio: the name, if any, came before it.
_MAX_BOX_NAME_CHARS = 80


def boxed_names(box: Node) -> list[str]:
    """The name heading an author box: its first line after a label, when it reads as names.

    An element classed as the author's that is too long for a byline is an author
    box or card: the name (a heading, a link) is a line of its own, then a role or
    a bio ("Jane Doe / Jane covers energy and climate …"). Avatar initials ("JD")
    and labels ("About the author") before it are passed over.
    """
    read = 0
    for line in _lines_within(box):
        text = line.text
        if INITIALS.fullmatch(text):
            continue
        read += 1
        if read > _MAX_BOX_LINES or len(text) > _MAX_BOX_NAME_CHARS:
            return []
        if _BOX_LABEL.search(text):
            continue
        return _names([text])
    return []


# Elements whose own text holds " by": one pass of lexbor over the page (a
# selector per phrase would be one pass each); "Written by" lines are among them.
_CREDIT_SELECTOR = '*:not(script):not(style):not(noscript):not(template):lexbor-contains(" by" i)'
# The phrases that start a credit line (a bare "By" is left to the headline zone:
# "By 2030, …" starts sentences too).
_CREDIT_START = re.compile(
    r"^\s*(?:this\s+(?:post|article|story)\s+(?:was\s+)?)?(?:written|article|authored|posted"
    r"|words)\s+by\b\s*:?\s*",
    re.IGNORECASE,
)


def credited_names(root: Node, outside: Callable[[Node], bool]) -> list[str]:
    """The names of the first "Written by Jane Doe" line in the page, not in furniture.

    A line of its own (at most a byline long) that starts with "Written by",
    "Article by", "Authored by", "Posted by" or "Words by" credits the author
    wherever the template puts it (under the article, in a side column). A line
    that is only the phrase takes the name from the element that follows it.
    """
    for node in root.css(_CREDIT_SELECTOR):
        if not _CREDIT_START.match(node.text(deep=False)):
            continue
        text = " ".join(node.text(deep=True, separator=" ").split())
        label = _CREDIT_START.match(text)
        if label is None or len(text) > _MAX_BYLINE_CHARS or outside(node):
            continue
        rest = text[label.end() :]
        if not rest:
            following = node.next
            while following is not None and not following.is_element_node:
                following = following.next
            rest = following.text(deep=True, separator=" ").strip() if following else ""
        names = _names([rest]) if 0 < len(rest) <= _MAX_BOX_NAME_CHARS else []
        if names:
            return names
    return []


# An author block read for its date: the name, a role, the date, a reading time.
_MAX_ROW_CHARS = 300


def row_date(byline: Node, *, month_first: bool) -> str | None:
    """The date on a line of its own in an author element, or in the row around it.

    Author blocks print the date beside the name ("Jane Doe / December 17, 2025"),
    in the element classed as the author's or in its parent.
    """
    for root in (byline, byline.parent):
        if root is None or root.tag in ("body", "html", "main", "article"):
            return None
        lines = list(_lines_within(root))
        if sum(len(line.text) for line in lines) > _MAX_ROW_CHARS:
            return None
        for line in lines:
            value = _line_date(line.text, month_first, byline=False)
            if value:
                return value
    return None


def _names(values: list[str]) -> list[str]:
    """Clean names, all of them written like names, or none."""
    names = clean_authors(values)
    if names and all(name_like(name) for name in names):
        return names
    return []


def name_like(name: str) -> bool:
    """Whether ``name`` is written like a name: one to five words, capitalised (particles aside)."""
    words = name.split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS:
        return False
    for word in words:
        first = next((ch for ch in word if ch.isalpha()), "")
        if first and first.islower() and word.lower() not in _PARTICLES:
            return False
    return True


def _only_a_date(text: str, others: int = _MAX_DATELINE_WORDS) -> bool:
    """Whether ``text`` is a date with at most ``others`` words around it ("Published 17 May")."""
    other = [
        w
        for w in _WORD.findall(text)
        if not is_calendar_word(w) and w.lower() not in _DATE_WORDS and len(w) > 2
    ]
    return len(other) <= others


def _path(href: str | None) -> str:
    if not href:
        return ""
    try:
        return urlsplit(href.strip()).path
    except ValueError:
        return ""
