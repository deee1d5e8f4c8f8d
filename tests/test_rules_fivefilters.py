"""FiveFilters site config files: naming, directives, errors, and the whole public set."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from benchmarks.corpus import find_shared
from cleanscrape.errors import RuleError
from cleanscrape.rules import load_rules
from cleanscrape.rules.fivefilters import parse_fivefilters_rule, site_of_file


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
        _parse("tidy: no\nbody: //article\nreplace_string(<b>): <strong>\nnext_page_link: //a\n")
    lines = [r for r in caplog.records if r.name == "cleanscrape.rules.fivefilters"]
    assert len(lines) == 1
    assert "tidy@1" in lines[0].getMessage() and "next_page_link@4" in lines[0].getMessage()


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
    started = time.monotonic()
    report = load_rules(folder)
    # Generous bound against pathological slowness; the real figure is in benchmarks/.
    assert time.monotonic() - started < 30
    assert report.rules
    assert all(p.path and p.line for p in report.problems)
    files = [f for f in folder.iterdir() if f.suffix == ".txt"]
    assert len(report.rules) + len(report.problems) + len(report.ignored) == len(files)
