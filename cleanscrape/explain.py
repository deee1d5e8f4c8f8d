"""What the pipeline decided and why: the data behind ``cleanscrape inspect``.

Nothing here runs unless an explanation is asked for (``extract(...,
explain=True)``): the heuristic fills a :class:`Trace` only when it is given one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .parse import Node

__all__ = ["Decision", "Explanation", "Trace", "css_path"]

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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (without the annotated page)."""
        return {
            "container": self.container,
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
    """Filled by the heuristic while it works, when one is passed in."""

    decisions: list[Decision] = field(default_factory=list)
    container: list[str] = field(default_factory=list)
    page_html: str = ""
    rule: str | None = None
    removed_by_rule: list[Decision] = field(default_factory=list)

    def explanation(self, metadata_sources: dict[str, str] | None = None) -> Explanation:
        """The finished, immutable explanation."""
        return Explanation(
            decisions=[*self.removed_by_rule, *self.decisions],
            container=list(self.container),
            page_html=self.page_html,
            rule=self.rule,
            metadata_sources=dict(metadata_sources or {}),
        )


def _step(node: Node) -> str:
    """One step of a CSS path: tag, id when there is one, classes, position among its kind."""
    tag = node.tag or "*"
    attributes = node.attributes
    ident = attributes.get("id")
    if ident and ident.replace("-", "").replace("_", "").isalnum():
        return f"{tag}#{ident}"
    classes = [
        c
        for c in (attributes.get("class") or "").split()
        if c.replace("-", "").replace("_", "").isalnum()
    ]
    step = tag + "".join(f".{c}" for c in classes[:3])
    parent = node.parent
    if parent is not None:
        same = [c for c in parent.iter() if c.tag == tag]
        if len(same) > 1:
            position = next(i for i, c in enumerate(same, 1) if c.mem_id == node.mem_id)
            step += f":nth-of-type({position})"
    return step


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
