"""One bad page never costs the others: poison pages through every output path (issue 16).

A page whose metadata holds a lone surrogate, a charset label naming a
non-text codec, a rule that removes the root, a plugin that calls
``sys.exit``, an input without end: each is that page's problem alone.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import cleanscrape
from cleanscrape import Article, Options
from cleanscrape.cli import main

SURROGATE = re.compile("[\ud800-\udfff]")
STORY = "".join(
    f"<p>Paragraph {i} of the harbour story: the breakwater opened on Tuesday after a long "
    "debate, and engineers say it will protect the old town from winter storms.</p>"
    for i in range(5)
)
# JSON escapes of lone surrogates: json.loads turns them into lone surrogate characters.
POISON_LD = (
    '{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "Harbour \\ud800 news", "description": "About the \\udc00 harbour", '
    '"author": {"@type": "Person", "name": "Jane \\ud800 Doe"}, '
    '"keywords": ["port\\ud800", "sea"], "articleSection": "Local \\udfff news", '
    '"publisher": {"@type": "Organization", "name": "Harbour \\ud800 Times"}}'
)
POISON = (
    f'<html><head><script type="application/ld+json">{POISON_LD}</script></head>'
    f"<body><article><h1>Harbour news</h1>{STORY}</article></body></html>"
)
GOOD = f"<html><head><title>Good</title></head><body><article><h1>Good</h1>{STORY}</article></body></html>"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    return []


# --- case 1: lone surrogates --------------------------------------------------------


def test_lone_surrogates_in_json_ld_never_reach_a_text_field() -> None:
    article = cleanscrape.extract(POISON, "https://news.example.com/a")
    assert article is not None
    fields = article.to_dict()
    assert [s for s in _strings(fields) if SURROGATE.search(s)] == []
    assert article.title == "Harbour \ufffd news"
    assert article.to_json().encode("utf-8")


def _write_pages(tmp_path: Path) -> tuple[Path, Path]:
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(POISON, encoding="utf-8")
    return good, bad


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html"])
def test_json_of_several_targets_keeps_every_page(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = _write_pages(tmp_path)
    out = tmp_path / "out"
    assert main(["-f", fmt, str(good), "-o", str(out)]) == 0
    once = out.read_text(encoding="utf-8").count("Paragraph 4")
    assert main(["-f", fmt, str(bad), str(good), "-o", str(out), "--meta"]) == 0
    assert out.read_text(encoding="utf-8").count("Paragraph 4") == 2 * once


def test_an_unexpected_error_on_one_target_is_that_targets_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = _write_pages(tmp_path)
    real = cleanscrape.cli.extract

    def flaky(data: bytes | str, *args: object, **kwargs: object) -> Article | None:
        if b"ld+json" in data if isinstance(data, bytes) else "ld+json" in data:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cleanscrape.cli, "extract", flaky)
    assert main(["-f", "json", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    error, article = (json.loads(line) for line in captured.out.splitlines())
    assert article["title"] == "Good"
    assert (error["source_url"], error["error"]) == (str(bad), "UnicodeEncodeError")
    assert f"{bad}: internal error (UnicodeEncodeError" in captured.err


def test_inspect_survives_a_poisoned_page(tmp_path: Path) -> None:
    _, bad = _write_pages(tmp_path)
    for fmt in ("json", "html"):
        out = tmp_path / f"report.{fmt}"
        assert main(["inspect", str(bad), "--format", fmt, "-o", str(out)]) == 0
        assert "Harbour" in out.read_text(encoding="utf-8")


def test_inspect_reports_an_unexpected_error_as_its_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, bad = _write_pages(tmp_path)

    def broken(*args: object, **kwargs: object) -> str:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(cleanscrape.inspect, "build_report", broken)
    assert main(["inspect", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    assert "internal error (UnicodeEncodeError" in capsys.readouterr().err


def test_batch_run_survives_a_poisoned_page(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/bad").respond_with_data(POISON, content_type="text/html")
    httpserver.expect_request("/good").respond_with_data(GOOD, content_type="text/html")
    urls = [httpserver.url_for("/bad"), httpserver.url_for("/good")]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["-i", str(tmp_path / "urls.txt"), "-o", str(out), "--workers", "1", "--delay", "0"]
    assert main(args) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["title"] for line in lines) == ["Good", "Harbour \ufffd news"]


def test_batch_line_of_an_unwritable_article_is_its_error_line() -> None:
    from cleanscrape.batch import PageResult
    from cleanscrape.batch_cli import result_line

    poisoned = Article(text="x", title="Harbour \ud800")  # built by hand: nothing scrubbed it
    line, ok = result_line(PageResult(0, "https://a.example/", article=poisoned))
    assert not ok
    assert json.loads(line) == {
        "source_url": "https://a.example/",
        "error": "UnicodeEncodeError",
        "message": json.loads(line)["message"],
    }


def test_warc_run_survives_a_poisoned_record(tmp_path: Path) -> None:
    pytest.importorskip("fastwarc")
    from warc_builder import WarcWriter

    w = WarcWriter()
    w.response("https://news.example.com/bad", POISON.encode())
    w.response("https://news.example.com/good", GOOD.encode())
    path = w.write(tmp_path / "poison.warc.gz")
    out = tmp_path / "out.jsonl"
    assert main(["warc", str(path), "-o", str(out), "--workers", "0"]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["title"] for line in lines] == ["Harbour \ufffd news", "Good"]


# --- case 2: charset labels naming non-text codecs ----------------------------------

NON_TEXT_LABELS = ["zlib", "base64", "hex", "rot13", "uu", "bz2", "quopri", "undefined", "idna"]


@pytest.mark.parametrize("label", NON_TEXT_LABELS)
def test_extract_with_a_meta_charset_naming_a_non_text_codec(label: str) -> None:
    data = f'<meta charset="{label}">{GOOD}'.encode()
    article = cleanscrape.extract(data)
    assert article is not None and article.title == "Good"


@pytest.mark.parametrize("label", NON_TEXT_LABELS)
def test_fetch_with_an_http_charset_naming_a_non_text_codec(
    httpserver: HTTPServer, label: str
) -> None:
    httpserver.expect_request("/a").respond_with_data(
        GOOD.encode(), content_type=f"text/html; charset={label}"
    )
    config = cleanscrape.FetchConfig(retries=0, per_host_delay=0.0)
    page = cleanscrape.fetch(httpserver.url_for("/a"), config=config)
    assert page.text is not None and "Paragraph 4" in page.text
    assert page.encoding == "utf-8"


# --- case 7: the command reads at most the limit plus one byte ------------------------


class _Endless(io.RawIOBase):
    """An endless stream of zero bytes, as /dev/zero; counts what was read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        buffer[:size] = bytes(size)
        self.read_bytes += size
        if self.read_bytes > 64 * 2**20:
            raise AssertionError("read far past the limit")
        return size


