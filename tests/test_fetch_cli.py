"""The command's fetching options and its one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from test_fetch_servers import ARTICLE, drip_body, raw_server, timed

from cleanscrape.cli import main

REPO = Path(__file__).resolve().parent.parent


def base(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def serve_page(server: HTTPServer, path: str = "/a") -> str:
    server.expect_request(path).respond_with_data(ARTICLE, content_type="text/html")
    return base(server) + path


def test_timeout_option_cuts_a_drip_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with raw_server(drip_body) as server, timed() as t:
        code = main([server.url("/slow"), "--timeout", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert t.seconds < 3.5
    assert err.count("\n") == 1
    assert err.startswith(f"cleanscrape: {server.url('/slow')}: timed out")


def test_command_process_on_drip_returns_in_about_the_timeout() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with raw_server(drip_body) as server, timed() as t:
        done = subprocess.run(
            [sys.executable, "-m", "cleanscrape", server.url("/slow"), "--timeout", "2"],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=30,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "timed out" in done.stderr
    assert t.seconds < 6  # 2 s deadline plus interpreter start-up on a busy machine


def test_url_target_prints_article(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([serve_page(httpserver)]) == 0
    assert "The harbour reopened on Monday" in capsys.readouterr().out


def test_header_option_is_sent_and_repeatable(httpserver: HTTPServer) -> None:
    url = serve_page(httpserver)
    assert main([url, "--header", "X-Api-Key: k1", "--header", "Accept-Language: fr"]) == 0
    headers = httpserver.log[0][0].headers
    assert headers["X-Api-Key"] == "k1"
    assert headers["Accept-Language"] == "fr"


def test_malformed_header_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["http://127.0.0.1:9/", "--header", "no-colon"]) == 2
    assert "not a header" in capsys.readouterr().err


def test_negative_timeout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["http://127.0.0.1:9/", "--timeout", "-1"]) == 2
    assert "timeout" in capsys.readouterr().err


def test_user_agent_option(httpserver: HTTPServer) -> None:
    main([serve_page(httpserver), "--user-agent", "probe/1"])
    assert httpserver.log[0][0].headers["User-Agent"] == "probe/1"


def test_max_bytes_option_with_suffix(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = ARTICLE.replace("</article>", "<p>padding</p>" * 400 + "</article>")
    httpserver.expect_request("/big").respond_with_data(page, content_type="text/html")
    assert main([base(httpserver) + "/big", "--max-bytes", "1K"]) == 1
    assert "larger than the 1024 bytes allowed" in capsys.readouterr().err


def test_retries_option(httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    httpserver.expect_request("/x").respond_with_data("", status=503)
    assert main([base(httpserver) + "/x", "--retries", "0"]) == 1
    assert len(httpserver.log) == 1
    assert "HTTP 503" in capsys.readouterr().err


def test_respect_robots_option(httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    assert main([serve_page(httpserver), "--respect-robots"]) == 1
    assert "robots.txt" in capsys.readouterr().err


def test_proxy_option_sends_requests_through_the_proxy(httpserver: HTTPServer) -> None:
    # The target name does not resolve: the page can only come through the proxy.
    httpserver.expect_request("/via-proxy").respond_with_data(ARTICLE, content_type="text/html")
    code = main(["http://target.invalid/via-proxy", "--proxy", base(httpserver)])
    assert code == 0
    assert httpserver.log[0][0].headers["Host"] == "target.invalid"
