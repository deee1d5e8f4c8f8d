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
from .models import Article as Article
from .models import Favor as Favor
from .models import Metadata as Metadata
from .models import Options as Options
from .models import OutputFormat as OutputFormat

try:
    __version__ = version("cleanscrape")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "Article",
    "BatchError",
    "CleanscrapeError",
    "Favor",
    "FetchError",
    "InputError",
    "InputTooLarge",
    "Metadata",
    "NotHTMLError",
    "Options",
    "OutputFormat",
    "PageFailure",
    "PageResult",
    "PageTimeout",
    "RuleError",
    "WorkerCrashed",
    "__version__",
    "ascrape_many",
    "extract",
    "extract_many",
    "scrape_many",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
