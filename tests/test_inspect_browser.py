"""The inspect report in a real browser: headless Chromium, a fresh profile, no network.

Needs Debian's ``chromium`` (``/usr/bin/chromium``, installed by ``.ci/run``) and the
``playwright`` Python package (the ``test`` extra) driving it; Playwright's own
browser downloads are never used. Skipped, with the reason, when either is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleanscrape import extract
from cleanscrape.inspect import build_report

# Starts a Chromium.
pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("CLEANSCRAPE_CHROMIUM", "/usr/bin/chromium"))
PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "seed-obfuscated.html"

if not CHROMIUM.exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CLEANSCRAPE_CHROMIUM)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install '.[test]')"
)

# A fresh, quiet browser: nothing it does on its own reaches the network, and any
# host name fails to resolve, so a report that tried to load something would show it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
GREEN, RED, BLUE = "rgb(26, 127, 55)", "rgb(207, 34, 46)", "rgb(9, 105, 218)"


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    article, explanation = extract(PAGE.read_bytes(), explain=True)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(build_report(article, explanation, target=PAGE.name), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser_page(report_file: Path) -> Iterator[tuple[Any, list[str]]]:
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(report_file.parent / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                requests.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.goto(report_file.as_uri())
        yield page, requests
        context.close()


def _outline(page: Any, selector: str) -> str:
    return str(page.locator(selector).first.evaluate("e => getComputedStyle(e).outlineColor"))


def test_blocks_are_outlined_by_decision(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    assert _outline(page, "#cs-ui-page [data-cs-state=kept]") == GREEN
    assert _outline(page, "#cs-ui-page [data-cs-state=removed]") == RED
    assert _outline(page, "#cs-ui-page [data-cs-container]") == BLUE


def test_panel_shows_the_article_and_the_rule_lines(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    panel = page.locator("#cs-ui-panel")
    assert panel.is_visible()
    assert panel.bounding_box()["width"] > 300
    assert "North Korean leader Kim Jong Un" in page.locator("#cs-ui-article").inner_text()
    assert 'remove = ["' in panel.inner_text()


def test_clicking_a_removed_block_explains_it(
    browser_page: tuple[Any, list[str]], report_file: Path
) -> None:
    page, _ = browser_page
    bio = page.locator("#cs-ui-page [data-cs-state=removed]", has_text="Peter has worked as")
    bio.last.click()
    detail = page.locator("#cs-ui-detail").inner_text()
    assert "REMOVED · heuristic · author bio" in detail
    assert "link_density" in detail
    assert 'remove = ["' in detail
    page.screenshot(path=str(report_file.parent / "report.png"))
    assert (report_file.parent / "report.png").stat().st_size > 10_000


def test_hovering_a_paragraph_shows_it_kept(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.keyboard.press("Escape")  # let go of any block clicked before
    paragraph = page.locator("#cs-ui-page [data-cs-state=kept]", has_text="Arms negotiations")
    paragraph.last.hover()
    assert page.locator("#cs-ui-detail").inner_text().startswith("KEPT · heuristic")


def test_a_rule_line_finds_its_block(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.locator("#cs-ui-panel li[data-cs-goto]").first.click()
    assert page.locator("#cs-ui-page [data-cs-selected]").count() == 1
    assert "REMOVED" in page.locator("#cs-ui-detail").inner_text()


def test_the_report_loads_nothing_and_logs_no_error(
    browser_page: tuple[Any, list[str]], report_file: Path
) -> None:
    _, requests = browser_page
    assert requests == [report_file.as_uri()]
