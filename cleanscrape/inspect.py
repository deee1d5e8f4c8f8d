"""``cleanscrape inspect``: the page itself, marked up with every decision the pipeline took.

The report is one self-contained HTML file. The page's body (as the pipeline saw
it, annotated by :mod:`cleanscrape.explain`) is sanitized with an allowlist (no
scripts, no event handlers, no URLs at all: links lose ``href``, images ``src``),
and a Content-Security-Policy in the report's ``<head>`` forbids every load and
runs only our own script (allowed by its hash), so opening a report of a hostile
page neither runs its code nor touches the network.

Only the ``inspect`` subcommand imports this module: extraction never pays for it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import re
import sys
import tempfile
import webbrowser
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nh3

from .explain import BLOCK_ATTRIBUTE, CONTAINER_ATTRIBUTE, Decision, Explanation, css_path
from .heuristic.clean import KEEP_ATTRIBUTE, KEEP_TOKEN
from .models import Article
from .parse import Node, Tree, parse_fragment
from .rules.suggest import (
    STATE_ATTRIBUTE,
    Fix,
    block_nodes,
    fix_for,
    holds_container,
    safe_selector,
    suggest_selector,
    widest_removed,
)

__all__ = ["build_report", "main", "report_data", "suggest_selector"]

# The page's markup, minus anything active: an allowlist of presentational tags.
# ``a`` stays as a text holder: ``href`` is not an allowed attribute. So does ``form``
# (a site rule often removes one, and its outline should show): without ``action``
# and without its fields, and the CSP's ``form-action 'none'`` besides, it sends nothing.
_PAGE_TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map"}) | {
    "address",
    "fieldset",
    "form",
    "font",
    "label",
    "legend",
    "main",
    "picture",
    "section",
    "tfoot",
    "th",
}
_PAGE_ATTRIBUTES = {
    "*": {
        "class",
        "id",
        "style",
        "title",
        "lang",
        "dir",
        "role",
        "alt",
        "width",
        "height",
        "colspan",
        "rowspan",
        "datetime",
        "align",
        # Ours, set by the explanation and the report (a page's own are removed first).
        BLOCK_ATTRIBUTE,
        CONTAINER_ATTRIBUTE,
        "data-cs-state",
    }
}
# Removed with everything inside them (the pipeline already dropped most).
_PAGE_DROP_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript"}
# Page ids get this prefix, so none can collide with the report's own.
_PAGE_ID_PREFIX = "page-"

# Distinct reasons listed for one rule line (the block detail has them all).
MAX_REASONS = 3
# Text shown for a block in lists; the full text is in the block's detail.
EXCERPT_CHARS = 90


# What each figure the report shows means (every one it shows is here; a test checks).
FIGURES = {
    "block": "the block's number: a block is a run of text with one owner element "
    "(a paragraph, a heading, a list item, a cell, loose text of a div)",
    "element path": "a CSS path from the nearest ancestor with an id down to the block's element",
    "rule selector": "the site rule's selector that removed it, as written in the rule",
    "in container": "whether the block lies inside the article container chosen for the page",
    "chars": "the block's length in characters (letters of scripts written without spaces "
    "count three times)",
    "link_density": "the share of the block's characters that are link text (0 to 1); "
    "menus and teaser lists are near 1, prose near 0",
    "links": "how many links the block holds",
    "element_prose_mass": "how much article-like prose the block's element holds: the "
    "weighted characters of the paragraphs below it, less their link text, scaled by its "
    "class/id evidence; the container is chosen where this mass concentrates",
    "class_id": "the element's class names and id, which the name patterns were read on",
    "negative_name": "whether the element's class or id reads as boilerplate "
    "(promo, share, related, comment...)",
    "positive_name": "whether the element's class or id reads as article "
    "(article, story, post-body...)",
    "element": "the element the site rule removed, as a CSS path",
    "rule_line": "the rule file and line of the selector that removed it",
    "blocks": "how many blocks went into the article (kept) and how many did not (removed), "
    "over the whole page",
}


@dataclass(frozen=True, slots=True)
class _Suggestion:
    """A selector for a rule's ``remove`` (``None``: no safe one) and the removed blocks
    it covers."""

    selector: str | None
    decisions: tuple[Decision, ...]

    @property
    def first(self) -> Decision:
        return self.decisions[0]


# --- data ---------------------------------------------------------------------


def report_data(article: Article | None, explanation: Explanation) -> dict[str, Any]:
    """What ``--format json`` writes: the explanation, the article and its metadata."""
    data = explanation.to_dict()
    data["article"] = (
        None
        if article is None
        else {
            "title": article.title,
            "text": article.text,
            "pages": article.pages,
            "rendered": article.rendered,
        }
    )
    data["metadata"] = _metadata(article)
    return data


def _metadata(article: Article | None) -> dict[str, Any]:
    if article is None:
        return {}
    fields = (
        "title",
        "authors",
        "date",
        "modified",
        "description",
        "site_name",
        "image",
        "lang",
        "url",
        "tags",
        "categories",
        "page_type",
    )
    return {name: getattr(article, name) for name in fields}


def _suggestions(tree: Tree, explanation: Explanation) -> list[_Suggestion]:
    """Rule lines for the removed blocks: one per outermost removed box, in page order.

    No line names the container, an element holding it, ``<body>`` or ``<html>``:
    a block of text lying loose in one of those has no line of its own.
    """
    groups: dict[str, list[Decision]] = {}
    selectors: dict[str, str | None] = {}
    for decision in explanation.decisions:
        if decision.kept:
            continue
        selector: str | None = decision.selector  # a rule's own remove selector, as written
        if decision.stage != "site rule" or decision.reason.startswith("outside"):
            node = tree.css_first(f'[{BLOCK_ATTRIBUTE}~="{decision.index}"]')
            if node is not None:
                selector = _remove_selector(tree, node)
        group = selector if selector is not None else f"\0{decision.index}"
        groups.setdefault(group, []).append(decision)
        selectors[group] = selector
    return [_Suggestion(selectors[g], tuple(found)) for g, found in groups.items()]


def _remove_selector(tree: Tree, node: Node) -> str | None:
    if holds_container(node):
        return None
    box = widest_removed(node)
    for target in (box, node):
        selector = suggest_selector(tree, target, css_path(target))
        if safe_selector(tree, selector):
            return selector
    return None


def _under_keep(node: Node) -> bool:
    current: Node | None = node
    while current is not None:
        if current.attributes.get(KEEP_ATTRIBUTE) == KEEP_TOKEN:
            return True
        current = current.parent
    return False


def _fixes(
    tree: Tree, explanation: Explanation, recall: set[str] | None
) -> tuple[dict[int, Fix], dict[int, str]]:
    """For each block, the rule line that turns its decision around, and why a kept
    block was kept."""
    decisions = {d.index: d for d in explanation.decisions}
    fixes: dict[int, Fix] = {}
    why: dict[int, str] = {}
    for index, node in block_nodes(tree):
        decision = decisions.get(index)
        if decision is None or index in fixes:
            continue
        if decision.kept:
            why[index] = _why_kept(node, decision, explanation)
            fixes[index] = fix_for(tree, node, kept=True, fallback=css_path(node))
        elif decision.stage == "site rule" and not decision.reason.startswith("outside"):
            fixes[index] = Fix(
                "keep", None, f"take {decision.selector!r} out of the rule's remove list"
            )
        elif not decision.in_container:
            fixes[index] = Fix(
                "keep",
                None,
                "it lies outside the article container: a rule's [body] select must hold it",
            )
        else:
            fix = fix_for(tree, node, kept=False, fallback=css_path(node))
            if recall is not None and " ".join(decision.text.split()) in recall:
                note = "--favor recall keeps it too" + (f"; {fix.note}" if fix.note else "")
                fix = Fix(fix.key, fix.selector, note)
            fixes[index] = fix
    return fixes, why


def _why_kept(node: Node, decision: Decision, explanation: Explanation) -> str:
    if _under_keep(node):
        return "kept by the site rule's keep selectors"
    if decision.stage == "site rule":
        return "inside the site rule's body"
    where = (
        "the site rule's body"
        if (explanation.rule or "").find("(body:") >= 0
        else ("the article container")
    )
    return f"inside {where}, and none of the cuts (docs/heuristic.md) applies to it"


def _recall_lines(text: str | None) -> set[str] | None:
    if text is None:
        return None
    return {" ".join(line.split()) for line in text.splitlines() if line.strip()}


# --- the page -----------------------------------------------------------------


def _annotate(tree: Tree, decisions: dict[int, Decision]) -> None:
    for node in tree.css(f"[{STATE_ATTRIBUTE}]"):  # the page's own, if any: not ours
        del node.attrs[STATE_ATTRIBUTE]
    for node in tree.css(f"[{BLOCK_ATTRIBUTE}]"):
        indexes = [
            int(i) for i in (node.attributes.get(BLOCK_ATTRIBUTE) or "").split() if i.isdigit()
        ]
        kept = [decisions[i].kept for i in indexes if i in decisions]
        if not kept:
            continue
        state = "kept" if all(kept) else "removed" if not any(kept) else "mixed"
        node.attrs[STATE_ATTRIBUTE] = state


# CSS that can fetch something: url() and the functions that take an image or a
# URL, @import, IE's expression(); a backslash may spell any of them in escapes
# ("\\75 rl(") and is dropped with them. The report's CSP would block the
# request, but a report saved or shown elsewhere must not depend on it.
_FETCHING_CSS = re.compile(
    r"\\|url\s*\(|image(?:-set)?\s*\(|src\s*\(|cross-fade\s*\(|element\s*\(|"
    r"expression\s*\(|@import|behavior\s*:|-moz-binding",
    re.IGNORECASE,
)


def _page_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's per-attribute filter: a ``style`` that could fetch anything is dropped."""
    if name == "style" and _FETCHING_CSS.search(value):
        return None
    return value


