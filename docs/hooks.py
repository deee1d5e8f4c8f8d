"""mkdocs hook: the command reference page is written from the command's own parsers.

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
