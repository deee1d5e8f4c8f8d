"""Dates in the forms pages write them, normalised to ISO 8601.

A small table-driven parser rather than ``dateparser``: page metadata is nearly
always ISO 8601 or one of a handful of numeric and month-name layouts, and a
compiled regex per layout costs microseconds where a general parser costs
milliseconds (measured in ``benchmarks/metadata_bench.py``).
"""

from __future__ import annotations

import re

__all__ = ["date_from_url", "is_calendar_word", "parse_date"]

# Dates outside this window are typos or placeholders ("0001-01-01", "9999-12-31"),
# not the day an article appeared: the web is younger than 1990, and publication
# dates more than a few years ahead are scheduling artefacts.
_MIN_YEAR = 1990
_MAX_YEAR = 2100

_MONTHS: dict[str, int] = {}


def _add(month: int, *names: str) -> None:
    for name in names:
        _MONTHS[name] = month


# Full names, genitive forms and the abbreviations newspapers print, for en, de,
# fr, es, it, pt, pl, ru, nl, cs, sv/da/no (shared forms are listed once).
_add(
    1,
    "january",
    "jan",
    "januar",
    "jänner",
    "janvier",
    "janv",
    "enero",
    "ene",
    "gennaio",
    "gen",
    "janeiro",
    "stycznia",
    "styczeń",
    "styczen",
    "sty",
    "января",
    "январь",
    "янв",
    "januari",
    "ledna",
    "leden",
    "tammikuuta",
)
_add(
    2,
    "february",
    "feb",
    "februar",
    "février",
    "fevrier",
    "févr",
    "fevr",
    "febrero",
    "febbraio",
    "fevereiro",
    "fev",
    "lutego",
    "luty",
    "lut",
    "февраля",
    "февраль",
    "фев",
    "februari",
    "února",
    "unora",
    "únor",
)
_add(
    3,
    "march",
    "mar",
    "märz",
    "maerz",
    "mär",
    "mars",
    "marzo",
    "março",
    "marco",
    "marca",
    "marzec",
    "марта",
    "март",
    "мар",
    "maart",
    "mrt",
    "března",
    "brezna",
    "březen",
)
_add(
    4,
    "april",
    "apr",
    "avril",
    "avr",
    "abril",
    "abr",
    "aprile",
    "kwietnia",
    "kwiecień",
    "kwi",
    "апреля",
    "апрель",
    "апр",
    "dubna",
    "duben",
)
_add(
    5,
    "may",
    "mai",
    "mayo",
    "maggio",
    "mag",
    "maio",
    "maja",
    "maj",
    "мая",
    "май",
    "mei",
    "května",
    "kvetna",
    "květen",
)
_add(
    6,
    "june",
    "jun",
    "juni",
    "juin",
    "junio",
    "giugno",
    "giu",
    "junho",
    "czerwca",
    "czerwiec",
    "cze",
    "июня",
    "июнь",
    "июн",
    "června",
    "cervna",
    "červen",
)
_add(
    7,
    "july",
    "jul",
    "juli",
    "juillet",
    "juil",
    "julio",
    "luglio",
    "lug",
    "julho",
    "lipca",
    "lipiec",
    "lip",
    "июля",
    "июль",
    "июл",
    "července",
    "cervence",
    "červenec",
)
_add(
    8,
    "august",
    "aug",
    "août",
    "aout",
    "agosto",
    "ago",
    "sierpnia",
    "sierpień",
    "sie",
    "августа",
    "август",
    "авг",
    "augustus",
    "srpna",
    "srpen",
)
_add(
    9,
    "september",
    "sep",
    "sept",
    "septembre",
    "septiembre",
    "setiembre",
    "settembre",
    "set",
    "setembro",
    "września",
    "wrzesień",
    "wrz",
    "сентября",
    "сентябрь",
    "сен",
    "září",
    "zari",
)
_add(
    10,
    "october",
    "oct",
    "oktober",
    "okt",
    "octobre",
    "octubre",
    "ottobre",
    "ott",
    "outubro",
    "out",
    "października",
    "październik",
    "paź",
    "октября",
    "октябрь",
    "окт",
    "října",
    "rijna",
    "říjen",
)
_add(
    11,
    "november",
    "nov",
    "novembre",
    "noviembre",
    "novembro",
    "listopada",
    "listopad",
    "lis",
    "ноября",
    "ноябрь",
    "ноя",
    "listopadu",
)
_add(
    12,
    "december",
    "dec",
    "dezember",
    "dez",
    "décembre",
    "decembre",
    "déc",
    "diciembre",
    "dic",
    "dicembre",
    "dezembro",
    "grudnia",
    "grudzień",
    "gru",
    "декабря",
    "декабрь",
    "дек",
    "prosince",
    "prosinec",
)

