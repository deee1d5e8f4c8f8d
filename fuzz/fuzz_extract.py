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

import sys

import atheris

with atheris.instrument_imports():
    import cleanscrape
    from cleanscrape import Article, CleanscrapeError

_UNSAFE_TAGS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "svg",
        "math",
        "template",
        "base",
        "meta",
        "link",
        "applet",
        "noscript",
    ]
)
_URL_ATTRIBUTES = ("href", "src", "cite", "action", "formaction", "srcset", "poster", "background")
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


def unsafe_tag(html: str) -> str | None:
    """The first element or attribute of ``html`` that breaks the output-safety promise.

    ``html`` is parsed as a browser would (text and attribute values that merely
    mention ``onclick=`` are escaped, hence harmless).
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<body>{html}</body>")
    for node in tree.root.traverse() if tree.root else ():
        if node.tag in _UNSAFE_TAGS:
            return f"<{node.tag}>"
        for name, value in node.attributes.items():
            if name.lower().startswith("on") or name.lower() == "style":
                return f"<{node.tag} {name}>"
            cleaned = "".join((value or "").split()).lower()
            if name.lower() in _URL_ATTRIBUTES and cleaned.startswith(_UNSAFE_SCHEMES):
                return f"<{node.tag} {name}={value!r}>"
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
