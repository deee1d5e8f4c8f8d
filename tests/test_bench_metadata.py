"""The metadata benchmark's scoring rules (issue #15) on small literal values."""

from __future__ import annotations

import pytest

from benchmarks.metadata_bench import (
    authors_match,
    date_match,
    match,
    normalise,
    reference_names,
    title_match,
)


@pytest.mark.parametrize(
    ("got", "expected", "ok"),
    [
        ("City votes on tram", "City votes on tram", True),
        ("city votes on tram.", "City  Votes on Tram", True),
        ("City votes on tram", "City votes on tram | Example Daily", True),
        ("City votes on tram", "Example Daily - City votes on tram", True),
        ("City votes on tram", "City votes on tram – Example News Network", True),
        ("City votes on tram", "City votes on tram » News » Example Daily", True),
        ("City votes on tram", "City votes on tram | one two three four five six seven", False),
        ("City votes on tram", "City votes on tram | one two three four five six", True),
        # a hyphen inside a word is not a separator
        ("Well", "Well-known facts", False),
        # the reference's headline is not a part of ours
        ("City votes", "City votes on tram | Example Daily", False),
        (None, "City votes on tram", False),
    ],
    ids=[
        "exact",
        "normalised",
        "site-suffix-bar",
        "site-prefix-dash",
        "en-dash",
        "two-part-tail",
        "seven-words-removed",
        "six-words-removed",
        "hyphen-in-word",
        "shorter-headline",
        "none",
    ],
)
def test_title_match(got: str | None, expected: str, ok: bool) -> None:
    assert title_match(got, expected) is ok


@pytest.mark.parametrize(
    ("got", "expected", "ok"),
    [
        (["Jane Doe"], "Jane Doe", True),
        (["JANE DOE"], "jane doe", True),
        (["Jose Alvarez"], "José Álvarez", True),
        (["Jane Doe"], "By Jane Doe", True),
        (["Jane Doe"], "Jane Doe and John Roe", False),
        (["Jane Doe", "John Roe"], "Jane Doe and John Roe", True),
        (["John Roe", "Jane Doe", "Ann Poe"], "Jane Doe, John Roe", True),
        (["Jane Doe"], "Jane Doe, MD, RD", True),
        (["Jane Doe"], "Jane Doe, Ph.D.", True),
        (["Jane Q. Doe"], "Jane Doe", True),
        (["Jane Doe"], "Doe, Jane", True),
        (["Jane"], "Jane Doe", True),
        (["Doe"], "Jane Q. Doe", False),
        (["Jane Doe Staff Writer"], "Jane Doe", False),
        (["Jane Doe"], "By Jane Doe\n March 25, 2015", True),
        ([], "Jane Doe", False),
    ],
    ids=[
        "same",
        "case-folded",
        "accents-folded",
        "by-prefix",
        "one-of-two",
        "both",
        "extra-name-ok",
        "credentials",
        "dotted-credential",
        "middle-initial",
        "last-comma-first",
        "one-word-less",
        "two-words-less",
        "role-glued",
        "date-line-in-reference",
        "nothing",
    ],
)
def test_authors_match(got: list[str], expected: str, ok: bool) -> None:
    assert authors_match(got, expected) is ok


def test_reference_names_drop_dates_and_credentials() -> None:
    assert reference_names("By Jane Doe, MD | May 2, 2020") == [["jane", "doe"]]


@pytest.mark.parametrize(
    ("got", "expected", "ok"),
    [
        ("2024-05-17", "2024-05-17", True),
        ("2024-05-17T23:30:00-05:00", "2024-05-17T23:30:00-05:00", True),
        # the reference's UTC day
        ("2024-05-18", "2024-05-17T23:30:00-05:00", True),
        ("2024-05-16", "2024-05-17T23:30:00-05:00", False),
        ("2024-05-17", "2024-05-17 03:01:00.000000", True),
        ("2015-11-03", "2015-11", True),
        ("2015-12-03", "2015-11", False),
        (None, "2024-05-17", False),
    ],
    ids=[
        "same-day",
        "same-local-day",
        "utc-day",
        "other-day",
        "naive-reference",
        "month-reference",
        "other-month",
        "none",
    ],
)
def test_date_match(got: str | None, expected: str, ok: bool) -> None:
    assert date_match(got, expected) is ok


def test_normalise_folds_width_case_space_and_end_punctuation() -> None:
    assert normalise("  «Ｈello   World!» ") == "hello world"


def test_description_needs_a_value() -> None:
    assert not match("description", None, "Something")
    assert match("description", "Something.", "something")
