"""Locate and load the development corpora, and score extractions against them.

The corpora live outside the repository (``shared/corpora``, see its README); nothing
from them is ever committed. :func:`find_corpora` finds the folder from the environment
variable ``CLEANSCRAPE_CORPORA`` or by walking up from the repository root.

Snippet corpus scoring (``snippets/cases.jsonl``)
    Over all snippets of all pages. Snippet and tool output both have every run of
    whitespace collapsed to one space and are stripped at both ends; a snippet is
    *found* when it is a substring of the output (case-sensitive). TP = a ``with``
    snippet found, FN = a ``with`` snippet missing, FP = a ``without`` snippet found,
    TN = a ``without`` snippet absent. precision = TP/(TP+FP), recall = TP/(TP+FN),
    F1 = their harmonic mean, accuracy = (TP+TN)/all snippets. An empty output (no
    article, or an exception) simply finds nothing.

Readability-set body scoring (``readability/<case>/``)
    Reference text = the text of ``expected.html`` (see :func:`html_to_text`).
    Tokenisation: the text is casefolded, and the words are the runs of ``\\w``
    characters (Python's Unicode ``\\w``: letters, digits, underscore; everything
    else separates words). Shingles are the word 4-grams, counted as a multiset (a
    4-gram repeated in the text counts as many times as it occurs). A page whose
    reference has fewer than 4 words is scored with word unigrams instead, for both
    texts. Per page: TP = shingles shared (multiset intersection), FP = output
    shingles beyond the shared ones, FN = reference shingles beyond the shared ones;
    precision = TP/(TP+FP), recall = TP/(TP+FN). Empty cases: an output without
    shingles has precision 0 (1 when the reference is empty as well), a reference
    without shingles gives recall 1. Precision and recall are averaged over pages
    (macro average); the reported F1 is the harmonic mean of the two averages.
    Caveat: in scripts written without spaces (Chinese, Japanese) a ``\\w`` run is a
    whole clause, so those pages are scored on clause n-grams: coarser, but the same
    for every tool.

WCXB scoring (``wcxb/dev/``: ``ground-truth/<id>.json`` and ``html/<id>.html.gz``)
    The published WCXB metric (Web Content eXtraction Benchmark, Murrough Foley, 2026,
    CC-BY-4.0). Per page, the reference ``main_content`` and the tool output are
    lower-cased (``str.lower``) and split into their ``\\w+`` runs; the overlap is the
    size of the multiset intersection of the two bags of words. precision = overlap /
    output words, recall = overlap / reference words, F1 = their harmonic mean (0 when
    nothing overlaps). An empty reference scores 1/1/1 against an empty output and 0/0/0
    against any output; an empty output scores 0/0/0 against a non-empty reference.
    Precision, recall and F1 are each averaged over pages (so F1 is the mean of the
    per-page F1s, not the F1 of the means), overall and per page kind (``page_type``).
    Snippet rates: per page, the share of its ``with`` snippets found in the output
    and the share of its ``without`` snippets present, averaged over the pages that
    have such snippets. A snippet is present when, both lower-cased, it is a substring
    of the output, as published: whitespace is *not* collapsed (unlike the snippet
    corpus), so a snippet whose words the output puts on two lines is not found. An
    output is *empty* when it is blank.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

__all__ = [
    "CORPORA_ENV",
    "READABILITY_URL",
    "WCXB_KINDS",
    "ReadabilityCase",
    "ShingleScore",
    "SnippetCase",
    "SnippetCounts",
    "WcxbAverage",
    "WcxbCase",
    "WcxbScore",
    "average_shingle_scores",
    "average_wcxb",
    "collapse_ws",
    "find_corpora",
    "find_shared",
    "html_to_text",
    "kind_confusion",
    "load_readability_cases",
    "load_snippet_cases",
    "load_wcxb_cases",
    "repo_root",
    "score_snippets",
    "shingle_score",
    "shingles",
    "snippet_found",
    "wcxb_bow_score",
    "wcxb_score",
    "wcxb_snippet_rates",
    "wcxb_words",
    "words",
]

#: Environment variable naming the corpora folder (wins over the walk up).
CORPORA_ENV = "CLEANSCRAPE_CORPORA"
#: Readability.js runs its test suite with this page address; the sources were saved with it.
READABILITY_URL = "http://fakehost/test/page.html"

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
#: Shingle length of the Readability-set body score (word 4-grams).
SHINGLE_SIZE = 4
#: WCXB's page kinds, in the order its tables use.
WCXB_KINDS: tuple[str, ...] = (
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
)

# Elements whose boundaries separate words when a page is read (a <p> after an <h2>
# must not glue their last and first words together).
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_INVISIBLE_TAGS = ("script", "style", "noscript", "template")


def repo_root() -> Path:
    """The repository this ``benchmarks/`` folder belongs to."""
    return Path(__file__).resolve().parent.parent


def find_corpora(start: Path | None = None) -> Path | None:
    """Find the ``shared/corpora`` folder, or ``None`` when it is absent.

    ``$CLEANSCRAPE_CORPORA`` wins when set. Otherwise each folder from ``start``
    (default: the repository root) up to the filesystem root is checked for a
    ``shared/corpora`` subfolder: CI clones the repository beside ``shared/``, a git
    worktree sits one level deeper.
    """
    env = os.environ.get(CORPORA_ENV)
    if env:
        path = Path(env).expanduser()
        return path if path.is_dir() else None
    return find_shared("corpora", start)


def find_shared(name: str, start: Path | None = None) -> Path | None:
    """The ``shared/<name>`` folder nearest above ``start`` (default: the repository root)."""
    here = (start or repo_root()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "shared" / name
        if candidate.is_dir():
            return candidate
    return None


def read_gzip(path: Path) -> bytes:
    """The decompressed bytes of a ``.gz`` file."""
    with gzip.open(path, "rb") as handle:
        return handle.read()


@dataclass(frozen=True, slots=True)
class SnippetCase:
    """One page of the snippet corpus."""

    url: str
    path: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]

    @property
    def file(self) -> str:
        """The page file, relative to ``snippets/`` (as in ``cases.jsonl``)."""
        return f"{self.path.parent.name}/{self.path.name}"

    def read(self) -> bytes:
        """The page's raw bytes, as served."""
        return read_gzip(self.path)


