"""Date normalisation: formats and languages pages write dates in."""

from __future__ import annotations

import pytest

from cleanscrape.metadata.dates import date_from_url, parse_date

CASES = [
    ("iso-utc-millis", "2024-05-17T10:00:00.000Z", "2024-05-17T10:00:00Z"),
    ("iso-offset-no-colon", "2015-07-24T05:36:09+0100", "2015-07-24T05:36:09+01:00"),
    ("iso-space-micro", "2017-11-03 03:01:00.000000", "2017-11-03T03:01:00"),
    ("iso-day-only", "2020-09-21", "2020-09-21"),
    ("rfc-2822", "Thu, 17 May 2024 10:00:00 GMT", "2024-05-17T10:00:00Z"),
    ("en-month-first", "March 11, 2015 3:46 PM", "2015-03-11T15:46:00"),
    ("en-abbrev-dot", "Sept. 3, 2020", "2020-09-03"),
    ("en-ordinal", "3rd June 2021", "2021-06-03"),
    ("de", "17. Mai 2024, 10:30 Uhr", "2024-05-17T10:30:00"),
    ("de-numeric", "17.05.2024 um 10:30", "2024-05-17T10:30:00"),
    ("fr", "3 février 2023", "2023-02-03"),
    ("fr-premier", "1er avril 2022", "2022-04-01"),
    ("es", "5 de marzo de 2022", "2022-03-05"),
    ("it", "12 settembre 2019", "2019-09-12"),
    ("pt", "25 de dezembro de 2018", "2018-12-25"),
    ("pl", "1 listopada 2021", "2021-11-01"),
    ("ru", "12 апреля 2021", "2021-04-12"),
    ("nl", "8 maart 2020", "2020-03-08"),
    ("cs", "1. listopadu 2021", "2021-11-01"),
    ("zh-ja", "2024年5月17日", "2024-05-17"),
    ("ko", "2024년 5월 17일", "2024-05-17"),
    ("slashes-ymd", "2024/05/17", "2024-05-17"),
    ("day-month-year-hyphens", "17-May-2024", "2024-05-17"),
    ("es-hyphens-time", "04-ago-2021 5:11:10", "2021-08-04T05:11:10"),
    ("year-month-day-words", "2023 Jan 7", "2023-01-07"),
    ("day-first-unambiguous", "25/12/2020", "2020-12-25"),
    ("unix-seconds", "1700000000", "2023-11-14T22:13:20Z"),
    ("placeholder-year", "0001-01-01T00:00:00Z", None),
    ("impossible-day", "2023-02-30", None),
    ("time-only", "19:30", None),
    ("year-only", "2015", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_ambiguous_slash_date_reads_day_first_by_default() -> None:
    assert parse_date("05/06/2024") == "2024-06-05"


def test_ambiguous_slash_date_reads_month_first_for_us_pages() -> None:
    assert parse_date("05/06/2024", month_first=True) == "2024-05-06"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/2024/05/17/slug/", "2024-05-17"),
        ("https://example.org/news/2024-05-17-slug", "2024-05-17"),
        ("https://example.org/notes/2024-05-17+Slug+words", "2024-05-17"),
        ("https://example.org/2024/13/01/slug", None),
        ("https://example.org/products/1234/56/78", None),
        (None, None),
    ],
    ids=["slashes", "dashes", "plus-slug", "bad-month", "not-a-date", "no-url"],
)
def test_date_from_url(url: str | None, expected: str | None) -> None:
    assert date_from_url(url) == expected
