"""``rules learn`` against the generic heuristic: learned rules on held-back pages.

Usage: ``python -m benchmarks.learn_bench [--wcxb] [--max-train N]`` from the
repository root.

- **Local site** (tests/learn_site.py: news, blog, docs templates, seven pages
  each): a rule learned from the first five pages of a template, written out and
  run through ``cleanscrape rules check``, then scored on the other two, beside
  the heuristic alone.
- **WCXB dev split** (``--wcxb``): pages grouped by domain (``www.`` dropped);
  for each domain with three pages or more, each page in turn is held out and a
  rule is learned from the others (at most ``--max-train`` of them, in id
  order). When learning refuses (the pages share no template), the page is
  scored as the heuristic alone scores it: a user would have no rule.

Both score with the published WCXB word-bag F1 (benchmarks/corpus.py), averaged
over pages.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.corpus import find_corpora, load_wcxb_cases, wcxb_bow_score
from cleanscrape import extract
from cleanscrape.errors import CleanscrapeError
from cleanscrape.rules import RuleSet, SourcePage, learn
from cleanscrape.rules.cli import main as rules_main

TRAIN = 5
# The local site's pages are built by tests/learn_site.py.
TESTS = Path(__file__).resolve().parent.parent / "tests"


def _f1(reference: str, html: str | bytes, url: str, rules: RuleSet | None) -> float:
    article = extract(html, url, rules=rules)
    return wcxb_bow_score(reference, article.text if article is not None else "")[2]


def _rules_check(folder: str) -> str:
    """What ``cleanscrape rules check FOLDER`` says of the rule written there."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = rules_main(["check", folder])
    return "pass" if status == 0 else "FAIL"


def local() -> None:
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from learn_site import TEMPLATES, site_pages

    base = "http://127.0.0.1:8000"
    print("local site: learned from 5 pages, scored on 2 held back (WCXB word F1)")
    print(f"{'template':<10} {'rules check':>11} {'learned':>8} {'heuristic':>10}")
    for template in TEMPLATES:
        pages = site_pages(template)
        learned = learn([SourcePage(base + p.path, p.html) for p in pages[:TRAIN]])
        with tempfile.TemporaryDirectory() as folder:
            learned.write(folder)
            check = _rules_check(folder)
        rules = RuleSet([learned.rule])
        held = pages[TRAIN:]
        ours = sum(_f1(p.truth, p.html, base + p.path, rules) for p in held) / len(held)
        plain = sum(_f1(p.truth, p.html, base + p.path, None) for p in held) / len(held)
        print(f"{template:<10} {check:>11} {ours:>8.4f} {plain:>10.4f}")


def wcxb(max_train: int) -> None:
    corpora = find_corpora()
    if corpora is None:
        print("no corpora found (CLEANSCRAPE_CORPORA)", file=sys.stderr)
        return
    by_domain = defaultdict(list)
    for case in load_wcxb_cases(corpora):
        host = (urlsplit(case.url or "").hostname or "").removeprefix("www.")
        if host:
            by_domain[host].append(case)
    domains = {d: cs for d, cs in by_domain.items() if len(cs) >= 3}
    ours: list[float] = []
    plain: list[float] = []
    refused: dict[str, int] = defaultdict(int)
    # Per domain, learned against heuristic as printed (4 decimals): won, tied, lost.
    outcome: dict[str, int] = {"won": 0, "tied": 0, "lost": 0}
    for domain, cases in sorted(domains.items()):
        pages = {c.id: c.read() for c in cases}
        for held in cases:
            train = [c for c in cases if c is not held][:max_train]
            url = held.url or f"https://{domain}/"
            baseline = _f1(held.main_content, pages[held.id], url, None)
            try:
                rule = learn([SourcePage(c.url or url, pages[c.id]) for c in train]).rule
                score = _f1(held.main_content, pages[held.id], url, RuleSet([rule]))
            except CleanscrapeError as exc:
                refused[re.sub(r"https?://\S+", "URL", str(exc)).split(":")[0]] += 1
                score = baseline
            ours.append(score)
            plain.append(baseline)
        n = len(cases)
        mean = sum(ours[-n:]) / n
        base = sum(plain[-n:]) / n
        print(f"  {domain:<32} {n:>3} pages  learned {mean:.4f}  heuristic {base:.4f}")
        delta = round(mean, 4) - round(base, 4)
        outcome["won" if delta > 1e-9 else "lost" if delta < -1e-9 else "tied"] += 1
    print(f"WCXB dev: {len(domains)} domains with 3+ pages, {len(ours)} pages held out in turn")
    print(f"  learned rules: F1 {sum(ours) / len(ours):.4f}")
    print(f"  heuristic:     F1 {sum(plain) / len(plain):.4f}")
    print(f"  domains: {outcome['won']} won, {outcome['tied']} tied, {outcome['lost']} lost")
    for reason, count in sorted(refused.items(), key=lambda item: -item[1]):
        print(f"  refused ({count} pages): {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wcxb", action="store_true", help="also the WCXB dev split")
    parser.add_argument("--max-train", type=int, default=4, help="pages to learn from (WCXB)")
    args = parser.parse_args()
    local()
    if args.wcxb:
        wcxb(args.max_train)


if __name__ == "__main__":
    main()
