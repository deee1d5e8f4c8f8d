"""Metadata accuracy on the Readability set and the WCXB dev split, beside trafilatura.

Run from the repository root::

    python -m benchmarks.metadata_bench                      # both corpora, both tools
    python -m benchmarks.metadata_bench --workers 2 --json benchmarks/out/meta.json
    python -m benchmarks.metadata_bench --errors authors --corpus wcxb   # our misses
    python -m benchmarks.metadata_bench --timing             # metadata's share of extract()

What is scored is what ``cleanscrape.extract`` returns for a page's metadata: the
metadata stage followed by the site rule's fields (the pipeline's first steps, run
here without the body stage). trafilatura is ``trafilatura.extract_metadata`` on the
page decoded as cleanscrape decodes it; both get the page's address (WCXB: its
``url``; Readability set: Readability's test address). trafilatura's results are
cached in ``benchmarks/out/`` (``--no-cache`` reruns it).

Scoring (issue #15). Each field counts only the pages whose reference has a value
(non-null, non-empty once normalised); the counts are printed. *Normalised* text is
NFKC, typographic quotes and dashes folded to ASCII (the WCXB annotators typed ASCII),
casefolded, runs of whitespace collapsed, Unicode punctuation stripped at both ends.

* title: normalised exact match, **or** ours equals the reference with a site-name
  prefix or suffix removed: the reference is cut at one separator (``|``, `` - ``,
  ``–``, ``—``, ``:``, ``·``, ``»``, ``/``) and the removed side holds at most six words
  (``Headline | Site`` and ``Site - Headline`` both accept ``Headline``). See
  :func:`title_match`.
* authors: every reference name is found among ours. Reference names are the parts of
  the reference split at commas, semicolons, ``|``, ``&``, "and" and line breaks, each
  without a leading "By", cut at its first digit (a date glued to it); parts that are
  credentials ("MD", "Ph.D.", "RD") or only calendar words are not names. Names are
  compared by their words, case and accents folded: a reference name is found when
  the words of one of our names equal its words, or one set holds the other with one
  word more (a middle initial, "Dr"). "Doe, Jane" is also tried as one name. See
  :func:`authors_match`.
* date (and ``modified`` where a reference has one): same calendar day — our first ten
  characters equal the reference's day or its UTC day (a reference with only a year
  and month is matched by our date in that month). See :func:`date_match`.
* description (Readability set only): normalised exact match, counted only where the
  page declares one in a ``<meta>`` or JSON-LD (Readability otherwise invents one from
  the first paragraph).
* site name, lang (Readability set only): normalised exact match (lang: tags compared
  case-insensitively).

Beside each score, ``spurious`` is the share of pages *without* a reference value
where the tool still gives one (only for WCXB, whose null means the page has none).

``--timing`` also runs the full ``cleanscrape.extract`` on every page and reports the
metadata stage's share of it (the signals pass and ``extract_metadata``, over the
whole ``extract`` time).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cleanscrape
from cleanscrape.decode import decode_html
from cleanscrape.metadata import clean_rule_title, extract_metadata
from cleanscrape.metadata.signals import collect
from cleanscrape.models import Options
from cleanscrape.parse import parse_document
from cleanscrape.rules.apply import apply_rules

from .corpus import find_corpora, load_readability_cases, load_wcxb_cases

FIELDS = ("title", "authors", "date", "modified", "description", "site_name", "lang")
#: The fields each corpus has references for (WCXB: title, author, publish_date).
CORPUS_FIELDS = {
    "readability": ("title", "authors", "date", "description", "site_name", "lang"),
    "wcxb": ("title", "authors", "date"),
}
READABILITY_KEYS = {
    "title": "title",
    "authors": "byline",
    "description": "excerpt",
    "site_name": "siteName",
    "date": "publishedTime",
    "lang": "lang",
}
#: Fields a comparator does not report: shown as "-" rather than scored 0.
UNSUPPORTED = {"trafilatura": {"lang", "modified"}}
_DECLARES_DESCRIPTION = re.compile(
    rb"<meta[^>]+(?:name|property)\s*=\s*[\"']?(?:og:|twitter:|dc:|dcterms?\.|dc\.)?description"
    rb"|\"description\"\s*:",
    re.IGNORECASE,
)
_CACHE = Path(__file__).resolve().parent / "out"


# --- scoring -------------------------------------------------------------------------


#: Typographic quotes and dashes, read as the ASCII ones annotators type.
_TYPOGRAPHIC = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a\u201b", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u201f", '"')
    | dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015", "-")
)


def normalise(text: str | None) -> str:
    """NFKC, typographic quotes and dashes as ASCII, casefold, collapse whitespace, trim punctuation."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC)
    text = " ".join(text.casefold().split())
    start, end = 0, len(text)
    while start < end and (unicodedata.category(text[start])[0] in "PS" or text[start] == " "):
        start += 1
    while end > start and (unicodedata.category(text[end - 1])[0] in "PS" or text[end - 1] == " "):
        end -= 1
    return text[start:end]


