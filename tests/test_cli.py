"""The ``cleanscrape`` command, run in-process: formats, targets, output, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import cleanscrape
from cleanscrape.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "article.html"

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Tide mill restored</title><meta property="og:title" content="Tide mill restored">
<meta property="og:image" content="/img/mill.jpg"></head>
<body><article><h1>Tide mill restored</h1>
<p>The old tide mill on the estuary turned again on Sunday for the first time since 1957, after a
restoration that took volunteers eleven years and cost less than a new car.</p>
<p>Flour from the first grinding will be sold at the mill door, and the <a href="/visit">visitor
centre</a> opens in June, with guided tours on the hour.</p>
</article></body></html>"""

NOT_AN_ARTICLE = (
    "<html><head><title>Loading</title></head><body><div id='root'></div></body></html>"
)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "mill.html"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def empty_page(tmp_path: Path) -> Path:
    path = tmp_path / "shell.html"
    path.write_text(NOT_AN_ARTICLE, encoding="utf-8")
    return path


def _expected(path: Path, url: str | None = None) -> cleanscrape.Article:
    article = cleanscrape.extract(path.read_bytes(), url)
    assert article is not None
    return article


# --- formats -------------------------------------------------------------------


def test_default_format_is_the_text(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(page)]) == 0
    assert capsys.readouterr().out == _expected(page).text + "\n"


def test_text_format(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "text", str(page)]) == 0
    assert "tide mill on the estuary" in capsys.readouterr().out


def test_markdown_format_starts_with_the_title(
    page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-f", "markdown", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Tide mill restored\n\n")
    assert _expected(page).markdown.rstrip("\n") in out


def test_json_format_is_the_article_as_json(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", "json", str(page)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Tide mill restored"
    assert data["text"] == _expected(page).text
    assert "markdown" in data


def test_html_format_is_sanitized_body(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", "html", str(page)]) == 0
    out = capsys.readouterr().out
    assert "<p>" in out
    assert "<script" not in out


def test_unknown_format_is_a_usage_error(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", "pdf", str(page)]) == 2
    assert "invalid choice" in capsys.readouterr().err


# --- output and --url --------------------------------------------------------------


def test_output_writes_the_file_and_not_stdout(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    assert main(["-f", "markdown", "-o", str(target), str(page)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8").startswith("# Tide mill restored")


def test_unwritable_output_exits_1_with_one_line(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-dir" / "out.txt"
    assert main(["-o", str(target), str(page)]) == 1
    assert capsys.readouterr().err.startswith(f"cleanscrape: {target}: ")


def test_url_names_the_page_address(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", "json", "--url", "https://mills.example/tide", str(page)]) == 0
    assert json.loads(capsys.readouterr().out)["url"] == "https://mills.example/tide"


def test_url_resolves_relative_addresses(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", "json", "--url", "https://mills.example/tide", str(page)]) == 0
    assert json.loads(capsys.readouterr().out)["image"] == "https://mills.example/img/mill.jpg"


# --- several targets --------------------------------------------------------------


def test_several_targets_in_json_give_json_lines(
    page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-f", "json", str(page), str(EXAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    titles = [json.loads(line)["title"] for line in lines]
    assert titles == ["Tide mill restored", "Harbour's last ferry crew signs off after 40 years"]


def test_several_targets_in_text_are_separated_by_a_rule(
    page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(page), str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    first, second = out.split("\n\n---\n\n")
    assert first == _expected(page).text
    assert second == _expected(EXAMPLE).text + "\n"


def test_several_targets_in_markdown_are_separated_by_a_rule(
    page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-f", "markdown", str(page), str(EXAMPLE)]) == 0
    pieces = capsys.readouterr().out.split("\n\n---\n\n")
    assert [piece.splitlines()[0] for piece in pieces] == [
        "# Tide mill restored",
        "# Harbour's last ferry crew signs off after 40 years",
    ]


# --- stdin -------------------------------------------------------------------------


def test_dash_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["-f", "json", "--url", "https://mills.example/tide", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Tide mill restored"
    assert data["url"] == "https://mills.example/tide"


def test_stdin_bytes_are_decoded_by_their_meta_charset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    html = ARTICLE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "first grinding", "first grinding \u2014 caf\u00e9 flour \u2014"
    )
    stdin = io.TextIOWrapper(io.BytesIO(html.encode("cp1252")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["-"]) == 0
    assert "\u2014 caf\u00e9 flour \u2014" in capsys.readouterr().out


# --- exit codes and errors ------------------------------------------------------------


def test_missing_file_exits_1_with_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.html"
    assert main([str(missing)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"cleanscrape: {missing}: ")


def test_page_without_article_exits_1(empty_page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(empty_page)]) == 1
    assert capsys.readouterr().err == f"cleanscrape: {empty_page}: no article found\n"


def test_binary_file_exits_1_with_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "photo.html"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert main([str(image)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cleanscrape: {image}: ")
    assert "PNG" in err


def test_one_failure_among_several_still_prints_the_others(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.html"
    assert main(["-f", "json", str(missing), str(page)]) == 1
    captured = capsys.readouterr()
    error, article = (json.loads(line) for line in captured.out.splitlines())
    assert article["title"] == "Tide mill restored"
    assert error["source_url"] == str(missing)  # JSON Lines say it too, as batch mode's do
    assert captured.err.startswith(f"cleanscrape: {missing}: ")


def test_one_stderr_line_per_failed_target(
    page: Path, empty_page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.html"
    assert main([str(missing), str(page), str(empty_page)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[1] for line in err] == [str(missing), str(empty_page)]
    assert all(line.startswith("cleanscrape: ") for line in err)


def test_no_target_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-such-option", str(page)]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"cleanscrape {cleanscrape.__version__}\n"


def test_help_shows_options_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--format", "--output", "--url", "--favor", "--comments", "--version"):
        assert option in out
    assert "examples:" in out
    assert "cleanscrape -f json a.html b.html" in out


def test_readme_first_command_works_offline(capsys: pytest.CaptureFixture[str]) -> None:
    """README: ``cleanscrape examples/article.html`` prints the bundled page's text."""
    assert main([str(EXAMPLE)]) == 0
    assert "The Marigold made her final crossing" in capsys.readouterr().out


# --- URLs (a local server; never the internet) -----------------------------------------


def test_url_target_is_fetched(httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    httpserver.expect_request("/story").respond_with_data(
        ARTICLE, content_type="text/html; charset=utf-8"
    )
    assert main(["-f", "json", httpserver.url_for("/story")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Tide mill restored"
    assert data["url"] == httpserver.url_for("/story")


def test_url_target_with_http_error_exits_1(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    url = httpserver.url_for("/gone")
    assert main([url]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"cleanscrape: {url}: ")
    assert "404" in err[0]
