"""Rules that keep as well as cut: ``[body] keep``, ``favor`` and ``prune`` (issue 18)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cleanscrape import extract
from cleanscrape.errors import RuleError
from cleanscrape.rules import Rule, RuleSet
from cleanscrape.rules.selector import parse_selector
from cleanscrape.rules.toml_format import parse_toml_rule

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
# An article whose opening paragraph is four links: the in-body cleaning cuts it
# as link-dense, whatever the favor.
LEAD_PAGE = (ROOT / "sites" / "link-dense-lead.html").read_text(encoding="utf-8")
LEAD = "The city council approved the harbour plan on Monday night"
REST = "The new breakwater will protect the fishing fleet"
SHARE = "Share this story"
URL = "https://news.example.com/2024/harbour"
# A page whose boxes the precision favor cuts and the balanced one keeps.
CARDS_PAGE = (ROOT / "pages" / "feature-cards.html").read_bytes()
CARDS_URL = "https://cards.example.org/features"


def _rules(tmp_path: Path, text: str, name: str = "rule.toml") -> RuleSet:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return RuleSet.from_dir(folder)


def _text(html: str | bytes, url: str, rules: RuleSet | None = None, **kw: object) -> str:
    article = extract(html, url, rules=rules, **kw)  # type: ignore[call-overload]
    assert article is not None
    text: str = article.text
    return text


@pytest.mark.parametrize("favor", ["precision", "balanced", "recall"])
def test_premise_the_link_dense_lead_is_cut_whatever_the_favor(favor: str) -> None:
    assert LEAD not in _text(LEAD_PAGE, URL, favor=favor)


KEEP_RULES = {
    "css": '[body]\nselect = ["#story"]\nkeep = ["p.intro"]\n',
    "xpath": '[body]\nselect = ["#story"]\nkeep = ["xpath://p[@class=\'intro\']"]\n',
    "no-body-selector": '[body]\nkeep = ["p.intro"]\n',
    "kept-holder": '[body]\nselect = ["#story"]\nkeep = ["article"]\n',
}


@pytest.mark.parametrize("body", KEEP_RULES.values(), ids=KEEP_RULES.keys())
def test_keep_restores_a_paragraph_the_cleaning_cut(tmp_path: Path, body: str) -> None:
    rules = _rules(tmp_path, f'domains = ["news.example.com"]\n{body}')
    text = _text(LEAD_PAGE, URL, rules)
    assert LEAD in text
    assert text.index(LEAD) < text.index(REST)  # in its place


def test_keep_spares_only_what_it_matches(tmp_path: Path) -> None:
    rules = _rules(tmp_path, 'domains = ["news.example.com"]\n[body]\nkeep = ["p.intro"]\n')
    assert SHARE not in _text(LEAD_PAGE, URL, rules)


def test_a_pages_own_keep_attribute_keeps_nothing() -> None:
    forged = LEAD_PAGE.replace('class="intro"', 'class="intro" data-cleanscrape-keep=""')
    forged = forged.replace('class="share"', 'class="share" data-cleanscrape-keep="1"')
    text = _text(forged, URL)
    assert LEAD not in text
    assert SHARE not in text


def test_a_removal_of_a_kept_element_or_its_holder_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rules = _rules(
        tmp_path,
        'domains = ["news.example.com"]\n[body]\nkeep = ["p.intro"]\n'
        'remove = ["p.intro", "#story"]\n',
    )
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules.apply"):
        text = _text(LEAD_PAGE, URL, rules)
    assert LEAD in text and REST in text
    assert caplog.text.count("not removing") == 2


def test_a_removal_inside_a_kept_element_still_happens(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        'domains = ["news.example.com"]\n[body]\nkeep = ["#story"]\nremove = ["a[href=\'/d\']"]\n',
    )
    text = _text(LEAD_PAGE, URL, rules)
    assert LEAD in text and "after months of debate" not in text


def test_prune_false_keeps_every_block_of_the_container(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path, 'domains = ["news.example.com"]\n[body]\nselect = ["#story"]\nprune = false\n'
    )
    text = _text(LEAD_PAGE, URL, rules)
    assert LEAD in text and SHARE in text


def test_premise_the_cards_page_differs_between_precision_and_balanced() -> None:
    assert _text(CARDS_PAGE, CARDS_URL, favor="precision") != _text(CARDS_PAGE, CARDS_URL)


def test_a_rules_favor_is_used_for_its_pages(tmp_path: Path) -> None:
    rules = _rules(tmp_path, 'domains = ["cards.example.org"]\n[body]\nfavor = "precision"\n')
    assert _text(CARDS_PAGE, CARDS_URL, rules) == _text(CARDS_PAGE, CARDS_URL, favor="precision")


def test_the_callers_favor_wins_over_the_rules(tmp_path: Path) -> None:
    rules = _rules(tmp_path, 'domains = ["cards.example.org"]\n[body]\nfavor = "precision"\n')
    assert _text(CARDS_PAGE, CARDS_URL, rules, favor="recall") == _text(
        CARDS_PAGE, CARDS_URL, favor="recall"
    )


def test_the_python_rule_model_takes_keep_favor_and_prune() -> None:
    rule = Rule(
        domains=("news.example.com",),
        body=(parse_selector("#story"),),
        keep=(parse_selector("p.intro"),),
        favor="precision",
        prune=True,
    )
    assert LEAD in _text(LEAD_PAGE, URL, RuleSet([rule]))
    unpruned = Rule(domains=("news.example.com",), body=(parse_selector("#story"),), prune=False)
    assert SHARE in _text(LEAD_PAGE, URL, RuleSet([unpruned]))


def test_toml_keep_favor_and_prune_are_read() -> None:
    rule = parse_toml_rule(
        'domains = ["a.example"]\n[body]\nkeep = [".lead", "xpath://p[1]"]\n'
        'favor = "recall"\nprune = false\n',
        path="a.toml",
    )
    assert [s.text for s in rule.keep] == [".lead", "xpath://p[1]"]
    assert (rule.favor, rule.prune) == ("recall", False)


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ('favor = "more"', "'body.favor' must be one of", 4),
        ("prune = 0", "'body.prune' must be true or false", 4),
        ('keep = ["div["]', "bad CSS selector", 4),
    ],
)
def test_toml_bad_keep_favor_or_prune_is_an_error_with_its_line(
    body: str, message: str, line: int
) -> None:
    text = f'domains = ["a.example"]\n\n[body]\n{body}\n'
    with pytest.raises(RuleError, match=message.replace("[", r"\[")) as caught:
        parse_toml_rule(text, path="a.toml")
    assert caught.value.line == line