@dataclass(frozen=True, slots=True)
class ReadabilityCase:
    """One case of Mozilla Readability's test suite."""

    name: str
    folder: Path

    @property
    def url(self) -> str:
        """The address the page is extracted with (Readability's test convention)."""
        return READABILITY_URL

    def read(self) -> bytes:
        """The source page's raw bytes."""
        return read_gzip(self.folder / "source.html.gz")

    def expected_html(self) -> str:
        """Readability's article HTML (written by Readability.js, so UTF-8)."""
        return read_gzip(self.folder / "expected.html.gz").decode("utf-8", errors="replace")

    def expected_text(self) -> str:
        """The reference body text: the text of ``expected.html``."""
        return html_to_text(self.expected_html())

    def metadata(self) -> dict[str, Any]:
        """``expected-metadata.json``: title, byline, excerpt, siteName, publishedTime, lang."""
        data: dict[str, Any] = json.loads(
            (self.folder / "expected-metadata.json").read_text(encoding="utf-8")
        )
        return data


def load_snippet_cases(corpora: Path, limit: int | None = None) -> list[SnippetCase]:
    """The pages of ``snippets/cases.jsonl`` in file order (the first ``limit`` of them)."""
    folder = corpora / "snippets"
    cases: list[SnippetCase] = []
    with (folder / "cases.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(cases) >= limit:
                break
            if not line.strip():
                continue
            row = json.loads(line)
            cases.append(
                SnippetCase(
                    url=row["url"],
                    path=folder / row["file"],
                    with_=tuple(row.get("with") or ()),
                    without=tuple(row.get("without") or ()),
                )
            )
    return cases


def load_readability_cases(corpora: Path, limit: int | None = None) -> list[ReadabilityCase]:
    """The Readability test cases that have a source and an expected body, sorted by name."""
    folder = corpora / "readability"
    cases = [
        ReadabilityCase(name=sub.name, folder=sub)
        for sub in sorted(folder.iterdir())
        if (sub / "source.html.gz").is_file() and (sub / "expected.html.gz").is_file()
    ]
    return cases if limit is None else cases[:limit]


@dataclass(frozen=True, slots=True)
class WcxbCase:
    """One page of the WCXB development split."""

    id: str
    url: str | None
    kind: str
    path: Path
    main_content: str
    with_: tuple[str, ...]
    without: tuple[str, ...]
    title: str | None = None
    author: str | None = None
    publish_date: str | None = None

    def read(self) -> bytes:
        """The page's raw bytes, as served."""
        return read_gzip(self.path)


def load_wcxb_cases(corpora: Path, limit: int | None = None) -> list[WcxbCase]:
    """The pages of ``wcxb/dev`` that have both ground truth and HTML, sorted by id.

    Returns an empty list when the corpora folder has no ``wcxb/dev``.
    """
    folder = corpora / "wcxb" / "dev"
    truth = folder / "ground-truth"
    if not truth.is_dir():
        return []
    cases: list[WcxbCase] = []
    for path in sorted(truth.glob("*.json")):
        if limit is not None and len(cases) >= limit:
            break
        page = folder / "html" / f"{path.stem}.html.gz"
        if not page.is_file():
            continue
        row = json.loads(path.read_text(encoding="utf-8"))
        cases.append(
            WcxbCase(
                id=path.stem,
                url=row.get("url") or None,
                kind=str(row.get("page_type") or "unknown"),
                path=page,
                main_content=row.get("main_content") or "",
                with_=tuple(row.get("with") or ()),
                without=tuple(row.get("without") or ()),
                title=row.get("title"),
                author=row.get("author"),
                publish_date=row.get("publish_date"),
            )
        )
    return cases


def html_to_text(html: str) -> str:
    """The readable text of an HTML document or fragment (lxml ``text_content()``).

    Script, style, noscript and template contents are dropped, and a line break is put
    at each block element's boundaries so that adjacent blocks do not merge words.
    """
    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_INVISIBLE_TAGS)):
        if element is not root:
            element.drop_tree()
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and tag.lower() in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    text: str = root.text_content()
    return text