def _safe_page(tree: Tree) -> str:
    body = tree.body
    markup = body.inner_html if body is not None else ""
    return nh3.clean(
        markup or "",
        tags=_PAGE_TAGS,
        clean_content_tags=_PAGE_DROP_CONTENT,
        attributes=_PAGE_ATTRIBUTES,
        attribute_filter=_page_attribute,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(),
        id_prefix=_PAGE_ID_PREFIX,
    )


# --- the report ---------------------------------------------------------------

_CSS = """
html,body{margin:0;height:100%}
body{display:flex;background:#fff}
#cs-ui-page{flex:1 1 auto;height:100vh;overflow:auto;box-sizing:border-box;padding:18px;
  contain:layout paint;color:#111;font:15px/1.5 Georgia,serif}
#cs-ui-page img{max-width:100%;height:auto;min-width:2em;min-height:1em;background:#ddd}
#cs-ui-page [data-cs-block]{cursor:pointer}
#cs-ui-page [data-cs-state=kept]{outline:2px solid #1a7f37;outline-offset:1px}
#cs-ui-page [data-cs-state=removed]{outline:2px solid #cf222e;outline-offset:1px;
  background-color:rgba(207,34,46,.07)}
#cs-ui-page [data-cs-state=mixed]{outline:2px dashed #9a6700;outline-offset:1px}
#cs-ui-page [data-cs-container]{outline:3px solid #0969da;outline-offset:5px}
#cs-ui-page [data-cs-selected]{box-shadow:0 0 0 5px rgba(9,105,218,.45)}
#cs-ui-panel{flex:0 0 min(460px,42vw);height:100vh;overflow:auto;box-sizing:border-box;
  padding:12px 14px;border-left:1px solid #bbb;background:#f6f8fa;color:#1f2328;
  font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
#cs-ui-panel h1{font-size:16px;margin:0 0 6px}
#cs-ui-panel h2{font-size:14px;margin:16px 0 6px;border-bottom:1px solid #d0d7de}
#cs-ui-panel table{border-collapse:collapse;width:100%}
#cs-ui-panel th{white-space:nowrap;width:1%}
#cs-ui-panel td,#cs-ui-panel th{border:1px solid #d0d7de;padding:2px 5px;text-align:left;
  vertical-align:top;word-break:break-word}
#cs-ui-panel code{font:12px/1.4 ui-monospace,monospace;background:#eaeef2;padding:1px 3px;
  user-select:all;word-break:break-all}
#cs-ui-panel pre{white-space:pre-wrap;font:12px/1.4 ui-monospace,monospace;background:#eaeef2;
  padding:6px;user-select:all}
#cs-ui-panel .cs-ui-kept{color:#1a7f37;font-weight:600}
#cs-ui-panel .cs-ui-removed{color:#cf222e;font-weight:600}
#cs-ui-panel .cs-ui-legend span{display:inline-block;margin-right:10px}
#cs-ui-panel .cs-ui-swatch{display:inline-block;width:10px;height:10px;margin-right:3px;
  vertical-align:middle}
#cs-ui-panel li{margin-bottom:6px;cursor:pointer}
#cs-ui-panel .cs-ui-text{white-space:pre-wrap;max-height:22em;overflow:auto;background:#fff;
  border:1px solid #d0d7de;padding:6px}
#cs-ui-detail{background:#fff;border:1px solid #d0d7de;padding:6px;min-height:3em}
#cs-ui-detail .cs-ui-decision{margin-bottom:8px}
"""

