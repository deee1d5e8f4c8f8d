"""Where the page's kind is decided: article, forum, product, collection, listing,
documentation or service.

The kind chooses a profile: which cuts and container signals suit the page
(a forum's replies are its content, not a comment section; a listing's links
are its items, not navigation). Evidence comes in two steps, each cheap:

1. What the page declares, as the metadata stage read it: JSON-LD
   ``@type`` values (a regular-expression scan of the script texts), ``og:type``,
   and the shape of its address (``/threads/``, ``/docs/``, ``/category/``).
2. What its structure shows once the blocks are read: a container made of
   teaser cards for other pages (:func:`.kind.is_listing`), a thread of posts
   in boxes named as comments, prices beside "add to cart".

Structure wins over a weak declaration: many article pages carry a product or
a breadcrumb list in their JSON-LD. Every decision keeps its evidence, which
explanations and ``--meta`` show. Accuracy per kind is measured by
``python -m benchmarks.run --corpus wcxb``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from ..models import KINDS, Kind
from . import switches

__all__ = ["KINDS", "Declared", "Kind", "KindDecision", "declared"]


_LD_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"(?:https?://schema\.org/)?([A-Za-z]+)"')
# Declared types, by the kind they name.
_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "ScholarlyArticle",
        "LiveBlogPosting",
        "Report",
        "Recipe",
    }
)
_FORUM_TYPES = frozenset({"DiscussionForumPosting", "QAPage", "SocialMediaPosting"})
_PRODUCT_TYPES = frozenset({"Product", "ProductGroup", "IndividualProduct", "ProductModel"})
_LIST_TYPES = frozenset({"ItemList", "CollectionPage", "SearchResultsPage", "OfferCatalog"})
_DOC_TYPES = frozenset({"TechArticle", "APIReference", "SoftwareSourceCode"})
# A page declaring this many products is a collection of them.
MIN_COLLECTION_PRODUCTS: Final = 3

# Address shapes. Paths are lowercased; each pattern names whole path segments.
_FORUM_PATH = re.compile(
    r"/(?:t|topic|topics|thread|threads|(?:[a-z0-9]+-)?forums?|discussion|discussions|"
    r"community|communities|board|boards|viewtopic\.php|showthread\.php)(?:/|$|\.)|"
    r"/(?:thread|topic)[-_]?\d+(?:[-_.][^/]*)?(?:/|$)|"  # MyBB's thread-123.html
    r"/r/[^/]+/comments/"
)
_QUESTION_PATH = re.compile(r"/questions?/")
_DOC_PATH = re.compile(
    r"(?:^|/|\.)(?:docs?|documentation|api|reference|manual|guides?|handbook|developers?|"
    r"kb|knowledge-?base|man|devguide)(?:/|$|\.)"
)
_LIST_PATH = re.compile(
    r"/(?:category|categories|tag|tags|archive|archives|page/\d+|search|collections?|"
    r"catalog|browse|directory)(?:/[^/]*)?/?$"
)
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/\d\d?/")


@dataclass(frozen=True, slots=True)
class Declared:
    """What the page says of its own kind, before its structure is read."""

    types: frozenset[str] = frozenset()
    products: int = 0
    og_type: str = ""
    path: str = ""
    host: str = ""
    # The page gives a publication date (metadata): it presents itself as dated news.
    dated: bool = False

    @property
    def thread_address(self) -> bool:
        """Whether the address is a discussion thread's (and not a question's)."""
        return bool(_FORUM_PATH.search(self.path)) and not _QUESTION_PATH.search(self.path)

    @property
    def kind(self) -> tuple[Kind | None, str]:
        """The kind the declarations name, if any, and why."""
        types = self.types
        if found := types & _FORUM_TYPES:
            if found == {"QAPage"} and self.thread_address:
                # Forum software declares its threads as questions: the address says
                # the replies are posts, not answers with remarks under them.
                return "forum", "json-ld QAPage at the address of a thread"
            return "forum", f"json-ld {min(found)}"
        if found := types & _DOC_TYPES:
            return "documentation", f"json-ld {min(found)}"
        if found := types & _ARTICLE_TYPES:
            # Articles review products and sit in collections: their own type wins.
            return "article", f"json-ld {min(found)}"
        if self.og_type == "product.group" or self.products >= MIN_COLLECTION_PRODUCTS:
            return "collection", f"{self.products} products declared"
        if self.og_type == "product" or types & _PRODUCT_TYPES:
            return "product", "declared product"
        if found := types & _LIST_TYPES:
            return "listing", f"json-ld {min(found)}"
        if _QUESTION_PATH.search(self.path):
            return "forum", "address of a question"
        if self.thread_address:
            return "forum", "address of a thread"
        if self.og_type == "article" or _DATED_PATH.search(self.path):
            return "article", "declared article"
        if _DOC_PATH.search(self.path) or _DOC_PATH.search(self.host + "/"):
            return "documentation", "address of documentation"
        if _LIST_PATH.search(self.path):
            return "listing", "address of a listing"
        return None, ""


def declared(
    scripts: Iterable[str], og_type: str | None, url: str | None, *, dated: bool = False
) -> Declared:
    """What the page declares: its JSON-LD script texts, its ``og:type``, its address.

    The scripts and meta values are those the metadata stage already collected
    (``metadata.signals.collect``): the page is not searched again. Switched off
    (``signal:declared-types``, ``signal:address-kind``), the types or the address
    declare nothing.
    """
    types: Counter[str] = Counter()
    og = ""
    if switches.is_on("signal:declared-types"):
        for script in scripts:
            types.update(_LD_TYPE.findall(script))
        og = (og_type or "").strip().lower()
    parts = urlsplit(url) if url and switches.is_on("signal:address-kind") else None
    return Declared(
        types=frozenset(types),
        products=types["Product"],
        og_type=og,
        path=parts.path.lower() if parts else "",
        host=parts.netloc.lower() if parts else "",
        dated=dated,
    )


@dataclass(frozen=True, slots=True)
class KindDecision:
    """The page's kind and the evidence for it (shown by explanations and ``--meta``)."""

    kind: Kind
    evidence: str