# --- snippet corpus -------------------------------------------------------------------


def collapse_ws(text: str) -> str:
    """Every run of whitespace as one space, no whitespace at either end."""
    return _WS.sub(" ", text).strip()


def snippet_found(snippet: str, collapsed_output: str) -> bool:
    """Whether ``snippet`` occurs in an output already passed through :func:`collapse_ws`."""
    return collapse_ws(snippet) in collapsed_output


@dataclass(slots=True)
class SnippetCounts:
    """Confusion counts of the snippet score; add them up over pages with ``+``."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn
        )

    @property
    def total(self) -> int:
        """Number of snippets scored."""
        return self.tp + self.fn + self.fp + self.tn

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 0 when nothing was found."""
        found = self.tp + self.fp
        return self.tp / found if found else 0.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 0 when nothing was wanted."""
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        """(TP + TN) / all snippets."""
        return (self.tp + self.tn) / self.total if self.total else 0.0


def score_snippets(output: str, with_: Iterable[str], without: Iterable[str]) -> SnippetCounts:
    """Score one page's output against its wanted and unwanted snippets."""
    text = collapse_ws(output)
    counts = SnippetCounts()
    for snippet in with_:
        if snippet_found(snippet, text):
            counts.tp += 1
        else:
            counts.fn += 1
    for snippet in without:
        if snippet_found(snippet, text):
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


# --- Readability set ------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The casefolded ``\\w+`` runs of ``text``."""
    return _WORD.findall(text.casefold())


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-grams of ``tokens`` (empty when there are fewer tokens)."""
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class ShingleScore:
    """One page's shingle counts against the reference body."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Shared / output shingles; 0 for an empty output (1 if the reference is empty too)."""
        produced = self.tp + self.fp
        if produced:
            return self.tp / produced
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        """Shared / reference shingles; 1 when the reference has none."""
        expected = self.tp + self.fn
        return self.tp / expected if expected else 1.0


