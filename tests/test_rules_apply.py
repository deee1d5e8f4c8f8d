"""Applying site rules inside extract(): the rule decides the body and fields."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cleanscrape import extract
from cleanscrape.parse import parse_fragment
from cleanscrape.rules import RuleSet
from cleanscrape.rules.apply import apply_rule

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
PAGE = (FIXTURES / "short-article-long-comments.html").read_text(encoding="utf-8")
URL = "https://notes.example.org/2024/06/bridge-closure"
ARTICLE = (
    "The old town bridge will close to traffic from 1 July",
    "Drivers will be diverted by way of the ring road bridge",
)
COMMENT = "I have lived in this town for forty years"


def _rules(tmp_path: Path, name: str, text: str) -> RuleSet:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return RuleSet.from_dir(folder)


def _text(html: str, url: str | None, rules: RuleSet | None) -> str:
    article = extract(html, url, rules=rules)
    assert article is not None
    return article.text


def test_premise_heuristic_alone_keeps_the_long_comment_thread() -> None:
    # Without a rule, the long thread outweighs the short article: the rules below fix that.
    assert COMMENT in _text(PAGE, URL, None)


def test_user_toml_rule_overrides_the_heuristic_choice(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path, "notes.toml", 'domains = ["notes.example.org"]\n[body]\nselect = ["div.x7"]\n'
    )
    text = _text(PAGE, URL, rules)
    assert all(sentence in text for sentence in ARTICLE)
    assert COMMENT not in text


def test_fivefilters_rule_overrides_the_heuristic_choice(tmp_path: Path) -> None:
    rules = _rules(tmp_path, "notes.example.org.txt", "body: //div[@class='x7']\nprune: no\n")
    text = _text(PAGE, URL, rules)
    assert all(sentence in text for sentence in ARTICLE)
    assert COMMENT not in text


def test_rule_is_found_by_canonical_url_when_no_url_is_given(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path, "notes.toml", 'domains = ["example.org"]\n[body]\nselect = ["div.x7"]\n'
    )
    page = PAGE.replace("<head>", f'<head><link rel="canonical" href="{URL}">')
    assert COMMENT not in _text(page, None, rules)


def test_body_selector_matching_nothing_warns_and_falls_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rules = _rules(tmp_path, "n.toml", 'domains = ["example.org"]\n[body]\nselect = ["#gone"]\n')
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules"):
        text = _text(PAGE, URL, rules)
    assert ARTICLE[0] in text
    assert "no body selector matched" in caplog.text


def test_body_selector_matching_only_empty_elements_falls_back(tmp_path: Path) -> None:
    page = PAGE.replace('<div class="x7">', '<div class="x7x"> </div><div class="x7">')
    rules = _rules(tmp_path, "n.toml", 'domains = ["example.org"]\n[body]\nselect = ["div.x7x"]\n')
    assert ARTICLE[0] in _text(page, URL, rules)


FIELDS_PAGE = """<html><head><meta property="og:title" content="Site | Story">
<meta name="author" content="Desk"></head><body>
<h1 class="hl">The Story</h1><p class="by">By <a class="who">Ann Lee</a> and <a class="who">Bo Ma</a></p>
<time datetime="2024-06-03T09:00:00Z">3 June</time>
<div class="story"><p>First paragraph of the story, long enough to be a paragraph.</p></div>
</body></html>"""


def _fields_rules(tmp_path: Path, fields: str) -> RuleSet:
    text = (
        f'domains = ["example.org"]\n{fields}\n[body]\nselect = ["div.story"]\nremove = [".by"]\n'
    )
    return _rules(tmp_path, "f.toml", text)


def test_title_rule_overrides_metadata(tmp_path: Path) -> None:
    rules = _fields_rules(tmp_path, '[title]\nselect = ["h1.hl"]')
    article = extract(FIELDS_PAGE, URL, rules=rules)
    assert article is not None and article.title == "The Story"


def test_authors_rule_reads_the_byline_that_a_removal_drops(tmp_path: Path) -> None:
    rules = _fields_rules(tmp_path, '[authors]\nselect = ["a.who"]')
    article = extract(FIELDS_PAGE, URL, rules=rules)
    assert article is not None and article.authors == ["Ann Lee", "Bo Ma"]


def test_attribute_suffix_takes_the_attribute(tmp_path: Path) -> None:
    rules = _fields_rules(tmp_path, '[date]\nselect = ["time@datetime"]')
    article = extract(FIELDS_PAGE, URL, rules=rules)
    assert article is not None and article.date == "2024-06-03T09:00:00Z"


def test_field_selector_matching_nothing_keeps_metadata(tmp_path: Path) -> None:
    rules = _fields_rules(tmp_path, '[title]\nselect = ["h1.missing"]')
    article = extract(FIELDS_PAGE, URL, rules=rules)
    assert article is not None and article.title == "Site | Story"


def test_later_field_selector_is_tried_when_the_first_gives_nothing(tmp_path: Path) -> None:
    rules = _fields_rules(tmp_path, '[title]\nselect = ["h1.missing", "xpath://h1[@class=\'hl\']"]')
    article = extract(FIELDS_PAGE, URL, rules=rules)
    assert article is not None and article.title == "The Story"


def test_xpath_string_function_gives_a_field_value(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        "example.org.txt",
        "title: substring-after(//meta[@property='og:title']/@content, '| ')\n"
        "body: //div[@class='story']\n",
    )
    article = extract(FIELDS_PAGE, "https://example.org/a", rules=rules)
    assert article is not None and article.title == "Story"


SPLIT_PAGE = """<html><body><div class="wrap">
<div class="part"><p>Part one of the story.</p></div>
<div class="ad"><p>Buy our product today.</p></div>
<div class="part"><p>Part two of the story.</p></div>
<p class="stray">A stray line between the parts.</p>
<div class="part"><div class="part"><p>Part three of the story.</p></div></div>
</div><div class="side"><p>Sidebar text.</p></div></body></html>"""


@pytest.mark.parametrize(
    "selector", ["div.part", "xpath://div[@class='part']"], ids=["css", "xpath"]
)
def test_several_matches_of_a_body_selector_form_the_body(tmp_path: Path, selector: str) -> None:
    rules = _rules(
        tmp_path, "s.toml", f'domains = ["example.org"]\n[body]\nselect = ["{selector}"]\n'
    )
    text = _text(SPLIT_PAGE, URL, rules)
    assert text.split("\n") == [
        "Part one of the story.",
        "Part two of the story.",
        "Part three of the story.",
    ]


@pytest.mark.parametrize(
    "remove",
    [".ad", "xpath://div[@class='ad']", "div.ad, div.ad p"],
    ids=["css", "xpath", "nested-matches"],
)
def test_removed_elements_are_not_in_the_body(tmp_path: Path, remove: str) -> None:
    rules = _rules(
        tmp_path,
        "s.toml",
        f'domains = ["example.org"]\n[body]\nselect = ["div.wrap"]\nremove = ["{remove}"]\n',
    )
    text = _text(SPLIT_PAGE, URL, rules)
    assert "Part two of the story." in text
    assert "Buy our product" not in text


def test_css_and_xpath_body_selectors_are_tried_in_rule_order(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        "s.toml",
        'domains = ["example.org"]\n[body]\nselect = ["div.nothing", '
        '"xpath://div[@class=\'side\']", "div.wrap"]\n',
    )
    assert _text(SPLIT_PAGE, URL, rules) == "Sidebar text."


def test_fivefilters_strip_id_or_class_matches_part_of_a_class(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path, "example.org.txt", "body: //div[@class='wrap']\nstrip_id_or_class: tray\n"
    )
    assert "stray line" not in _text(SPLIT_PAGE, "https://example.org/a", rules)


def test_fivefilters_strip_image_src_removes_matching_images(tmp_path: Path) -> None:
    # Checked on the container itself: images are the body stage's business after that.
    page = SPLIT_PAGE.replace(
        "<p>Part one",
        '<img src="https://ads.example.net/pixel.gif"><img src="/photo.jpg"><p>Part one',
    )
    rules = _rules(
        tmp_path, "example.org.txt", "body: //div[@class='wrap']\nstrip_image_src: ads.example\n"
    )
    rule = rules.match("https://example.org/a")
    assert rule is not None
    site = apply_rule(parse_fragment(page), rule)
    assert site.container is not None
    html = site.container.html or ""
    assert "pixel.gif" not in html
    assert "photo.jpg" in html


def test_xpath_failing_at_run_time_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rules = _rules(
        tmp_path, "example.org.txt", "body: //div[x:part()]\nbody: //div[@class='wrap']\n"
    )
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules"):
        text = _text(SPLIT_PAGE, "https://example.org/a", rules)
    assert "Part one of the story." in text
    assert "XPath failed" in caplog.text


def test_page_of_another_site_is_left_to_the_heuristic(tmp_path: Path) -> None:
    rules = _rules(tmp_path, "n.toml", 'domains = ["other.net"]\n[body]\nselect = ["div.x7"]\n')
    assert COMMENT in _text(PAGE, URL, rules)


def test_xpath_edit_keeps_non_ascii_text_whatever_charset_the_page_declares(
    tmp_path: Path,
) -> None:
    page = SPLIT_PAGE.replace("<html>", '<html><head><meta charset="iso-8859-1"></head>').replace(
        "Part one of the story.", "Café über — “quoted” 日本語."
    )
    rules = _rules(
        tmp_path, "example.org.txt", "body: //div[@class='wrap']\nstrip: //div[@class='ad']\n"
    )
    assert "Café über — “quoted” 日本語." in _text(page, "https://example.org/a", rules)


# --- removals that would take the page with them (issue 16, case 3) ---------------------

HOLDER = (
    "<html><head><title>Bridge</title></head><body><div class='page'><article>"
    + "".join(f"<p>{sentence}, officials said on Monday morning.</p>" for sentence in ARTICLE)
    + "</article><aside>Promo</aside></div></body></html>"
)


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("root.toml", 'domains = ["notes.example.org"]\n[body]\nremove = ["html"]\n'),
        ("body.toml", 'domains = ["notes.example.org"]\n[body]\nremove = ["body"]\n'),
        ("all.toml", 'domains = ["notes.example.org"]\n[body]\nremove = ["body, html"]\n'),
        (
            "holder.toml",
            'domains = ["notes.example.org"]\n[body]\nselect = ["article"]\n'
            'remove = ["div.page", "aside"]\n',
        ),
        ("notes.example.org.txt", "strip: //html\nstrip: //body\n"),
        ("notes.example.org.txt", "body: //article\nstrip: //div[@class='page']\n"),
    ],
)
def test_a_removal_of_the_root_body_or_the_bodys_holder_is_refused_with_a_warning(
    tmp_path: Path, name: str, rule: str, caplog: pytest.LogCaptureFixture
) -> None:
    rules = _rules(tmp_path, name, rule)
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules.apply"):
        text = _text(HOLDER, URL, rules)
    assert all(sentence in text for sentence in ARTICLE)
    assert "not removing" in caplog.text


def test_a_removal_inside_the_body_still_happens(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        "aside.toml",
        'domains = ["notes.example.org"]\n[body]\nselect = ["div.page"]\n'
        'remove = ["aside"]\n',
    )
    assert "Promo" not in _text(HOLDER, URL, rules)


SECTION_TITLE_PAGE = """<html><head><title>Bridge closes for a month | Local News</title>
<meta property="og:title" content="Bridge closes for a month | Local News">
<meta property="og:site_name" content="Example Org"></head>
<body><div class="story"><h2>Bridge closes for a month</h2><p>A paragraph long enough to be the body of this
story, with words enough for the heuristic and the rule alike.</p></div></body></html>"""


def test_title_rule_og_title_fallback_is_cleaned_like_a_generic_title(tmp_path: Path) -> None:
    rules = _fields_rules(
        tmp_path, "[title]\nselect = [\"h1.hl\", \"meta[property='og:title']@content\"]"
    )
    article = extract(SECTION_TITLE_PAGE, URL, rules=rules)
    assert article is not None and article.title == "Bridge closes for a month"