#: Separators between a headline and a site name in a reference title.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·»/]\s+|\s*[|–—·»]\s*|:\s+")
#: A removed site-name prefix or suffix has at most this many words.
MAX_SITE_WORDS = 6


def title_match(got: str | None, expected: str) -> bool:
    """Exact (normalised), or ``got`` is ``expected`` less a site prefix or suffix."""
    mine = normalise(got)
    if not mine:
        return False
    if mine == normalise(expected):
        return True
    for cut in _TITLE_SEPARATOR.finditer(expected):
        head, tail = expected[: cut.start()], expected[cut.end() :]
        if len(tail.split()) <= MAX_SITE_WORDS and normalise(head) == mine:
            return True
        if len(head.split()) <= MAX_SITE_WORDS and normalise(tail) == mine:
            return True
    return False


_NAME_SPLIT = re.compile(r"\s*(?:[,;|&\n]|\s(?:and|und|et)\s)\s*", re.IGNORECASE)
_BY = re.compile(r"^(?:(?:written|edited|posted|words)\s+)?by\b\s*:?\s*", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_CALENDAR = frozenset(
    """
    jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december mon monday tue tuesday wed wednesday thu
    thursday fri friday sat saturday sun sunday at am pm updated published
    """.split()  # noqa: SIM905
)
# Credentials read as words once their dots are dropped (short all-caps ones are found
# by their case).
_CREDENTIALS = frozenset("phd md jr sr dr mba msc bsc mph pharmd psyd esq".split())  # noqa: SIM905


def fold_words(text: str) -> list[str]:
    """The words of ``text``, case and accents folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WORDS.findall(plain)


def _credential(part: str) -> bool:
    words = part.replace(".", "").replace("®", "").split()
    if not words:
        return False
    for word in words:
        letters = [ch for ch in word if ch.isalpha()]
        if not letters:
            continue
        upper = sum(ch.isupper() for ch in letters)
        if word.lower() not in _CREDENTIALS and not (len(letters) <= 6 and upper == len(letters)):
            return False
    return True


def reference_names(expected: str) -> list[list[str]]:
    """The names of a reference byline, each as its folded words."""
    names: list[list[str]] = []
    for raw in _NAME_SPLIT.split(expected.strip()):
        part = _BY.sub("", raw.strip())
        digit = re.search(r"\d", part)
        part = part[: digit.start()] if digit else part
        if not part.strip() or _credential(part):
            continue
        folded = fold_words(part)
        if folded and not all(w in _CALENDAR for w in folded):
            names.append(folded)
    return names


def _same_name(theirs: list[str], mine: list[str]) -> bool:
    a, b = set(theirs), set(mine)
    if a == b:
        return True
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return bool(small) and small <= large and len(large) - len(small) <= 1


def authors_match(got: Iterable[str], expected: str) -> bool:
    """Every reference name is found among ours (see the module docstring)."""
    mine = [fold_words(name) for name in got]
    mine = [m for m in mine if m]
    if not mine:
        return False
    readings = [reference_names(expected)]
    if expected.count(",") == 1:  # "Doe, Jane": one name
        readings.append([fold_words(_BY.sub("", expected.strip()))])
    return any(
        reading and all(any(_same_name(name, m) for m in mine) for name in reading)
        for reading in readings
    )


def _utc_day(value: str) -> str | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC).date().isoformat()


def date_match(got: str | None, expected: str) -> bool:
    """Same calendar day: the reference's own day or its UTC day."""
    if not got:
        return False
    day = str(got)[:10]
    want = expected.strip()
    if len(want) < 10:  # "2015-11": only the month is known
        return bool(want) and day.startswith(want)
    return day == want[:10] or day == _utc_day(want)


def match(field: str, got: Any, expected: str) -> bool:
    """Whether ``got`` is right for ``field`` against the reference value ``expected``."""
    if field == "title":
        return title_match(got, expected)
    if field == "authors":
        return authors_match(got or [], expected)
    if field in ("date", "modified"):
        return date_match(got, expected)
    if field == "lang":
        return bool(got) and str(got).lower() == expected.strip().lower()
    return bool(normalise(got)) and normalise(got) == normalise(expected)


# --- the tools -----------------------------------------------------------------------


def ours(raw: bytes, url: str | None) -> dict[str, Any]:
    """cleanscrape's metadata as ``extract`` returns it: the metadata stage, then the site rule."""
    tree = parse_document(raw, Options())
    signals = collect(tree)
    meta = extract_metadata(tree, url, signals)
    meta = clean_rule_title(apply_rules(tree, url or meta.url).update(meta), meta, signals)
    return {f: getattr(meta, f) for f in FIELDS} | {"sources": meta.sources}


def theirs(raw: bytes, url: str | None) -> dict[str, Any]:
    """trafilatura's ``extract_metadata`` on the page decoded as cleanscrape decodes it."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.extract_metadata(decode_html(raw)[0], default_url=url)
    if doc is None:
        return dict.fromkeys(FIELDS)
    author = doc.author or ""
    return dict.fromkeys(FIELDS) | {
        "title": doc.title,
        "authors": [a.strip() for a in author.split(";") if a.strip()],
        "description": doc.description,
        "site_name": doc.sitename,
        "date": doc.date,
    }


def metadata_share(raw: bytes, url: str | None) -> tuple[float, float]:
    """Seconds of the metadata stage (signals + ``extract_metadata``) and of ``extract``."""
    tree = parse_document(raw, Options())
    started = time.perf_counter()
    extract_metadata(tree, url, collect(tree))
    meta_seconds = time.perf_counter() - started
    started = time.perf_counter()
    cleanscrape.extract(raw, url=url)
    return meta_seconds, time.perf_counter() - started


# --- running -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """One page to score: where it is, its address and its reference values."""

    corpus: str
    id: str
    url: str | None
    path: str
    expected: dict[str, str | None]
    declares_description: bool = False


def load_pages(corpora: Path, which: Iterable[str]) -> list[Page]:
    """The pages of the chosen corpora, with the reference value of every field."""
    pages: list[Page] = []
    if "readability" in which:
        for case in load_readability_cases(corpora):
            data = case.metadata()
            raw = case.read()
            expected = {f: data.get(key) for f, key in READABILITY_KEYS.items()}
            pages.append(
                Page(
                    "readability",
                    case.name,
                    case.url,
                    str(case.folder / "source.html.gz"),
                    expected,
                    bool(_DECLARES_DESCRIPTION.search(raw)),
                )
            )
    if "wcxb" in which:
        for w in load_wcxb_cases(corpora):
            expected = {"title": w.title, "authors": w.author, "date": w.publish_date}
            pages.append(Page("wcxb", w.id, w.url, str(w.path), expected))
    return pages


def _read(page: Page) -> bytes:
    from .corpus import read_gzip

    return read_gzip(Path(page.path))


def _task(args: tuple[Page, bool, bool]) -> dict[str, Any]:
    page, with_trafilatura, timing = args
    raw = _read(page)
    result: dict[str, Any] = {"cleanscrape": ours(raw, page.url)}
    if with_trafilatura:
        result["trafilatura"] = theirs(raw, page.url)
    if timing:
        result["timing"] = metadata_share(raw, page.url)
    return result


def run(
    pages: list[Page], *, trafilatura: bool, timing: bool, workers: int, cache: bool
) -> list[dict[str, Any]]:
    """Every tool's output for every page, in page order."""
    cached: dict[str, Any] = {}
    cache_file = _CACHE / f"metadata-trafilatura-{_trafilatura_version()}.json"
    if trafilatura and cache and cache_file.is_file():
        cached = json.loads(cache_file.read_text("utf-8"))
    need = [trafilatura and f"{p.corpus}/{p.id}" not in cached for p in pages]
    tasks = [(page, want, timing) for page, want in zip(pages, need, strict=True)]
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_task, tasks, chunksize=8)
    else:
        results = [_task(task) for task in tasks]
    if trafilatura:
        for page, result in zip(pages, results, strict=True):
            key = f"{page.corpus}/{page.id}"
            if "trafilatura" in result:
                cached[key] = result["trafilatura"]
            result["trafilatura"] = cached[key]
        if cache:
            _CACHE.mkdir(exist_ok=True)
            cache_file.write_text(json.dumps(cached), "utf-8")
    return results


