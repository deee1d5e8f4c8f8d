"""Author strings split into clean individual names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .dates import is_calendar_word

__all__ = ["PARTICLES", "clean_authors"]

# One name longer than this is a sentence from a bio or a teaser, not a person.
_MAX_NAME_CHARS = 60
# An author value is cut to this length before it is read: a dozen names fit, and
# the regexes below stay linear on garbage of any size.
_MAX_RAW_CHARS = 1000
# Real names have at most this many words ("Juan Carlos de la Fuente Ruiz").
_MAX_NAME_WORDS = 6

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|published|reported|words|text|story|photos?|edited|compiled)\s+by"
    r"|by|von|par|por|di|door|av|af|przez|от|автор|author|authors|autor|auteur|autore|text|texte"
    r"|avec|with|mit|con|com|reporting|posted|published)\b\s*[:\uff1a]?\s*",
    re.IGNORECASE,
)
# Separators that always part two people; conjunctions part them only when both
# sides look like names ("Procter and Gamble" and "Institut für Wald und Forst" stay whole).
_SPLIT = re.compile(r"\s*(?:,|;|\||/|\u3001|\uff0c|\n)\s*|\s+[-\u2013\u2014]\s+")
# "by" inside a byline row ("Posted on 10 May 2019 by Jane Doe"): the name follows.
# Lower-case (or "By") only, so that a surname particle is never taken for it.
_INNER_BY = re.compile(r"(?:^|\s)(?:by|By|BY|von|par|por|door|przez|av|af)\s+(?=\S)")
# A one-word label before a colon ("Interview: Jane Doe", "Fotos: John Roe").
_LABEL = re.compile(r"^\s*\w+\s*[:\uff1a]\s+(?=\S)")
_CONJUNCTION = re.compile(r"\s+(?:&|and|und|et|y|e|i|en|og|och|и)\s+|\s*&\s*", re.IGNORECASE)
# Lower-case words that belong inside names ("Ludwig van Beethoven", "Ana de la Cruz").
PARTICLES = frozenset(
    "de da das do dos du van von der den di del della la le bin ibn al el ter ten zu y".split()  # noqa: SIM905
)
# A side of a conjunction with more words than this is a phrase, not a name.
_MAX_CONJOINED_WORDS = 4
_LEADING_JUNK = re.compile(r"^[^\w(]+")
_TRAILING_JUNK = re.compile(r"[^\w)]+$")
_BREAKS = re.compile(r"\s*\n\s*")
_WITH_BRACKET = re.compile(
    r"\s*[(\[]\s*((?:with|avec|mit|con|com|and|et|und|y|e)\b[^)\]]*)[)\]]", re.IGNORECASE
)
_DIGITS = re.compile(r"\d")
_PARENS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACE = re.compile(r"\s+")

# Words that make a byline part a job title or a placeholder rather than a name.
_ROLE_WORDS = frozenset(
    """
    staff writer writers reporter reporters correspondent correspondents editor editors
    contributor contributors contributing columnist photographer photographers senior chief
    associate assistant managing executive deputy political science health business sports
    news desk team editorial redaktion rédaction redacción redazione redakcja redactie
    agency agencies wire wires guest special freelance freelancer author authors admin
    administrator unknown anonymous follow view all posts more articles profile bio
    journalist journaliste periodista giornalista editorin autorin
    sponsored paid promoted advertisement advertorial partner partnered
    uncategorized uncategorised allgemein general comment comments kommentar kommentare
    hinterlasse einen leave reply share posted published updated veröffentlicht publié
    publicado pubblicato opublikowano gepubliceerd aktualisiert
    ma md phd ph.d mph rn msc bsc mba facp dvm dds dmd pharmd psyd lcsw rdn bsn msn
    """.split()  # noqa: SIM905
)  # fmt: skip
_FUNCTION_WORDS = frozenset(
    "the of for and at a an our by on am le el il em op".split()  # noqa: SIM905
)


def _is_role(part: str) -> bool:
    words = [w.strip(".,:()[]").lower() for w in part.split()]
    words = [w for w in words if w]
    return bool(words) and all(w in _ROLE_WORDS or w in _FUNCTION_WORDS for w in words)


def _clean_part(part: str) -> str | None:
    part = _PARENS.sub("", part)
    part = _PREFIX.sub("", part)
    inner = [match.end() for match in _INNER_BY.finditer(part)]
    if inner:
        part = part[inner[-1] :]
    part = _LABEL.sub("", part)
    # A digit ends the name: what follows is a date, a time or a counter.
    digit = _DIGITS.search(part)
    if digit is not None:
        part = part[: digit.start()]
    part = _SPACE.sub(" ", part)
    part = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", part))
    if not part or not any(ch.isalpha() for ch in part):
        return None
    if all(is_calendar_word(word) for word in part.split()):
        return None  # "Monday", "Sun Dec": a date's words before its digits
    if len(part) > _MAX_NAME_CHARS or len(part.split()) > _MAX_NAME_WORDS:
        return None
    if _is_role(part):
        return None
    # Names are written capitalised; an all-lowercase part is a phrase from a
    # sentence ("health for twenty years"), not a person. Scripts without case
    # (Chinese, Japanese, Arabic …) say nothing either way.
    initials = [next((ch for ch in word if ch.isalpha()), "") for word in part.split()]
    if all(ch.islower() for ch in initials if ch):
        return None
    return part


def _name_like(text: str) -> bool:
    words = _PREFIX.sub("", text).split()
    # One word beside "and" is more often half a name of a thing ("Kirche und Leben")
    # than a person known by one name.
    if not 2 <= len(words) <= _MAX_CONJOINED_WORDS:
        return False
    return all(w[:1].isupper() or w.lower() in PARTICLES or w.lower() == w.upper() for w in words)


def _split_conjunction(piece: str) -> list[str]:
    sides = _CONJUNCTION.split(piece)
    if len(sides) > 1 and all(_name_like(side) for side in sides):
        return sides
    return [piece]


def _split_name(raw: str) -> list[str]:
    raw = _URL.sub(" ", _EMAIL.sub(" ", raw))
    # Lines separate people, and so do brackets opened by "with" ("Jane Doe (with
    # John Roe)"); other brackets belong to the name ("Richard (R.J.) Eskow").
    raw = _WITH_BRACKET.sub(r", \1", raw)
    raw = _BREAKS.sub(", ", raw)
    raw = _HANDLE.sub(" ", raw)
    raw = _SPACE.sub(" ", raw).strip()
    raw = _PREFIX.sub("", raw)
    pieces = _SPLIT.split(raw)
    if len(pieces) == 2 and "," in raw:
        # "Doe, Jane" (last, first) is one person; "Jane Doe, Staff Writer" is one
        # person and a role; both keep only what is a name.
        first, second = pieces
        if _is_role(second):
            pieces = [first]
        elif (
            len(first.split()) == 1 and len(second.split()) <= 2 and not _CONJUNCTION.search(second)
        ):
            pieces = [f"{first}, {second}"]
    pieces = [side for piece in pieces for side in _split_conjunction(piece)]
    names = []
    for piece in pieces:
        cleaned = _clean_part(piece)
        if cleaned:
            names.append(cleaned)
    return names


def clean_authors(values: Iterable[str]) -> list[str]:
    """Split raw author strings into individual names, without prefixes, roles or contacts.

    "By Jane Doe and John Roe", "Jane Doe, John Roe" and "Jane Doe, Staff Writer" give
    ``["Jane Doe", "John Roe"]``, ``["Jane Doe", "John Roe"]`` and ``["Jane Doe"]``.
    Duplicates (case-insensitive) are dropped, order is kept.
    """
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        # Past this length a value is a bio or garbage; cutting it keeps every
        # regex below linear.
        for name in _split_name(value[:_MAX_RAW_CHARS]):
            if name.isupper() and len(name) > 3:
                name = name.title()
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    return names
