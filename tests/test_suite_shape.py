"""The test suite itself (issue 17): time bounds that a busy machine cannot break, and a
fast inner loop (``pytest -m "not slow"``) beside the full run the README gives."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from hostile_support import CHILD_CPU_SECONDS, CHILD_TIMEOUT, run_in_child, timed

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
# The modules whose tests take tens of seconds to minutes each.
SLOW_MODULES = ("test_hostile_large.py", "test_browser.py", "test_inspect_browser.py")


def test_time_bounds_measure_cpu_not_the_wall_clock() -> None:
    # A loaded machine lets wall time pass without this process running; the
    # bound must not count it. A sleep is that, with no other process needed.
    _, seconds = timed(lambda: time.sleep(0.3))
    assert seconds < 0.2


def test_a_child_spinning_is_stopped_by_its_cpu_time() -> None:
    with pytest.raises(AssertionError, match="child hung: over 1 s of CPU time"):
        run_in_child("while True: pass", cpu_limit=1)


def test_a_child_waiting_is_not_hung() -> None:
    # Wall time passing (a busy machine, here a sleep) is no hang: only CPU time is.
    run = run_in_child("time.sleep(3)\ndata = '<p>Words.</p>'", cpu_limit=2)
    assert run.outcome in ("article", "none")


def test_wall_clock_only_ends_a_child_blocked_far_beyond_its_cpu_bound() -> None:
    # A 50 MB page took 107 s of wall clock on a loaded machine (its CPU bound is 60 s).
    assert CHILD_TIMEOUT >= 10 * CHILD_CPU_SECONDS


def test_slow_marker_is_registered() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(marker.startswith("slow:") for marker in options["markers"])
    assert "not slow" not in options.get("addopts", "")  # the README's command runs everything


@pytest.mark.parametrize("module", SLOW_MODULES)
def test_slow_modules_are_marked(module: str) -> None:
    source = (TESTS / module).read_text(encoding="utf-8")
    assert "pytest.mark.slow" in source
