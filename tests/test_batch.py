"""extract_many: order, isolation of crashing and hanging pages, bounded memory."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest
from warc_builder import article_html

from cleanscrape import Article, Options
from cleanscrape.batch import NO_ARTICLE, PageResult, extract_many


def _pages(count: int) -> list[tuple[str | bytes, str | None]]:
    return [
        (article_html(f"Page {i}", f"Story {i} of the batch."), f"https://example.com/{i}")
        for i in range(count)
    ]


# Test-only extractors: module-level so they pickle by name into the workers.
def kill_on_marker(html: str | bytes, url: str | None, options: Options) -> Article | None:
    """SIGKILL the worker on a page whose URL ends in /kill (as the OOM killer would)."""
    if url and url.endswith("/kill"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _text_article(url)


def exit_on_marker(html: str | bytes, url: str | None, options: Options) -> Article | None:
    """Exit the worker abruptly (no cleanup, as a native abort would) on /exit."""
    if url and url.endswith("/exit"):
        os._exit(3)
    return _text_article(url)


def hang_on_marker(html: str | bytes, url: str | None, options: Options) -> Article | None:
    """Never finish on /hang."""
    if url and url.endswith("/hang"):
        time.sleep(3600)
    return _text_article(url)


def hog_on_marker(html: str | bytes, url: str | None, options: Options) -> Article | None:
    """Ask for 8 GiB on /hog, as a pathological page can."""
    if url and url.endswith("/hog"):
        hoard = bytearray(8 * 1024**3)
        return Article(text=str(len(hoard)), html="")
    return report_pid(html, url, options)


def slow_first(html: str | bytes, url: str | None, options: Options) -> Article | None:
    """Page /0 takes a while; the others are instant."""
    if url and url.endswith("/0"):
        time.sleep(1.0)
    return _text_article(url)


def report_pid(html: str | bytes, url: str | None, options: Options) -> Article | None:
    """An article whose text is the worker's process id."""
    return Article(text=str(os.getpid()), html="")


def _text_article(url: str | None) -> Article:
    return Article(text=f"text of {url}", html="")


def test_results_come_in_input_order() -> None:
    results = list(extract_many(_pages(12), workers=2))
    assert [r.index for r in results] == list(range(12))


def test_each_result_carries_its_article() -> None:
    results = list(extract_many(_pages(5), workers=2))
    assert all(r.article is not None and f"Story {r.index} of" in r.article.text for r in results)


def test_unordered_yields_a_fast_page_before_a_slow_earlier_one() -> None:
    results = list(extract_many(_pages(4), workers=2, ordered=False, extractor=slow_first))
    assert results[0].index != 0
    assert sorted(r.index for r in results) == [0, 1, 2, 3]


def test_killed_worker_fails_only_its_page() -> None:
    pages = _pages(6)
    pages[2] = ("<p>x</p>", "https://example.com/kill")
    results = list(extract_many(pages, workers=2, extractor=kill_on_marker))
    failed = [r for r in results if r.failure is not None]
    assert [(r.index, r.failure.error) for r in failed if r.failure] == [(2, "WorkerCrashed")]
    assert sum(r.ok for r in results) == 5


def test_crash_message_names_the_signal() -> None:
    pages: list[tuple[str | bytes, str | None]] = [("<p>x</p>", "https://example.com/kill")]
    (result,) = extract_many(pages, workers=1, extractor=kill_on_marker)
    assert result.failure is not None and "SIGKILL" in result.failure.message


def test_worker_exiting_abruptly_fails_only_its_page() -> None:
    pages = _pages(4)
    pages[0] = ("<p>x</p>", "https://example.com/exit")
    results = list(extract_many(pages, workers=1, extractor=exit_on_marker))
    assert [r.failure.error if r.failure else "ok" for r in results] == [
        "WorkerCrashed",
        "ok",
        "ok",
        "ok",
    ]


def test_hanging_page_times_out_and_the_rest_go_on() -> None:
    pages = _pages(4)
    pages[1] = ("<p>x</p>", "https://example.com/hang")
    started = time.monotonic()
    results = list(extract_many(pages, workers=2, timeout=2.0, extractor=hang_on_marker))
    assert time.monotonic() - started < 10
    assert [r.failure.error if r.failure else "ok" for r in results] == [
        "ok",
        "PageTimeout",
        "ok",
        "ok",
    ]


def test_library_error_becomes_a_failure_record() -> None:
    pages: list[tuple[str | bytes, str | None]] = [
        (b"%PDF-1.7 binary", "https://example.com/a.pdf")
    ]
    (result,) = extract_many(pages, workers=1)
    assert result.failure is not None and result.failure.error == "NotHTMLError"


def test_page_without_article_is_neither_article_nor_failure() -> None:
    pages: list[tuple[str | bytes, str | None]] = [("<html><body></body></html>", None)]
    (result,) = extract_many(pages, workers=1)
    assert (result.article, result.failure) == (None, None)


def test_page_without_article_serialises_as_no_article() -> None:
    result = PageResult(0, "https://example.com/")
    assert result.to_dict() == {
        "source_url": "https://example.com/",
        "error": NO_ARTICLE.error,
        "message": NO_ARTICLE.message,
    }


def test_input_is_consumed_lazily() -> None:
    pulled = 0

    def pages() -> Iterator[tuple[str | bytes, str | None]]:
        nonlocal pulled
        for page in _pages(1000):
            pulled += 1
            yield page

    results = extract_many(pages(), workers=2, max_pending=4)
    next(results)
    results.close()
    # The first result is yielded once 4 pages are pending; one more may have been taken.
    assert pulled <= 6


def test_workers_are_replaced_after_their_task_quota() -> None:
    results = list(extract_many(_pages(6), workers=1, max_tasks_per_worker=2, extractor=report_pid))
    pids = {r.article.text for r in results if r.article}
    assert len(pids) == 3


def test_zero_workers_extracts_in_this_process() -> None:
    results = list(extract_many(_pages(2), workers=0, extractor=report_pid))
    assert {r.article.text for r in results if r.article} == {str(os.getpid())}


def test_negative_workers_is_rejected() -> None:
    with pytest.raises(ValueError):
        list(extract_many(_pages(1), workers=-1))


def test_page_over_the_memory_limit_fails_alone() -> None:
    pages = _pages(3)
    pages[0] = ("<p>x</p>", "https://example.com/hog")
    results = extract_many(pages, workers=1, memory_limit=1024**3, extractor=hog_on_marker)
    assert [r.failure.error if r.failure else "ok" for r in results] == ["MemoryError", "ok", "ok"]


def test_worker_is_replaced_after_running_out_of_memory() -> None:
    pages = _pages(3)
    pages[1] = ("<p>x</p>", "https://example.com/hog")
    before, _, after = extract_many(pages, workers=1, memory_limit=1024**3, extractor=hog_on_marker)
    assert before.article and after.article and before.article.text != after.article.text


def test_a_workers_log_records_per_page_are_bounded() -> None:
    # A page that logs in a loop grows neither the worker's memory nor the parent's stderr.
    import logging

    from cleanscrape.batch import _MAX_RECORDS_PER_PAGE, _Collect

    collect = _Collect()
    logger = logging.getLogger("cleanscrape.test_bound")
    logger.addHandler(collect)
    try:
        for number in range(_MAX_RECORDS_PER_PAGE * 3):
            logger.warning("line %d", number)
    finally:
        logger.removeHandler(collect)
    assert len(collect.records) == _MAX_RECORDS_PER_PAGE
    assert collect.records[0]["msg"] == "line 0"
