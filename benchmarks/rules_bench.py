"""Site rules: load every FiveFilters site config, time it, and time matching and applying.

Usage: ``PYTHONPATH=. python benchmarks/rules_bench.py [FTR_DIR]`` from the repository root.
Without FTR_DIR, ``shared/ftr-site-config`` is looked for beside the repository (or above).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from benchmarks.corpus import find_shared
from cleanscrape import extract
from cleanscrape.rules import LoadReport, RuleSet, load_rules
from cleanscrape.rules.defaults import BUILTIN_DIR

REPO = Path(__file__).resolve().parents[1]
LOAD_RUNS = 5
MATCH_URLS = 20_000
APPLY_RUNS = 50


def _ftr_dir() -> Path | None:
    return find_shared("ftr-site-config")


def _timed_load(folder: Path) -> tuple[LoadReport, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = load_rules(folder)
    return report, time.perf_counter() - wall, time.process_time() - cpu


def _load(folder: Path) -> RuleSet:
    # The first load in a process is the one users wait for (XPath compile memo cold).
    report, first_wall, first_cpu = _timed_load(folder)
    walls, cpus = [], []
    for _ in range(LOAD_RUNS):
        _, wall, cpu = _timed_load(folder)
        walls.append(wall)
        cpus.append(cpu)
    files = sorted(f.name for f in folder.iterdir() if f.suffix == ".txt")
    print(f"folder   {folder}")
    print(f"files    {len(files)} .txt")
    print(f"loaded   {len(report.rules)}")
    print(f"skipped  {len(report.problems) + len(report.ignored)}")
    for path in report.ignored:
        print(f"  ignored (not a site file): {Path(path).name}")
    for problem in report.problems:
        print(f"  problem: {problem}")
    print(f"load     first {first_wall:.3f} s wall, {first_cpu:.3f} s CPU")
    print(
        f"load     again: median {statistics.median(walls):.3f} s wall, "
        f"{statistics.median(cpus):.3f} s CPU over {LOAD_RUNS} runs"
    )
    return RuleSet(report.rules)


def _match(rules: RuleSet) -> None:
    """Time matching with all rules and with a handful: the index makes them alike."""
    hosts = [d for r in list(rules)[:500] for d in r.domains]
    urls = [f"https://www.{hosts[i % len(hosts)]}/news/{i}" for i in range(MATCH_URLS // 2)]
    urls += [f"https://cdn{i}.nowhere-{i}.example/x" for i in range(MATCH_URLS // 2)]
    few = RuleSet(list(rules)[:10])
    for name, subset in (("all", rules), ("10", few)):
        started = time.perf_counter()
        found = sum(subset.match(url) is not None for url in urls)
        elapsed = time.perf_counter() - started
        print(
            f"match    {elapsed / len(urls) * 1e6:.1f} us per URL with {name} rules "
            f"({len(subset)}; {found} of {len(urls)} URLs matched)"
        )


def _apply(ftr: RuleSet) -> None:
    page = (REPO / "fixtures" / "sites" / "bbc.com.html").read_bytes()
    url = "https://www.bbc.co.uk/news/articles/c0w1yk4p8zgo"
    builtin = RuleSet.from_dir(BUILTIN_DIR)
    cases = (
        ("no rule", RuleSet(), "https://unknown.example/a"),
        ("TOML/CSS", builtin, url),
        ("FTR/XPath", ftr, url),
    )
    for name, rules, url_used in cases:
        extract(page, url_used, rules=rules)
        started = time.perf_counter()
        for _ in range(APPLY_RUNS):
            extract(page, url_used, rules=rules)
        per_page = (time.perf_counter() - started) / APPLY_RUNS
        print(f"extract  {name:9s} {per_page * 1000:.2f} ms per page ({len(page)} bytes)")


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else _ftr_dir()
    if folder is None:
        print("shared/ftr-site-config not found; pass the folder", file=sys.stderr)
        return 2
    rules = _load(folder)
    _match(rules)
    _apply(rules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
