"""The documentation site (issue 17): its API reference is the public API, its command
reference is written from the parsers, and every page is in the navigation."""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

import cleanscrape
from cleanscrape import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# "::: cleanscrape.extract" renders that object from its docstring and signature.
_DIRECTIVE = re.compile(r"^::: cleanscrape\.(\w+)$", re.MULTILINE)


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_all_is_exactly_the_documented_public_api() -> None:
    documented = _DIRECTIVE.findall((DOCS / "reference.md").read_text(encoding="utf-8"))
    assert len(documented) == len(set(documented))
    assert set(documented) == set(cleanscrape.__all__) - {"__version__"}


def test_every_name_in_all_is_importable() -> None:
    for name in cleanscrape.__all__:
        assert getattr(cleanscrape, name) is not None


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [s for action in parser._actions for s in action.option_strings]


@pytest.mark.parametrize(
    ("arguments", "module"),
    [
        ("", "cleanscrape.cli"),
        ("inspect", "cleanscrape.inspect"),
        ("warc", "cleanscrape.warc"),
        ("rules", "cleanscrape.rules.cli"),
    ],
    ids=["cleanscrape", "inspect", "warc", "rules"],
)
def test_command_reference_is_written_from_the_parsers(arguments: str, module: str) -> None:
    page = _hooks().expand((DOCS / "cli-reference.md").read_text(encoding="utf-8"))
    assert "cli-help:" not in page
    parser = importlib.import_module(module)._build_parser()
    section = page.split(f"## cleanscrape {arguments}".rstrip() + "\n", 1)[1]
    for option in _options(parser):
        assert option in section, option


def _rules_subcommands() -> dict[str, argparse.ArgumentParser]:
    from cleanscrape.rules import cli as rules_cli

    for action in rules_cli._build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("cleanscrape rules has no subcommands")


@pytest.mark.parametrize("name", sorted(_rules_subcommands()))
def test_command_reference_has_every_rules_subcommand(name: str) -> None:
    page = _hooks().expand((DOCS / "cli-reference.md").read_text(encoding="utf-8"))
    heading = f"### cleanscrape rules {name}\n"
    assert heading in page
    section = page.split(heading, 1)[1].split("\n#", 1)[0]
    for option in _options(_rules_subcommands()[name]):
        assert option in section, option


def test_command_reference_shows_a_new_option(monkeypatch: pytest.MonkeyPatch) -> None:
    build = cli._build_parser

    def with_new_option() -> argparse.ArgumentParser:
        parser = build()
        parser.add_argument("--brand-new-option", help="added after the page was written")
        return parser

    monkeypatch.setattr(cli, "_build_parser", with_new_option)
    assert "--brand-new-option" in _hooks().expand("<!-- cli-help: -->")


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        (":meth:<code>to_dict</code> mapping", "<code>to_dict</code> mapping"),
        ("a :class:<code>~cleanscrape.FetchError</code>", "a <code>FetchError</code>"),
        (":func:<code>dataclasses.replace</code>", "<code>dataclasses.replace</code>"),
        ("a ratio:<code>x</code>", "a ratio:<code>x</code>"),
    ],
    ids=["meth", "short-class", "full-func", "not-a-role"],
)
def test_sphinx_roles_in_docstrings_read_as_code(html: str, shown: str) -> None:
    assert _hooks().strip_roles(html) == shown


def test_every_page_is_in_the_site_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        assert f": {page.name}\n" in config, page.name


def _table_names(page: str, section: str) -> set[str]:
    """The `names` in the first column of the first table under ``## `section` ``."""
    text = page.split(f"## `{section}`\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`(\w+)`", row.split(" | ")[0])}


def test_api_guide_describes_every_argument_of_extract() -> None:
    page = (DOCS / "api.md").read_text(encoding="utf-8")
    parameters = set(inspect.signature(cleanscrape.extract).parameters)
    assert parameters - _table_names(page, "extract") == set()


def test_api_guide_describes_every_field_of_article() -> None:
    page = (DOCS / "api.md").read_text(encoding="utf-8")
    fields = {f.name for f in dataclasses.fields(cleanscrape.Article)} | {"markdown"}
    assert fields - _table_names(page, "Article") == set()


_DATACLASSES = [
    name
    for name in cleanscrape.__all__
    if inspect.isclass(getattr(cleanscrape, name))
    and dataclasses.is_dataclass(getattr(cleanscrape, name))
]


@pytest.mark.parametrize("name", _DATACLASSES)
def test_api_reference_describes_every_field(name: str) -> None:
    # The reference renders a docstring's "Attributes:" section; "#:" comments it
    # does not show, leaving a field (Article.sources) in the signature alone.
    cls = getattr(cleanscrape, name)
    doc = inspect.getdoc(cls) or ""
    assert "Attributes:" in doc, name
    described = set(re.findall(r"^    (\w+):", doc.split("Attributes:", 1)[1], re.MULTILINE))
    assert {f.name for f in dataclasses.fields(cls)} - described == set()
