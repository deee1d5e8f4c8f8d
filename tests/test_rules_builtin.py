"""The rules shipped in the package: every one passes its own test page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cleanscrape import extract
from cleanscrape.rules import Rule, load_rules
from cleanscrape.rules.defaults import BUILTIN_DIR
from cleanscrape.rules.testing import run_rule_test

BUILTIN = load_rules(BUILTIN_DIR)
FIXTURES = BUILTIN_DIR / "pages"
# The seed site and at least nine other major news sites.
MIN_SITES = 10


def test_builtin_rules_load_without_problems() -> None:
    assert (BUILTIN.problems, BUILTIN.ignored) == ((), ())


def test_there_are_enough_builtin_sites_each_with_a_test() -> None:
    assert len(BUILTIN.rules) >= MIN_SITES
    assert all(rule.tests for rule in BUILTIN.rules)


@pytest.mark.parametrize("rule", BUILTIN.rules, ids=lambda r: r.domains[0])
def test_builtin_rule_passes_its_test_page(rule: Rule) -> None:
    outcomes = [run_rule_test(rule, test) for test in rule.tests]
    assert [o.reasons for o in outcomes if o.status != "pass"] == []


def test_theweek_promo_is_kept_out_by_the_rule_removals() -> None:
    # The newsletter promo sits inside the article container: choosing it is not
    # enough. With the heuristic's in-body cleaning off (prune: no), only the
    # rule's removals keep the promo out.
    rule = next(r for r in BUILTIN.rules if r.domains == ("theweek.com",))
    outcome = run_rule_test(dataclasses.replace(rule, remove=(), prune=False), rule.tests[0])
    assert outcome.status == "fail"
    assert any("Sign up for The Week" in reason for reason in outcome.reasons)


def test_builtin_rules_apply_without_being_passed() -> None:
    page = (FIXTURES / "theweek.com.html").read_bytes()
    article = extract(page, "https://theweek.com/north-korea/1026213/kim-putin")
    assert article is not None
    assert "Escape your echo chamber" not in article.text
    assert "Peter has worked as a news and culture writer" not in article.text
    assert article.authors == ["Peter Weber"]


@pytest.mark.parametrize("rule", BUILTIN.rules, ids=lambda r: r.domains[0])
def test_builtin_rule_test_pages_ship_inside_the_package(rule: Rule) -> None:
    # Only files under the package are installed: a page outside it fails
    # `cleanscrape rules check` after `pip install .`.
    for test in rule.tests:
        assert test.fixture is not None
        page = (Path(rule.source or "").parent / test.fixture).resolve()
        assert page.is_relative_to(BUILTIN_DIR.resolve()), page
        assert page.is_file()