def _trafilatura_version() -> str:
    try:
        import trafilatura

        return str(trafilatura.__version__)
    except ImportError:
        return "none"


def score(
    pages: list[Page], results: list[dict[str, Any]], tools: list[str]
) -> dict[str, dict[str, dict[str, Any]]]:
    """``{corpus: {field: {"cases": n, tool: accuracy, tool + " spurious": share}}}``."""
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for corpus, fields in CORPUS_FIELDS.items():
        chosen = [(p, r) for p, r in zip(pages, results, strict=True) if p.corpus == corpus]
        if not chosen:
            continue
        rows: dict[str, dict[str, Any]] = {}
        for field in fields:
            scored = [
                (p, r)
                for p, r in chosen
                if normalise(p.expected.get(field))
                and (field != "description" or p.declares_description)
            ]
            empty = [(p, r) for p, r in chosen if p.expected.get(field) is None]
            row: dict[str, Any] = {"cases": len(scored)}
            for tool in tools:
                if field in UNSUPPORTED.get(tool, set()):
                    continue
                hits = sum(match(field, r[tool][field], p.expected[field] or "") for p, r in scored)
                row[tool] = hits / len(scored) if scored else None
                if corpus == "wcxb" and empty:
                    row[f"{tool} spurious"] = sum(bool(r[tool][field]) for _, r in empty) / len(
                        empty
                    )
            rows[field] = row
        table[corpus] = rows
    return table


