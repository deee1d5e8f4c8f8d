"""The TOML rule format: what loads, and file:line errors for what does not."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cleanscrape.errors import RuleError
from cleanscrape.rules import RuleSet, load_rules
from cleanscrape.rules.toml_format import parse_toml_rule

FULL = """\
domains = ["Example.org", "www.example.net"]
paths = ["/news/"]

[title]
select = ["h1.title", "meta[property='og:title']@content"]
[authors]
select = ".author"
[date]
select = ["time@datetime"]

[body]
select = ["div.story", "xpath://article"]
remove = [
    ".promo",
    "xpath://div[@data-ad]",
]

[[tests]]
fixture = "pages/story.html"
url = "https://example.org/news/a"
contains = ["first"]
absent = ["promo"]
title = "A title"
authors = ["Ann"]
"""


def _error(text: str) -> RuleError:
    with pytest.raises(RuleError) as info:
        parse_toml_rule(text, path="/rules/site.toml")
    return info.value


def test_full_rule_loads_every_part() -> None:
    rule = parse_toml_rule(FULL, path="/rules/site.toml")
    assert rule.domains == ("example.org", "example.net")
    assert rule.paths == ("/news/",)
    assert [s.attribute for s in rule.title] == [None, "content"]
    assert [s.expression for s in rule.authors] == [".author"]
    assert [s.kind for s in rule.body] == ["css", "xpath"]
    assert [s.expression for s in rule.remove] == [".promo", "//div[@data-ad]"]
    assert rule.tests[0].fixture == "/rules/pages/story.html"
    assert rule.tests[0].authors == ("Ann",)


def test_selector_remembers_its_line() -> None:
    rule = parse_toml_rule(FULL, path="/rules/site.toml")
    assert rule.remove[1].line == 15


def test_unknown_top_level_key_names_file_and_line() -> None:
    error = _error('domains = ["a.org"]\n\nbodyy = 1\n')
    assert str(error).startswith("/rules/site.toml:3: unknown key 'bodyy'")


def test_unknown_key_in_a_table_names_its_line() -> None:
    error = _error('domains = ["a.org"]\n[body]\nselect = ["p"]\nremoves = ["x"]\n')
    assert (error.line, "body.removes" in str(error)) == (4, True)


def test_unknown_key_in_a_test_names_its_line() -> None:
    text = 'domains = ["a.org"]\n[[tests]]\nfixture = "f"\nurl = "u"\n[[tests]]\nfixture = "f"\nurl = "u"\ncontain = []\n'
    assert _error(text).line == 8


def test_bad_css_selector_names_the_line_of_the_selector() -> None:
    error = _error('domains = ["a.org"]\n[body]\nselect = [\n  "div.ok",\n  "div[",\n]\n')
    assert (error.path, error.line) == ("/rules/site.toml", 5)
    assert "bad CSS selector" in str(error)


def test_bad_xpath_selector_names_its_line() -> None:
    error = _error('domains = ["a.org"]\n[title]\nselect = ["xpath://h1[@class="]\n')
    assert error.line == 3
    assert "bad XPath" in str(error)


def test_bad_toml_names_its_line() -> None:
    error = _error('domains = ["a.org"]\n[body]\nselect = ["p" "q"]\n')
    assert (error.line, "bad TOML" in str(error)) == (3, True)


def test_toml_unclosed_at_the_end_names_the_last_line() -> None:
    assert _error('domains = ["a.org"]\n[body]\nselect = ["p"\n').line == 3


def test_attribute_suffix_is_refused_in_body_selectors() -> None:
    error = _error('domains = ["a.org"]\n[body]\nremove = ["a@href"]\n')
    assert error.line == 3


def test_attribute_inside_a_css_value_is_not_a_suffix() -> None:
    rule = parse_toml_rule(
        'domains = ["a.org"]\n[body]\nremove = ["a[href*=\'@x\']"]\n', path="s.toml"
    )
    assert rule.remove[0].attribute is None


def test_missing_domains_is_an_error() -> None:
    assert "missing 'domains'" in str(_error('[body]\nselect = ["p"]\n'))


def test_domain_must_look_like_a_domain() -> None:
    assert _error('domains = ["not a domain"]\n').line == 1


def test_path_prefix_must_start_with_a_slash() -> None:
    assert _error('domains = ["a.org"]\npaths = ["news/"]\n').line == 2


def test_test_needs_a_url() -> None:
    assert "needs 'url'" in str(_error('domains = ["a.org"]\n[[tests]]\nfixture = "f.html"\n'))


def test_from_dir_raises_on_a_bad_file_by_default(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('domains = ["a.org"]\nnope = 1\n')
    with pytest.raises(RuleError, match=r"bad\.toml:2"):
        RuleSet.from_dir(tmp_path)


def test_from_dir_not_strict_skips_the_bad_file_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "bad.toml").write_text('domains = ["a.org"]\nnope = 1\n')
    (tmp_path / "good.toml").write_text('domains = ["b.org"]\n')
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules"):
        rules = RuleSet.from_dir(tmp_path, strict=False)
    assert [r.domains for r in rules] == [("b.org",)]
    assert "bad.toml:2" in caplog.text


def test_load_rules_reports_problems_and_ignored_files(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("domains = [\n")
    (tmp_path / "global.txt").write_text("strip: //nav\n")
    (tmp_path / "notes.md").write_text("not a rule")
    report = load_rules(tmp_path)
    assert (len(report.rules), len(report.problems), len(report.ignored)) == (0, 1, 1)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="no such rules folder"):
        RuleSet.from_dir(tmp_path / "absent")


# --- nesting past the parser's recursion (issue 16, case 4) ----------------------------


@pytest.mark.parametrize(
    "value",
    ["[" * 5000 + "]" * 5000, "{a = " * 5000 + "1" + "}" * 5000],
    ids=["arrays", "inline-tables"],
)
def test_toml_nested_5000_deep_is_a_file_line_error(value: str) -> None:
    with pytest.raises(RuleError, match=r"^deep\.toml:3: bad TOML: nested too deeply"):
        parse_toml_rule(f'domains = ["example.org"]\n\nx = {value}\n', path="deep.toml")


def test_deeply_nested_rule_in_the_environment_spoils_no_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from cleanscrape import extract
    from cleanscrape.rules import ENV_VAR

    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    monkeypatch.setenv(ENV_VAR, str(folder))
    page = "<article><h1>T</h1>" + "<p>A sentence long enough to count as prose here.</p>" * 5
    with caplog.at_level(logging.WARNING):
        article = extract(page, "https://example.org/a")
    assert article is not None
    assert "nested too deeply" in caplog.text
