"""Rule plugins: an installed distribution with a ``cleanscrape.rules`` entry point."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cleanscrape import extract
from cleanscrape.rules import plugin_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
PAGE = (FIXTURES / "short-article-long-comments.html").read_text(encoding="utf-8")
URL = "https://notes.example.org/2024/06/bridge-closure"
COMMENT = "I have lived in this town for forty years"


def _install(site: Path, package: str, entry_point: str) -> None:
    """Lay out what ``pip install`` leaves behind: the package and its dist-info."""
    code = site / package
    code.mkdir()
    (code / "__init__.py").write_text('"""Site rules for notes.example.org."""\n')
    (code / "notes.example.org.toml").write_text(
        'domains = ["notes.example.org"]\n[body]\nselect = ["div.x7"]\n'
    )
    info = site / f"{package}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[cleanscrape.rules]\nnotes = {entry_point}\n")


def test_installed_plugin_rules_are_used_by_extract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path, "cs_rules_plugin_a", "cs_rules_plugin_a")
    monkeypatch.syspath_prepend(str(tmp_path))
    article = extract(PAGE, URL)
    assert article is not None
    assert "The old town bridge will close" in article.text
    assert COMMENT not in article.text


def test_plugin_may_name_a_function_returning_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path, "cs_rules_plugin_b", "cs_rules_plugin_b:folder")
    init = tmp_path / "cs_rules_plugin_b" / "__init__.py"
    init.write_text("from pathlib import Path\n\ndef folder():\n    return Path(__file__).parent\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert [r.domains for r in plugin_rules()] == [("notes.example.org",)]


def test_broken_plugin_is_logged_and_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _install(tmp_path, "cs_rules_plugin_c", "cs_rules_plugin_missing")
    monkeypatch.syspath_prepend(str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules"):
        rules = plugin_rules()
    assert len(rules) == 0
    assert "rules plugin 'notes'" in caplog.text


@pytest.mark.parametrize(
    ("package", "body"),
    [
        ("cs_rules_plugin_exit", "import sys\nsys.exit(3)\n"),
        ("cs_rules_plugin_exit_call", "def folder():\n    raise SystemExit('bye')\n"),
        (
            "cs_rules_plugin_base",
            "class Odd(BaseException):\n    pass\n\ndef folder():\n    raise Odd()\n",
        ),
    ],
)
def test_plugin_raising_a_base_exception_is_logged_and_left_out(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    package: str,
    body: str,
) -> None:
    entry = package if "folder" not in body else f"{package}:folder"
    _install(tmp_path, package, entry)
    (tmp_path / package / "__init__.py").write_text(body)
    monkeypatch.syspath_prepend(str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="cleanscrape.rules"):
        article = extract(PAGE, URL)  # the defaults load the plugins: nothing escapes
    assert article is not None
    assert "rules plugin 'notes'" in caplog.text
