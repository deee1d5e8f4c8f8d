"""Extraction on a Dask cluster: the same code on a laptop or on hundreds of machines.

Each function returns a lazy :class:`dask.bag.Bag` of JSON-ready mappings,
one per page, the same lines that ``cleanscrape warc`` and the batch command
write. Nothing runs until the bag is computed or written, on whatever
scheduler is active (a ``distributed.Client`` connected to a cluster, or
Dask's local scheduler)::

    from distributed import Client
    import cleanscrape.dask as csd

    client = Client("scheduler-address:8786")  # or Client() for this machine
    csd.warc_bag(["s3://bucket/crawl-00000.warc.gz", ...]).map(json.dumps).to_textfiles("out/*.jsonl")

Parallelism comes from Dask (one task per WARC file or input partition), so
pages are extracted inside the Dask worker, without a second process pool. A
page that raises is a failure line, not a failed task.

Needs the ``dask`` extra (``pip install 'cleanscrape[dask]'``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .batch import folder_rules, run_inline, to_page_result
from .core import extract
from .models import Article, Options
from .warc import extract_warc

if TYPE_CHECKING:
    from dask.bag import Bag

__all__ = ["jsonl_bag", "parquet_bag", "warc_bag"]


def _bag_module() -> Any:
    try:
        import dask.bag
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("cleanscrape.dask needs Dask: pip install 'cleanscrape[dask]'") from exc
    return dask.bag


def _warc_partition(
    paths: Sequence[str], options: Options, rule_folders: tuple[str, ...]
) -> list[dict[str, Any]]:
    # workers=0: Dask already runs one task per core, a nested pool would oversubscribe.
    return list(
        extract_warc(paths, workers=0, options=options, timeout=None, rule_folders=rule_folders)
    )


def warc_bag(
    paths: Sequence[str | os.PathLike[str]],
    *,
    options: Options | None = None,
    rule_folders: Sequence[str] = (),
) -> Bag:
    """A bag with one line per HTML response of the WARC files (one partition per file).

    Args:
        paths: WARC files, readable from every Dask worker (shared disk or object store
            paths FastWARC can open).
        options: the extraction options.
        rule_folders: folders of site rules tried first, readable from every worker.

    Returns:
        A lazy bag of mappings as :func:`cleanscrape.warc.extract_warc` yields them.
    """
    bag = _bag_module()
    files = [os.fspath(p) for p in paths]
    if not files:
        return bag.from_sequence([], npartitions=1)  # type: ignore[no-any-return]
    return bag.from_sequence(files, npartitions=len(files)).map_partitions(  # type: ignore[no-any-return]
        _warc_partition, options=options or Options(), rule_folders=tuple(rule_folders)
    )


def _extract_row(
    row: Mapping[str, Any],
    html_field: str,
    url_field: str,
    keep: Sequence[str],
    options: Options,
    rule_folders: tuple[str, ...] = (),
) -> dict[str, Any]:
    html = row.get(html_field)
    url = row.get(url_field)
    url = str(url) if url is not None else None

    def run(page: str | bytes) -> Article | None:
        return extract(page, url, options=options, rules=folder_rules(rule_folders))

    if not isinstance(html, str | bytes):
        outcome: tuple[Any, ...] = ("err", "InputError", f"field {html_field!r} is not text")
    else:
        outcome = run_inline(run, html)
    line = {name: row.get(name) for name in keep}
    line.update(to_page_result(0, url, outcome).to_dict())
    return line


def _extract_json_line(
    text: str,
    html_field: str,
    url_field: str,
    keep: Sequence[str],
    options: Options,
    rule_folders: tuple[str, ...],
) -> Iterator[dict[str, Any]]:
    if text.strip():
        yield _extract_row(json.loads(text), html_field, url_field, keep, options, rule_folders)


def jsonl_bag(
    paths: str | Sequence[str],
    *,
    html_field: str = "html",
    url_field: str = "url",
    keep: Sequence[str] = (),
    options: Options | None = None,
    rule_folders: Sequence[str] = (),
    blocksize: int | str | None = None,
) -> Bag:
    """A bag with one line per JSON object of JSON Lines files that hold pages.

    Args:
        paths: files or a glob (``"pages/*.jsonl.gz"``); compression is inferred.
        html_field: the key holding the page's HTML.
        url_field: the key holding its URL (may be absent).
        keep: other keys copied into each output line (an id to join on).
        options: the extraction options.
        rule_folders: folders of site rules tried first, readable from every worker.
        blocksize: split uncompressed files into partitions of this many bytes
            (default: one partition per file).

    Returns:
        A lazy bag of mappings: ``keep`` fields, ``source_url``, then the article's
        fields or ``error`` and ``message``.
    """
    bag = _bag_module()
    lines = bag.read_text(paths, blocksize=blocksize)
    return lines.map(  # type: ignore[no-any-return]
        _extract_json_line,
        html_field,
        url_field,
        tuple(keep),
        options or Options(),
        tuple(rule_folders),
    ).flatten()


def parquet_bag(
    paths: str | Sequence[str],
    *,
    html_column: str = "html",
    url_column: str = "url",
    keep: Sequence[str] = (),
    options: Options | None = None,
    rule_folders: Sequence[str] = (),
) -> Bag:
    """A bag with one line per row of Parquet files that hold pages (needs pandas, pyarrow).

    Args are as for :func:`jsonl_bag`, naming columns; one partition per Parquet
    row group or file, as :func:`dask.dataframe.read_parquet` splits them.
    """
    try:
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "reading Parquet needs Dask's dataframe support: pip install 'dask[dataframe]' pyarrow"
        ) from exc
    columns = list(dict.fromkeys([html_column, url_column, *keep]))
    rows = dd.read_parquet(paths, columns=columns).to_bag(format="dict")
    return rows.map(  # type: ignore[no-any-return]
        _extract_row,
        html_column,
        url_column,
        tuple(keep),
        options or Options(),
        tuple(rule_folders),
    )
