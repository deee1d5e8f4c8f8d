"""extract_metadata never raises, whatever the page holds."""

from __future__ import annotations

import html as html_lib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanscrape.metadata import extract_metadata
from cleanscrape.models import Options
from cleanscrape.parse import parse_document

_JSONISH = st.text(alphabet='{}[]":,@ \n\tabcdeghilnoprtuyADPT0123456789-<!>', max_size=300)
_VALUES = st.text(max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=_JSONISH, title=_VALUES, author=_VALUES, date=_VALUES, byline=_VALUES)
def test_arbitrary_values_never_raise(
    script: str, title: str, author: str, date: str, byline: str
) -> None:
    def attr(value: str) -> str:
        return html_lib.escape(value, quote=True)

    page = (
        f"<html lang='{attr(author)}'><head><title>{html_lib.escape(title)}</title>"
        f"<meta property='og:title' content='{attr(title)}'>"
        f"<meta name='author' content='{attr(author)}'>"
        f"<meta property='article:published_time' content='{attr(date)}'>"
        f"<link rel='canonical' href='{attr(byline)}'>"
        f"<script type='application/ld+json'>{script}</script></head>"
        f"<body><h1>{html_lib.escape(title)}</h1><p class='byline'>{html_lib.escape(byline)}</p>"
        f"<time datetime='{attr(date)}'>{html_lib.escape(date)}</time></body></html>"
    )
    meta = extract_metadata(parse_document(page, Options()), "https://example.org/a")
    assert meta.date is None or meta.date[:4].isdigit()


def test_unreadable_urls_are_skipped_not_raised() -> None:
    page = (
        '<link rel=canonical href="http://[bad/x"><meta property=og:image content="http://[x">'
        '<meta property=og:site_name content="http://[x"><title>T</title>'
    )
    meta = extract_metadata(parse_document(page, Options()), "http://[oops/2024/05/17/")
    assert (meta.title, meta.image) == ("T", None)


def test_title_with_thousands_of_separators_returns_quickly() -> None:
    import time

    title = " | ".join(f"word{i}" for i in range(5000))
    started = time.process_time()
    meta = extract_metadata(parse_document(f"<title>{title}</title><h1>x</h1>", Options()), None)
    assert meta.title == title and time.process_time() - started < 10


def test_huge_author_value_returns_quickly() -> None:
    import time

    value = "Jane Doe " + "(with " * 200_000
    page = f'<meta name="author" content="{value}"><title>T</title>'
    started = time.process_time()
    meta = extract_metadata(parse_document(page, Options()), None)
    assert time.process_time() - started < 10
    assert meta.title == "T"
