"""``cleanscrape rules check|new`` and the ``--rules`` option / CLEANSCRAPE_RULES variable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleanscrape.cli import main
from cleanscrape.rules import ENV_VAR, load_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
PAGE = FIXTURES / "short-article-long-comments.html"
URL = "https://notes.example.org/2024/06/bridge-closure"
ARTICLE = "The old town bridge will close to traffic from 1 July"
COMMENT = "I have lived in this town for forty years"
RULE = 'domains = ["notes.example.org"]\n[body]\nselect = ["div.x7"]\n'


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    # A rule's test pages live in its folder.
    (folder / PAGE.name).write_bytes(PAGE.read_bytes())
    return folder


def test_check_passes_on_the_builtin_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    out = capsys.readouterr().out
    assert "theweek.com.toml" in out and ", 0 failing" in out


def test_check_fails_with_file_and_line_on_a_broken_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {"bad.toml": 'domains = ["a.org"]\n[body]\nselect = ["div["]\n'})
    assert main(["rules", "check", str(folder)]) == 1
    assert f"{folder / 'bad.toml'}:3: bad CSS selector" in capsys.readouterr().out


def test_check_fails_when_a_rule_test_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    test = f'[[tests]]\nfixture = "{PAGE.name}"\nurl = "{URL}"\nabsent = ["{ARTICLE}"]\n'
    folder = _folder(tmp_path, {"notes.toml": RULE + test})
    assert main(["rules", "check", str(folder)]) == 1
    assert f"present: '{ARTICLE}'" in capsys.readouterr().out


def test_check_passes_when_the_rule_test_passes(tmp_path: Path) -> None:
    test = f'[[tests]]\nfixture = "{PAGE.name}"\nurl = "{URL}"\ncontains = ["{ARTICLE}"]\nabsent = ["{COMMENT}"]\n'
    folder = _folder(tmp_path, {"notes.toml": RULE + test})
    assert main(["rules", "check", str(folder)]) == 0


def test_check_fails_when_the_test_url_is_not_covered_by_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    test = f'[[tests]]\nfixture = "{PAGE.name}"\nurl = "https://elsewhere.org/a"\n'
    folder = _folder(tmp_path, {"notes.toml": RULE + test})
    assert main(["rules", "check", str(folder)]) == 1
    assert "do not cover https://elsewhere.org/a" in capsys.readouterr().out


def test_check_skips_fivefilters_live_url_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(
        tmp_path, {"example.org.txt": "body: //article\ntest_url: https://example.org/a\n"}
    )
    assert main(["rules", "check", str(folder)]) == 0
    assert "1 skip" in capsys.readouterr().out


def test_new_writes_a_template_that_loads(tmp_path: Path) -> None:
    assert main(["rules", "new", "www.Example.org", "--dir", str(tmp_path)]) == 0
    report = load_rules(tmp_path / "example.org.toml")
    assert report.problems == ()
    assert report.rules[0].domains == ("example.org",)


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "example.org.toml").write_text("keep me")
    assert main(["rules", "new", "example.org", "--dir", str(tmp_path)]) == 1
    assert (tmp_path / "example.org.toml").read_text() == "keep me"


def test_new_refuses_a_name_that_is_not_a_domain(tmp_path: Path) -> None:
    assert main(["rules", "new", "not/a/domain", "--dir", str(tmp_path)]) == 2


def test_rules_option_applies_a_user_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {"notes.toml": RULE})
    assert main(["--rules", str(folder), str(PAGE), "--url", URL]) == 0
    out = capsys.readouterr().out
    assert ARTICLE in out and COMMENT not in out


def test_rules_option_applies_a_fivefilters_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {"notes.example.org.txt": "body: //div[@class='x7']\n"})
    assert main(["--rules", str(folder), str(PAGE), "--url", URL]) == 0
    out = capsys.readouterr().out
    assert ARTICLE in out and COMMENT not in out


def test_rules_option_is_repeatable_and_the_first_folder_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _folder(tmp_path, {"notes.toml": RULE})
    second = tmp_path / "second"
    second.mkdir()
    (second / "notes.toml").write_text(RULE.replace("div.x7", "div.x8"))
    assert main(["--rules", str(first), "--rules", str(second), str(PAGE), "--url", URL]) == 0
    assert COMMENT not in capsys.readouterr().out


def test_rules_option_with_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["--rules", str(tmp_path / "absent"), str(PAGE)]) == 2


def test_rules_option_warns_about_a_bad_file_and_uses_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {"notes.toml": RULE, "bad.toml": "domains = 3\n"})
    assert main(["--rules", str(folder), str(PAGE), "--url", URL]) == 0
    captured = capsys.readouterr()
    assert "bad.toml:1" in captured.err and COMMENT not in captured.out


def test_environment_variable_names_rule_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {"notes.toml": RULE})
    # A missing folder in the list is warned about, not fatal.
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(tmp_path / "absent"), str(folder)]))
    assert main([str(PAGE), "--url", URL]) == 0
    assert COMMENT not in capsys.readouterr().out


# --- fixtures stay in the rule's folder; no rule for a public suffix (issue 16, case 12) ---


@pytest.mark.parametrize(
    "fixture", ["../../../../../../../etc/passwd", "../outside.html", "/etc/passwd"]
)
def test_a_fixture_outside_the_rules_folder_is_refused_and_never_read(
    tmp_path: Path, fixture: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "<html><head><title>SECRET TITLE</title></head><body><p>x</p></body></html>"
    (tmp_path / "outside.html").write_text(secret, encoding="utf-8")
    test = f'[[tests]]\nfixture = "{fixture}"\nurl = "{URL}"\ntitle = "x"\n'
    folder = _folder(tmp_path, {"notes.toml": RULE + test})
    assert main(["rules", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "is outside the rule's folder" in out
    assert "SECRET" not in out and "root:" not in out


def test_a_fixture_linked_out_of_the_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "outside.html").write_text("<title>SECRET</title>", encoding="utf-8")
    test = f'[[tests]]\nfixture = "link.html"\nurl = "{URL}"\n'
    folder = _folder(tmp_path, {"notes.toml": RULE + test})
    (folder / "link.html").symlink_to(tmp_path / "outside.html")
    assert main(["rules", "check", str(folder)]) == 1
    assert "is outside the rule's folder" in capsys.readouterr().out


def test_a_fixture_in_a_subfolder_is_fine(tmp_path: Path) -> None:
    test = f'[[tests]]\nfixture = "pages/{PAGE.name}"\nurl = "{URL}"\ncontains = ["{ARTICLE}"]\n'
    folder = _folder(tmp_path, {"notes.toml": RULE + test})
    (folder / "pages").mkdir()
    (folder / "pages" / PAGE.name).write_bytes(PAGE.read_bytes())
    assert main(["rules", "check", str(folder)]) == 0


@pytest.mark.parametrize("domain", ["co.uk", "github.io", "com", "blogspot.com", "www.co.uk"])
def test_a_toml_rule_for_a_public_suffix_is_refused(
    tmp_path: Path, domain: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = f'domains = ["{domain}"]\n[body]\nselect = ["article"]\n'
    folder = _folder(tmp_path, {"suffix.toml": rule})
    assert main(["rules", "check", str(folder)]) == 1
    assert "suffix.toml:1: " in capsys.readouterr().out


@pytest.mark.parametrize("name", [".co.uk.txt", ".github.io.txt"])
def test_a_fivefilters_rule_for_the_subdomains_of_a_public_suffix_is_refused(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {name: "body: //article\n"})
    assert main(["rules", "check", str(folder)]) == 1
    assert "is a public suffix" in capsys.readouterr().out


def test_a_rule_for_a_site_under_a_public_suffix_is_fine(tmp_path: Path) -> None:
    from cleanscrape.rules import RuleSet

    folder = _folder(tmp_path, {"bbc.toml": 'domains = ["bbc.co.uk", "me.github.io"]\n'})
    assert len(RuleSet.from_dir(folder)) == 1
