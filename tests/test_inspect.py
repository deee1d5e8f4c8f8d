"""Explanations and the ``cleanscrape inspect`` report: what was kept, what was cut, and why."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path

import pytest

from cleanscrape import extract
from cleanscrape.cli import main
from cleanscrape.explain import Decision, Explanation
from cleanscrape.inspect import build_report, suggest_selector
from cleanscrape.parse import parse_fragment
from cleanscrape.rules import RuleSet

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SEEDS = ("seed-semantic", "seed-obfuscated")


@cache
def _explained(name: str) -> Explanation:
    _, explanation = extract((PAGES / f"{name}.html").read_bytes(), explain=True)
    return explanation


@cache
def _report(name: str) -> str:
    article, explanation = extract((PAGES / f"{name}.html").read_bytes(), explain=True)
    return build_report(article, explanation, target=name)


def _paragraphs(name: str) -> list[str]:
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    paragraphs: list[str] = expected["paragraphs"]
    return paragraphs


def _decision(explanation: Explanation, phrase: str) -> Decision:
    found = [d for d in explanation.decisions if phrase in d.text]
    assert found, f"no decision holds {phrase!r}"
    return found[0]


# --- the explanation data ------------------------------------------------------

# (fixture, boilerplate phrase, stage that cut it, how its reason starts)
BOILERPLATE = [
    ("seed-obfuscated", "Escape your echo chamber", "heuristic", "sign-up promo box"),
    ("seed-obfuscated", "Sign up for The Week's Free Newsletters", "heuristic", "sign-up"),
    ("seed-obfuscated", "Peter has worked as", "heuristic", "author bio"),
    (
        "seed-obfuscated",
        "Political cartoons for October 25",
        "heuristic",
        "outside the article container",
    ),
    ("seed-semantic", "Escape your echo chamber", "heuristic", "boilerplate container"),
    ("seed-semantic", "Sign up for The Week's Free Newsletters", "heuristic", "boilerplate"),
    # The built-in theweek.com rule (found by the canonical URL) chose #article-body.
    ("seed-semantic", "Peter has worked as", "site rule", "outside the site rule's body"),
    (
        "seed-semantic",
        "Political cartoons for October 25",
        "site rule",
        "outside the site rule's body",
    ),
]


@pytest.mark.parametrize(
    ("name", "phrase", "stage", "reason"),
    BOILERPLATE,
    ids=[f"{n}-{p[:20]}" for n, p, _, _ in BOILERPLATE],
)
def test_boilerplate_is_removed_with_its_reason(
    name: str, phrase: str, stage: str, reason: str
) -> None:
    decision = _decision(_explained(name), phrase)
    assert not decision.kept
    assert decision.stage == stage
    assert decision.reason.startswith(reason), decision.reason
    assert decision.selector
    assert decision.figures["chars"] > 0


def test_promo_evidence_is_the_sign_up_form_on_the_obfuscated_page() -> None:
    # No telling class names there: the e-mail field is what marks the box.
    decision = _decision(_explained("seed-obfuscated"), "Escape your echo chamber")
    assert decision.figures["negative_name"] is False
    assert "sign-up" in decision.reason


def test_promo_evidence_is_its_class_name_on_the_semantic_page() -> None:
    decision = _decision(_explained("seed-semantic"), "Escape your echo chamber")
    assert decision.figures["negative_name"] is True
    assert "newsletter-promo" in decision.figures["class_id"]


def test_related_list_evidence_on_the_obfuscated_page_is_its_link_density() -> None:
    decision = _decision(_explained("seed-obfuscated"), "Political cartoons for October 25")
    assert not decision.in_container
    assert decision.figures["link_density"] == 1.0


@pytest.mark.parametrize("name", SEEDS)
def test_every_article_paragraph_is_kept(name: str) -> None:
    explanation = _explained(name)
    for paragraph in _paragraphs(name):
        decision = _decision(explanation, paragraph[:80])
        assert decision.kept, decision
        assert decision.reason == ""


@pytest.mark.parametrize("name", SEEDS)
def test_explaining_does_not_change_the_article(name: str) -> None:
    page = (PAGES / f"{name}.html").read_bytes()
    plain = extract(page)
    explained, _ = extract(page, explain=True)
    assert plain is not None and explained is not None
    assert explained.text == plain.text
    assert explained.html == plain.html


@pytest.mark.parametrize("name", SEEDS)
def test_decision_indexes_are_unique_and_in_the_annotated_page(name: str) -> None:
    explanation = _explained(name)
    indexes = [d.index for d in explanation.decisions]
    assert len(set(indexes)) == len(indexes)
    marked = set()
    for value in re.findall(r'data-cs-block="([^"]*)"', explanation.page_html):
        marked.update(int(i) for i in value.split())
    assert marked == set(indexes)


# --- site rules in explanations -----------------------------------------------

RULE_PAGE = """<!DOCTYPE html><html><head><title>Harbour wall repaired</title></head><body>
<div id="story">
<h1>Harbour wall repaired</h1>
<p>The harbour wall that the January storm breached has been repaired, the port authority said on
Monday, a month ahead of the date it gave when the work began in the spring.</p>
<div class="promo">Subscribe to the Harbour Gazette for more harbour news every morning.</div>
<p>Boats moored inside the wall can stay there over the winter again, and the fishing fleet will
return from the neighbouring port by the end of the week, the harbour master added.</p>
<div class="ad">Advertisement: buy a boat from Dockside Marine today at a good price.</div>
</div>
<aside class="sidebar"><p>Most read: the ferry timetable changes again this winter.</p></aside>
</body></html>"""
RULE_URL = "https://gazette.example.org/news/harbour-wall"


def _rule_explanation(tmp_path: Path, name: str, text: str) -> Explanation:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    _, explanation = extract(RULE_PAGE, RULE_URL, rules=RuleSet.from_dir(folder), explain=True)
    return explanation


def test_css_rule_removal_is_a_site_rule_decision_with_its_selector(tmp_path: Path) -> None:
    explanation = _rule_explanation(
        tmp_path,
        "gazette.toml",
        'domains = ["gazette.example.org"]\n[body]\nselect = ["#story"]\nremove = [".promo"]\n',
    )
    decision = _decision(explanation, "Subscribe to the Harbour Gazette")
    assert (decision.kept, decision.stage, decision.selector) == (False, "site rule", ".promo")
    assert decision.reason == "removed by the site rule: .promo"


def test_xpath_rule_removal_is_a_site_rule_decision_with_its_selector(tmp_path: Path) -> None:
    explanation = _rule_explanation(
        tmp_path,
        "gazette.example.org.txt",
        "body: //div[@id='story']\nstrip: //div[@class='ad']\n",
    )
    decision = _decision(explanation, "Advertisement: buy a boat")
    assert (decision.kept, decision.stage) == (False, "site rule")
    assert decision.selector == "xpath://div[@class='ad']"


REMOVING_RULES = {
    "css": (
        "gazette.toml",
        'domains = ["gazette.example.org"]\n[body]\nselect = ["#story"]\nremove = [".promo"]\n',
    ),
    "xpath": (
        "gazette.example.org.txt",
        "body: //div[@id='story']\nstrip: //div[@class='promo']\n",
    ),
}


@pytest.mark.parametrize("kind", sorted(REMOVING_RULES))
def test_a_rule_removed_element_is_still_shown_in_the_annotated_page(
    tmp_path: Path, kind: str
) -> None:
    explanation = _rule_explanation(tmp_path, *REMOVING_RULES[kind])
    decision = _decision(explanation, "Subscribe to the Harbour Gazette")
    tree = parse_fragment(explanation.page_html)
    node = tree.css_first(f'[data-cs-block~="{decision.index}"]')
    assert node is not None
    assert "Subscribe to the Harbour Gazette" in node.text()
    assert "cleanscrape-removed" not in explanation.page_html  # no placeholder left


@pytest.mark.parametrize("kind", sorted(REMOVING_RULES))
def test_explaining_a_rule_does_not_change_the_article(tmp_path: Path, kind: str) -> None:
    name, text = REMOVING_RULES[kind]
    (tmp_path / name).write_text(text, encoding="utf-8")
    rules = RuleSet.from_dir(tmp_path)
    plain = extract(RULE_PAGE, RULE_URL, rules=rules)
    explained, _ = extract(RULE_PAGE, RULE_URL, rules=rules, explain=True)
    assert plain is not None and explained is not None
    assert (explained.text, explained.html) == (plain.text, plain.html)


def test_what_lies_outside_a_rules_body_is_cut_by_the_site_rule(tmp_path: Path) -> None:
    explanation = _rule_explanation(
        tmp_path,
        "gazette.toml",
        'domains = ["gazette.example.org"]\n[body]\nselect = ["#story"]\n',
    )
    decision = _decision(explanation, "Most read")
    assert (decision.kept, decision.stage) == (False, "site rule")
    assert decision.reason == "outside the site rule's body (#story)"
    assert explanation.rule is not None and explanation.rule.endswith("(body: #story)")


def test_a_rule_removal_is_listed_in_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "gazette.toml").write_text(
        'domains = ["gazette.example.org"]\n[body]\nselect = ["#story"]\nremove = [".promo"]\n',
        encoding="utf-8",
    )
    article, explanation = extract(
        RULE_PAGE, RULE_URL, rules=RuleSet.from_dir(folder), explain=True
    )
    report = build_report(article, explanation)
    assert "Cut by the site rule (2)" in report  # the promo and the sidebar
    assert "remove = [&quot;.promo&quot;]" in report


# --- the report ---------------------------------------------------------------


def _states(report: str) -> list[tuple[str, str]]:
    page = parse_fragment(report).css_first("#cs-ui-page")
    assert page is not None
    return [
        (node.attributes.get("data-cs-state") or "", node.text(deep=True))
        for node in page.css("[data-cs-state]")
    ]


@pytest.mark.parametrize("name", SEEDS)
def test_report_outlines_every_paragraph_as_kept(name: str) -> None:
    states = _states(_report(name))
    for paragraph in _paragraphs(name):
        assert any(s == "kept" and paragraph[:80] in t for s, t in states), paragraph[:40]


@pytest.mark.parametrize(
    ("name", "phrase"),
    [(n, p) for n, p, _, _ in BOILERPLATE],
    ids=[f"{n}-{p[:20]}" for n, p, _, _ in BOILERPLATE],
)
def test_report_outlines_boilerplate_as_removed(name: str, phrase: str) -> None:
    states = _states(_report(name))
    holders = [s for s, t in states if phrase in t]
    assert holders and holders[-1] == "removed"  # the innermost element holding it


@pytest.mark.parametrize("name", SEEDS)
def test_report_outlines_every_decision(name: str) -> None:
    # Including the form the theweek.com rule removes from the semantic page.
    page = parse_fragment(_report(name)).css_first("#cs-ui-page")
    assert page is not None
    outlined = set()
    for node in page.css("[data-cs-state]"):
        outlined.update(int(i) for i in (node.attributes.get("data-cs-block") or "").split())
    assert outlined == {d.index for d in _explained(name).decisions}


@pytest.mark.parametrize("name", SEEDS)
def test_report_has_only_our_scripts(name: str) -> None:
    report = _report(name)
    scripts = re.findall(r"<script\b[^>]*>", report, flags=re.IGNORECASE)
    assert scripts == ['<script type="application/json" id="cs-ui-data">', "<script>"]


@pytest.mark.parametrize("name", SEEDS)
def test_report_allows_only_our_script_by_hash(name: str) -> None:
    report = _report(name)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', report)
    assert policy is not None
    assert "default-src &#x27;none&#x27;" in policy.group(1)
    assert "form-action &#x27;none&#x27;" in policy.group(1)
    body = report.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"sha256-{digest}" in policy.group(1)


@pytest.mark.parametrize("name", SEEDS)
def test_report_panel_lists_article_metadata_and_rule_lines(name: str) -> None:
    report = _report(name)
    assert 'id="cs-ui-article"' in report
    assert "<th>title</th>" in report and "json-ld" in report  # field and its source
    assert "remove = [&quot;" in report


HOSTILE = """<html><head><base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>@import url(https://evil.example/x.css);</style></head>
<body onload="steal()"><article>
<h1 onclick="steal()">Hostile page</h1>
<p>This paragraph is long enough to be the article body of the page, and it carries a link to
<a href="javascript:steal()">somewhere</a> and an image <img src="https://evil.example/p.png"
onerror="steal()" srcset="https://evil.example/q.png 2x"> beside text that ends a script:
&lt;/script&gt;&lt;script&gt;steal()&lt;/script&gt; and more words to make it long enough.</p>
<p>A second paragraph with <svg onload="steal()"><circle r="1"/></svg> an svg and an
<iframe src="https://evil.example/frame"></iframe> iframe, and some more ordinary prose here.</p>
<p>Third: <span style="background:url(https://evil.example/bg.png)">styled</span> text that
goes on for a while so that the article is clearly the article of this page.</p>
<form action="https://evil.example/post"><input name="q"><button formaction="javascript:x()">
Go</button></form><script>steal()</script><object data="https://evil.example/o"></object>
</article></body></html>"""


def _hostile_report() -> str:
    article, explanation = extract(HOSTILE, "https://news.example.com/a", explain=True)
    return build_report(article, explanation, target="hostile.html")


def test_hostile_page_scripts_and_handlers_are_gone() -> None:
    report = _hostile_report()
    assert len(re.findall(r"<script\b", report, flags=re.IGNORECASE)) == 2  # ours
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", report, flags=re.IGNORECASE)
    assert "javascript:" not in report.lower()
    assert "steal()</script>" not in report


def test_hostile_page_loads_nothing() -> None:
    report = _hostile_report()
    page = report.split('<div id="cs-ui-page">', 1)[1].split('<aside id="cs-ui-panel">', 1)[0]
    for attribute in ("src", "srcset", "href", "action", "formaction", "data"):
        assert not re.search(rf"<[^>]*\s{attribute}\s*=", page, flags=re.IGNORECASE), attribute
    for tag in ("<base", "<iframe", "<object", "<input", "<svg", 'http-equiv="refresh"'):
        assert tag not in report.lower(), tag


@pytest.mark.parametrize(
    "style",
    [
        "background:url(https://evil.example/bg.png)",
        "background: URL ( 'https://evil.example/bg.png' )",
        "background-image:image-set('https://evil.example/a.png' 1x)",
        "background:\\75 rl(https://evil.example/bg.png)",
        "list-style: url(https://evil.example/dot.png)",
        "width: expression(steal())",
    ],
)
def test_styles_that_fetch_are_dropped_and_others_kept(style: str) -> None:
    from cleanscrape.inspect import _safe_page
    from cleanscrape.parse import parse_fragment

    page = _safe_page(
        parse_fragment(f'<p style="{style}">a</p><p style="color: rgb(1, 2, 3)">b</p>')
    )
    assert "evil.example" not in page and "expression" not in page
    assert 'style="color: rgb(1, 2, 3)"' in page


def test_hostile_page_styles_fetch_nothing() -> None:
    report = _hostile_report()
    page = report.split('<div id="cs-ui-page">', 1)[1].split('<aside id="cs-ui-panel">', 1)[0]
    assert "url(" not in page.lower()
    assert "styled" in page  # the text stays


def test_hostile_page_text_stays_text() -> None:
    report = _hostile_report()
    assert "&lt;/script&gt;&lt;script&gt;steal()" in report
    data = report.split('id="cs-ui-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data  # escaped as \\u003c inside our JSON


# --- selectors ----------------------------------------------------------------


def test_suggested_selector_prefers_a_meaningful_class_over_a_generated_one() -> None:
    tree = parse_fragment(
        "<body><div class='sc-bdVaJa kLmNop author-bio'><p>a</p></div><div><p>b</p></div></body>"
    )
    node = tree.css_first("div")
    assert node is not None
    assert suggest_selector(tree, node, "fallback") == "div.author-bio"


def test_suggested_selector_uses_generated_classes_when_nothing_else_is_unique() -> None:
    tree = parse_fragment("<body><div class='css-1q2w3e'>a</div><div class='css-9x8y7z'>b</div>")
    node = tree.css("div")[1]
    assert suggest_selector(tree, node, "fallback") == "div.css-9x8y7z"


def test_suggested_selector_falls_back_when_nothing_is_unique() -> None:
    tree = parse_fragment("<body><div><p>a</p><p>b</p></div></body>")
    node = tree.css("p")[1]
    assert suggest_selector(tree, node, "div > p:nth-of-type(2)") == "div > p:nth-of-type(2)"


# --- the command --------------------------------------------------------------


def test_command_writes_the_html_report(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["inspect", str(PAGES / "seed-obfuscated.html"), "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>")
    assert 'data-cs-state="removed"' in report


def test_command_json_format(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    target = str(PAGES / "seed-semantic.html")
    assert main(["inspect", target, "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["metadata"]["authors"] == ["Peter Weber"]
    assert data["metadata_sources"]["title"] == "json-ld"
    assert "North Korean leader Kim Jong Un" in data["article"]["text"]
    stages = {d["stage"] for d in data["decisions"]}
    assert stages == {"heuristic", "site rule"}


def test_command_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(tmp_path / "nope.html"), "-o", str(tmp_path / "r.html")]) == 1
    assert "nope.html" in capsys.readouterr().err


def test_command_writes_a_report_even_without_an_article(tmp_path: Path) -> None:
    # The report is most useful exactly when extraction finds nothing.
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["inspect", str(page), "-o", str(out)]) == 0
    assert "no article found" in out.read_text(encoding="utf-8")


def test_command_open_shows_the_written_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    out = tmp_path / "r.html"
    assert main(["inspect", str(PAGES / "seed-semantic.html"), "-o", str(out), "--open"]) == 0
    assert opened == [out.resolve().as_uri()]


def test_suggested_selector_survives_a_tag_name_that_is_no_css_identifier() -> None:
    tree = parse_fragment("<body><div class='note'><o:p>a</o:p></div><div><o:p>b</o:p></div>")
    node = tree.css("div")[0].child
    assert node is not None
    assert suggest_selector(tree, node, "fallback") == "div.note > *"


def test_suggested_selector_keeps_a_styled_component_name_without_its_hash() -> None:
    tree = parse_fragment(
        "<body><div class='BylineWrapper-ijrfvU'>a</div><div class='Body-x1'>b</div></body>"
    )
    node = tree.css_first("div")
    assert node is not None
    assert suggest_selector(tree, node, "fallback") == 'div[class*="BylineWrapper-"]'