# Weekday names, so that a byline's "Monday" is not taken for a person.
_WEEKDAYS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag lundi mardi
    mercredi jeudi vendredi samedi dimanche lunes martes miércoles miercoles jueves viernes
    sábado sabado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica
    segunda-feira terça-feira quarta-feira quinta-feira sexta-feira poniedziałek wtorek środa
    czwartek piątek sobota niedziela понедельник вторник среда четверг пятница суббота
    воскресенье maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    """.split()  # noqa: SIM905
)  # fmt: skip

# Longest first so "june" wins over "jun" in the alternation.
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_TIME = r"(?P<h>\d{1,2})[:h](?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?"
_ZONE = r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)"

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]" + _TIME + r")?\s*" + _ZONE + r"?",
    re.IGNORECASE,
)
# 2024/05/17, 2024.05.17, 2024年5月17日, 2024년 5월 17일
_YMD = re.compile(
    r"(?P<y>\d{4})\s*(?:[/.]|年|년)\s*(?P<mo>\d{1,2})\s*(?:[/.]|月|월)\s*(?P<d>\d{1,2})(?!\d)"
    r"(?:\s*[日일])?(?:[T,\s]+" + _TIME + r")?"
)
# 17.05.2024 (de, ru, pl, cs...), 17/05/2024 or 05/17/2024, 17-05-2024
_DMY = re.compile(
    r"(?<!\d)(?P<a>\d{1,2})\s*(?P<sep>[./-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
    r"(?:[,\s]+(?:um\s+|à\s+|at\s+|a las\s+|в\s+)?" + _TIME + r")?",
    re.IGNORECASE,
)
# 17 May 2024, 17. Mai 2024, 17 de mayo de 2024, Thu, 17 May 2024 10:00:00 GMT, 17-May-2024
_D_MONTH_Y = re.compile(
    r"(?<!\w)(?P<d>\d{1,2})(?:st|nd|rd|th|er|º)?\.?(?:\s*(?:de\s+)?|(?P<sep>[-/]))(?P<mon>"
    + _MONTH_ALT
    + r")\.?(?(sep)(?P=sep)|,?\s*(?:de\s+)?)(?P<y>\d{4})(?!\d)"
    r"(?:[,\s]+(?:um\s+|à\s+|at\s+|a las\s+|às\s+|в\s+|-\s+)?" + _TIME + r")?"
    r"(?:\s*" + _ZONE + r")?",
    re.IGNORECASE,
)
# May 17, 2024 · May 17th 2024 · March 25, 2015 3:46 PM
_MONTH_D_Y = re.compile(
    r"(?<!\w)(?P<mon>"
    + _MONTH_ALT
    + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)"
    r"(?:[,\s]+(?:at\s+|-\s+|·\s+)?" + _TIME + r")?",
    re.IGNORECASE,
)

# 2023 Jan 7, 2023 January 7 (PubMed and other bibliographic metadata)
_Y_MONTH_D = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s+(?P<mon>" + _MONTH_ALT + r")\.?\s+(?P<d>\d{1,2})(?!\d)",
    re.IGNORECASE,
)

# The day ends the path segment or is followed by what joins words in a slug
# ("/2024-05-17-slug", "/2024-05-17+Title", "/2024/05/17/").
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<mo>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])"
    r"(?:[/_.+-]|%20|$)"
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid(year: int, month: int, day: int) -> bool:
    return (
        _MIN_YEAR <= year <= _MAX_YEAR
        and 1 <= month <= 12
        and 1 <= day <= _DAYS_IN_MONTH[month - 1]
    )


def _zone(raw: str | None) -> str:
    if not raw:
        return ""
    upper = raw.upper()
    if upper in ("Z", "UTC", "GMT"):
        return "Z"
    digits = raw[1:].replace(":", "")
    if len(digits) == 2:
        digits += "00"
    return f"{raw[0]}{digits[:2]}:{digits[2:4]}"


def _format(year: int, month: int, day: int, match: re.Match[str]) -> str | None:
    if not _valid(year, month, day):
        return None
    day_part = f"{year:04d}-{month:02d}-{day:02d}"
    groups = match.groupdict()
    if groups.get("h") is None:
        return day_part
    hour, minute = int(groups["h"]), int(groups["mi"])
    second = int(groups["s"]) if groups.get("s") else 0
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return day_part
    return f"{day_part}T{hour:02d}:{minute:02d}:{second:02d}{_zone(groups.get('tz'))}"


def _month_number(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def is_calendar_word(word: str) -> bool:
    """Whether ``word`` names a month or a weekday ("Mai", "Dezember", "Monday")."""
    key = word.lower().rstrip(".,")
    return key in _MONTHS or key in _WEEKDAYS


def parse_date(text: str | None, *, month_first: bool = False) -> str | None:
    """Normalise one written date to ISO 8601, or ``None`` when ``text`` holds none.

    Returns ``YYYY-MM-DD`` when only the day is known, ``YYYY-MM-DDTHH:MM:SS`` plus the
    zone as written (``Z`` or ``±HH:MM``) when the time is. The time zone is kept as
    the page gives it, never converted, so the calendar day stays the page's.

    Args:
        text: a date as found in an attribute or in visible text.
        month_first: read an ambiguous ``05/06/2024`` as May 6 (US pages).
    """
    if not text:
        return None
    text = text.strip()[:200]
    match = _ISO.search(text)
    if match:
        return _format(int(match["y"]), int(match["mo"]), int(match["d"]), match)
    match = _D_MONTH_Y.search(text)
    if match:
        month = _month_number(match["mon"])
        if month:
            return _format(int(match["y"]), month, int(match["d"]), match)
    match = _MONTH_D_Y.search(text)
    if match:
        month = _month_number(match["mon"])
        if month:
            return _format(int(match["y"]), month, int(match["d"]), match)
    match = _Y_MONTH_D.search(text)
    if match:
        month = _month_number(match["mon"])
        if month:
            return _format(int(match["y"]), month, int(match["d"]), match)
    match = _YMD.search(text)
    if match:
        return _format(int(match["y"]), int(match["mo"]), int(match["d"]), match)
    match = _DMY.search(text)
    if match:
        first, second = int(match["a"]), int(match["b"])
        if second > 12 or (month_first and first <= 12 and match["sep"] == "/"):
            first, second = second, first
        return _format(int(match["y"]), second, first, match)
    if text.isdigit() and len(text) in (10, 13):
        return _from_timestamp(int(text[:10]))
    return None


def _from_timestamp(seconds: int) -> str | None:
    import datetime as _dt

    try:
        moment = _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if not _MIN_YEAR <= moment.year <= _MAX_YEAR:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def date_from_url(url: str | None) -> str | None:
    """The day in a dated URL path (``/2024/05/17/``, ``/2024-05-17-slug``), if any."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if match is None:
        return None
    year, month, day = int(match["y"]), int(match["mo"]), int(match["d"])
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None
