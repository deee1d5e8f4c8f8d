"""``cleanscrape rules``: check rule files and their tests, or start a new rule.

::

    cleanscrape rules check [PATH ...]   validate rule files, run their [[tests]]
    cleanscrape rules new DOMAIN         write DOMAIN.toml, a commented template
    cleanscrape rules learn PAGE...      learn a rule from 3-5 pages of one site
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from ..errors import RuleError
from .defaults import BUILTIN_DIR
from .model import Rule, RuleTest
from .ruleset import RuleSet, load_rules
from .testing import Outcome, run_rule_test
from .toml_format import DOMAIN_NAME

__all__ = ["load_rules_for_command", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

TEMPLATE = """\
# Site rule for {domain}: where its article is, and which boxes are not the article.
# Reference: docs/rules.md. Check it with:  cleanscrape rules check {filename}
#
# Selectors are CSS (run by selectolax), or XPath 1.0 when prefixed "xpath:".
# In title/authors/date, a CSS selector may end in @attr to take that attribute
# instead of the text, e.g. "meta[property='og:title']@content". Lists are tried
# in order: the first selector that gives a value wins. A field the rule does not
# give (or whose selectors match nothing) comes from the generic extraction.

# The sites covered: each domain also covers its subdomains (www. is ignored).
domains = ["{domain}"]

# Only URLs whose path starts with one of these prefixes (remove the line for all).
# paths = ["/news/", "/articles/"]

# [title]
# select = ["h1.article-title", "meta[property='og:title']@content"]

# [authors]                  # every element the first matching selector finds
# select = ["a[rel='author']"]

# [date]
# select = ["time[datetime]@datetime"]

[body]
# The article container: the first selector matching an element with text wins;
# all the elements it matches form the body (a story split between ad slots).
select = ["article"]
# Removed from the page before the body is chosen: promos, bios, share bars...
remove = [
    # ".newsletter-signup",
    # "xpath://div[@data-ad]",
]

# A saved copy of a real page (relative to this file) and what must (not) come out.
# [[tests]]
# fixture = "fixtures/{domain}.html"
# url = "https://{domain}/news/some-story"
# contains = ["a sentence from the first paragraph", "one from the last"]
# absent = ["Sign up for our newsletter"]
# title = "The headline"
"""


def load_rules_for_command(folders: Sequence[str]) -> RuleSet:
    """The ``--rules`` folders as one RuleSet (earlier folders win); bad files are
    reported on stderr and left out.

    Raises:
        RuleError: a folder does not exist.
    """
    rules = RuleSet()
    for folder in folders:
        report = load_rules(folder)
        for problem in report.problems:
            print(f"cleanscrape: warning: rule skipped: {problem}", file=sys.stderr)
        rules = rules.then(RuleSet(report.rules))
    return rules


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanscrape rules", description="Check site rules, or start a new one."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="validate rule files and run their [[tests]]; exit 1 on any failure"
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="rule folders or files (default: built-in rules)"
    )
    check.add_argument("-v", "--verbose", action="store_true", help="list every test")
    new = commands.add_parser("new", help="write a commented rule template for DOMAIN")
    new.add_argument("domain", metavar="DOMAIN", help="the site, e.g. example.com")
    new.add_argument("-d", "--dir", default=".", help="folder to write DOMAIN.toml in")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    learn = commands.add_parser(
        "learn",
        help="learn a rule, with tests, from 3-5 pages of one site (URLs or saved files)",
    )
    learn.add_argument("targets", nargs="+", metavar="URL_OR_FILE", help="pages of one site")
    learn.add_argument("-d", "--dir", default=".", help="folder to write the rule and pages in")
    learn.add_argument(
        "--base", metavar="URL", help="for saved files without a canonical URL: URL/<file name>"
    )
    learn.add_argument("--force", action="store_true", help="overwrite an existing rule file")
    return parser


def _summary(outcomes: list[Outcome]) -> str:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("pass", "fail", "skip")}
    if not outcomes:
        return "no tests"
    return ", ".join(f"{n} {s}" for s, n in counts.items() if n)


_Row = tuple[str, str, str, str]


def _checked(test: RuleTest) -> str:
    """What a test checks, in a few words: ``3 contains, 1 absent, title``."""
    parts = [
        f"{len(values)} {name}"
        for name, values in (("contains", test.contains), ("absent", test.absent))
        if values
    ]
    parts += [name for name in ("title", "authors", "date") if getattr(test, name, None)]
    return ", ".join(parts) or "extracts an article"


def _check_rule(rule: Rule, verbose: bool) -> tuple[_Row, list[str]]:
    """One table row for ``rule`` and a line per failed (or, verbose, skipped) test."""
    outcomes = [run_rule_test(rule, test) for test in rule.tests]
    status = "FAIL" if any(o.status == "fail" for o in outcomes) else "ok"
    details: list[str] = []
    for test, outcome in zip(rule.tests, outcomes, strict=True):
        where = f"{rule.source}:{test.line}" if test.line else str(rule.source)
        if outcome.status == "fail" or (verbose and outcome.status == "skip"):
            details.extend(
                f"{outcome.status.upper()} {where}: {test.url}: {reason}"
                for reason in outcome.reasons
            )
        elif verbose:  # what was checked, so a pass can be seen to mean something
            details.append(f"PASS {where}: {test.url}: {_checked(test)}")
    name = Path(rule.source or "?").name
    return (name, " ".join(rule.domains), _summary(outcomes), status), details


def _check(paths: Sequence[str], verbose: bool, out: IO[str]) -> int:
    rows: list[_Row] = []
    details: list[str] = []
    for path in paths or [str(BUILTIN_DIR)]:
        try:
            report = load_rules(path)
        except RuleError as exc:
            rows.append((path, "-", "-", "FAIL"))
            details.append(f"ERROR {exc}")
            continue
        for problem in report.problems:
            rows.append((Path(problem.path or path).name, "-", "invalid", "FAIL"))
            details.append(f"ERROR {problem}")
        for rule in report.rules:
            row, lines = _check_rule(rule, verbose)
            rows.append(row)
            details.extend(lines)
    _table(rows, out)
    for line in details:
        print(line, file=out)
    bad = sum(row[3] == "FAIL" for row in rows)
    print(f"\n{len(rows)} rule files, {bad} failing", file=out)
    return EXIT_FAILED if bad else EXIT_OK


def _table(rows: list[_Row], out: IO[str]) -> None:
    header = ("FILE", "DOMAINS", "TESTS", "RESULT")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(), file=out
        )


def _new(domain: str, folder: str, force: bool, out: IO[str]) -> int:
    name = domain.strip().lower().removeprefix("www.")
    if not DOMAIN_NAME.match(name):
        print(
            f"cleanscrape rules new: {domain!r} is not a domain like example.com", file=sys.stderr
        )
        return EXIT_USAGE
    target = Path(folder) / f"{name}.toml"
    if target.exists() and not force:
        print(f"cleanscrape rules new: {target} exists (use --force)", file=sys.stderr)
        return EXIT_FAILED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(domain=name, filename=target.name), encoding="utf-8")
    print(f"wrote {target}", file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cleanscrape rules``; returns the exit code (0 ok, 1 failures, 2 usage)."""
    try:
        args = _build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if args.command == "check":
        return _check(args.paths, args.verbose, sys.stdout)
    if args.command == "learn":
        from .learn import command

        return command(args.targets, args.dir, args.base, args.force)
    return _new(args.domain, args.dir, args.force, sys.stdout)
