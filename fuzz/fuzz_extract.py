"""Coverage-guided fuzzing of :func:`cleanscrape.extract` with atheris (libFuzzer).

The contract checked on every input: ``extract`` returns an ``Article`` or
``None``, or raises a ``CleanscrapeError``; and the HTML it returns has no
script, style, frame, object, embed or form element, no ``on*`` attribute and
no ``javascript:``/``data:`` URL. libFuzzer's own ``-timeout`` and
``-rss_limit_mb`` turn a hang or a memory blow-up into a reported crash.

Run (see fuzz/README.md)::

    pip install '.[fuzz]'
    python fuzz/make_seeds.py fuzz/corpus
    python fuzz/fuzz_extract.py fuzz/corpus -dict=fuzz/html.dict \
        -max_total_time=3600 -timeout=10 -rss_limit_mb=2048 -max_len=65536
"""

from __future__ import annotations

import re
import sys

import atheris

with atheris.instrument_imports():
    import cleanscrape
    from cleanscrape import Article, CleanscrapeError

# What must never be in a tag of Article.html (the sanitizer's promise). Text
# is escaped (``<`` becomes ``&lt;``), so every ``<`` starts a real tag.
_TAG = re.compile(r"<[^>]*>")
_UNSAFE_TAG = re.compile(
    r"^</?\s*(?:script|style|iframe|frame|object|embed|form|svg|math|template|base|meta|link)\b"
    r"|\son[a-z]+\s*="
    r"|\s(?:href|src|cite)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):",
    re.IGNORECASE,
)


def unsafe_tag(html: str) -> str | None:
    """The first tag of ``html`` that breaks the output-safety promise, if any."""
    for tag in _TAG.finditer(html):
        if _UNSAFE_TAG.search(tag.group(0)):
            return tag.group(0)
    return None


def _check(article: Article | None) -> None:
    if article is None:
        return
    if not isinstance(article, Article):
        raise AssertionError(f"extract returned {type(article).__name__}")
    bad = unsafe_tag(article.html)
    if bad is not None:
        raise AssertionError(f"unsafe output: {bad!r}")
    _ = article.markdown  # rendering must not crash either


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
