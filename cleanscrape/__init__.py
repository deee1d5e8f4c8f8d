"""cleanscrape: turn a web page into its article."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from .batch import BatchError as BatchError
from .batch import PageFailure as PageFailure
from .batch import PageResult as PageResult
from .batch import PageTimeout as PageTimeout
from .batch import WorkerCrashed as WorkerCrashed
from .batch import extract_many as extract_many
from .browser import RenderError as RenderError
from .browser import RenderOutOfMemory as RenderOutOfMemory
from .browser import RenderTimeout as RenderTimeout
from .browser import RenderUnavailable as RenderUnavailable
from .bulk import ascrape_many as ascrape_many
from .bulk import scrape_many as scrape_many
from .core import extract as extract
from .errors import (
    CleanscrapeError as CleanscrapeError,
)
from .errors import (
    FetchError as FetchError,
)
from .errors import (
    InputError as InputError,
)
from .errors import (
    InputTooLarge as InputTooLarge,
)
from .errors import (
    NotHTMLError as NotHTMLError,
)
from .errors import (
    RuleError as RuleError,
)
from .fetch import AsyncFetcher as AsyncFetcher
from .fetch import BlockedAddress as BlockedAddress
from .fetch import ConnectionFailed as ConnectionFailed
from .fetch import ContentDecodingError as ContentDecodingError
from .fetch import FetchConfig as FetchConfig
from .fetch import Fetcher as Fetcher
from .fetch import FetchTimeout as FetchTimeout
from .fetch import HTTPStatusError as HTTPStatusError
from .fetch import IncompleteBody as IncompleteBody
from .fetch import InvalidURL as InvalidURL
from .fetch import NotHTML as NotHTML
from .fetch import Page as Page
from .fetch import RedirectLoop as RedirectLoop
from .fetch import RobotsDisallowed as RobotsDisallowed
from .fetch import TooLarge as TooLarge
from .fetch import TooManyRedirects as TooManyRedirects
from .fetch import UnsupportedScheme as UnsupportedScheme
from .fetch import afetch as afetch
from .fetch import ascrape as ascrape
from .fetch import fetch as fetch
from .fetch import scrape as scrape
from .models import KINDS as KINDS
from .models import Article as Article
from .models import Favor as Favor
from .models import Kind as Kind
from .models import Metadata as Metadata
from .models import Options as Options
from .models import OutputFormat as OutputFormat
from .models import RenderMode as RenderMode
from .warc import WarcCounts as WarcCounts
from .warc import WarcReaderMissing as WarcReaderMissing
from .warc import extract_warc as extract_warc

try:
    __version__ = version("cleanscrape")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "KINDS",
    "Article",
    "AsyncFetcher",
    "BatchError",
    "BlockedAddress",
    "CleanscrapeError",
    "ConnectionFailed",
    "ContentDecodingError",
    "Favor",
    "FetchConfig",
    "FetchError",
    "FetchTimeout",
    "Fetcher",
    "HTTPStatusError",
    "IncompleteBody",
    "InputError",
    "InputTooLarge",
    "InvalidURL",
    "Kind",
    "Metadata",
    "NotHTML",
    "NotHTMLError",
    "Options",
    "OutputFormat",
    "Page",
    "PageFailure",
    "PageResult",
    "PageTimeout",
    "RedirectLoop",
    "RenderError",
    "RenderMode",
    "RenderOutOfMemory",
    "RenderTimeout",
    "RenderUnavailable",
    "RobotsDisallowed",
    "RuleError",
    "TooLarge",
    "TooManyRedirects",
    "UnsupportedScheme",
    "WarcCounts",
    "WarcReaderMissing",
    "WorkerCrashed",
    "__version__",
    "afetch",
    "ascrape",
    "ascrape_many",
    "extract",
    "extract_many",
    "extract_warc",
    "fetch",
    "scrape",
    "scrape_many",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