def shingle_score(expected_text: str, output_text: str) -> ShingleScore:
    """Word-4-gram (unigram for references under 4 words) counts of one page."""
    expected_words = words(expected_text)
    size = SHINGLE_SIZE if len(expected_words) >= SHINGLE_SIZE else 1
    expected = shingles(expected_words, size)
    produced = shingles(words(output_text), size)
    shared = sum((expected & produced).values())
    return ShingleScore(
        tp=shared,
        fp=sum(produced.values()) - shared,
        fn=sum(expected.values()) - shared,
    )


def average_shingle_scores(scores: Sequence[ShingleScore]) -> tuple[float, float, float]:
    """``(precision, recall, F1)``: macro-averaged precision and recall, F1 of the averages."""
    if not scores:
        return 0.0, 0.0, 0.0
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- WCXB -----------------------------------------------------------------------------


def wcxb_words(text: str) -> list[str]:
    """The lower-cased ``\\w+`` runs of ``text`` (WCXB's tokenisation)."""
    return _WORD.findall(text.lower())


def wcxb_bow_score(reference: str, output: str) -> tuple[float, float, float]:
    """``(precision, recall, F1)`` of one page under the published WCXB metric."""
    produced, expected = wcxb_words(output), wcxb_words(reference)
    if not expected:
        return (1.0, 1.0, 1.0) if not produced else (0.0, 0.0, 0.0)
    if not produced:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(produced) & Counter(expected)).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / len(produced), overlap / len(expected)
    return precision, recall, 2 * precision * recall / (precision + recall)


def wcxb_snippet_rates(
    output: str, with_: Sequence[str], without: Sequence[str]
) -> tuple[float | None, float | None]:
    """Share of ``with`` snippets found and of ``without`` snippets present (None: no snippets)."""
    text = output.lower()

    def share(snippets: Sequence[str]) -> float | None:
        if not snippets:
            return None
        return sum(s.lower() in text for s in snippets) / len(snippets)

    return share(with_), share(without)


@dataclass(frozen=True, slots=True)
class WcxbScore:
    """One page's WCXB figures."""

    precision: float
    recall: float
    f1: float
    with_rate: float | None = None
    without_rate: float | None = None
    empty: bool = False


def wcxb_score(
    reference: str, output: str, with_: Sequence[str] = (), without: Sequence[str] = ()
) -> WcxbScore:
    """Score one page's output against its WCXB ground truth."""
    precision, recall, f1 = wcxb_bow_score(reference, output)
    with_rate, without_rate = wcxb_snippet_rates(output, with_, without)
    return WcxbScore(precision, recall, f1, with_rate, without_rate, not output.strip())


@dataclass(frozen=True, slots=True)
class WcxbAverage:
    """WCXB figures averaged over pages (snippet rates over the pages that have snippets)."""

    pages: int
    precision: float
    recall: float
    f1: float
    with_rate: float
    without_rate: float
    empty: int


def average_wcxb(scores: Sequence[WcxbScore]) -> WcxbAverage:
    """Macro averages of precision, recall and F1, mean snippet rates, and empty outputs."""
    n = len(scores)

    def mean(values: Sequence[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    return WcxbAverage(
        pages=n,
        precision=mean([s.precision for s in scores]),
        recall=mean([s.recall for s in scores]),
        f1=mean([s.f1 for s in scores]),
        with_rate=mean([s.with_rate for s in scores if s.with_rate is not None]),
        without_rate=mean([s.without_rate for s in scores if s.without_rate is not None]),
        empty=sum(s.empty for s in scores),
    )


def kind_confusion(
    pairs: Iterable[tuple[str, str | None]],
) -> dict[str, Counter[str]]:
    """Reference kind -> counts of the predicted kinds (``"none"`` where nothing was said)."""
    table: dict[str, Counter[str]] = {}
    for reference, predicted in pairs:
        table.setdefault(reference, Counter())[predicted or "none"] += 1
    return table
