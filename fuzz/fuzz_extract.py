"""Coverage-guided fuzzing of :func:`cleanscrape.extract` with atheris (libFuzzer).

The contract checked on every input: ``extract`` returns an ``Article`` or
``None``, or raises a ``CleanscrapeError``; the HTML it returns has no
script, style, frame, object, embed or form element, no ``on*`` attribute and
no ``javascript:``/``data:`` URL; its JSON encodes as UTF-8 (no lone
surrogate); and its Markdown, rendered by markdown-it-py with raw HTML allowed
and no link filter of its own, passes the same HTML checks. libFuzzer's own
``-timeout`` and ``-rss_limit_mb`` turn a hang or a memory blow-up into a
reported crash.

Run (see fuzz/README.md)::

    pip install '.[fuzz]'
    python fuzz/make_seeds.py fuzz/corpus
    python fuzz/fuzz_extract.py fuzz/corpus -dict=fuzz/html.dict \
        -max_total_time=3600 -timeout=10 -rss_limit_mb=2048 -max_len=65536
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import cleanscrape
    from cleanscrape import Article, CleanscrapeError


# The output-safety check the property tests use (after the instrumented
# import, so that cleanscrape is instrumented when it is first loaded).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from hostile_support import unsafe_html
from markdown_it import MarkdownIt

# Raw HTML on and the renderer's own scheme filter off: the Markdown must be inert alone.
_MARKDOWN = MarkdownIt("commonmark", {"html": True})
_MARKDOWN.validateLink = lambda url: True


def _check(article: Article | None) -> None:
    if article is None:
        return
    if not isinstance(article, Article):
        raise AssertionError(f"extract returned {type(article).__name__}")
    bad = unsafe_html(article.html)
    if bad is not None:
        raise AssertionError(f"unsafe output: {bad!r}")
    article.to_json().encode("utf-8")  # no lone surrogate in any field
    bad = unsafe_html(_MARKDOWN.render(article.markdown))
    if bad is not None:
        raise AssertionError(f"live Markdown: {bad!r} in {article.markdown!r}")


def test_one_input(data: bytes) -> None:
    """One libFuzzer iteration: the bytes as served, then the same as text with a URL."""
    for document, url in ((data, None), (data.decode("utf-8", "replace"), "https://e.test/a/b")):
        try:
            article = cleanscrape.extract(document, url)
        except CleanscrapeError:
            continue
        _check(article)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
