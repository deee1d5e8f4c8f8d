"""FiveFilters site config files: naming, directives, errors, and the whole public set."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import find_shared
from cleanscrape import extract
from cleanscrape.errors import RuleError
from cleanscrape.rules import RuleSet, load_rules
from cleanscrape.rules.fivefilters import (
    load_fivefilters_rule,
    parse_fivefilters_rule,
    site_of_file,
)


def _ftr_dir() -> Path | None:
    return find_shared("ftr-site-config")


def _parse(text: str) -> object:
    return parse_fivefilters_rule(
        text, path="/ftr/example.com.txt", domain="example.com", scope="host"
    )


@pytest.mark.parametrize(
    ("name", "site"),
    [
        ("example.com.txt", ("example.com", "host")),
        ("www.example.com.txt", ("example.com", "host")),
        (".example.com.txt", ("example.com", "subdomains")),
        ("news.example.co.uk.txt", ("news.example.co.uk", "host")),
        ("global.txt", None),
        ("LICENSE.txt", None),
    ],
)
def test_file_name_gives_domain_and_scope(name: str, site: tuple[str, str] | None) -> None:
    assert site_of_file(name) == site


def test_directives_become_rule_parts() -> None:
    rule = parse_fivefilters_rule(
        "# comment\n"
        "title: //h1\n"
        "author: //a[@rel='author']\n"
        "date: //time/@datetime\n"
        "body: //div[@id='story']\n"
        "body: //article\n"
        "strip: //aside\n"
        "strip_id_or_class: promo\n"
        "strip_image_src: 'pixel.gif'\n"
        "prune: no\n",
        path="x.txt",
        domain="example.com",
        scope="host",
    )
    assert [s.expression for s in rule.body] == ["//div[@id='story']", "//article"]
    assert [s.kind for s in rule.remove] == ["xpath", "css", "css"]
    assert rule.remove[1].expression == '[class*="promo"], [id*="promo"]'
    assert rule.remove[2].expression == 'img[src*="pixel.gif"]'
    assert (len(rule.title), len(rule.authors), len(rule.date), rule.prune) == (1, 1, 1, False)


def test_test_url_and_test_contains_become_tests_without_fixture() -> None:
    rule = parse_fivefilters_rule(
        "test_url: https://example.com/a\ntest_contains: Some words\ntest_url: https://example.com/b\n",
        path="x.txt",
        domain="example.com",
        scope="host",
    )
    assert [(t.url, t.contains, t.fixture) for t in rule.tests] == [
        ("https://example.com/a", ("Some words",), None),
        ("https://example.com/b", (), None),
    ]


def test_unknown_directives_are_skipped_with_one_debug_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="cleanscrape.rules"):
        _parse(
            "tidy: no\nbody: //article\nreplace_string(<b>): <strong>\nconvert_double_br_tags: yes\n"
        )
    lines = [r for r in caplog.records if r.name == "cleanscrape.rules.fivefilters"]
    assert len(lines) == 1
    assert "tidy@1" in lines[0].getMessage() and "convert_double_br_tags@4" in lines[0].getMessage()


def test_page_links_are_read_as_xpath() -> None:
    rule = _parse(
        "body: //article\nsingle_page_link: //a[@class='print']\nnext_page_link: //a[@rel='next']/@href\n"
    )
    assert [s.expression for s in rule.single_page] == ["//a[@class='print']"]
    assert [s.expression for s in rule.next_page] == ["//a[@rel='next']/@href"]
    assert rule.next_page[0].kind == "xpath"


def test_line_that_is_not_a_directive_names_file_and_line() -> None:
    with pytest.raises(RuleError) as info:
        _parse("body: //article\n\n// a comment in the wrong syntax\n")
    assert str(info.value).startswith("/ftr/example.com.txt:3:")


def test_bad_xpath_names_file_and_line() -> None:
    with pytest.raises(RuleError) as info:
        _parse("title: //h1\nstrip: //div[@class=\n")
    assert info.value.line == 2


def test_bad_prune_value_is_an_error() -> None:
    with pytest.raises(RuleError):
        _parse("prune: maybe\n")


@pytest.mark.corpus
def test_every_public_site_config_loads_or_is_reported_with_its_line() -> None:
    folder = _ftr_dir()
    if folder is None:
        pytest.skip("shared/ftr-site-config not found next to the repository")
    started = time.process_time()
    report = load_rules(folder)
    # Generous bound against pathological slowness; the real figure is in benchmarks/.
    assert time.process_time() - started < 30
    assert report.rules
    assert all(p.path and p.line for p in report.problems)
    files = [f for f in folder.iterdir() if f.suffix == ".txt"]
    assert len(report.rules) + len(report.problems) + len(report.ignored) == len(files)


# --- rules that would make extraction slow (issue 16, case 9) ----------------------------


def _cpu(call: Any) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


def test_a_40kb_directive_line_loads_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "example.com.txt"
    path.write_text("body: //div" + " " * 40_000 + "[@id='x']\n", encoding="utf-8")
    # The old directive pattern took 16 s of CPU on this line; now it is microseconds.
    assert _cpu(lambda: load_fivefilters_rule(path)) < 2


def test_nested_whole_page_xpath_is_skipped_on_a_large_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "example.com.txt").write_text(
        "strip: //*[count(//*[count(//*) > 0]) > 0]\n", encoding="utf-8"
    )
    page = (
        "<article><h1>T</h1>" + "<div><p>A sentence long enough to be prose here.</p></div>" * 750
    )
    rules = RuleSet.from_dir(folder)
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules.apply"):
        seconds = _cpu(lambda: extract(page, "https://example.com/a", rules=rules))
    assert seconds < 10  # 50 s of CPU before the bound
    assert "XPath skipped" in caplog.text


def test_a_whole_page_xpath_still_runs_on_a_small_page(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "example.com.txt").write_text("strip: //p[. = //aside/p]\n", encoding="utf-8")
    page = (
        "<article><h1>T</h1>"
        + "<p>A sentence long enough to be prose here, and then some more.</p>" * 4
        + "<p>Drop me, I am repeated in the aside.</p></article><aside><p>Drop me, I am repeated"
        " in the aside.</p></aside>"
    )
    article = extract(page, "https://example.com/a", rules=RuleSet.from_dir(folder))
    assert article is not None and "Drop me" not in article.text
