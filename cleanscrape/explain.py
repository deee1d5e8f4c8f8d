"""What the pipeline decided and why: the data behind ``cleanscrape inspect``.

Nothing here runs unless an explanation is asked for (``extract(...,
explain=True)``): the heuristic fills a :class:`Trace` only when it is given one.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .parse import Node

__all__ = ["Decision", "Explanation", "Trace", "css_path", "path_step"]

#: The attribute that ties a block in the annotated page to its decision.
BLOCK_ATTRIBUTE = "data-cs-block"
#: The attribute that marks the chosen container(s) in the annotated page.
CONTAINER_ATTRIBUTE = "data-cs-container"


@dataclass(frozen=True, slots=True)
class Decision:
    """One block the pipeline considered.

    Attributes:
        index: the block's number (``data-cs-block`` in the annotated page).
        text: the block's text.
        kept: whether it is in the article.
        stage: ``"heuristic"`` or ``"site rule"``: who decided.
        reason: why it was cut (empty when kept), e.g. ``"sign-up promo box"``.
        selector: a CSS selector for the block's element, ready for a rule's ``remove``.
        in_container: whether it lies inside the chosen article container.
        figures: the numbers behind the decision (characters, link density,
            the prose mass of its element, class/id evidence).
    """

    index: int
    text: str
    kept: bool
    stage: str
    reason: str
    selector: str
    in_container: bool
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything ``inspect`` shows: the decisions, the container and the annotated page."""

    decisions: list[Decision]
    container: list[str]
    page_html: str
    rule: str | None = None
    metadata_sources: dict[str, str] = field(default_factory=dict)
    #: The page kind the heuristic decided on, and the evidence for it.
    kind: str = ""
    kind_evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (without the annotated page)."""
        return {
            "container": self.container,
            "kind": self.kind,
            "kind_evidence": self.kind_evidence,
            "rule": self.rule,
            "metadata_sources": self.metadata_sources,
            "decisions": [
                {
                    "index": d.index,
                    "text": d.text,
                    "kept": d.kept,
                    "stage": d.stage,
                    "reason": d.reason,
                    "selector": d.selector,
                    "in_container": d.in_container,
                    "figures": d.figures,
                }
                for d in self.decisions
            ],
        }


@dataclass(slots=True)
class Trace:
    """Filled while the pipeline works, when one is passed in.

    Site-rule decisions come first and are numbered first (``0 .. len(removed_by_rule) - 1``);
    the heuristic numbers its blocks after them. An element a rule deletes leaves a
    comment placeholder in the tree (blocks ignore comments), and
    :meth:`explanation` puts the element's HTML back there, so the annotated page
    still shows it.
    """

    decisions: list[Decision] = field(default_factory=list)
    container: list[str] = field(default_factory=list)
    page_html: str = ""
    rule: str | None = None
    kind: str = ""
    kind_evidence: str = ""
    removed_by_rule: list[Decision] = field(default_factory=list)
    # The HTML of each element a rule deleted, by decision index.
    removed_html: dict[int, str] = field(default_factory=dict)
    # Makes placeholders unguessable, so a page's own comments cannot pose as one.
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))

    def add_rule_decision(
        self,
        *,
        text: str,
        reason: str,
        selector: str,
        figures: Mapping[str, Any],
    ) -> int:
        """Record a block a site rule cut; returns its index (for ``data-cs-block``)."""
        index = len(self.removed_by_rule)
        self.removed_by_rule.append(
            Decision(
                index=index,
                text=text,
                kept=False,
                stage="site rule",
                reason=reason,
                selector=selector,
                in_container=False,
                figures=dict(figures),
            )
        )
        return index

    def placeholder(self, index: int) -> str:
        """The text of the comment left where decision ``index``'s element was deleted."""
        return f"cleanscrape-removed {self.nonce} {index}"

    def explanation(self, metadata_sources: dict[str, str] | None = None) -> Explanation:
        """The finished, immutable explanation."""
        page = self.page_html
        # Latest first: an element removed later may hold the placeholder of an earlier one.
        for index in sorted(self.removed_html, reverse=True):
            page = page.replace(f"<!--{self.placeholder(index)}-->", self.removed_html[index], 1)
        return Explanation(
            decisions=[*self.removed_by_rule, *self.decisions],
            container=list(self.container),
            page_html=page,
            rule=self.rule,
            metadata_sources=dict(metadata_sources or {}),
            kind=self.kind,
            kind_evidence=self.kind_evidence,
        )


def path_step(tag: str, attributes: Mapping[str, str | None], same_kind: Iterable[bool]) -> str:
    """One step of a CSS path: tag, id when there is one, classes, position among its kind.

    ``same_kind`` says, for each sibling with the same tag in order (the node
    included), whether it is the node; it is only walked when there is no id.
    """
    ident = attributes.get("id")
    if ident and ident.replace("-", "").replace("_", "").isalnum():
        return f"{tag}#{ident}"
    classes = [
        c
        for c in (attributes.get("class") or "").split()
        if c.replace("-", "").replace("_", "").isalnum()
    ]
    step = tag + "".join(f".{c}" for c in classes[:3])
    flags = list(same_kind)
    if len(flags) > 1:
        step += f":nth-of-type({flags.index(True) + 1})"
    return step


def _step(node: Node) -> str:
    tag = node.tag or "*"
    parent = node.parent
    siblings = (
        (c.mem_id == node.mem_id for c in parent.iter() if c.tag == tag)
        if parent is not None
        else iter(())
    )
    return path_step(tag, node.attributes, siblings)


def css_path(node: Node) -> str:
    """A CSS selector for ``node``: from the nearest ancestor with an id (or ``body``) down."""
    steps: list[str] = []
    current: Node | None = node
    while current is not None and current.tag not in ("body", "html", None):
        step = _step(current)
        steps.append(step)
        if "#" in step:
            break
        current = current.parent
    return " > ".join(reversed(steps)) or "body"
