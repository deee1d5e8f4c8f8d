"""The test suite itself (issue 17): time bounds that a busy machine cannot break, and a
fast inner loop (``pytest -m "not slow"``) beside the full run the README gives."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from hostile_support import timed

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
# The modules whose tests take tens of seconds to minutes each.
SLOW_MODULES = ("test_hostile_large.py", "test_browser.py", "test_inspect_browser.py")


def test_time_bounds_measure_cpu_not_the_wall_clock() -> None:
    # A loaded machine lets wall time pass without this process running; the
    # bound must not count it. A sleep is that, with no other process needed.
    _, seconds = timed(lambda: time.sleep(0.3))
    assert seconds < 0.2


def test_slow_marker_is_registered() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(marker.startswith("slow:") for marker in options["markers"])
    assert "not slow" not in options.get("addopts", "")  # the README's command runs everything


@pytest.mark.parametrize("module", SLOW_MODULES)
def test_slow_modules_are_marked(module: str) -> None:
    source = (TESTS / module).read_text(encoding="utf-8")
    assert "pytest.mark.slow" in source
