"""WARC archives: HTML responses become JSON lines; everything else is counted and skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastwarc", reason="the warc extra (FastWARC) is not installed")

from warc_builder import WARC_DATE, WarcWriter, article_html

from cleanscrape.cli import main as cli_main
from cleanscrape.warc import WarcCounts, extract_warc

CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy."


@pytest.fixture()
def archive(tmp_path: Path) -> tuple[Path, list[str]]:
    """warcinfo, request, article, image, iso-8859-2 article, empty page, 404, truncated."""
    w = WarcWriter()
    w.warcinfo()
    w.request("https://news.example.com/a")
    w.response(
        "https://news.example.com/a", article_html("Harbour", "The harbour reopened.").encode()
    )
    w.response("https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    w.response(
        "https://cz.example.com/b",
        article_html("Kůň", CZECH).encode("iso-8859-2"),
        "text/html; charset=iso-8859-2",
    )
    w.response("https://news.example.com/empty", b"<html><body></body></html>")
    w.response(
        "https://news.example.com/gone",
        b"<html><body><p>Not found</p></body></html>",
        status="404 Not Found",
    )
    w.truncated_response("https://news.example.com/cut", article_html("Cut", "Cut short.").encode())
    return w.write(tmp_path / "test.warc.gz"), w.ids


def _lines(path: Path, **kwargs: Any) -> tuple[list[dict[str, Any]], WarcCounts]:
    counts = WarcCounts()
    return list(extract_warc([path], workers=0, counts=counts, **kwargs)), counts


def test_counts_are_exact(archive: tuple[Path, list[str]]) -> None:
    _, counts = _lines(archive[0])
    assert counts == WarcCounts(
        html=3, articles=2, no_article=1, failed=0, non_html=1, broken=1, skipped=3
    )


def test_every_record_is_counted_once(archive: tuple[Path, list[str]]) -> None:
    _, counts = _lines(archive[0])
    assert counts.records == 8


def test_one_line_per_html_response_in_archive_order(archive: tuple[Path, list[str]]) -> None:
    lines, _ = _lines(archive[0])
    ids = archive[1]
    assert [line["warc_record_id"] for line in lines] == [ids[2], ids[4], ids[5]]


def test_line_carries_target_uri_and_date(archive: tuple[Path, list[str]]) -> None:
    lines, _ = _lines(archive[0])
    assert (lines[0]["warc_target_uri"], lines[0]["warc_date"]) == (
        "https://news.example.com/a",
        WARC_DATE,
    )


def test_line_carries_article_fields(archive: tuple[Path, list[str]]) -> None:
    lines, _ = _lines(archive[0])
    assert lines[0]["title"] == "Harbour" and "The harbour reopened." in lines[0]["text"]


def test_http_charset_decodes_a_non_utf8_page(archive: tuple[Path, list[str]]) -> None:
    lines, _ = _lines(archive[0])
    assert CZECH in lines[1]["text"]


def test_page_without_article_gives_a_no_article_line(archive: tuple[Path, list[str]]) -> None:
    lines, _ = _lines(archive[0])
    assert (lines[2]["error"], "text" in lines[2]) == ("NoArticle", False)


def test_binary_served_as_html_counts_as_non_html(tmp_path: Path) -> None:
    w = WarcWriter()
    w.response("https://example.com/x", b"%PDF-1.7\n" + bytes(200), "text/html")
    lines, counts = _lines(w.write(tmp_path / "pdf.warc.gz"))
    assert (lines, counts.non_html, counts.html) == ([], 1, 0)


def test_corrupt_gzip_member_ends_the_file_and_counts_as_broken(tmp_path: Path) -> None:
    w = WarcWriter()
    w.response("https://example.com/1", article_html("One", "First story.").encode())
    member = w.response("https://example.com/2", article_html("Two", "Second story.").encode())
    w.chunks[-1] = member[: len(member) // 2]
    w.response("https://example.com/3", article_html("Three", "Third story.").encode())
    lines, counts = _lines(w.write(tmp_path / "corrupt.warc.gz"))
    assert ([line["title"] for line in lines], counts.broken) == (["One"], 1)


def test_command_writes_json_lines_and_a_summary(
    archive: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    status = cli_main(["warc", str(archive[0]), "-o", str(out), "--workers", "1"])
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (status, len(lines)) == (0, 3)
    assert capsys.readouterr().err.strip() == (
        "cleanscrape warc: 8 records: 3 HTML (2 articles, 1 without article, 0 failed), "
        "1 non-HTML, 1 broken, 3 skipped"
    )


def test_command_reads_several_files_in_order(
    archive: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = WarcWriter()
    w.response("https://example.com/second-file", article_html("Second", "Another file.").encode())
    second = w.write(tmp_path / "second.warc.gz")
    cli_main(["warc", str(archive[0]), str(second), "--workers", "1"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["warc_target_uri"] for line in out][-1] == "https://example.com/second-file"


def test_command_fails_on_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["warc", str(tmp_path / "nope.warc.gz"), "--workers", "0"]) == 1


def test_command_extracts_under_a_worker_memory_limit(
    archive: tuple[Path, list[str]], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    cli_main(["warc", str(archive[0]), "-o", str(out), "--workers", "1", "--memory-limit", "1024"])
    assert sum("text" in json.loads(line) for line in out.read_text().splitlines()) == 2


def test_fsspec_url_is_read(archive: tuple[Path, list[str]]) -> None:
    fsspec = pytest.importorskip("fsspec", reason="fsspec is not installed")
    with fsspec.open("memory://warc-test/test.warc.gz", "wb") as remote:
        remote.write(archive[0].read_bytes())
    counts = WarcCounts()
    list(extract_warc(["memory://warc-test/test.warc.gz"], workers=0, counts=counts))
    assert counts.articles == 2


def test_target_uri_in_angle_brackets_is_unwrapped(tmp_path: Path) -> None:
    w = WarcWriter()
    w.response("<https://example.com/bracketed>", article_html("B", "Bracketed.").encode())
    lines, _ = _lines(w.write(tmp_path / "brackets.warc.gz"))
    assert lines[0]["warc_target_uri"] == "https://example.com/bracketed"


def test_command_applies_a_rules_folder(
    archive: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "news.toml").write_text(
        'domains = ["news.example.com"]\n\n[title]\nselect = ["nav"]\n'
    )
    cli_main(["warc", str(archive[0]), "--workers", "1", "--rules", str(rules)])
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["title"] == "Home"