def print_table(table: dict[str, dict[str, dict[str, Any]]], tools: list[str]) -> None:
    for corpus, rows in table.items():
        print(f"\n{corpus}")
        header = f"  {'field':14}{'cases':>7}" + "".join(f"{t:>14}" for t in tools)
        if corpus == "wcxb":
            header += "   spurious (" + ", ".join(tools) + ")"
        print(header)
        for field, row in rows.items():
            line = f"  {field:14}{row['cases']:>7}"
            for tool in tools:
                value = row.get(tool)
                line += f"{value:>14.3f}" if value is not None else f"{'-':>14}"
            spurious = [row.get(f"{t} spurious") for t in tools]
            if any(s is not None for s in spurious):
                line += "   " + " / ".join("-" if s is None else f"{s:.3f}" for s in spurious)
            print(line)


def print_errors(
    pages: list[Page], results: list[dict[str, Any]], field: str, corpus: str | None
) -> None:
    for page, result in zip(pages, results, strict=True):
        if corpus and page.corpus != corpus:
            continue
        fields = [f for f in CORPUS_FIELDS[page.corpus] if field in (f, "all")]
        for name in fields:
            want = page.expected.get(name)
            if not normalise(want) or (name == "description" and not page.declares_description):
                continue
            got = result["cleanscrape"][name]
            if match(name, got, want or ""):
                continue
            source = result["cleanscrape"]["sources"].get(name, "-")
            other = result.get("trafilatura", {}).get(name)
            print(
                f"MISS {name:8} {page.corpus}/{page.id:32} got={got!r} [{source}] "
                f"want={want!r} traf={other!r}"
            )


