"""Metadata accuracy on the Readability set, beside trafilatura, and metadata's time share.

Run from the repository root::

    PYTHONPATH=. python benchmarks/metadata_bench.py [--errors FIELD] [--no-trafilatura]

Scoring (each field counts only the cases whose expected value is non-null and,
after normalisation, non-empty; the denominators are printed):

* normalisation: ``casefold``, runs of whitespace collapsed to one space, Unicode
  punctuation stripped from both ends (inner punctuation is kept);
* title, description (Readability's ``excerpt``), site name: normalised exact match;
* authors (``byline``): overlap of names — correct when one extracted name, normalised,
  occurs in the normalised expected byline, or the expected byline (without a leading
  "by") occurs in the extracted names joined by ", ";
* date (``publishedTime``): same calendar day (the first ten characters of both ISO
  strings; no time-zone conversion, as pages state their own day);
* lang: normalised exact match of the tag (``en-US`` == ``en-us``).

The description is also scored on the cases whose page declares one in a ``<meta>``
or JSON-LD (Readability falls back to the first paragraph when it does not; by the
issue's contract cleanscrape reports ``None`` then).

The time share runs every page of the snippet corpus once through
``parse_document`` + ``extract_metadata`` and once through ``cleanscrape.extract``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cleanscrape
from cleanscrape.decode import decode_html
from cleanscrape.metadata import extract_metadata
from cleanscrape.models import Options
from cleanscrape.parse import parse_document

FIELDS = ("title", "authors", "description", "site_name", "date", "lang")
EXPECTED_KEY = {
    "title": "title",
    "authors": "byline",
    "description": "excerpt",
    "site_name": "siteName",
    "date": "publishedTime",
    "lang": "lang",
}
_DECLARES_DESCRIPTION = re.compile(
    rb"<meta[^>]+(?:name|property)\s*=\s*[\"']?(?:og:|twitter:|dc:|dcterms?\.|dc\.)?description"
    rb"|\"description\"\s*:",
    re.IGNORECASE,
)


def find_corpora() -> Path | None:
    """The ``shared/corpora`` folder beside the repository (or an ancestor's), if any."""
    here = Path(__file__).resolve().parent.parent
    for folder in (here, *here.parents):
        candidate = folder / "shared" / "corpora"
        if candidate.is_dir():
            return candidate
    return None


def normalise(text: str | None) -> str:
    """Casefold, collapse whitespace, strip punctuation at both ends."""
    if not text:
        return ""
    text = " ".join(text.casefold().split())
    start, end = 0, len(text)
    while start < end and (unicodedata.category(text[start]).startswith("P") or text[start] == " "):
        start += 1
    while end > start and (
        unicodedata.category(text[end - 1]).startswith("P") or text[end - 1] == " "
    ):
        end -= 1
    return text[start:end]


def authors_match(names: list[str], expected: str) -> bool:
    wanted = normalise(expected)
    wanted = wanted[3:] if wanted.startswith("by ") else wanted
    got = [normalise(n) for n in names if normalise(n)]
    if not got:
        return False
    return any(n in wanted for n in got) or wanted in ", ".join(got)


def reference_keeps_suffix(got: str | None, expected: str) -> bool:
    """Whether ``expected`` is ``got`` plus a separator and a tail (a site or author name)."""
    mine = " ".join((got or "").casefold().split())
    theirs = " ".join(expected.casefold().split())
    if not mine or not theirs.startswith(mine) or theirs == mine:
        return False
    tail = theirs[len(mine) :].lstrip()
    return bool(tail) and tail[0] in "|-\u2013\u2014·•»:/_[("


def match(field: str, got: Any, expected: str) -> bool:
    if field == "authors":
        return authors_match(got or [], expected)
    if field == "date":
        return bool(got) and str(got)[:10] == expected[:10]
    return normalise(got) == normalise(expected)


def ours(raw: bytes) -> dict[str, Any]:
    meta = extract_metadata(parse_document(raw, Options()), None)
    return {f: getattr(meta, f) for f in FIELDS} | {"sources": meta.sources}


def theirs(raw: bytes) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.extract_metadata(decode_html(raw)[0])
    if doc is None:
        return dict.fromkeys(FIELDS)
    author = doc.author or ""
    return {
        "title": doc.title,
        "authors": [a.strip() for a in author.split(";") if a.strip()],
        "description": doc.description,
        "site_name": doc.sitename,
        "date": doc.date,
        "lang": None,  # not read by trafilatura.extract_metadata: printed as "-"
    }


#: Fields a comparator does not report: shown as "-" rather than scored 0.
UNSUPPORTED = {"trafilatura": {"lang"}}


def accuracy(
    corpus: Path, tools: dict[str, Callable[[bytes], dict[str, Any]]], errors: str | None
) -> None:
    cases = sorted(p for p in (corpus / "readability").iterdir() if p.is_dir())
    hits = {t: dict.fromkeys([*FIELDS, "declared description"], 0) for t in tools}
    kept_suffix = dict.fromkeys(tools, 0)
    totals = dict.fromkeys([*FIELDS, "declared description"], 0)
    for case in cases:
        raw = gzip.decompress((case / "source.html.gz").read_bytes())
        expected = json.loads((case / "expected-metadata.json").read_text("utf-8"))
        declared = bool(_DECLARES_DESCRIPTION.search(raw))
        results = {name: tool(raw) for name, tool in tools.items()}
        for field in FIELDS:
            want = expected.get(EXPECTED_KEY[field])
            if want is None or not normalise(want):
                continue
            keys = [field] + (
                ["declared description"] if field == "description" and declared else []
            )
            for key in keys:
                totals[key] += 1
            for name, result in results.items():
                ok = match(field, result[field], want)
                if field == "title" and not ok and reference_keeps_suffix(result[field], want):
                    kept_suffix[name] += 1
                for key in keys:
                    hits[name][key] += ok
                if not ok and name == "cleanscrape" and errors in (field, "all"):
                    source = result.get("sources", {}).get(field, "-")
                    print(
                        f"MISS {field:11} {case.name:40} got={result[field]!r} [{source}] want={want!r}"
                    )
    header = f"{'field':22}{'cases':>7}" + "".join(f"{name:>14}" for name in tools)
    print(header)
    for key in totals:
        row = f"{key:22}{totals[key]:>7}"
        for name in tools:
            supported = key not in UNSUPPORTED.get(name, set())
            score = f"{hits[name][key] / totals[key]:>14.3f}" if totals[key] else f"{'-':>14}"
            row += score if supported else f"{'-':>14}"
        print(row)
    print(
        f"{'title misses where the reference keeps a site suffix cut here':64}"
        + "".join(f"{kept_suffix[name]:>6}" for name in tools)
    )


def time_share(corpus: Path) -> None:
    root = corpus / "snippets"
    lines = (root / "cases.jsonl").read_text("utf-8").splitlines()
    pages = [gzip.decompress((root / json.loads(line)["file"]).read_bytes()) for line in lines]
    meta_seconds = full_seconds = 0.0
    for raw in pages:
        tree = parse_document(raw, Options())
        started = time.perf_counter()
        extract_metadata(tree, None)
        meta_seconds += time.perf_counter() - started
        started = time.perf_counter()
        cleanscrape.extract(raw)
        full_seconds += time.perf_counter() - started
    count = len(pages)
    print(
        f"snippets: {count} pages; extract_metadata {meta_seconds / count * 1000:.2f} ms/page; "
        f"full extract {full_seconds / count * 1000:.2f} ms/page; "
        f"metadata share {meta_seconds / full_seconds:.1%}"
    )


_DATE_KEYS = re.compile(r"date|time|published|modified|created|issued", re.IGNORECASE)


def _date_strings(pages: list[bytes]) -> list[str]:
    """Date-like strings pages carry in ``<meta>`` and ``<time>`` (what the parser sees)."""
    from selectolax.lexbor import LexborHTMLParser

    found: list[str] = []
    for raw in pages:
        tree = LexborHTMLParser(decode_html(raw)[0])
        for node in tree.css("meta[content], time"):
            attrs = node.attributes
            key = f"{attrs.get('name') or ''} {attrs.get('property') or ''} {attrs.get('itemprop') or ''}"
            if node.tag == "time":
                found.append(attrs.get("datetime") or node.text(deep=True).strip())
            elif _DATE_KEYS.search(key) and attrs.get("content"):
                found.append(str(attrs["content"]))
    return [f for f in found if f]


def date_parser_cost(corpus: Path) -> None:
    """Time per date string: ours, python-dateutil, dateparser (if installed)."""
    from cleanscrape.metadata.dates import parse_date

    root = corpus / "snippets"
    lines = (root / "cases.jsonl").read_text("utf-8").splitlines()
    pages = [gzip.decompress((root / json.loads(line)["file"]).read_bytes()) for line in lines]
    strings = _date_strings(pages)
    parsers: dict[str, Callable[[str], object]] = {"cleanscrape": parse_date}
    try:
        from dateutil import parser as dateutil_parser

        def with_dateutil(text: str) -> object:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    return dateutil_parser.parse(text, fuzzy=True)
                except (ValueError, OverflowError):
                    return None

        parsers["dateutil"] = with_dateutil
    except ImportError:
        pass
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--errors", metavar="FIELD", help="print cleanscrape's misses (a field or 'all')"
    )
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--dates", action="store_true", help="also time date parsers")
    args = parser.parse_args()
    corpus = find_corpora()
    if corpus is None:
        print("skipped: no shared/corpora folder beside the repository", file=sys.stderr)
        return 0
    tools: dict[str, Callable[[bytes], dict[str, Any]]] = {"cleanscrape": ours}
    if not args.no_trafilatura:
        tools["trafilatura"] = theirs
    accuracy(corpus, tools, args.errors)
    if not args.no_timing:
        time_share(corpus)
    if args.dates:
        date_parser_cost(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
