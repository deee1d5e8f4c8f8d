"""WARC archives: HTML responses become JSON lines; everything else is counted and skipped."""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
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


def test_corrupt_gzip_member_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    w = WarcWriter()
    w.response("https://example.com/1", article_html("One", "First story.").encode())
    member = w.response("https://example.com/2", article_html("Two", "Second story.").encode())
    w.chunks[-1] = member[: len(member) // 2]
    w.response("https://example.com/3", article_html("Three", "Third story.").encode())
    lines, counts = _lines(w.write(tmp_path / "corrupt.warc.gz"))
    assert [line["title"] for line in lines] == ["One", "Three"]
    assert counts.lost == 1


def test_command_writes_json_lines_and_a_summary(
    archive: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    status = cli_main(["warc", str(archive[0]), "-o", str(out), "--workers", "1"])
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (status, len(lines)) == (1, 3)  # 1: a page without article, as the README says
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


# --- bounded memory, and reading on past damage (issue 16, cases 5 and 6) ---------------

_ZEROS_MEMBER = gzip.compress(bytes(1 << 20))  # 1 MiB of zeros in about 1 KB


def _child_warc(
    path: Path, *args: str, address_space_mb: int = 1536
) -> subprocess.CompletedProcess[str]:
    """``cleanscrape warc`` in a child allowed ``address_space_mb`` of address space."""
    limit = address_space_mb * 2**20

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "cleanscrape", "warc", str(path), "--workers", "0", *args],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=bounded,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        check=False,
    )


