"""The exceptions cleanscrape raises; every one derives from :class:`CleanscrapeError`.

::

    CleanscrapeError
    ├── InputError            input that cannot be read as a document at all
    │   ├── NotHTMLError      binary or non-markup bytes (images, PDF, archives)
    │   └── InputTooLarge     past ``Options.max_input_bytes`` / ``max_nodes``
    ├── RuleError             a site rule file that cannot be loaded (file, line)
    └── FetchError            anything that went wrong getting a page over HTTP
                              (subclasses live in :mod:`cleanscrape.fetch`, and
                              :mod:`cleanscrape.browser` for rendering)

A command-line user sees ``str(error)``: messages are written for people.
"""

from __future__ import annotations

__all__ = [
    "CleanscrapeError",
    "FetchError",
    "InputError",
    "InputTooLarge",
    "NotHTMLError",
    "RuleError",
]


class CleanscrapeError(Exception):
    """Base class of every error cleanscrape raises on purpose."""


class InputError(CleanscrapeError):
    """The input cannot be read as an HTML document."""


class NotHTMLError(InputError):
    """The bytes are binary or otherwise not markup (an image, a PDF, an archive)."""


class InputTooLarge(InputError):
    """The input is beyond a configured limit (bytes, nodes or nesting depth)."""


class RuleError(CleanscrapeError):
    """A site rule file is invalid; the message names the file and line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = path or ""
        if path and line:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line


class FetchError(CleanscrapeError):
    """Getting a page over HTTP failed. ``url`` is the address that failed."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url
