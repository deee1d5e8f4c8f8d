"""The command's batch mode: many URLs, JSON Lines out, order, --resume, progress bar."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import UNRESTRAINED_ARGS, page_html
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from cleanscrape.cli import main as _main

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    """The command, without politeness towards the local test server."""
    return _main([*argv, *UNRESTRAINED_ARGS])


def _url_file(tmp_path: Path, urls: list[str]) -> Path:
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _page_requests(server: HTTPServer) -> int:
    return sum(1 for request, _ in server.log if request.path.startswith("/page/"))


@pytest.mark.slow  # 2,000 fetches and extractions: about 15 s
def test_two_thousand_pages_are_all_fetched_and_extracted(site: HTTPServer, tmp_path: Path) -> None:
    urls = [site.url_for(f"/page/{i}") for i in range(2000)]
    out = tmp_path / "out.jsonl"
    args = ["-i", str(_url_file(tmp_path, urls)), "-o", str(out), "--workers", "2"]
    assert main([*args, "--concurrency", "32"]) == 0
    lines = _read(out)
    assert sorted(line["source_url"] for line in lines) == sorted(urls)
    assert all(line["title"] == "Page " + line["source_url"].rsplit("/", 1)[1] for line in lines)


def test_ordered_output_follows_the_input(site: HTTPServer, tmp_path: Path) -> None:
    urls = [site.url_for("/slow/0")] + [site.url_for(f"/page/{i}") for i in range(1, 10)]
    out = tmp_path / "out.jsonl"
    main(["-i", str(_url_file(tmp_path, urls)), "-o", str(out), "--workers", "1", "--ordered"])
    assert [line["source_url"] for line in _read(out)] == urls


def test_default_output_is_in_completion_order(site: HTTPServer, tmp_path: Path) -> None:
    # The first page is answered only after the nine others (not after a fixed delay,
    # which a loaded machine outlasts), so it completes last.
    served = threading.Semaphore(0)

    def late(request: Request) -> Response:
        deadline = time.monotonic() + 60
        for _ in range(9):
            served.acquire(timeout=max(0.0, deadline - time.monotonic()))
        time.sleep(0.5)  # the others' responses leave the server first
        return Response(page_html(request.path.rsplit("/", 1)[1]), content_type="text/html")

    def counted(request: Request) -> Response:
        served.release()
        return Response(page_html(request.path.rsplit("/", 1)[1]), content_type="text/html")

    site.expect_request(re.compile(r"^/late/0$")).respond_with_handler(late)
    site.expect_request(re.compile(r"^/counted/\d+$")).respond_with_handler(counted)
    urls = [site.url_for("/late/0")] + [site.url_for(f"/counted/{i}") for i in range(1, 10)]
    out = tmp_path / "out.jsonl"
    main(["-i", str(_url_file(tmp_path, urls)), "-o", str(out), "--workers", "1"])
    assert _read(out)[-1]["source_url"] == urls[0]


def test_verbose_lines_come_from_the_worker_processes_too(
    site: HTTPServer, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Batch pages are extracted in worker processes: they log as the command does.
    urls = [site.url_for(f"/page/{i}") for i in (1, 2)]
    out = tmp_path / "out.jsonl"
    assert main(["-v", "-i", str(_url_file(tmp_path, urls)), "-o", str(out), "--workers", "1"]) == 0
    lines = [line for line in capfd.readouterr().err.splitlines() if "site rule:" in line]
    assert sorted(line.split(";")[0] for line in lines) == [f"cleanscrape: info: {u}" for u in urls]
    main(["-i", str(_url_file(tmp_path, urls)), "-o", str(tmp_path / "quiet.jsonl")])
    assert "site rule:" not in capfd.readouterr().err


def test_resume_fetches_only_urls_missing_from_the_output(site: HTTPServer, tmp_path: Path) -> None:
    urls = [site.url_for(f"/page/{i}") for i in range(30)]
    out = tmp_path / "out.jsonl"
    first = ["-i", str(_url_file(tmp_path, urls[:12])), "-o", str(out), "--workers", "1"]
    main(first)
    with out.open("a", encoding="utf-8") as partial:  # the run was killed mid-line
        partial.write('{"source_url": "' + urls[12])
    site.clear_log()
    main(["-i", str(_url_file(tmp_path, urls)), "-o", str(out), "--workers", "1", "--resume"])
    assert _page_requests(site) == 18


def test_resume_leaves_every_url_exactly_once(site: HTTPServer, tmp_path: Path) -> None:
    urls = [site.url_for(f"/page/{i}") for i in range(30)]
    out = tmp_path / "out.jsonl"
    main(["-i", str(_url_file(tmp_path, urls[:12])), "-o", str(out), "--workers", "1"])
    with out.open("a", encoding="utf-8") as partial:
        partial.write('{"source_url": "' + urls[12])
    main(["-i", str(_url_file(tmp_path, urls)), "-o", str(out), "--workers", "1", "--resume"])
    assert sorted(line["source_url"] for line in _read(out)) == sorted(urls)


def test_failure_is_a_json_line_with_type_and_message(site: HTTPServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    urls = [site.url_for("/page/1"), site.url_for("/missing")]
    status = main([*urls, "-f", "json", "-o", str(out), "--workers", "1", "--ordered"])
    failure = _read(out)[1]
    assert (status, failure["error"], bool(failure["message"])) == (1, "HTTPStatusError", True)


def test_several_urls_with_json_format_use_batch_mode(
    site: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [site.url_for("/page/1"), site.url_for("/page/2")]
    main([*urls, "-f", "json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(line["source_url"] for line in lines) == urls


def test_urls_can_come_from_stdin(
    site: HTTPServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(site.url_for("/page/3") + "\n\n"))
    main(["-i", "-", "--workers", "1"])
    assert json.loads(capsys.readouterr().out)["title"] == "Page 3"


def test_resume_without_output_file_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["-i", str(_url_file(tmp_path, ["http://127.0.0.1:9/"])), "--resume"]) == 2


def test_text_format_with_an_input_list_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["-i", str(_url_file(tmp_path, ["http://127.0.0.1:9/"])), "-f", "text"]) == 2


def _run_command(urls_file: Path, out: Path, stderr: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [
        sys.executable,
        "-m",
        "cleanscrape",
        "-i",
        str(urls_file),
        "-o",
        str(out),
        *UNRESTRAINED_ARGS,
    ]
    return subprocess.Popen([*command, "--workers", "1"], stderr=stderr, env=env)


def test_progress_bar_is_drawn_on_a_terminal(site: HTTPServer, tmp_path: Path) -> None:
    urls = _url_file(tmp_path, [site.url_for(f"/page/{i}") for i in range(20)])
    leader, follower = pty.openpty()
    process = _run_command(urls, tmp_path / "out.jsonl", follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the command exited and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    assert b"20/20 done, 0 failed" in shown and b"pages/s" in shown


def test_progress_bar_is_absent_when_piped(site: HTTPServer, tmp_path: Path) -> None:
    urls = _url_file(tmp_path, [site.url_for(f"/page/{i}") for i in range(5)])
    process = _run_command(urls, tmp_path / "out.jsonl", subprocess.PIPE)
    _, errors = process.communicate(timeout=60)
    assert (process.returncode, errors) == (0, b"")


def test_resume_reads_urls_with_escaped_characters(tmp_path: Path) -> None:
    from cleanscrape.batch_cli import _done_urls

    out = tmp_path / "out.jsonl"
    url = 'https://example.com/a"b\\c?q=ü'
    out.write_text(json.dumps({"source_url": url, "title": "x"}) + "\n", encoding="utf-8")
    assert _done_urls(str(out)) == {url}


def test_rules_folder_applies_in_the_workers(site: HTTPServer, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    # For the local server's host: the title from <nav> ("Home"), not the page's own.
    (rules / "local.toml").write_text('domains = ["127.0.0.1"]\n\n[title]\nselect = ["nav"]\n')
    out = tmp_path / "out.jsonl"
    urls = _url_file(tmp_path, [site.url_for("/page/1"), site.url_for("/page/2")])
    main(["-i", str(urls), "-o", str(out), "--workers", "1", "--rules", str(rules)])
    assert [line["title"] for line in _read(out)] == ["Home", "Home"]


def test_missing_rules_folder_is_a_usage_error(tmp_path: Path) -> None:
    urls = _url_file(tmp_path, ["http://127.0.0.1:9/"])
    assert main(["-i", str(urls), "--rules", str(tmp_path / "nope")]) == 2


# --- two runs, one output file (issue 16, case 13) ---------------------------------------


def _first_run(site: HTTPServer, tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], Path]:
    """A batch run in a child process, slowed by a few slow pages; returns when it is writing."""
    urls = [site.url_for(f"/page/{i}") for i in range(20)]
    urls += [site.url_for(f"/slow/{i}") for i in range(3)]
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "cleanscrape", "-i", str(_url_file(tmp_path, urls))]
    command += ["-o", str(out), "--workers", "1", "--concurrency", "1", *UNRESTRAINED_ARGS]
    child = subprocess.Popen(
        [*command, *extra],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
        text=True,
    )
    # Generous: the child only has to start and write its first line.
    for _ in range(600):
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 1:
            break
        time.sleep(0.1)
    return child, out


@pytest.mark.parametrize("resume", [False, True], ids=["new", "resume"])
def test_a_second_run_on_the_same_output_refuses_and_names_the_first(
    site: HTTPServer, tmp_path: Path, resume: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    flag = ["--resume"] if resume else []
    child, out = _first_run(site, tmp_path, *flag)
    try:
        other = [site.url_for(f"/page/{i}") for i in range(100, 110)]
        (tmp_path / "second").mkdir()
        second = ["-i", str(_url_file(tmp_path / "second", other)), "-o", str(out), *flag]
        assert main([*second, "--workers", "1"]) == 1
        assert f"another cleanscrape run (pid {child.pid}) is writing" in capsys.readouterr().err
    finally:
        assert child.wait(timeout=300) == 0, child.stderr.read() if child.stderr else ""
    lines = _read(out)
    assert len(lines) == 23  # the first run's, whole, and nothing of the second
    assert len({line["source_url"] for line in lines}) == 23


def test_single_target_output_is_locked_too(tmp_path: Path) -> None:
    from cleanscrape.output import exclusive_output

    out = tmp_path / "out.txt"
    out.write_text("the other run's output\n")
    page = tmp_path / "p.html"
    page.write_text("<article>" + "<p>A sentence that is long enough to be prose.</p>" * 5)
    with exclusive_output(str(out)):  # another open file: as another process would hold it
        assert _main([str(page), "-o", str(out)]) == 1
    assert out.read_text() == "the other run's output\n"
    assert _main([str(page), "-o", str(out)]) == 0
    assert "long enough" in out.read_text()
    assert not (tmp_path / "out.txt.pid").exists()
