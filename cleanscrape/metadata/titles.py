"""Headlines without the site name glued to them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["clean_title", "comparable", "site_like", "split_title"]

# Separators sites put between headline and site name. A colon is not one: it
# belongs to headlines ("Brexit: what happens next") far more often than to names.
_SEPARATORS = re.compile(
    r"\s+[|\-\u2013\u2014·•»\u203a~/]\s+|\s*(?:\||::|»|\u203a|·|•)\s*|\s+[\u2013\u2014]|[\u2013\u2014]\s+"
)
_CJK_SEPARATOR = re.compile(_SEPARATORS.pattern + r"|\s*_\s*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# A short label before a colon ("Example Office: Headline"), kept unless an <h1> shows
# the headline without it.
_LABEL_PREFIX = re.compile(r"^\s*([^:|]{1,40}?)\s*:\s+(?=\S)")
_NON_WORD = re.compile(r"[\W_]+")
# A part this short beside a separator is a section or a site, not half a headline.
_MAX_SITE_WORDS = 5
# Real titles have a handful of parts; more is a keyword list, and the search for
# the heading's run of parts grows with the square of their number.
_MAX_PARTS = 16
# After a dash only a tail this short is taken for a site name ("Headline - My Blog").
_MAX_DASH_SITE_WORDS = 2
# Separators that never join a headline's own clauses.
_STRONG_SEPARATORS = frozenset(("|", "/", "»", "\u203a", "·", "•", "::"))
# A section or board name between the headline and the site name is this short.
_MAX_SECTION_WORDS = 3
# A title needs this many words left for a bare "Headline | Something" to be cut
# without other evidence; shorter titles keep their tail ("Home | Shop").
_MIN_HEADLINE_WORDS = 4


@lru_cache(maxsize=1024)
def comparable(text: str) -> str:
    """``text`` reduced for comparison: case-folded, accents dropped, letters and digits only.

    Cached: a page's title, headings and site names are compared many times over.
    """
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_WORD.sub("", folded)


def split_title(title: str) -> list[str]:
    """``title`` cut at the separators sites put between headline and site name."""
    pattern = _CJK_SEPARATOR if _CJK.search(title) and "_" in title else _SEPARATORS
    return [part for part in pattern.split(title) if part and part.strip()]


def site_like(part: str, site_names: Iterable[str]) -> bool:
    """Whether ``part`` is one of ``site_names`` (or most of one, or one plus a little)."""
    key = comparable(part)
    if not key:
        return False
    for site in site_names:
        other = comparable(site)
        if not other:
            continue
        shorter, longer = sorted((key, other), key=len)
        # "Example" names "Example.com", but "Dropbox" does not name "How we designed Dropbox ATF":
        # containment counts only when the shorter is most of the longer.
        if shorter in longer and len(shorter) * 2 >= len(longer) and len(shorter) >= 3:
            return True
    return False


def clean_title(
    raw: str,
    *,
    site_names: Iterable[str] = (),
    headings: Iterable[str] = (),
    generic_cut: bool = True,
    authors: Iterable[str] = (),
) -> tuple[str, str | None]:
    """Remove a site-name prefix or suffix from ``raw``.

    Args:
        raw: the title as the page declares it.
        site_names: names the site goes by (``og:site_name``, publisher, host label).
        headings: the page's visible ``<h1>`` texts; one equal to a run of parts wins.
        generic_cut: without other evidence, cut a short last part after a strong
            separator (``|``, ``»``, ``·``) from a long enough title.
        authors: the page's declared authors: a part naming one is a personal
            site's name, never the headline.

    Returns:
        The headline and the removed part that names the site, if one was removed.
    """
    sites = [s for s in site_names if s]
    wanted = {comparable(h) for h in headings if comparable(h)}
    parts = split_title(raw)
    # Where each part stands in ``raw``; None when the title is no run of parts.
    positions = _part_positions(raw, parts) if 2 <= len(parts) <= _MAX_PARTS else None
    if comparable(raw) in wanted:
        # The page shows the whole title as its headline: only a part the site's
        # name gives away is cut ("Headline | Example News" in both).
        return _trim_sites(raw, parts, positions, sites, generic_cut=False)
    labelled = _LABEL_PREFIX.match(raw)
    if labelled and comparable(raw[labelled.end() :]) in wanted:
        # "Example Office: Headline" with the <h1> "Headline": the label is the site's.
        return raw[labelled.end() :].strip(), labelled.group(1).strip()
    if positions is None:
        return raw, None
    shown = _shown_run(raw, parts, positions, wanted, sites, authors)
    if shown is not None:
        return shown
    return _trim_sites(raw, parts, positions, sites, generic_cut=generic_cut)


def _shown_run(
    raw: str,
    parts: list[str],
    positions: list[tuple[int, int]],
    wanted: set[str],
    sites: list[str],
    authors: Iterable[str],
) -> tuple[str, str | None] | None:
    """The run of ``parts`` a visible heading shows (the longest), and the rest if one part."""
    # The visible heading settles it: keep the run of parts it shows (the longest
    # such run, as pages also put the site or the section in an <h1>).
    best: tuple[int, int] | None = None
    for start in range(len(parts)):
        for end in range(len(parts), start, -1):
            if (start, end) == (0, len(parts)):
                continue
            piece = raw[positions[start][0] : positions[end - 1][1]]
            # A logo in an <h1> names the site, not the story.
            longer = best is None or len(piece) > _span_length(positions, best)
            if longer and comparable(piece) in wanted and not site_like(piece, sites):
                best = (start, end)
    if best is None:
        return None
    start, end = best
    rest = parts[:start] + parts[end:]
    headline = raw[positions[start][0] : positions[end - 1][1]].strip()
    rest_words = sum(len(p.split()) for p in rest)
    people = [comparable(a) for a in authors if comparable(a)]
    if (
        len(rest) == 1
        and rest_words >= _MIN_HEADLINE_WORDS
        and rest_words > 2 * len(headline.split())
        and len(headline.split()) <= _MAX_SITE_WORDS
        and not any(p in comparable(rest[0]) for p in people)
    ):
        # The <h1> is the site's logo ("Forum Name") and the other, much
        # longer part of the <title> is the headline.
        return rest[0].strip(), headline
    return headline, rest[0] if len(rest) == 1 else None


def _trim_sites(
    raw: str,
    parts: list[str],
    positions: list[tuple[int, int]] | None,
    sites: list[str],
    *,
    generic_cut: bool,
) -> tuple[str, str | None]:
    """``raw`` less the parts at either end that name the site (or, with
    ``generic_cut`` and no such part, short tails after a strong separator)."""
    if positions is None:
        return raw, None
    start, end = 0, len(parts)
    removed: list[str] = []
    while end - start > 1 and site_like(parts[end - 1], sites):
        removed.insert(0, parts[end - 1])
        end -= 1
    if generic_cut and end < len(parts) and end - start > 1:
        end -= _section_before_site(raw, parts[start:end], positions[start : end + 1])
    while end - start > 1 and site_like(parts[start], sites):
        removed.append(parts[start])
        start += 1
    site_evidence = bool(removed)
    while generic_cut and not site_evidence and end - start > 1:
        # Cut short tails one at a time: "Headline » Blog - Network" loses both.
        head = raw[positions[start][0] : positions[end - 1][1]]
        if not _strong_tail(head, parts[start:end]):
            break
        removed.insert(0, parts[end - 1])
        end -= 1
    if (start, end) == (0, len(parts)):
        return raw, None
    headline = raw[positions[start][0] : positions[end - 1][1]].strip()
    return headline, removed[0] if len(removed) == 1 else None


def _section_before_site(raw: str, parts: list[str], positions: list[tuple[int, int]]) -> int:
    """1 when the last of ``parts`` is a section between the headline and the site name.

    "Headline / Board / Example Forums", "Headline | Opinion | Example News": the
    part before the site's, joined by the same strong separator (not a dash, which
    also joins a headline's clauses) and a few words long, names where the page
    sits. ``positions`` has one more entry than ``parts``: the removed site part's.
    """
    site_gap = raw[positions[-2][1] : positions[-1][0]].strip()
    section_gap = raw[positions[-3][1] : positions[-2][0]].strip()
    head_words = sum(len(p.split()) for p in parts[:-1])
    return int(
        site_gap == section_gap
        and site_gap in _STRONG_SEPARATORS
        and len(parts[-1].split()) <= _MAX_SECTION_WORDS
        and head_words >= _MIN_HEADLINE_WORDS
    )


def _span_length(positions: list[tuple[int, int]], span: tuple[int, int]) -> int:
    return positions[span[1] - 1][1] - positions[span[0]][0]


def _strong_tail(raw: str, parts: list[str]) -> bool:
    tail = parts[-1]
    head_words = sum(len(p.split()) for p in parts[:-1])
    before_tail = raw[: raw.rfind(tail)].rstrip()
    if head_words < _MIN_HEADLINE_WORDS:
        return False
    if before_tail.endswith(("|", "»", "\u203a", "·", "•", "::")):
        return len(tail.split()) <= _MAX_SITE_WORDS
    # Dashes also join headline clauses ("Markets fall - what it means for you"), so
    # only a very short tail counts as a site name after one.
    return (
        before_tail.endswith(("-", "\u2013", "\u2014"))
        and len(tail.split()) <= _MAX_DASH_SITE_WORDS
    )


def _part_positions(raw: str, parts: list[str]) -> list[tuple[int, int]]:
    positions = []
    cursor = 0
    for part in parts:
        begin = raw.find(part, cursor)
        if begin < 0:
            begin = cursor
        positions.append((begin, begin + len(part)))
        cursor = begin + len(part)
    return positions
