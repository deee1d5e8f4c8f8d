"""benchmarks/learn_bench.py runs as documented (``python -m benchmarks.learn_bench``) and
prints, per template of our local site, the ``rules check`` result and both scores."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_local_benchmark_runs_as_a_module_and_checks_each_learned_rule() -> None:
    # Only the repository root on the path, as from a shell: tests/ is not on it.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.learn_bench"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = re.findall(r"^(news|blog|docs|app)\s+(\S+)\s+([\d.]+)\s+([\d.]+)$", done.stdout, re.M)
    assert [r[0] for r in rows] == ["news", "blog", "docs", "app"], done.stdout
    for _template, check, learned, heuristic in rows:
        assert check == "pass"
        assert float(learned) >= float(heuristic)
        assert float(learned) >= 0.98