def test_stdin_without_end_is_refused_after_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    assert main(["-"]) == 1
    assert "over the limit" in capsys.readouterr().err
    assert endless.read_bytes <= Options().max_input_bytes + 2**20


def test_dev_zero_target_is_refused_in_bounded_memory() -> None:
    import resource
    import subprocess

    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    # Address space enough for the interpreter and the limit twice over, not for more.
    limit = 1536 * 2**20

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "cleanscrape", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=bounded,
        env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent), "PATH": ""},
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "/dev/zero: the file is over the limit" in done.stderr


def test_sparse_file_over_the_limit_is_refused_after_reading_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sparse = tmp_path / "sparse.html"
    with open(sparse, "wb") as f:
        f.truncate(2 * 2**30)  # 2 GB of holes: no disk used
    reads: list[int] = []
    real_open = open

    def spying_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        stream = real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]
        if str(file) == str(sparse):
            real_read = stream.read
            stream.read = lambda n=-1: reads.append(n) or real_read(n)  # type: ignore[method-assign]
        return stream

    monkeypatch.setattr("builtins.open", spying_open)
    assert main([str(sparse)]) == 1
    assert "over the limit" in capsys.readouterr().err
    assert reads and all(0 < n <= Options().max_input_bytes + 1 for n in reads)


def test_url_list_without_line_ends_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endless = tmp_path / "urls.txt"
    endless.write_bytes(b"https://example.com/" + b"a" * 200_000)  # no newline, 200 KB
    assert main(["-i", str(endless), "-o", str(tmp_path / "out.jsonl")]) == 2
    assert "line 1" in capsys.readouterr().err


def test_rule_test_fixture_over_the_limit_fails_that_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleanscrape.rules import testing
    from cleanscrape.rules.model import RuleTest
    from cleanscrape.rules.toml_format import parse_toml_rule

    fixture = tmp_path / "big.html"
    with open(fixture, "wb") as f:
        f.truncate(2 * 2**30)
    rule = parse_toml_rule(
        'domains = ["example.com"]\n[body]\nselect = ["article"]\n', path=str(tmp_path / "r.toml")
    )
    outcome = testing.run_rule_test(
        rule, RuleTest(url="https://example.com/a", fixture=str(fixture), line=1)
    )
    assert outcome.status == "fail"
    # Refused while reading (at most the limit plus one byte), not after reading 2 GB.
    assert outcome.reasons[0] == (
        f"fixture {fixture}: the fixture is over the limit of "
        f"{Options().max_input_bytes:,} bytes (Options.max_input_bytes)"
    )
