"""The ablation table on fake figures, and the paired timing (no corpora)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.ablate import HELP_EPSILON, PAIRED, ablation_rows, format_table, paired_cost
from benchmarks.devscore import DevPage, DevSet

_BASE = {
    "snippets.f1": 0.930,
    "readability.f1": 0.945,
    "wcxb.f1": 0.800,
    "wcxb.forum.f1": 0.650,
    "wcxb.article.f1": 0.930,
    "seed.exact": 0.500,
    "cpu_ms_per_page": 12.0,
}


def _without(**changes: float) -> dict[str, float]:
    return {**_BASE, **changes}


def test_a_mechanism_that_helps_no_corpus_is_marked() -> None:
    rows = ablation_rows(
        _BASE,
        {
            # better off without it everywhere, or within noise: helps none
            "useless": _without(
                **{"snippets.f1": 0.931, "wcxb.f1": 0.8004, "cpu_ms_per_page": 11.0}
            ),
            # helps the WCXB forums only: still helps WCXB overall
            "forums": _without(**{"wcxb.f1": 0.798, "wcxb.forum.f1": 0.600}),
            # exactly at the threshold: helps none
            "edge": _without(**{"seed.exact": 0.500 - HELP_EPSILON}),
            # helps the seed family only
            "seed": _without(**{"seed.exact": 0.450, "snippets.f1": 0.935}),
        },
    )
    marks = {r.name: r.helps_none for r in rows}
    assert marks == {"useless": True, "forums": False, "edge": True, "seed": False}
    useless, forums, _, seed = rows
    assert useless.deltas["snippets.f1"] == pytest.approx(-0.001)
    assert useless.ms_delta == pytest.approx(1.0)  # costs a millisecond per page
    assert forums.deltas["wcxb.f1"] == pytest.approx(0.002)
    assert forums.best_kind == ("forum", pytest.approx(0.05))
    assert seed.deltas["seed.exact"] == pytest.approx(0.05)


def test_missing_figures_are_ignored_not_counted_as_help() -> None:
    base = {k: v for k, v in _BASE.items() if not k.startswith("seed.")}
    (row,) = ablation_rows(base, {"x": _without(**{"seed.exact": 0.0})})
    assert row.deltas["seed.exact"] is None
    assert row.helps_none


def test_the_table_shows_the_mark_and_signed_deltas() -> None:
    rows = ablation_rows(
        _BASE, {"useless": _without(cpu_ms_per_page=11.0), "helps": _without(**{"wcxb.f1": 0.7})}
    )
    plain = format_table(rows, _BASE).splitlines()
    assert plain[2].startswith("(baseline)")
    assert plain[3].startswith("useless") and plain[3].endswith("helps none")
    assert plain[4].startswith("helps") and "+0.1000" in plain[4]
    assert not plain[4].endswith("helps none")
    markdown = format_table(rows, _BASE, markdown=True).splitlines()
    assert markdown[0].startswith("| switch |") and len(markdown) == 5
    assert markdown[3].endswith("| +1.00 | helps none |")


def test_a_paired_timing_is_the_cost_when_there_is_one() -> None:
    (row,) = ablation_rows(_BASE, {"x": _without(cpu_ms_per_page=5.0, **{PAIRED: 0.25})})
    assert row.ms_delta == pytest.approx(0.25)  # not the whole-run 12 - 5


def test_paired_cost_times_every_nth_page_on_and_off(tmp_path: Path) -> None:
    try:
        from cleanscrape.heuristic import switches

        name = switches.names()[0]
    except ImportError:
        pytest.skip("the switch tables are not there yet")
    page = b"<html><body><article><h1>T</h1><p>" + b"Prose sentence, long enough. " * 20
    page += b"</p></article></body></html>"
    pages = tuple(DevPage("snippets", None, page) for _ in range(25))
    cost, pairs = paired_cost(name, DevSet(tmp_path, pages), every=10)
    assert pairs == 2  # pages 5 and 15 (counting from 0)
    assert isinstance(cost, float)
    assert switches.is_on(name)  # switched back on
