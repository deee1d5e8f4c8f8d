"""``rules learn``: a site rule learned from a few pages of one site (issue 18).

The site is our own (tests/learn_site.py): three templates, seven pages each,
served on loopback. Five pages of a template teach the rule; the other two are
held back and score it against the generic heuristic.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from learn_site import TEMPLATES, SitePage, site_pages
from pytest_httpserver import HTTPServer

import cleanscrape.rules
from cleanscrape import Options, extract
from cleanscrape.parse import parse_document
from cleanscrape.rules import LearnError, RuleSet, SourcePage, load_rules
from cleanscrape.rules.cli import main as rules_main

TRAIN = 5
PAGES = {template: site_pages(template) for template in TEMPLATES}
BASE = "http://127.0.0.1:8000"


def _f1(reference: str, output: str) -> float:
    """The WCXB word-bag F1 (benchmarks/corpus.py)."""
    ref = Counter(re.findall(r"\w+", reference.lower()))
    out = Counter(re.findall(r"\w+", output.lower()))
    overlap = sum((ref & out).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(out.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def _sources(pages: list[SitePage], base: str = BASE) -> list[SourcePage]:
    return [SourcePage(base + p.path, p.html) for p in pages]


def _score(pages: list[SitePage], base: str, rules: RuleSet | None) -> float:
    scores = []
    for page in pages:
        article = extract(page.html, base + page.path, rules=rules)
        scores.append(_f1(page.truth, article.text if article is not None else ""))
    return sum(scores) / len(scores)


@pytest.fixture
def site(httpserver: HTTPServer) -> str:
    for pages in PAGES.values():
        for page in pages:
            httpserver.expect_request(page.path).respond_with_data(
                page.html, content_type="text/html; charset=utf-8"
            )
    # Rules name sites by dotted names: "localhost" is none, its address is.
    return httpserver.url_for("").rstrip("/").replace("//localhost:", "//127.0.0.1:")


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_rule_learned_from_served_pages_passes_rules_check_and_beats_the_heuristic(
    template: str, site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = PAGES[template]
    urls = [site + p.path for p in pages[:TRAIN]]
    assert rules_main(["learn", *urls, "-d", str(tmp_path)]) == 0
    assert rules_main(["check", str(tmp_path)]) == 0
    assert "0 failing" in capsys.readouterr().out
    rules = RuleSet(load_rules(tmp_path).rules)
    held_back = pages[TRAIN:]
    learned, heuristic = _score(held_back, site, rules), _score(held_back, site, None)
    assert learned >= heuristic
    assert learned >= 0.98


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_learned_rule_says_where_the_body_is_and_what_repeats(template: str) -> None:
    learned = cleanscrape.rules.learn(_sources(PAGES[template][:TRAIN]))
    rule = learned.rule
    assert rule.domains == ("127.0.0.1",) and rule.paths == (f"/{template}/",)
    # The app template has no one element holding its story (see the test below).
    assert (rule.body or template == "app") and rule.remove and rule.title
    assert learned.toml.startswith("# Site rule for 127.0.0.1, learned by")
    assert learned.toml.count("[[tests]]") == TRAIN
    assert "contains = [" in learned.toml and "absent = [" in learned.toml


def test_the_news_template_rule_finds_the_authors_and_the_date() -> None:
    rule = cleanscrape.rules.learn(_sources(PAGES["news"][:TRAIN])).rule
    assert [s.text for s in rule.body] == ["div.story-text"]
    assert [s.text for s in rule.authors] == ["a.author-name"]
    assert [s.text for s in rule.date] == ["time@datetime"]
    assert "div.series-note" in [s.text for s in rule.remove]


def test_a_class_that_many_elements_carry_is_no_container() -> None:
    # The app template's story sections, menu and rail all carry "w-full", "flex",
    # "px-4": picked as the container, "div.w-full" brought the menu and rail along.
    learned = cleanscrape.rules.learn(_sources(PAGES["app"][:TRAIN]))
    rule = learned.rule
    for page in PAGES["app"]:
        tree = parse_document(page.html, Options())
        for selector in rule.body:
            assert len(tree.css(selector.text)) == 1, selector.text
    # No one element holds the story: the heuristic chooses it, the rule removes the promo.
    assert not rule.body and "div.rounded" in [s.text for s in rule.remove]
    assert "the heuristic\n# chooses the container" in learned.toml


def test_three_templates_learned_into_one_folder_keep_apart(tmp_path: Path) -> None:
    for template in TEMPLATES:
        cleanscrape.rules.learn(_sources(PAGES[template][:TRAIN])).write(tmp_path)
    report = load_rules(tmp_path)
    assert not report.problems and len(report.rules) == len(TEMPLATES)
    assert rules_main(["check", str(tmp_path)]) == 0


def test_pages_of_different_templates_are_refused_with_the_reason() -> None:
    mixed = PAGES["news"][:2] + PAGES["docs"][:2]
    with pytest.raises(LearnError, match="do not share a template"):
        cleanscrape.rules.learn(_sources(mixed))


def test_pages_of_different_sites_are_refused() -> None:
    pages = _sources(PAGES["blog"][:2]) + _sources(PAGES["blog"][2:4], "https://other.example")
    with pytest.raises(LearnError, match="different sites"):
        cleanscrape.rules.learn(pages)


def test_one_page_is_refused() -> None:
    with pytest.raises(LearnError, match="at least 2 pages"):
        cleanscrape.rules.learn(_sources(PAGES["blog"][:1]))


def test_the_command_refuses_with_the_reason_and_exit_1(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [site + p.path for p in PAGES["news"][:2] + PAGES["docs"][:2]]
    assert rules_main(["learn", *urls, "-d", str(tmp_path)]) == 1
    assert "do not share a template" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_saved_files_learn_with_a_base_url(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    for page in PAGES["blog"][:TRAIN]:
        (saved / page.path.rsplit("/", 1)[1]).write_text(page.html, encoding="utf-8")
    files = sorted(str(f) for f in saved.iterdir())
    out = tmp_path / "rules"
    assert (
        rules_main(["learn", *files, "--base", "https://tidewater.example/blog/", "-d", str(out)])
        == 0
    )
    assert (out / "tidewater.example-blog.toml").exists()
    assert rules_main(["check", str(out)]) == 0
