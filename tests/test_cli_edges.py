"""The command at its edges (issue 17): closed pipes, logging, help, targets, aliases, failures."""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from warc_builder import WarcWriter, article_html

import cleanscrape.cli as cli
from cleanscrape.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "article.html"
EMPTY = "<html><head><title>Loading</title></head><body><div id='root'></div></body></html>"


@pytest.fixture
def empty_page(tmp_path: Path) -> Path:
    path = tmp_path / "shell.html"
    path.write_text(EMPTY, encoding="utf-8")
    return path


# --- a closed pipe ends the command quietly --------------------------------------


def _run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the command with a stdout whose reader has gone (as ``| head`` leaves it)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "cleanscrape", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            check=False,
        )
    finally:
        os.close(write_end)


def _assert_quiet_end(done: subprocess.CompletedProcess[bytes]) -> None:
    assert done.returncode in (0, 141), done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert b"BrokenPipe" not in done.stderr
    assert b"Exception ignored" not in done.stderr


def test_closed_pipe_ends_a_single_target_quietly() -> None:
    _assert_quiet_end(_run_into_closed_pipe(str(EXAMPLE)))


def test_closed_pipe_ends_batch_mode_quietly(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"{EXAMPLE}\n{EXAMPLE}\n", encoding="utf-8")
    _assert_quiet_end(_run_into_closed_pipe("-i", str(listing), "--workers", "1"))


def test_closed_pipe_ends_warc_mode_quietly(tmp_path: Path) -> None:
    pytest.importorskip("fastwarc")
    w = WarcWriter()
    w.response("https://example.com/a", article_html("Harbour", "The harbour reopened.").encode())
    archive = w.write(tmp_path / "one.warc.gz")
    _assert_quiet_end(_run_into_closed_pipe("warc", str(archive), "--workers", "0"))


# --- logging ---------------------------------------------------------------------


