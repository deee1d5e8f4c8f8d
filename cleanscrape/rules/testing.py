"""Running the ``[[tests]]`` a rule carries: extract its fixture, compare with expectations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..core import extract
from ..errors import CleanscrapeError
from ..models import Options
from ..parse import read_bounded
from .model import Rule, RuleTest
from .ruleset import RuleSet

__all__ = ["Outcome", "run_rule_test"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one rule test: ``status`` and, unless it passed, why."""

    status: Literal["pass", "fail", "skip"]
    reasons: tuple[str, ...] = ()


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def run_rule_test(rule: Rule, test: RuleTest) -> Outcome:
    """Extract ``test.fixture`` as ``test.url`` with ``rule`` and check every expectation.

    Tests without a fixture (FiveFilters ``test_url``) need the network: skipped.
    """
    if test.fixture is None:
        return Outcome("skip", ("no fixture: the test names a live page only",))
    only = RuleSet([rule])
    if only.match(test.url) is not rule:
        return Outcome("fail", (f"the rule's domains/paths do not cover {test.url}",))
    try:
        with open(test.fixture, "rb") as stream:
            data = read_bounded(stream, Options().max_input_bytes, "the fixture")
    except OSError as exc:
        return Outcome("fail", (f"fixture {test.fixture}: {exc.strerror or exc}",))
    except CleanscrapeError as exc:
        return Outcome("fail", (f"fixture {test.fixture}: {exc}",))
    try:
        article = extract(data, test.url, rules=only)
    except CleanscrapeError as exc:
        return Outcome("fail", (f"extraction failed: {exc}",))
    if article is None:
        return Outcome("fail", ("no article extracted",))
    text = _norm(article.text)
    reasons = [f"missing: {c!r}" for c in test.contains if _norm(c) not in text]
    reasons += [f"present: {a!r}" for a in test.absent if _norm(a) in text]
    expected = {"title": test.title, "date": test.date}
    for name, want in expected.items():
        got = getattr(article, name)
        if want is not None and _norm(got) != _norm(want):
            reasons.append(f"{name}: expected {want!r}, got {got!r}")
    if test.authors is not None and list(test.authors) != article.authors:
        reasons.append(f"authors: expected {list(test.authors)!r}, got {article.authors!r}")
    return Outcome("fail", tuple(reasons)) if reasons else Outcome("pass")