def print_timing(results: list[dict[str, Any]]) -> None:
    meta = sum(r["timing"][0] for r in results)
    full = sum(r["timing"][1] for r in results)
    count = len(results)
    print(
        f"\ntiming: {count} pages; metadata stage {meta / count * 1000:.2f} ms/page; "
        f"full extract {full / count * 1000:.2f} ms/page; metadata share {meta / full:.1%}"
    )


# --- date parser cost (kept from the first version of this benchmark) ----------------

_DATE_KEYS = re.compile(r"date|time|published|modified|created|issued", re.IGNORECASE)


def date_parser_cost(corpora: Path) -> None:
    """Time per date string found in ``<meta>`` and ``<time>``: ours, dateutil, dateparser."""
    from selectolax.lexbor import LexborHTMLParser

    from cleanscrape.metadata.dates import parse_date

    from .corpus import load_snippet_cases

    strings: list[str] = []
    for case in load_snippet_cases(corpora):
        tree = LexborHTMLParser(decode_html(case.read())[0])
        for node in tree.css("meta[content], time"):
            attrs = node.attributes
            key = f"{attrs.get('name') or ''} {attrs.get('property') or ''} {attrs.get('itemprop') or ''}"
            if node.tag == "time":
                strings.append(attrs.get("datetime") or node.text(deep=True).strip())
            elif _DATE_KEYS.search(key) and attrs.get("content"):
                strings.append(str(attrs["content"]))
    strings = [s for s in strings if s]
    parsers: dict[str, Callable[[str], object]] = {"cleanscrape": parse_date}
    try:
        import dateparser

        parsers["dateparser"] = lambda text: dateparser.parse(text)
    except ImportError:
        pass
    for name, parse in parsers.items():
        started = time.perf_counter()
        parsed = sum(parse(text) is not None for text in strings)
        elapsed = time.perf_counter() - started
        print(
            f"date strings: {len(strings)}; {name:12} {elapsed / len(strings) * 1e6:8.1f} µs each, "
            f"{parsed} parsed"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--corpus", choices=("readability", "wcxb"), help="one corpus only")
    parser.add_argument("--workers", type=int, default=1, help="forked processes (default 1)")
    parser.add_argument("--json", type=Path, help="write the scores and every page's output here")
    parser.add_argument("--errors", metavar="FIELD", help="print our misses (a field or 'all')")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--no-cache", action="store_true", help="rerun trafilatura")
    parser.add_argument("--timing", action="store_true", help="metadata's share of extract()")
    parser.add_argument("--dates", action="store_true", help="also time date parsers")
    args = parser.parse_args(argv)
    corpora = find_corpora()
    if corpora is None:
        print("skipped: no shared/corpora folder beside the repository", file=sys.stderr)
        return 0
    which = [args.corpus] if args.corpus else list(CORPUS_FIELDS)
    pages = load_pages(corpora, which)
    tools = ["cleanscrape"] + ([] if args.no_trafilatura else ["trafilatura"])
    results = run(
        pages,
        trafilatura=not args.no_trafilatura,
        timing=args.timing,
        workers=args.workers,
        cache=not args.no_cache,
    )
    if args.errors:
        print_errors(pages, results, args.errors, args.corpus)
    table = score(pages, results, tools)
    print_table(table, tools)
    if args.timing:
        print_timing(results)
    if args.dates:
        date_parser_cost(corpora)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        pages_out = [
            {"corpus": p.corpus, "id": p.id, "expected": p.expected} | {t: r[t] for t in tools}
            for p, r in zip(pages, results, strict=True)
        ]
        args.json.write_text(json.dumps({"scores": table, "pages": pages_out}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
