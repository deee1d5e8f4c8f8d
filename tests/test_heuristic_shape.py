"""The heuristic's code shape: small functions, a closed set of reasons, all documented."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cleanscrape.heuristic import switches
from cleanscrape.heuristic.reasons import Reason

ROOT = Path(__file__).resolve().parents[1]
HEURISTIC = ROOT / "cleanscrape" / "heuristic"
# ruff's C901 and PLR0915 bound complexity and statements; this bounds length.
MAX_FUNCTION_LINES = 60


@pytest.mark.parametrize("path", sorted(HEURISTIC.glob("*.py")), ids=lambda p: p.name)
def test_no_function_over_sixty_lines(path: Path) -> None:
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long


def test_every_reason_and_switch_is_documented() -> None:
    doc = (ROOT / "docs" / "heuristic.md").read_text(encoding="utf-8")
    missing = [r.value for r in Reason if f"`{r.value}`" not in doc]
    missing += [n for n in switches.names() if f"`{n}`" not in doc]
    assert not missing


def test_reasons_are_only_named_in_reasons_py() -> None:
    """No cut names its reason with a bare string: the set stays closed."""
    values = {r.value for r in Reason}
    for path in HEURISTIC.glob("*.py"):
        if path.name in ("reasons.py", "pagekind.py", "switches.py"):
            continue  # the last two name switches, which may share a reason's words
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals = {
            n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in values
        }
        assert not literals, f"{path.name} spells reasons as strings: {literals}"
