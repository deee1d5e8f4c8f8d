"""Where metadata is read: title, authors, date and the other page-level fields.

First version: ``<meta>`` and OpenGraph tags, ``<h1>`` and ``<title>``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from .models import Metadata
from .parse import Tree

__all__ = ["extract_metadata"]

_SPACE = re.compile(r"\s+")


def _meta(tree: Tree, *names: str) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"], meta[name="{name}"]')
        if node is not None:
            value = _SPACE.sub(" ", node.attributes.get("content") or "").strip()
            if value:
                return value
    return None


def extract_metadata(tree: Tree, url: str | None) -> Metadata:
    """Read the page-level fields from the parsed page."""
    h1 = tree.css_first("h1")
    title = _meta(tree, "og:title", "twitter:title")
    if title is None and h1 is not None:
        title = _SPACE.sub(" ", h1.text(deep=True, separator="")).strip() or None
    if title is None:
        node = tree.css_first("title")
        title = _SPACE.sub(" ", node.text()).strip() if node is not None else None
    author = _meta(tree, "author", "article:author")
    image = _meta(tree, "og:image")
    html = tree.css_first("html")
    canonical = tree.css_first('link[rel="canonical"]')
    canonical_url = canonical.attributes.get("href") if canonical is not None else None
    return Metadata(
        title=title or None,
        authors=[author] if author else [],
        date=_meta(tree, "article:published_time", "date", "dc.date"),
        description=_meta(tree, "description", "og:description"),
        site_name=_meta(tree, "og:site_name"),
        image=urljoin(url, image) if url and image else image,
        lang=(html.attributes.get("lang") if html is not None else None) or None,
        url=urljoin(url or "", canonical_url) if canonical_url else url,
    )
