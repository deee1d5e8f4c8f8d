"""``inspect`` suggests what fixes the page: keep lines, remove lines, never the container
(issue 18)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cleanscrape import extract
from cleanscrape.explain import Explanation
from cleanscrape.inspect import FIGURES, build_report, suggest_selector
from cleanscrape.parse import parse_fragment
from cleanscrape.rules import RuleSet
from cleanscrape.rules.suggest import holds_container

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
LEAD_PAGE = (ROOT / "sites" / "link-dense-lead.html").read_text(encoding="utf-8")
LEAD = "The city council approved the harbour plan on Monday night"
URL = "https://news.example.com/2024/harbour"
# Loose text beside the article: in <body> itself, and in a wrapper that holds the article.
LOOSE_PAGE = (
    LEAD_PAGE.replace("<nav>", "Breaking: a loose line in the body <nav>")
    .replace(
        '<article id="story">', '<div class="wrap">Loose text in the wrapper <article id="story">'
    )
    .replace("</article>", "</article></div>")
)
SPONSOR = "Visit the maritime museum on the quay this weekend"
LEAK_PAGE = LEAD_PAGE.replace(
    '<div class="share">',
    f'<div class="museum"><h3>Around town</h3><p>{SPONSOR}, where a new exhibition '
    "shows the old fishing boats of the harbour and the families who sailed them.</p>"
    '</div><div class="share">',
)


def _report(html: str, url: str = URL, rules: RuleSet | None = None, **kw: Any) -> str:
    article, explanation = extract(html, url, rules=rules, explain=True)
    return build_report(article, explanation, **kw)


def _data(report: str) -> dict[str, Any]:
    found = re.search(r'id="cs-ui-data">(.*?)</script>', report, flags=re.DOTALL)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _lines(report: str) -> list[str]:
    data = _data(report)
    return [f["line"] for f in data["fixes"].values() if f["line"]] + [
        f'remove = ["{s}"]' for s in data["suggestions"].values()
    ]


def _rules(tmp_path: Path, body: str) -> RuleSet:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "news.toml").write_text(
        f'domains = ["news.example.com"]\n[body]\n{body}\n', encoding="utf-8"
    )
    return RuleSet.from_dir(folder)


def _selector(line: str) -> str:
    found = re.fullmatch(r'(?:keep|remove) = \["(.*)"\]', line)
    assert found is not None, line
    return found.group(1).replace('\\"', '"')


def test_no_rule_line_names_the_body_or_an_element_holding_the_article() -> None:
    report = _report(LOOSE_PAGE)
    assert "remove = [&quot;body&quot;]" not in report
    _, explanation = extract(LOOSE_PAGE, URL, explain=True)
    tree = parse_fragment(explanation.page_html)
    for line in _lines(report):
        assert not any(holds_container(n) for n in tree.css(_selector(line))), line


def test_loose_text_beside_the_article_says_why_it_has_no_line() -> None:
    report = _report(LOOSE_PAGE)
    assert "no remove line: the text lies loose in the element that holds the article" in report


def test_a_cut_paragraph_gets_a_keep_line_that_restores_it(tmp_path: Path) -> None:
    data = _data(_report(LEAD_PAGE))
    lines = [f["line"] for f in data["fixes"].values() if f["line"] and "keep" in f["line"]]
    assert 'keep = ["p.intro"]' in lines
    rules = _rules(tmp_path, 'keep = ["p.intro"]')
    article = extract(LEAD_PAGE, URL, rules=rules)
    assert article is not None and LEAD in article.text


def test_a_leaked_box_gets_a_remove_line_that_removes_it_whole(tmp_path: Path) -> None:
    article = extract(LEAK_PAGE, URL)
    assert article is not None and SPONSOR in article.text  # premise: it leaks
    data = _data(_report(LEAK_PAGE))
    _, explanation = extract(LEAK_PAGE, URL, explain=True)
    index = next(d.index for d in explanation.decisions if SPONSOR in d.text)
    line = data["fixes"][str(index)]["line"]
    assert line == 'remove = ["div.museum"]'
    fixed = extract(LEAK_PAGE, URL, rules=_rules(tmp_path, line))
    assert fixed is not None
    assert SPONSOR not in fixed.text and "Around town" not in fixed.text
    assert "The new breakwater" in fixed.text


def test_a_plain_paragraph_is_named_by_its_place_under_a_named_ancestor() -> None:
    tree = parse_fragment("<body><div id='story'><p>a</p><p>b</p></div><p>c</p></body>")
    node = tree.css("p")[1]
    assert suggest_selector(tree, node, "fallback") == "#story > p:nth-of-type(2)"


def test_a_position_alone_is_never_a_suggestion() -> None:
    tree = parse_fragment("<body><div><p>a</p><p>b</p></div></body>")
    assert suggest_selector(tree, tree.css("p")[1], "fallback") == "fallback"


def _explanations() -> list[Explanation]:
    pages = [
        (ROOT / "pages" / f"{n}.html").read_bytes() for n in ("seed-semantic", "seed-obfuscated")
    ]
    return [extract(p, explain=True)[1] for p in pages] + [extract(LEAK_PAGE, URL, explain=True)[1]]


def test_every_figure_a_decision_carries_is_explained() -> None:
    shown = {k for e in _explanations() for d in e.decisions for k in d.figures}
    assert shown and shown <= set(FIGURES), shown - set(FIGURES)
    # The rows the block detail adds of its own, and the panel's counts.
    assert {"block", "element path", "rule selector", "in container", "blocks"} <= set(
        FIGURES
    )


def test_the_report_shows_what_the_figures_mean() -> None:
    report = _report(LEAD_PAGE)
    assert "What the figures mean" in report
    assert "element_prose_mass</th><td>how much article-like prose" in report


def test_every_kept_block_says_why_it_was_kept() -> None:
    _, explanation = extract(LEAD_PAGE, URL, explain=True)
    data = _data(_report(LEAD_PAGE))
    kept = {str(d.index) for d in explanation.decisions if d.kept}
    assert kept and kept <= set(data["why"])
    assert all(data["why"][i] for i in kept)


def test_a_block_kept_by_the_rule_says_so(tmp_path: Path) -> None:
    rules = _rules(tmp_path, 'select = ["#story"]\nkeep = ["p.intro"]')
    article, explanation = extract(LEAD_PAGE, URL, rules=rules, explain=True)
    data = _data(build_report(article, explanation))
    index = next(d.index for d in explanation.decisions if LEAD in d.text)
    assert data["why"][str(index)] == "kept by the site rule's keep selectors"


@pytest.mark.parametrize(("recall", "expected"), [(True, "keeps 0 of these"), (False, "keep")])
def test_the_report_points_to_favor_recall(recall: bool, expected: str) -> None:
    text = extract(LEAD_PAGE, URL, favor="recall")
    assert text is not None
    report = _report(LEAD_PAGE, recall_text=text.text if recall else None)
    assert "<code>--favor recall</code> " + expected in report


def test_the_command_says_what_favor_recall_would_keep(tmp_path: Path) -> None:
    from cleanscrape.inspect import main

    page = tmp_path / "page.html"
    page.write_text(LEAD_PAGE, encoding="utf-8")
    out = tmp_path / "report.html"
    assert main([str(page), "--url", URL, "-o", str(out)]) == 0
    assert "<code>--favor recall</code> keeps 0 of these" in out.read_text(encoding="utf-8")
