"""Switches that turn single cuts and container signals off, for measuring them.

``python -m benchmarks.ablate`` switches each mechanism off in turn and
measures what the development corpora lose without it. Extraction itself
never touches these: every mechanism is on unless a benchmark says otherwise.
The state is per process (benchmarks run one configuration at a time).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["SIGNALS", "disabled", "is_on", "names", "off"]

#: Container-scoring signals (container.py), switchable like the cuts.
SIGNALS: tuple[str, ...] = (
    "signal:boilerplate-blocks-cost",  # comment/consent/teaser blocks count against a box
    "signal:teasers-cost",  # ... teaser blocks among them (off: only comments and consent)
    "signal:link-text-no-prose",  # link text is not prose
    "signal:short-block-half",  # short blocks count half
    "signal:negative-name-half",  # prose in boxes named like boilerplate counts half
    "signal:strong-name-bonus",  # a CMS body marker adds to its box
    "signal:leads",  # lead paragraphs set apart before the container join it
    "signal:intro",  # intro paragraphs beside a list/table container join it
    "signal:descend",  # a child holding nearly all the container's prose is the container
    "signal:item-names",  # a boilerplate name counts on a repeated item (cut: boilerplate_box)
    # Page-level mechanisms, switchable for the same measurement:
    "signal:overlays",  # popovers and modal dialogs are dropped before the walk
    "signal:streamed-boundaries",  # React's streamed parts are put back in their place
    "signal:noscript-content",  # a <noscript> of 500+ characters of markup is content
    "signal:styles-wrapper",  # a wrapper hidden until styles load is kept
    "signal:responsive-copies",  # copies shown only at other screen sizes are dropped
    "signal:template-words",  # a soft boilerplate word on 30+ boxes marks nothing
    "signal:signup-topic",  # sign-up words in 4+ body paragraphs are the topic (signup_wording)
    "signal:post-runs",  # a thread-named box in a run of like siblings is a post (post_comments)
    "signal:kind-fallback",  # a declared kind or rule body that keeps nothing is read afresh
    "signal:card-grid",  # a grid of linked cards outside the container makes a listing
    "signal:teaser-container",  # an article container of teaser cards makes a listing
    "signal:article-share",  # an article keeping under a tenth of its page makes a listing
    "signal:declared-types",  # JSON-LD @type and og:type name the page's kind (pagekind.py)
    "signal:address-kind",  # the address's shape names the page's kind (pagekind.py)
    "signal:service",  # sections and calls to action, no date or author: a service page
    "signal:prices",  # prices on a listing's items make it a collection
)

_off: set[str] = set()


def off() -> frozenset[str]:
    """The names switched off now (read once per page by the stages)."""
    return frozenset(_off)


def is_on(name: str) -> bool:
    return name not in _off


def names() -> tuple[str, ...]:
    """Every switchable mechanism: the cuts and passes in table order, then the signals."""
    from .cuts import BLOCK_CUTS, POSITION_CUTS
    from .passes import PASSES

    cuts = (*BLOCK_CUTS, *POSITION_CUTS)
    return (*(c.__name__ for c in cuts), *(p.__name__ for p in PASSES), *SIGNALS)


@contextmanager
def disabled(*switch: str) -> Iterator[None]:
    """Switch the named mechanisms off inside the ``with`` block."""
    unknown = set(switch) - set(names())
    if unknown:
        raise ValueError(f"unknown switches: {sorted(unknown)}")
    before = set(_off)
    _off.update(switch)
    try:
        yield
    finally:
        _off.clear()
        _off.update(before)
