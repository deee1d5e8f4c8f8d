"""mkdocs hooks: the command reference page is written from the command's own parsers,
and the docstrings' Sphinx roles read as code.

``docs/cli-reference.md`` holds ``<!-- cli-help: ARGS -->`` markers; each becomes
the ``--help`` output of ``cleanscrape ARGS``, so the page cannot fall behind
the options.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from typing import Any

MARKER = re.compile(r"^<!-- cli-help:(.*?)-->$", re.MULTILINE)
# A Sphinx role as mkdocstrings leaves it: ":meth:<code>~cleanscrape.Fetcher.fetch</code>".
ROLE = re.compile(r":(?:attr|class|data|exc|func|meth|mod|obj):<code>(~?)([^<]*)</code>")
# Help is wrapped at this width, whatever terminal builds the site.
COLUMNS = "100"


def cli_help(arguments: str) -> str:
    """``cleanscrape ARGUMENTS --help`` as printed, in a fenced text block."""
    from cleanscrape.cli import main

    out = io.StringIO()
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = COLUMNS
    try:
        with contextlib.redirect_stdout(out):
            main([*arguments.split(), "--help"])
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    return "```text\n" + out.getvalue().rstrip() + "\n```"


def expand(markdown: str) -> str:
    """``markdown`` with every ``cli-help`` marker replaced by that help text."""
    return MARKER.sub(lambda m: cli_help(m.group(1).strip()), markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """mkdocs event: expand the markers of every page (only the CLI reference has any)."""
    return expand(markdown)


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"<code>{target.rsplit('.', 1)[-1] if short else target}</code>"


def strip_roles(html: str) -> str:
    """``html`` with Sphinx roles (``:meth:`~a.b```) shown as the code they name (``b``)."""
    return ROLE.sub(_role, html)


def on_page_content(html: str, **kwargs: Any) -> str:
    """mkdocs event: the API reference's docstrings use Sphinx roles; show them as code."""
    return strip_roles(html)