def test_warnings_show_on_stderr_one_line_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-rules"
    monkeypatch.setenv("CLEANSCRAPE_RULES", str(missing))
    assert main([str(EXAMPLE)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"cleanscrape: warning: CLEANSCRAPE_RULES: {missing}: no such rules folder or file"
    ]


def test_quiet_hides_warnings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("CLEANSCRAPE_RULES", str(tmp_path / "elsewhere"))
    assert main(["-q", str(EXAMPLE)]) == 0
    assert capsys.readouterr().err == ""


@pytest.fixture
def no_url_page(tmp_path: Path) -> Path:
    """A saved page with an article and no URL anywhere (no canonical link, no og:url)."""
    path = tmp_path / "saved.html"
    path.write_text(article_html("Harbour", "The harbour reopened on Monday."), encoding="utf-8")
    return path


@pytest.mark.parametrize("batch", [False, True], ids=["targets", "list"])
def test_rules_variable_is_read_whatever_the_targets(
    batch: bool,
    no_url_page: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """The issue's own example: pages without a URL match no rule, but a wrong
    CLEANSCRAPE_RULES is still reported, once for the whole run."""
    missing = tmp_path / "nonexistent"
    monkeypatch.setenv("CLEANSCRAPE_RULES", str(missing))
    targets = [str(no_url_page), str(no_url_page)]
    if batch:
        listing = tmp_path / "list.txt"
        listing.write_text("\n".join(targets) + "\n", encoding="utf-8")
        targets = ["-i", str(listing)]
    assert main(targets) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"cleanscrape: warning: CLEANSCRAPE_RULES: {missing}: no such rules folder or file"
    ]


def test_inspect_reads_the_rules_variable_whatever_the_page(
    no_url_page: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nonexistent"
    monkeypatch.setenv("CLEANSCRAPE_RULES", str(missing))
    assert main(["inspect", str(no_url_page), "-o", str(tmp_path / "report.html")]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"cleanscrape inspect: warning: CLEANSCRAPE_RULES: {missing}: no such rules folder or file"
    ]


def test_verbose_says_what_was_decided_for_each_page(
    no_url_page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-v", str(no_url_page), str(EXAMPLE)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"cleanscrape: info: {no_url_page}: no URL; charset utf-8 (detected); site rule: none;"
        " article (no other evidence): 60 words in 4 blocks",  # 4 paragraphs of 15 words
        f"cleanscrape: info: {EXAMPLE}: canonical URL https://news.example.com/2024/05/harbour;"
        " charset utf-8 (the page's <meta> declaration); site rule: none;"
        " article (json-ld NewsArticle): 158 words in 9 blocks",
    ]
    assert main([str(no_url_page), str(EXAMPLE)]) == 0
    assert capsys.readouterr().err == ""


def test_verbose_names_the_site_rule_and_a_kind_not_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example.org.toml").write_text(
        'domains = ["example.org"]\n[body]\nselect = ["article"]\n', encoding="utf-8"
    )
    page = tmp_path / "page.html"
    page.write_text(article_html("Harbour", "The harbour reopened."), encoding="utf-8")
    args = ["-vv", "--rules", str(rules), "--url", "https://example.org/a", "--kinds", "forum"]
    assert main([*args, str(page)]) == 1
    info = [line for line in capsys.readouterr().err.splitlines() if ": info: " in line]
    assert len(info) == 1
    assert info[0].startswith(f"cleanscrape: info: {page}: URL https://example.org/a;")
    assert "site rule: " + str(rules / "example.org.toml") + " (body: article);" in info[0]
    assert info[0].endswith("; not a kind asked for: no article")


def test_nothing_is_described_without_verbose(
    no_url_page: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cleanscrape.core as core

    def described(*args: Any) -> str:
        raise AssertionError("the -v line was computed without -v")

    monkeypatch.setattr(core, "_decisions", described)
    assert main([str(no_url_page)]) == 0
    assert main(["-v", str(no_url_page)]) == 1  # the same page, now described


@pytest.fixture
def logs_info(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction logs one info record and one warning with a multi-line exception."""
    extract = cli.extract

    def logging_extract(*args: Any, **kwargs: Any) -> Any:
        log = logging.getLogger("cleanscrape.core")
        log.info("looked at the page")
        try:
            raise ValueError("first line\nsecond line")
        except ValueError:
            log.warning("odd page", exc_info=True)
        return extract(*args, **kwargs)

    monkeypatch.setattr(cli, "extract", logging_extract)


@pytest.mark.usefixtures("logs_info")
def test_verbose_shows_info_and_warnings_stay_on_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(EXAMPLE)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "cleanscrape: warning: odd page (internal error (ValueError: first line))"
    ]
    assert main(["-v", str(EXAMPLE)]) == 0
    assert "cleanscrape: info: looked at the page" in capsys.readouterr().err.splitlines()


@pytest.mark.usefixtures("logs_info")
def test_logging_is_left_as_it_was_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    package = logging.getLogger("cleanscrape")
    handlers, level = list(package.handlers), package.level
    main(["-v", str(EXAMPLE)])
    assert (package.handlers, package.level) == (handlers, level)


# --- help ------------------------------------------------------------------------


def _every_subcommand() -> list[str]:
    """Every subcommand the parsers accept: ``inspect``, ``warc``, ``rules check`` and so on."""
    from cleanscrape.rules import cli as rules_cli

    found = [name for name in cli._SUBCOMMANDS if name != "rules"]
    for action in rules_cli._build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            found += [f"rules {name}" for name in action.choices]
    return found


def test_every_subcommand_is_found() -> None:
    assert {"inspect", "warc", "rules check", "rules new"} <= set(_every_subcommand())


@pytest.mark.parametrize("subcommand", _every_subcommand(), ids=lambda s: s)
def test_help_lists_every_subcommand_with_a_description(
    subcommand: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    section = out.split("subcommands", 1)[1].split("examples:", 1)[0]
    lines = [line for line in section.splitlines() if f" {subcommand} " in line]
    assert len(lines) == 1
    assert len(lines[0].split(subcommand, 1)[1].split()) >= 4  # a description follows


def test_rules_check_verbose_says_more(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    plain = capsys.readouterr().out
    assert main(["rules", "check", "-v"]) == 0
    verbose = capsys.readouterr().out
    passes = [line for line in verbose.splitlines() if line.startswith("PASS ")]
    assert len(passes) >= 10
    assert "contains" in passes[0]
    assert "PASS " not in plain


# --- targets ---------------------------------------------------------------------


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The URLs the command fetches (nothing leaves the machine: the fetch fails)."""
    urls: list[str] = []

    def scrape_pages(fetcher: Any, url: str, **kwargs: Any) -> Any:
        urls.append(url)
        raise cli.CleanscrapeError("not fetched in tests")

    monkeypatch.setattr(cli, "scrape_pages", scrape_pages)
    yield urls


def test_host_without_scheme_is_fetched_as_https_and_says_so(
    fetched: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["www.example.com/a"]) == 1
    assert fetched == ["https://www.example.com/a"]
    assert "fetching https://www.example.com/a" in capsys.readouterr().err


def test_host_without_scheme_in_a_list_says_so_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Batch mode warns of ``https://`` as a single target does (nothing is fetched)."""
    from cleanscrape import batch_cli
    from cleanscrape.batch import PageFailure, PageResult

    fetched: list[str] = []

    def fetched_results(urls: list[str], *args: Any) -> Iterator[PageResult]:
        for index, url in enumerate(urls):
            fetched.append(url)
            yield PageResult(index, url, failure=PageFailure("FetchError", "not fetched in tests"))

    monkeypatch.setattr(batch_cli, "_fetched_results", fetched_results)
    monkeypatch.chdir(tmp_path)
    listing = tmp_path / "list.txt"
    listing.write_text("www.example.com/a\n", encoding="utf-8")
    assert main(["-i", str(listing)]) == 1
    assert fetched == ["https://www.example.com/a"]
    assert capsys.readouterr().err.splitlines() == [
        "cleanscrape: warning: www.example.com/a: no such file: fetching https://www.example.com/a",
        "cleanscrape: https://www.example.com/a: not fetched in tests",
    ]


@pytest.mark.parametrize("name", ["missing.html", "notes.txt", "saved/page.htm", "page"])
def test_missing_file_names_stay_files(
    name: str,
    fetched: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([name]) == 1
    assert fetched == []
    assert capsys.readouterr().err == f"cleanscrape: {name}: No such file or directory\n"


def test_existing_file_named_like_a_host_is_read(
    fetched: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("example.com").write_bytes(EXAMPLE.read_bytes())
    assert main(["example.com"]) == 0
    assert fetched == []


def test_other_schemes_are_unsupported_not_missing_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ftp://example.com/a.html"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cleanscrape: ftp://example.com/a.html: unsupported scheme 'ftp'")
    assert "No such file" not in err


@pytest.mark.parametrize(
    "option", ["--timeout", "--render-timeout", "--retries", "--max-pages"], ids=lambda o: o
)
def test_negative_numbers_are_usage_errors_naming_the_option(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([option, "-1", str(EXAMPLE)]) == 2
    assert f"argument {option}:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--concurrency", "0"),
        ("--workers", "-1"),
        ("--per-host", "0"),
        ("--memory-limit", "-5"),
        ("--delay", "-1"),
        ("--delay", "nan"),
    ],
    ids=lambda o: o,
)
def test_bad_batch_numbers_are_usage_errors_naming_the_option(
    option: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"{EXAMPLE}\n", encoding="utf-8")
    assert main([option, value, "-i", str(listing)]) == 2
    assert f"argument {option}:" in capsys.readouterr().err


def test_url_list_takes_files_and_urls(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/story").respond_with_data(
        article_html("Harbour", "The harbour reopened."), content_type="text/html"
    )
    listing = tmp_path / "list.txt"
    listing.write_text(f"{EXAMPLE}\n{httpserver.url_for('/story')}\n", encoding="utf-8")
    assert main(["-i", str(listing), "--workers", "1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(line["source_url"] for line in lines) == sorted(
        [str(EXAMPLE), httpserver.url_for("/story")]
    )
    assert all("text" in line for line in lines)


# --- failures are reported the same way whatever the targets -----------------------


def test_json_output_of_files_has_error_lines_as_batch_mode_does(
    empty_page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.html"
    assert main(["-f", "json", str(EXAMPLE), str(missing), str(empty_page)]) == 1
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    assert "text" in lines[0]
    assert lines[1] == {
        "source_url": str(missing),
        "error": "FileNotFoundError",
        "message": "No such file or directory",
    }
    assert lines[2] == {
        "source_url": str(empty_page),
        "error": "NoArticle",
        "message": "no article found",
    }
    assert len(out.err.splitlines()) == 2


def test_json_lines_of_files_are_the_same_with_or_without_a_list(
    no_url_page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several files with -f json give the lines -i gives: source_url (the path) first."""
    files = [str(no_url_page), str(EXAMPLE)]
    assert main(["-f", "json", *files]) == 0
    targets = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")
    assert main(["-i", str(listing)]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["source_url"] for line in targets] == files
    assert [list(line) for line in targets] == [list(line) for line in listed]
    assert targets == listed


def test_batch_failures_also_get_one_stderr_line(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    missing = tmp_path / "nope.html"
    listing = tmp_path / "list.txt"
    listing.write_text(f"{missing}\n{httpserver.url_for('/gone')}\n", encoding="utf-8")
    assert main(["-i", str(listing), "--workers", "1"]) == 1
    out = capsys.readouterr()
    assert [json.loads(line)["error"] for line in out.out.splitlines()] == [
        "FileNotFoundError",
        "HTTPStatusError",
    ]
    err = out.err.splitlines()
    assert err[0] == f"cleanscrape: {missing}: No such file or directory"
    assert err[1].startswith(f"cleanscrape: {httpserver.url_for('/gone')}: ")


def test_warc_exits_1_when_a_record_has_no_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("fastwarc")
    w = WarcWriter()
    w.response("https://example.com/a", article_html("Harbour", "The harbour reopened.").encode())
    whole = w.write(tmp_path / "whole.warc.gz")
    w.response("https://example.com/empty", EMPTY.encode())
    with_empty = w.write(tmp_path / "with-empty.warc.gz")
    assert main(["warc", str(whole), "--workers", "0"]) == 0
    assert main(["warc", str(with_empty), "--workers", "0"]) == 1


# --- trafilatura's shortcuts -----------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "ours"),
    [
        (["--json"], ["-f", "json"]),
        (["--markdown"], ["-f", "markdown"]),
        (["--html"], ["-f", "html"]),
        (["--precision"], ["--favor", "precision"]),
        (["--recall"], ["--favor", "recall"]),
        (["--with-metadata"], ["--meta"]),
    ],
    ids=lambda a: a[0],
)
def test_trafilatura_shortcuts_are_aliases(alias: list[str], ours: list[str]) -> None:
    parser = cli._build_parser()
    assert parser.parse_args([*alias, "page.html"]) == parser.parse_args([*ours, "page.html"])
    assert parser.parse_args([*alias, "page.html"]) != parser.parse_args(["page.html"])


def test_a_shortcut_gives_the_same_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--markdown", "--with-metadata", str(EXAMPLE)]) == 0
    given = capsys.readouterr().out
    assert main(["-f", "markdown", "--meta", str(EXAMPLE)]) == 0
    assert given == capsys.readouterr().out