def test_gzip_bomb_body_is_skipped_as_oversize_in_bounded_memory(tmp_path: Path) -> None:
    w = WarcWriter()
    bomb = _ZEROS_MEMBER * 3072  # a 3 MB body that decodes to 3 GiB
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(bomb)}\r\n\r\n".encode()
        + bomb
    )
    w.record("response", "https://example.com/bomb", http, "application/http; msgtype=response")
    w.response("https://example.com/after", article_html("After", "The next story.").encode())
    out = tmp_path / "out.jsonl"
    done = _child_warc(w.write(tmp_path / "bomb.warc.gz"), "-o", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    assert [json.loads(line)["title"] for line in out.read_text().splitlines()] == ["After"]
    assert "1 skipped (1 over the size limit)" in done.stderr


def test_record_declaring_gigabytes_is_read_past_in_bounded_memory(tmp_path: Path) -> None:
    w = WarcWriter()
    w.response("https://example.com/before", article_html("Before", "The first story.").encode())
    size = 2 * 2**30  # 2 GiB of block, in 2 MB of gzip members
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:big>\r\n"
        f"WARC-Target-URI: https://example.com/big\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    w.chunks.append(gzip.compress(head) + _ZEROS_MEMBER * (size >> 20) + gzip.compress(b"\r\n\r\n"))
    w.response("https://example.com/after", article_html("After", "The next story.").encode())
    out = tmp_path / "out.jsonl"
    done = _child_warc(w.write(tmp_path / "big.warc.gz"), "-o", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    titles = [json.loads(line)["title"] for line in out.read_text().splitlines()]
    assert titles == ["Before", "After"]
    assert "(1 over the size limit)" in done.stderr


@pytest.mark.parametrize("compressed", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("padding", [200_000, 5], ids=["long-block", "short-block"])
@pytest.mark.parametrize("declared", [10 * 2**30, 10**90], ids=["10GB", "beyond-any-index"])
def test_an_oversize_record_cut_short_does_not_swallow_the_records_after_it(
    tmp_path: Path, compressed: bool, padding: int, declared: int
) -> None:
    # A record may declare far more than the file holds: the records after it
    # must still be read (the declared size is a claim, not a count to skip).
    # A length past any index (found by fuzz_warc) raised OverflowError.
    w = WarcWriter()
    w.response("https://example.com/before", article_html("Before", "The first story.").encode())
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:cut>\r\n"
        f"WARC-Target-URI: https://example.com/cut\r\nContent-Length: {declared}\r\n\r\n"
    ).encode()
    w.chunks.append(gzip.compress(head + bytes(padding)))
    w.response("https://example.com/after", article_html("After", "The next story.").encode())
    w.response("https://example.com/last", article_html("Last", "The last story.").encode())
    path = w.write(tmp_path / "cut.warc.gz")
    if not compressed:
        path = tmp_path / "cut.warc"
        path.write_bytes(b"".join(gzip.decompress(chunk) for chunk in w.chunks))
    lines, counts = _lines(path, max_bytes=100_000)
    assert [line["title"] for line in lines] == ["Before", "After", "Last"]
    assert counts.oversize == 1


def test_max_bytes_option_bounds_the_decoded_body(tmp_path: Path) -> None:
    w = WarcWriter()
    w.response("https://example.com/a", article_html("Long", "A long story. " * 20_000).encode())
    w.response("https://example.com/b", article_html("Short", "A short story.").encode())
    lines, counts = _lines(w.write(tmp_path / "a.warc.gz"), max_bytes=100_000)
    assert [line["title"] for line in lines] == ["Short"]
    assert (counts.oversize, counts.skipped) == (1, 1)


def test_empty_gzip_member_between_records_does_not_end_the_file(tmp_path: Path) -> None:
    w = WarcWriter()
    w.response("https://example.com/1", article_html("One", "First story.").encode())
    w.chunks.append(gzip.compress(b""))
    w.response("https://example.com/2", article_html("Two", "Second story.").encode())
    path = w.write(tmp_path / "empty.warc.gz")
    lines, counts = _lines(path)
    assert [line["title"] for line in lines] == ["One", "Two"]
    assert counts.lost == 0
    assert cli_main(["warc", str(path), "-o", str(tmp_path / "o.jsonl"), "--workers", "0"]) == 0


@pytest.mark.parametrize("compressed", [True, False], ids=["gzip", "plain"])
def test_garbage_between_records_is_skipped_counted_and_fails_the_run(
    tmp_path: Path, compressed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    w = WarcWriter()
    w.response("https://example.com/1", article_html("One", "First story.").encode())
    w.chunks.append(b"this is no record\r\n" * 50)
    w.response("https://example.com/2", article_html("Two", "Second story.").encode())
    w.chunks.append(b"\x00\xff" * 3000)
    w.response("https://example.com/3", article_html("Three", "Third story.").encode())
    if not compressed:
        w.chunks = [c if c[:2] != b"\x1f\x8b" else gzip.decompress(c) for c in w.chunks]
    path = w.write(tmp_path / ("garbage.warc.gz" if compressed else "garbage.warc"))
    lines, counts = _lines(path)
    assert [line["title"] for line in lines] == ["One", "Two", "Three"]
    assert counts.lost == 2
    assert cli_main(["warc", str(path), "-o", str(tmp_path / "o.jsonl"), "--workers", "0"]) == 1
    assert "2 unreadable stretches skipped" in capsys.readouterr().err


@pytest.mark.parametrize("length", ["132\r\x1f", "１３２", "²", "-1", ""])
def test_a_content_length_that_is_no_number_is_a_broken_record(tmp_path: Path, length: str) -> None:
    # Found by fuzz_warc (issue 16's run): "132\r\x1f" passed strip().isdigit(), not int().
    w = WarcWriter()
    w.chunks.append(
        gzip.compress(
            f"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {length}\r\n\r\nHTTP/1.1 200 OK\r\n\r\n".encode()
        )
    )
    w.response("https://example.com/after", article_html("After", "The next story.").encode())
    lines, counts = _lines(w.write(tmp_path / "length.warc.gz"))
    assert [line["title"] for line in lines] == ["After"]
    assert counts.broken + counts.lost == 1  # not HTML, and no exception
