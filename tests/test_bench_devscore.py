"""benchmarks.devscore agrees with benchmarks.run, on a tiny synthetic corpus (no corpora)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks.corpus import find_corpora
from benchmarks.devscore import figures_from_run_json, format_figures, load_devset, score_all
from benchmarks.run import CORPORA, TOOLS, load_cases, run_benchmark

_PROSE = (
    "This paragraph of the story {n} is long enough to read as prose, with commas, "
    "several clauses and a full stop at its end, as articles have."
)


def _page(n: int, extra: str = "") -> bytes:
    paragraphs = "".join(f"<p>{_PROSE.format(n=f'{n}.{i}')}</p>" for i in range(4))
    return (
        f"<html><head><title>Story {n}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Story {n}</h1>{paragraphs}{extra}</article>"
        f"<footer>Copyright footer {n}</footer></body></html>"
    ).encode()


def _corpora(root: Path) -> Path:
    snippets = root / "snippets"
    (snippets / "pages").mkdir(parents=True)
    with (snippets / "cases.jsonl").open("w", encoding="utf-8") as handle:
        for n in range(3):
            (snippets / "pages" / f"{n}.html.gz").write_bytes(gzip.compress(_page(n)))
            row = {
                "url": f"https://example.test/s/{n}",
                "file": f"pages/{n}.html.gz",
                "with": [f"story {n}.1 is long enough", "Missing sentence"],
                "without": ["Copyright footer", "Home"],
            }
            handle.write(json.dumps(row) + "\n")
    for n in range(2):
        case = root / "readability" / f"case-{n}"
        case.mkdir(parents=True)
        (case / "source.html.gz").write_bytes(gzip.compress(_page(10 + n)))
        expected = "".join(f"<p>{_PROSE.format(n=f'{10 + n}.{i}')}</p>" for i in range(3))
        (case / "expected.html.gz").write_bytes(gzip.compress(expected.encode()))
    dev = root / "wcxb" / "dev"
    (dev / "ground-truth").mkdir(parents=True)
    (dev / "html").mkdir(parents=True)
    for n, kind in enumerate(("article", "forum", "article", "service")):
        (dev / "html" / f"{n:04d}.html.gz").write_bytes(gzip.compress(_page(20 + n)))
        truth = {
            "url": f"https://example.test/w/{n}",
            "page_type": kind,
            "title": None,
            "author": None,
            "publish_date": None,
            "main_content": "\n\n".join(_PROSE.format(n=f"{20 + n}.{i}") for i in range(2)),
            "with": [f"story {20 + n}.0 is"],
            "without": ["copyright footer"],
        }
        (dev / "ground-truth" / f"{n:04d}.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def _no_timing(figures: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in figures.items() if "ms_per_page" not in k}


def test_devscore_figures_equal_those_of_run_to_the_last_digit(tmp_path: Path) -> None:
    root = _corpora(tmp_path)
    cases = load_cases(root, CORPORA)
    results = run_benchmark(
        {"cleanscrape": TOOLS["cleanscrape"]("balanced")}, cases, progress=False
    )
    report = json.loads(json.dumps({"tools": {n: r.summary() for n, r in results.items()}}))
    expected = figures_from_run_json(report)
    figures = score_all(root, seed=False)
    assert {"snippets.f1", "readability.f1", "wcxb.f1", "wcxb.forum.f1"} <= set(expected)
    assert {k: figures[k] for k in expected} == expected
    assert 0 < figures["snippets.f1"] < 1  # the synthetic pages are not trivially perfect
    assert figures["snippets.pages"] == 3 and figures["wcxb.pages"] == 4
    assert figures["wcxb.empty"] == 0 and figures["errors"] == 0


def test_devscore_with_two_workers_gives_the_same_figures(tmp_path: Path) -> None:
    root = _corpora(tmp_path)
    devset = load_devset(root)
    one = score_all(devset, seed=False)
    two = score_all(devset, seed=False, workers=2)
    assert _no_timing(one) == _no_timing(two)
    assert set(one) == set(two)


def test_devscore_loads_once_and_can_score_one_corpus(tmp_path: Path) -> None:
    root = _corpora(tmp_path)
    assert load_devset(root) is load_devset(root)
    figures = score_all(root, only=["wcxb"])
    assert "wcxb.f1" in figures and "snippets.f1" not in figures
    assert not any(k.startswith("seed.") for k in figures)
    with pytest.raises(ValueError, match="unknown corpora"):
        score_all(root, only=["nope"])
    assert "wcxb.f1" in format_figures(figures)


@pytest.mark.corpus
def test_devscore_agrees_with_run_on_the_first_pages_of_the_real_corpora() -> None:
    corpora = find_corpora()
    if corpora is None or not (corpora / "wcxb" / "dev").is_dir():
        pytest.skip("shared/corpora not found next to the repository")
    cases = load_cases(corpora, CORPORA, limit=8)
    results = run_benchmark(
        {"cleanscrape": TOOLS["cleanscrape"]("balanced")}, cases, progress=False
    )
    report = json.loads(json.dumps({"tools": {n: r.summary() for n, r in results.items()}}))
    expected = figures_from_run_json(report)
    figures = score_all(corpora, limit=8, seed=False)
    assert {k: figures[k] for k in expected} == expected