_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cs-ui-data").textContent);
  var byIndex = {};
  data.decisions.forEach(function (d) { byIndex[d.index] = d; });
  var page = document.getElementById("cs-ui-page");
  var detail = document.getElementById("cs-ui-detail");
  var pinned = null;

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (cls) { el.className = cls; }
    parent.appendChild(el);
    return el;
  }

  function describe(d) {
    var box = add(detail, "div", undefined, "cs-ui-decision");
    var head = add(box, "div");
    add(head, "span", d.kept ? "KEPT" : "REMOVED", d.kept ? "cs-ui-kept" : "cs-ui-removed");
    var why = d.reason || data.why[d.index] || "";
    head.appendChild(document.createTextNode(" · " + d.stage + (why ? " · " + why : "")));
    add(box, "div", "“" + d.text.slice(0, 300) + (d.text.length > 300 ? "…" : "") + "”");
    var table = add(box, "table");
    var byRule = d.stage === "site rule" && d.reason.indexOf("outside") !== 0;
    var rows = [["block", String(d.index)], [byRule ? "rule selector" : "element path", d.selector],
                ["in container", d.in_container ? "yes" : "no"]];
    Object.keys(d.figures).forEach(function (k) { rows.push([k, String(d.figures[k])]); });
    rows.forEach(function (r) {
      var tr = add(table, "tr");
      add(tr, "th", r[0]);
      add(tr, "td", r[1]);
      add(tr, "td", data.figures[r[0]] || "");
    });
    if (!d.kept && data.suggestions[d.index]) {
      var rule = add(box, "div", "rule line: ");
      add(rule, "code", "remove = [" + JSON.stringify(data.suggestions[d.index]) + "]");
    }
    var fix = data.fixes[d.index];
    if (fix) {
      var p = add(box, "div", d.kept ? "if it does not belong: " : "to keep it: ");
      if (fix.line) { add(p, "code", fix.line); }
      if (fix.note) { add(p, "span", (fix.line ? " · " : "") + fix.note); }
    }
  }

  function show(el) {
    detail.textContent = "";
    var ids = (el.getAttribute("data-cs-block") || "").split(/\\s+/);
    ids.forEach(function (i) { if (byIndex[i]) { describe(byIndex[i]); } });
  }

  function select(el) {
    if (pinned) { pinned.removeAttribute("data-cs-selected"); }
    pinned = el;
    if (el) { el.setAttribute("data-cs-selected", ""); show(el); }
  }

  page.addEventListener("mouseover", function (e) {
    if (pinned) { return; }
    var el = e.target.closest("[data-cs-block]");
    if (el) { show(el); }
  });
  page.addEventListener("click", function (e) {
    e.preventDefault();
    var el = e.target.closest("[data-cs-block]");
    select(el === pinned ? null : el);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { select(null); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("#cs-ui-panel [data-cs-goto]"), function (item) {
    item.addEventListener("click", function () {
      var i = item.getAttribute("data-cs-goto");
      var el = page.querySelector('[data-cs-block~="' + i + '"]');
      if (el) { el.scrollIntoView({block: "center"}); select(el); }
      else { detail.textContent = ""; describe(byIndex[i]); }
    });
  });
})();
"""


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the ``<script>`` element holding it."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _hash(source: str) -> str:
    return base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _suggestion_items(suggestions: list[_Suggestion], fixes: dict[int, Fix] | None = None) -> str:
    items = []
    for s in suggestions:
        d = s.first
        reasons = " / ".join(list(dict.fromkeys(x.reason for x in s.decisions))[:MAX_REASONS])
        count = f" ({len(s.decisions)} blocks)" if len(s.decisions) > 1 else ""
        line = (
            f"<code>remove = [{html.escape(_toml_string(s.selector))}]</code>"
            if s.selector is not None
            else "no remove line: the text lies loose in the element that holds the article"
        )
        fix = (fixes or {}).get(d.index)
        keep = ""
        if fix is not None:
            shown = [f"<code>{html.escape(fix.line)}</code>"] if fix.line else []
            shown += [html.escape(fix.note)] if fix.note else []
            keep = "<br>to keep it: " + " · ".join(shown)
        items.append(
            f'<li data-cs-goto="{d.index}"><span class="cs-ui-removed">{html.escape(d.stage)}'
            f"</span> · {html.escape(reasons)}{count}<br>“{html.escape(_excerpt(d.text))}”<br>"
            f"{line}{keep}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>none</p>"


def _rule_snippet(tree: Tree, explanation: Explanation, inside: list[_Suggestion]) -> str:
    lines = ["[body]"]
    containers = tree.css(f"[{CONTAINER_ATTRIBUTE}]")
    if containers:
        fallbacks = [*explanation.container, *([""] * len(containers))]
        selectors = [
            suggest_selector(tree, n, f) for n, f in zip(containers, fallbacks, strict=False)
        ]
        lines.append("select = [" + ", ".join(_toml_string(c) for c in selectors) + "]")
    if any(s.selector is not None for s in inside):
        lines.append("remove = [")
        lines.extend(
            f"    {_toml_string(s.selector)},  # {s.first.reason}"
            for s in inside
            if s.selector is not None
        )
        lines.append("]")
    return "\n".join(lines)


def _figure_rows() -> str:
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th><td>{html.escape(meaning)}</td></tr>"
        for name, meaning in FIGURES.items()
    )
    return f"<table>{rows}</table>"


def _recall_summary(
    inside: list[_Suggestion], fixes: dict[int, Fix], recall_text: str | None
) -> str:
    """A line on what ``--favor recall`` would bring back of the blocks cut inside."""
    cut = [d for s in inside for d in s.decisions]
    if not cut:
        return ""
    if recall_text is None:
        return (
            "<p>A block cut here that belongs to the article: its <code>keep</code> line "
            "goes in a site rule's <code>[body]</code> table; <code>--favor recall</code> "
            "keeps doubtful blocks on every page.</p>"
        )
    back = sum("--favor recall" in fixes[d.index].note for d in cut if d.index in fixes)
    return (
        f"<p><code>--favor recall</code> keeps {back} of these {len(cut)} blocks. For the "
        "others, or for this site only, put a block's <code>keep</code> line in a site "
        "rule's <code>[body]</code> table.</p>"
    )


def _metadata_rows(article: Article | None, sources: dict[str, str]) -> str:
    rows = []
    for name, value in _metadata(article).items():
        if value in (None, [], ""):
            continue
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        rows.append(
            f"<tr><th>{html.escape(name)}</th><td>{html.escape(shown)}</td>"
            f"<td>{html.escape(sources.get(name, ''))}</td></tr>"
        )
    if not rows:
        return "<p>none found</p>"
    return (
        "<table><tr><th>field</th><th>value</th><th>source</th></tr>" + "".join(rows) + "</table>"
    )


def _fetched_rows(article: Article | None) -> str:
    """How the article was fetched: its pages (the decisions shown are the first's) and
    whether a browser rendered it."""
    if article is None or not article.pages:
        return ""
    pages = "".join(f"<li>{html.escape(url)}</li>" for url in article.pages)
    shown = " (blocks shown: the first)" if len(article.pages) > 1 else ""
    return (
        f"<tr><th>pages</th><td>{len(article.pages)}{shown}<ol>{pages}</ol></td></tr>"
        f"<tr><th>rendered</th><td>{'yes' if article.rendered else 'no'}</td></tr>"
    )


def build_report(
    article: Article | None,
    explanation: Explanation,
    *,
    target: str = "",
    url: str | None = None,
    recall_text: str | None = None,
) -> str:
    """The self-contained HTML report for one page (see the module docstring).

    ``recall_text``, the page's text extracted with ``favor="recall"``, lets the
    report say which cut blocks ``--favor recall`` would keep.
    """
    tree = parse_fragment(explanation.page_html or "<body></body>")
    decisions = {d.index: d for d in explanation.decisions}
    _annotate(tree, decisions)
    suggestions = _suggestions(tree, explanation)
    fixes, why = _fixes(tree, explanation, _recall_lines(recall_text))
    page = _safe_page(tree)

    kept = sum(d.kept for d in explanation.decisions)
    removed = len(explanation.decisions) - kept
    inside = [s for s in suggestions if s.first.in_container and s.first.stage == "heuristic"]
    by_rule = [s for s in suggestions if s.first.stage == "site rule"]
    outside = [s for s in suggestions if s not in inside and s not in by_rule]
    sources = article.sources if article is not None else explanation.metadata_sources
    data = {
        "decisions": explanation.to_dict()["decisions"],
        "suggestions": {
            str(d.index): s.selector
            for s in suggestions
            if s.selector is not None
            for d in s.decisions
        },
        "fixes": {str(i): {"line": f.line, "note": f.note} for i, f in fixes.items()},
        "why": {str(i): text for i, text in why.items()},
        "figures": FIGURES,
    }
    script = _SCRIPT
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{_hash(script)}'; base-uri 'none'; form-action 'none'"
    )
    article_text = html.escape(article.text) if article is not None else "<em>no article found</em>"
    title = article.title if article is not None and article.title else target
    container = ", ".join(explanation.container) or "none"
    panel = f"""
<h1>cleanscrape inspect</h1>
<table>
<tr><th>page</th><td>{html.escape(target)}</td></tr>
<tr><th>url</th><td>{html.escape(url or "")}</td></tr>
<tr><th>site rule</th><td>{html.escape(explanation.rule or "none (heuristic)")}</td></tr>
<tr><th>page kind</th><td>{html.escape(explanation.kind or "none")}
 <span class="cs-ui-legend">{html.escape(explanation.kind_evidence)}</span></td></tr>
<tr><th>container</th><td><code>{html.escape(container)}</code></td></tr>
{_fetched_rows(article)}
<tr><th>blocks</th><td><span class="cs-ui-kept">{kept} kept</span>,
 <span class="cs-ui-removed">{removed} removed</span></td></tr>
</table>
<p class="cs-ui-legend">
<span><i class="cs-ui-swatch" style="background:#1a7f37"></i>kept</span>
<span><i class="cs-ui-swatch" style="background:#cf222e"></i>removed</span>
<span><i class="cs-ui-swatch" style="background:#9a6700"></i>partly kept</span>
<span><i class="cs-ui-swatch" style="background:#0969da"></i>article container</span>
</p>
<h2>Selected block</h2>
<div id="cs-ui-detail">Hover over an outlined block, or click one to keep it here
 (Esc lets go).</div>
<h2>Removed blocks: rule lines</h2>
<p>Each line can go into a site rule's <code>[body]</code> table
 (see docs/rules.md); click an entry to find its block.</p>
<h3>Cut inside the article ({len(inside)})</h3>
{_recall_summary(inside, fixes, recall_text)}
{_suggestion_items(inside, fixes)}
<p>A rule for this site from what the heuristic did:</p>
<pre>{html.escape(_rule_snippet(tree, explanation, inside))}</pre>
<h3>Cut by the site rule ({len(by_rule)})</h3>
{_suggestion_items(by_rule)}
<details><summary>Outside the article container ({len(outside)})</summary>
{_suggestion_items(outside)}
</details>
<h2>What the figures mean</h2>
{_figure_rows()}
<h2>Article</h2>
<div id="cs-ui-article" class="cs-ui-text">{article_text}</div>
<h2>Metadata</h2>
{_metadata_rows(article, sources)}
"""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>inspect: {html.escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<div id="cs-ui-page">{page}</div>
<aside id="cs-ui-panel">{panel}</aside>
<script type="application/json" id="cs-ui-data">{_json_for_script(data)}</script>
<script>{script}</script>
</body>
</html>
"""


# --- the command --------------------------------------------------------------

_EXAMPLES = """\
examples:
  cleanscrape inspect page.html -o report.html        a report on a saved page
  cleanscrape inspect https://example.com/a --open    fetch, report, open in the browser
  cleanscrape inspect page.html --url URL --rules my-rules/   with your site rules
  cleanscrape inspect page.html --format json         the decisions as data
"""


def _build_parser() -> argparse.ArgumentParser:
    from .cli import _add_fetch_arguments, add_extraction_arguments

    parser = argparse.ArgumentParser(
        prog="cleanscrape inspect",
        description=(
            "Show what the extraction kept, what it cut and why: one self-contained "
            "HTML report of the page with every block outlined."
        ),
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", metavar="TARGET", help="an http(s) URL, an HTML file, or -")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument("--format", choices=("html", "json"), default="html", help="default html")
    parser.add_argument("--open", action="store_true", help="open the report in a web browser")
    parser.add_argument(
        "--url", metavar="URL", help="the page's address when reading a file or stdin"
    )
    add_extraction_arguments(parser, comments=False)
    _add_fetch_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cleanscrape inspect``; 0 report written, 1 target or output failed, 2 usage."""
    from .cli import (
        EXIT_FAILED,
        EXIT_OK,
        EXIT_USAGE,
        _fetch_config,
        _read_target,
        extraction_options,
        failure_reason,
        load_user_rules,
        resolve_target,
    )
    from .core import extract
    from .errors import CleanscrapeError
    from .fetch import Fetcher
    from .pages import scrape_pages

    parser = _build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        fetch_config = _fetch_config(parser, args)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:  # CLEANSCRAPE_RULES too: a wrong one is reported whether or not the page has a URL
        rules = load_user_rules(args.rules)
    except CleanscrapeError as exc:
        print(f"cleanscrape inspect: {exc}", file=sys.stderr)
        return EXIT_USAGE
    fetcher = Fetcher(fetch_config)
    options = extraction_options(args)
    try:
        data: str | bytes
        url: str | None
        kind, where = resolve_target(args.target)
        if kind == "url":  # next pages, rendering
            scraped = scrape_pages(fetcher, where, options=options, rules=rules)
            data, url = scraped.html, scraped.url
        else:
            scraped = None
            data, url = _read_target(kind, where, options.max_input_bytes), args.url
        article, explanation = extract(data, url, options=options, rules=rules, explain=True)
        if scraped is not None and article is not None:
            article = scraped.article  # the whole story; the blocks are its first page's
        if article is None:
            print(f"cleanscrape inspect: {args.target}: no article found", file=sys.stderr)
        if args.format == "json":
            report = report_data(article, explanation)
            output = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        else:
            recall = None
            if options.favor != "recall":  # which cut blocks --favor recall would keep
                kept = extract(data, url, options=options, favor="recall", rules=rules)
                recall = kept.text if kept is not None else ""
            output = build_report(
                article, explanation, target=args.target, url=url, recall_text=recall
            )
        output.encode("utf-8")  # a page that cannot be written is this target's failure
    except Exception as exc:  # the report's one page: any error becomes its error line
        print(f"cleanscrape inspect: {args.target}: {failure_reason(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        fetcher.close()
    path = args.output
    if path is None and args.open:
        suffix = ".json" if args.format == "json" else ".html"
        with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
            path = f.name
    if path is None:
        sys.stdout.write(output)
        return EXIT_OK
    try:
        Path(path).write_text(output, encoding="utf-8")
    except OSError as exc:
        print(f"cleanscrape inspect: {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.open:
        webbrowser.open(Path(path).resolve().as_uri())
    return EXIT_OK