# What each kind switches off (names from ``switches.names()``): the cuts and
# signals that mistake its content for boilerplate. Measured on the WCXB dev
# split with the true kinds (docs/heuristic.md, "Page kinds").
_LISTING_OFF = frozenset(
    {
        # A listing's items are cards with links: they are its content.
        "link_dense",
        "after_article",
        "orphan_headings",
        "signal:boilerplate-blocks-cost",
        "signal:link-text-no-prose",
        # Items carry their own dates, bylines and counts, and names like "teaser".
        "article_header",
        "date_line",
        "byline",
        "counter",
        "signal:item-names",
    }
)
_PROFILES: Final[dict[Kind, frozenset[str]]] = {
    "article": frozenset(),
    "service": frozenset(),
    # Cross-references and API member lists ("WebSocket.close()" over its one-line
    # summary) are a reference page's content, links and teaser shape as they are.
    "documentation": frozenset({"link_dense", "signal:link-text-no-prose", "signal:teasers-cost"}),
    # Specifications are short label/value lines; reviews and questions sit in boxes
    # named as comments and belong to the product.
    "product": frozenset({"signal:boilerplate-blocks-cost", "signal:short-block-half"}),
    # A thread's posts sit in boxes named as comments or replies, each headed by
    # its author's linked name: they are the content, not comments or teasers.
    "forum": frozenset(
        {
            "signal:boilerplate-blocks-cost",
            "signal:negative-name-half",
            "signal:descend",
        }
    ),
    "listing": _LISTING_OFF,
    "collection": _LISTING_OFF,
}
# Passes that suit some kinds only, switched off in every other profile: a
# product page's "Customer reviews" are its buyers' words; an article's
# "Review" section is the article.
_ONLY_FOR: Final[dict[str, frozenset[Kind]]] = {
    "review_sections": frozenset({"product"}),
    "other_products": frozenset({"product"}),
    "comment_section": frozenset({"article", "documentation", "service", "product"}),
}
PROFILES: Final[dict[Kind, frozenset[str]]] = {
    kind: off | {name for name, kinds in _ONLY_FOR.items() if kind not in kinds}
    for kind, off in _PROFILES.items()
}
# Evidence of a question-and-answer page: comments under an answer are remarks on
# it, not answers. In a discussion thread every reply is a post of the thread.
_QA_EVIDENCE = frozenset({"json-ld QAPage", "address of a question"})
_THREAD_OFF = PROFILES["forum"] | {"post_comments"}


def profile(decision: KindDecision) -> frozenset[str]:
    """What ``decision``'s kind switches off; a discussion thread (a forum page that is
    not a question and its answers) also keeps the posts under its first one."""
    if decision.kind == "forum" and decision.evidence not in _QA_EVIDENCE:
        return _THREAD_OFF
    return PROFILES[decision.kind]
