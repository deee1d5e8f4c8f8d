"""Helpers for the hostile-input tests: time and memory bounds, run in-process or in a child."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import cleanscrape

REPO = Path(__file__).resolve().parent.parent

# Generous on purpose: CI machines are shared (2 cores, several jobs). The
# point is "never a hang", not speed; benchmarks/hostile_bench.py measures speed.
# Bounds are on CPU time (time.process_time), not wall time: a machine busy with
# other work stretches the wall clock (a 50 MB page took 107 s of it under load)
# but not the CPU the extraction itself spends.
QUICK_SECONDS = 10.0
LARGE_SECONDS = 20.0
# A child that has spent this much CPU time (building its page included) is hung:
# the kernel stops it (RLIMIT_CPU), however busy the machine. The heaviest case
# spends about 15 s.
CHILD_CPU_SECONDS = 180
# Wall clock, only for a child blocked without spending CPU. Far above any run a
# loaded machine stretches: the 50 MB page took 107 s of wall clock under load,
# which a 120 s timeout here would have failed on a little more load.
CHILD_TIMEOUT = 1800.0

T = TypeVar("T")


def cpu_seconds() -> float:
    """CPU time of this process so far: what the bounds below measure."""
    return time.process_time()


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """Run ``call`` and return its result and the CPU time it took."""
    start = cpu_seconds()
    result = call()
    return result, cpu_seconds() - start


@dataclass(frozen=True)
class ChildRun:
    """What one extraction in a child process did."""

    outcome: str  # "article", "none", or the CleanscrapeError subclass name
    seconds: float  # CPU time of the extraction
    peak_mb: float  # peak resident memory of the whole child (interpreter included)
    text_length: int
    found: list[bool]  # for each expected snippet: whether the article text has it


_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_CPU, ({cpu_limit}, {cpu_limit} + 5))
import cleanscrape
{build}
expect = globals().get("expect", [])
options = globals().get("options")
recursion_limit = globals().get("recursion_limit")
if recursion_limit:
    sys.setrecursionlimit(recursion_limit)
start = time.process_time()
try:
    article = cleanscrape.extract(data, "https://example.com/a/b.html", options=options)
    outcome = "none" if article is None else "article"
    text = article.text if article is not None else ""
    if article is not None:
        article.markdown  # rendering is part of the contract too
except cleanscrape.CleanscrapeError as exc:
    outcome, text = type(exc).__name__, ""
seconds = time.process_time() - start
print(json.dumps({{
    "outcome": outcome,
    "seconds": seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "text_length": len(text),
    "found": [snippet in text for snippet in expect],
}}))
"""


def run_in_child(build: str, *, cpu_limit: int = CHILD_CPU_SECONDS) -> ChildRun:
    """Build ``data`` (and optionally ``expect``, ``options``) with ``build``, extract in a child.

    A crash of the interpreter or a hang fails the test with the child's stderr. A
    hang is the child spending ``cpu_limit`` seconds of CPU time: wall time, which a busy
    machine stretches, only ends a child blocked for :data:`CHILD_TIMEOUT`.
    """
    code = _CHILD.format(build=textwrap.dedent(build), cpu_limit=int(cpu_limit))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        env=env,
        check=False,
    )
    if done.returncode == -signal.SIGXCPU:
        raise AssertionError(f"child hung: over {cpu_limit} s of CPU time")
    if done.returncode != 0:
        raise AssertionError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return ChildRun(**json.loads(done.stdout.strip().splitlines()[-1]))


def extract_outcome(data: str | bytes, **kwargs: object) -> tuple[object, float]:
    """Extract in-process: (Article, None or the CleanscrapeError raised), and the CPU time."""

    def call() -> object:
        try:
            return cleanscrape.extract(data, **kwargs)  # type: ignore[arg-type]
        except cleanscrape.CleanscrapeError as exc:
            return exc

    return timed(call)


def tree_depth(root: object) -> int:
    """Depth of a selectolax tree, walked iteratively."""
    best = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        best = max(best, depth)
        child = node.child  # type: ignore[attr-defined]
        while child is not None:
            stack.append((child, depth + 1))
            child = child.next
    return best


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


def unsafe_html(html: str) -> str | None:
    """Describe the first unsafe element or attribute of ``html`` as a browser parses it."""
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
