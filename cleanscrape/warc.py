"""Web archives: extract every HTML response of WARC files into JSON Lines.

Records are parsed with FastWARC (the ``warc`` extra), the fastest maintained
WARC reader for Python (about 0.2 ms a record on gzip WARCs here against 0.4 ms
for warcio). gzip and uncompressed files are split into records here first,
in bounded memory: an empty gzip member does not end the file, garbage or a
corrupt member is skipped to the next record (counted as ``lost``), and a
record whose block or decoded body is over ``max_bytes`` is read past without
being kept (counted as ``oversize``). HTTP bodies are decoded with the
fetcher's capped decompressors, so a gzip bomb stops at ``max_bytes``. Pages
are extracted in the worker pool of :mod:`cleanscrape.batch`, in archive order.

Each HTML response gives one JSON object: ``warc_record_id``,
``warc_target_uri``, ``warc_date`` and then either the article's fields
(:meth:`~cleanscrape.Article.to_dict`) or ``error`` and ``message``. Records
that are not HTML responses, or are broken, are counted in :class:`WarcCounts`
and skipped.

Usage: ``cleanscrape warc FILE.warc.gz... [-o OUT.jsonl] [--workers N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from . import cli_types
from .batch import DEFAULT_TIMEOUT, NO_ARTICLE, default_workers, folder_rules, run_pool
from .core import extract
from .decode import decode_html, looks_binary
from .errors import CleanscrapeError, NotHTMLError
from .models import Options
from .output import OutputBusy, exclusive_output

if TYPE_CHECKING:
    from fastwarc.warc import WarcRecord

__all__ = ["WarcCounts", "WarcReaderMissing", "extract_warc", "main"]

logger = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
# A response without a Content-Type is taken for HTML when its first bytes say so.
_SNIFF_BYTES = 1024
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_OK_STATUSES = range(200, 300)
#: The largest HTTP body kept, after decoding: the fetcher's default ``max_bytes``.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


class WarcReaderMissing(CleanscrapeError):
    """FastWARC is not installed: ``pip install 'cleanscrape[warc]'``."""


@dataclasses.dataclass
class WarcCounts:
    """What a run over WARC files met; updated as records are read.

    Attributes:
        html: HTML responses sent to extraction (= articles + no_article + failed).
        articles: HTML responses that gave an article.
        no_article: HTML responses without article-like content.
        failed: HTML responses whose extraction failed (crash, timeout, error).
        non_html: responses that are not HTML (images, PDF, scripts...).
        broken: truncated or unparseable records, and read errors that ended a file.
        skipped: records that are not successful responses (request, warcinfo,
            metadata, revisit records; HTTP status outside 2xx), and oversize ones.
        oversize: records skipped because their block, or their body once
            decoded, is over the size limit (``max_bytes``); also in ``skipped``.
        lost: stretches of a file that could not be read (garbage between
            records, corrupt compression); reading resumed at the next record.
    """

    html: int = 0
    articles: int = 0
    no_article: int = 0
    failed: int = 0
    non_html: int = 0
    broken: int = 0
    skipped: int = 0
    oversize: int = 0
    lost: int = 0

    @property
    def records(self) -> int:
        """Every record met (requests, metadata, responses...), counting a read error as one."""
        return self.html + self.non_html + self.broken + self.skipped

    def add(self, other: WarcCounts) -> None:
        """Add another run's counts to these."""
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def summary(self) -> str:
        """One line for people."""
        return (
            f"{self.records} records: {self.html} HTML ({self.articles} articles, "
            f"{self.no_article} without article, {self.failed} failed), "
            f"{self.non_html} non-HTML, {self.broken} broken, {self.skipped} skipped"
            + (f" ({self.oversize} over the size limit)" if self.oversize else "")
            + (f"; {self.lost} unreadable stretches skipped" if self.lost else "")
        )


@dataclasses.dataclass(frozen=True, slots=True)
class _HtmlRecord:
    record_id: str | None
    target_uri: str | None
    date: str | None
    body: bytes
    charset: str | None


def _archive_iterator(stream: IO[bytes]) -> Iterator[WarcRecord]:
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError as exc:
        raise WarcReaderMissing(
            "reading WARC files needs FastWARC: pip install 'cleanscrape[warc]'"
        ) from exc
    return iter(ArchiveIterator(stream, parse_http=False))


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
    head = body[:_SNIFF_BYTES]
    return looks_binary(head) is None and _HTML_START.match(head) is not None


def _oversize(counts: WarcCounts, where: str, what: str, max_bytes: int) -> None:
    counts.skipped += 1
    counts.oversize += 1
    logger.warning(
        "%s: record skipped: %s over the limit of %s bytes", where, what, f"{max_bytes:,}"
    )


def _classify(
    record: WarcRecord, counts: WarcCounts, max_bytes: int, where: str
) -> _HtmlRecord | None:
    """The record's page if it is a complete, successful HTML response; else count it."""
    from .fetch import ContentDecodingError, TooLarge, decode_content

    headers = record.headers
    if headers.get("WARC-Type") != "response":
        counts.skipped += 1
        return None
    declared = (headers.get("Content-Length") or "").strip()
    # ASCII digits only: str.isdigit() takes "²" and strip() takes "\x1f", int() neither.
    if not (declared.isascii() and declared.isdigit()):
        counts.broken += 1
        return None
    if int(declared) > max_bytes + _HTTP_HEAD_ROOM:
        _oversize(counts, where, f"a block of {int(declared):,} bytes is", max_bytes)
        return None
    block = record.reader.read()
    if len(block) != int(declared):
        counts.broken += 1
        return None
    if not record.is_http:
        counts.non_html += 1
        return None
    record.set_bytes_content(block)
    try:
        # Chunked transfer coding only: content codings are undone below, with a cap.
        record.parse_http(auto_decode="transfer")
        raw = record.reader.read()
    except OSError:
        counts.broken += 1
        return None
    http = record.http_headers
    if http is None:
        counts.broken += 1
        return None
    if http.status_code not in _OK_STATUSES:
        counts.skipped += 1
        return None
    try:
        body = decode_content(raw, http.get("Content-Encoding"), limit=max_bytes)
    except TooLarge:
        _oversize(counts, where, "a body that decodes to more bytes is", max_bytes)
        return None
    except ContentDecodingError:
        counts.broken += 1
        return None
    content_type = http.get("Content-Type")
    if not _is_html(content_type, body):
        counts.non_html += 1
        return None
    charset = _CHARSET.search(content_type or "")
    return _HtmlRecord(
        record_id=headers.get("WARC-Record-ID"),
        # WARC 1.0's grammar put the URI in angle brackets; some writers still do.
        target_uri=(headers.get("WARC-Target-URI") or "").strip("<>") or None,
        date=headers.get("WARC-Date"),
        body=body,
        charset=charset.group(1) if charset else None,
    )


# --- reading files record by record, in bounded memory ------------------------------------

# Read from a file this much at a time; gzip output comes in pieces of _INFLATE_PIECE.
_READ_CHUNK = 1 << 20
_INFLATE_PIECE = 1 << 16
# Room in a record's block beyond max_bytes for its HTTP headers.
_HTTP_HEAD_ROOM = 256 * 1024
# A WARC header block is under 2 KB; one longer than this is not a header.
_MAX_WARC_HEAD = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
# zstd and lz4 frames: left to FastWARC, which reads them whole.
_OTHER_COMPRESSIONS = (b"\x28\xb5\x2f", b"\x04\x22\x4d")
_PLAIN_MAGIC = b"WARC/"
# A record header inside a block: the record was cut short and another follows
# (on a line of its own, or right after the cut, mid-line, where the WARC- field
# that opens a record header tells it from a page that quotes one).
_INNER_RECORD = re.compile(rb"\nWARC/1\.[01]\r\n[A-Za-z-]+:|WARC/1\.[01]\r\nWARC-[A-Za-z-]+:")
# Bytes kept between two pieces while a block is read past, for a header split
# between them (its "WARC/1.0" line and the name of its first field).
_INNER_RECORD_PEEK = 256


def _inner_record(buffer: bytearray, start: int, end: int) -> int:
    """Where ``_INNER_RECORD`` matches in ``buffer[start:end]``, or -1.

    ``find`` locates the candidates: the regular expression alone scans ten
    times slower (a block of a gigabyte read past: 5 s instead of 0.5 s).
    """
    # ``end`` comes from a declared length, which may exceed any index (a C ssize_t
    # bounds the regular expression's positions; ``find`` clamps its own).
    end = min(end, len(buffer))
    at = buffer.find(b"WARC/1.", start, end)
    while at >= 0:
        for begin in (at - 1, at):
            if begin >= start and _INNER_RECORD.match(buffer, begin, end):
                return begin
        at = buffer.find(b"WARC/1.", at + 1, end)
    return -1


# A record's block is followed by two CRLFs, then the next record's "WARC/".
_TRAILER_PEEK = 4 + len(_PLAIN_MAGIC)
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)


# Marks a break in the decompressed stream (a corrupt member): the record being
# read there is incomplete, and the next bytes start afresh.
_BREAK = b""


class _Break(Exception):
    """Internal: the stream of pieces broke off in the middle of a record."""


def _gzip_pieces(stream: IO[bytes], lost: list[str]) -> Iterator[bytes]:
    """The decompressed bytes of a gzip file of many members, in bounded pieces.

    An empty member is skipped (it holds nothing). Bytes that are no gzip
    member (garbage between members, a corrupt member) are skipped up to the
    next member header, and each such stretch is noted in ``lost``; after a
    corrupt member, that search starts just after its header when it is still
    at hand, so that the member after it is not lost too.
    """
    reader = _GzipReader(stream)
    inflater: Any = None
    member = (-1, -1)  # the chunk and position where the current member starts
    resuming = False  # after a corrupt member: looking for the next one
    while True:
        if not reader.fill():
            if inflater is None:
                return
            # A member cut short: its deflate data ran on into the members after it.
            lost.append(f"a gzip member cut short (the file ends at byte {reader.offset:,})")
            yield _BREAK
            if member[0] != reader.chunks:
                return
            inflater = None
            reader.restart(member[1] + 1)
            member, resuming = (-1, -1), True
            continue
        if inflater is None:
            skipped = reader.skip_to_member()
            if skipped and not resuming:  # the rest of a corrupt member is part of its loss
                where = reader.offset - skipped
                lost.append(f"{skipped:,} bytes that are no gzip member at byte {where:,}")
            resuming = False
            if not reader.fill():
                return
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            member = (reader.chunks, reader.position)
        chunk = reader.data[reader.position : reader.position + _FEED]
        try:
            piece = inflater.decompress(chunk, _INFLATE_PIECE)
        except zlib.error as exc:
            lost.append(f"corrupt gzip data near byte {reader.offset:,} ({exc})")
            yield _BREAK  # what came out of this member so far ends here
            inflater = None
            reader.restart(member[1] + 1 if member[0] == reader.chunks else reader.position + 1)
            member, resuming = (-1, -1), True
            continue
        if piece:
            yield piece
        if inflater.eof:
            reader.advance(len(chunk) - len(inflater.unused_data))
            inflater = None
        else:
            reader.advance(len(chunk) - len(inflater.unconsumed_tail))


# Compressed bytes given to zlib at once: its unconsumed tail is copied on each call.
_FEED = 1 << 16


class _GzipReader:
    """A file read in chunks, with a position in the current chunk (no copying slices)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.data = b""
        self.position = 0
        self.offset = 0  # of ``position`` in the file
        self.chunks = 0  # chunks read so far: a position is valid in its chunk only
        self._at_end = False

    def fill(self) -> bool:
        """Make sure there is something at ``position``; ``False`` at the end of the file."""
        if self.position < len(self.data):
            return True
        while not self._at_end:
            more = self._stream.read(_READ_CHUNK)
            self._at_end = not more
            if more:
                self.data, self.position = more, 0
                self.chunks += 1
                return True
        return False

    def advance(self, count: int) -> None:
        self.position += count
        self.offset += count

    def restart(self, position: int) -> None:
        """Go back (or on) to ``position`` of the current chunk."""
        self.offset += position - self.position
        self.position = position

    def skip_to_member(self) -> int:
        """Move to the next gzip member header; returns how many bytes were skipped."""
        skipped = 0
        while self.fill():
            found = self.data.find(_GZIP_MAGIC, self.position)
            if found >= 0:
                skipped += found - self.position
                self.advance(found - self.position)
                if len(self.data) - found >= len(_GZIP_MAGIC):
                    return skipped
            # A header may straddle two reads: keep its first bytes with the next one.
            keep = min(len(_GZIP_MAGIC) - 1, len(self.data) - self.position)
            tail = self.data[len(self.data) - keep :]
            skipped += len(self.data) - self.position - keep
            self.offset += len(self.data) - self.position - keep
            more = self._stream.read(_READ_CHUNK)
            if not more:
                self._at_end = True
                skipped += len(tail)
                self.offset += len(tail)
                self.data, self.position = b"", 0
                return skipped
            self.data, self.position = tail + more, 0
            self.chunks += 1
        return skipped


class _Records:
    """Splits a stream of WARC bytes into records, each at most ``limit`` bytes.

    Between records, anything that is not a record header is skipped to the
    next line starting with ``WARC/`` and noted in ``lost``. A record whose
    block is over ``limit`` is read past without being kept.
    """

    def __init__(self, pieces: Iterator[bytes], limit: int, lost: list[str]) -> None:
        self._pieces = pieces
        self._buffer = bytearray()
        self._done = False
        self._limit = limit
        self._lost = lost

    def _more(self) -> bool:
        piece = next(self._pieces, None)
        if piece is None:
            self._done = True
            return False
        if piece is _BREAK:
            raise _Break
        self._buffer += piece
        return True

    def _fill(self, size: int) -> None:
        while len(self._buffer) < size and self._more():
            pass

    def __iter__(self) -> Iterator[bytes | int]:
        """Record bytes, or the declared size of a record too large to keep.

        A record cut by a break in the stream comes out as it is (shorter than
        it declares: counted broken); the next bytes are read afresh.
        """
        while not self._done:
            try:
                yield from self._split()
            except _Break:
                yield from self._cut_short()

    def _cut_short(self) -> Iterator[bytes]:
        """What the buffer holds at a break: each record in it, cut short (counted broken)."""
        buffer = bytes(self._buffer)
        self._buffer.clear()
        start = buffer.find(_PLAIN_MAGIC)
        while start >= 0:
            following = buffer.find(_PLAIN_MAGIC, start + 1)
            yield buffer[start:following] if following >= 0 else buffer[start:]
            start = following

    def _split(self) -> Iterator[bytes | int]:
        buffer = self._buffer
        while True:
            self._fill(len(_PLAIN_MAGIC) + 2)
            start = 0
            while start < len(buffer) and buffer[start] in b"\r\n":
                start += 1
            del buffer[:start]
            if not buffer:
                if self._done:
                    return
                continue
            if not buffer.startswith(_PLAIN_MAGIC):
                self._resynchronise()
                continue
            end = buffer.find(b"\r\n\r\n")
            while end < 0 and len(buffer) <= _MAX_WARC_HEAD and self._more():
                end = buffer.find(b"\r\n\r\n")
            length = _CONTENT_LENGTH.search(buffer, 0, end + 2) if end >= 0 else None
            if length is None:
                if self._done and end < 0 and len(buffer) <= _MAX_WARC_HEAD:
                    yield bytes(buffer)  # a header cut short by the end of the file
                    return
                self._resynchronise(skip=1)
                continue
            declared = int(length.group(1))
            size = end + 4 + declared
            if size > self._limit:
                self._discard(size, end + 4)
                yield declared
                continue
            self._fill(size + _TRAILER_PEEK)
            inner = _inner_record(buffer, end + 4, size)
            if inner >= 0 or not self._ends_record(size):
                # Shorter than it says (cut, then another record): keep its header
                # only (counted broken) and look for the next record inside.
                yield bytes(buffer[: end + 4])
                self._resynchronise(skip=inner if inner >= 0 else end + 4, count=False)
                continue
            record = bytes(buffer[:size])
            del buffer[:size]
            yield record

    def _ends_record(self, size: int) -> bool:
        """Whether a record of ``size`` bytes ends where the next one (or the file) starts."""
        if len(self._buffer) < size:
            return True  # the file ends inside it: FastWARC sees it short, counted broken
        after = bytes(self._buffer[size : size + _TRAILER_PEEK])
        if after.startswith(b"\r\n\r\n"):
            return True  # the trailer the format asks for (garbage after it is skipped later)
        after = after.lstrip(b"\r\n")
        return not after or after.startswith(_PLAIN_MAGIC[: len(after)])

    def _discard(self, size: int, start: int) -> None:
        """Read past ``size`` bytes without keeping them, the block starting at ``start``.

        A record header inside them ends the discarding there: the record was
        cut short (its declared size is only a claim), and the records after
        it are read as usual instead of being swallowed with it.
        """
        buffer = self._buffer
        try:
            while True:
                inner = _inner_record(buffer, start, size)
                if inner >= 0:
                    del buffer[:inner]
                    return
                if size <= len(buffer):
                    break
                # Keep a tail, where a record header may begin that the next piece ends.
                drop = max(len(buffer) - _INNER_RECORD_PEEK, start)
                del buffer[:drop]
                size -= drop
                start = max(start - drop, 0)
                if not self._more():
                    buffer.clear()  # the file ends inside the record
                    return
        except _Break:
            buffer.clear()  # the oversize record broke off: what follows starts afresh
            return
        del buffer[:size]

    def _resynchronise(self, *, skip: int = 0, count: bool = True) -> None:
        """Drop bytes up to the next ``WARC/`` (where a record may start)."""
        skipped = skip
        del self._buffer[:skip]
        while True:
            # Anywhere, not only at a line start: garbage need not end with a newline.
            # A false start fails as a header and is skipped in turn.
            found = self._buffer.find(_PLAIN_MAGIC)
            if found >= 0:
                skipped += found
                del self._buffer[:found]
                break
            keep = len(_PLAIN_MAGIC)
            dropped = max(len(self._buffer) - keep, 0)
            skipped += dropped
            del self._buffer[:dropped]
            if not self._more():
                skipped += len(self._buffer)
                self._buffer.clear()
                break
        if count:
            self._lost.append(f"{skipped:,} bytes between records that are no record")


def _read_records(
    stream: IO[bytes], where: str, counts: WarcCounts, max_bytes: int
) -> Iterator[WarcRecord]:
    """Every record of one file, parsed by FastWARC one at a time, in bounded memory.

    gzip (one member a record, or one for the file) and uncompressed files are
    split here, which lets reading go on after garbage or an empty gzip member;
    other compressions (zstd, lz4) are left to FastWARC whole.
    """
    head = stream.read(_READ_CHUNK)
    lost: list[str] = []
    if head.startswith(_OTHER_COMPRESSIONS):
        stream.seek(0)  # FastWARC needs a seekable stream
        yield from _fastwarc_records(stream, where, counts)
        return
    rest: Any = _Prefixed(head, stream)
    # gzip unless a record header comes before any gzip member (garbage may come first).
    gzip_at, plain_at = head.find(_GZIP_MAGIC), head.find(_PLAIN_MAGIC)
    gzipped = gzip_at >= 0 and (plain_at < 0 or gzip_at < plain_at)
    pieces = _gzip_pieces(rest, lost) if gzipped else _plain_pieces(rest)
    for item in _Records(pieces, max_bytes + _HTTP_HEAD_ROOM + _MAX_WARC_HEAD, lost):
        _report_lost(lost, where, counts)
        if isinstance(item, int):
            _oversize(counts, where, f"a block of {item:,} bytes is", max_bytes)
            continue
        try:
            record = next(_archive_iterator(io.BytesIO(item)), None)
        except OSError:
            record = None
        if record is None:
            counts.broken += 1
            continue
        yield record
    _report_lost(lost, where, counts)


def _fastwarc_records(stream: IO[bytes], where: str, counts: WarcCounts) -> Iterator[WarcRecord]:
    records = _archive_iterator(stream)
    while True:
        try:
            record = next(records, None)
        except OSError as exc:  # corrupt compression or headers: nothing after is trustworthy
            counts.lost += 1
            logger.warning("%s: stopped reading: %s", where, exc)
            return
        if record is None:
            return
        yield record


def _report_lost(lost: list[str], where: str, counts: WarcCounts) -> None:
    for what in lost:
        counts.lost += 1
        logger.warning("%s: skipped %s", where, what)
    lost.clear()


def _plain_pieces(stream: IO[bytes]) -> Iterator[bytes]:
    while piece := stream.read(_READ_CHUNK):
        yield piece


class _Prefixed(io.RawIOBase):
    """``stream`` with ``head`` (already read from it) put back in front."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            if size < 0:
                return head + self._stream.read()
            return head + self._stream.read(max(size - len(head), 0))
        return self._stream.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _open(path: str | os.PathLike[str]) -> IO[bytes]:
    """A local file, or any fsspec URL (``s3://``, ``hdfs://``...) when fsspec is installed."""
    name = os.fspath(path)
    if "://" not in name or name.startswith("file://"):
        return open(name.removeprefix("file://"), "rb")
    try:
        import fsspec
    except ImportError as exc:
        raise OSError(f"{name}: remote paths need fsspec (pip install fsspec)") from exc
    return fsspec.open(name, "rb").open()  # type: ignore[no-any-return]


def _html_records(
    paths: Iterable[str | os.PathLike[str]], counts: WarcCounts, max_bytes: int
) -> Iterator[_HtmlRecord]:
    for path in paths:
        where = os.fspath(path)
        with _open(path) as stream:
            for record in _read_records(stream, where, counts, max_bytes):
                try:
                    page = _classify(record, counts, max_bytes, where)
                except OSError as exc:  # a record FastWARC cannot read further
                    counts.broken += 1
                    logger.warning("%s: broken record: %s", where, exc)
                    continue
                if page is not None:
                    counts.html += 1
                    yield page


def _extract_record(
    options: Options, rule_folders: tuple[str, ...], payload: tuple[bytes, str | None, str | None]
) -> dict[str, Any] | None:
    """In the worker: decode with the HTTP charset, extract, and render the JSON fields.

    Rendering here (Markdown included) keeps the parent, which reads the archive
    and writes the lines for every worker, from becoming the bottleneck.
    """
    body, url, charset = payload
    text, _encoding = decode_html(body, http_charset=charset)
    article = extract(text, url, options=options, rules=folder_rules(rule_folders))
    return None if article is None else article.to_dict()


def extract_warc(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    options: Options | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_limit: int | None = None,
    rule_folders: Sequence[str | os.PathLike[str]] = (),
    counts: WarcCounts | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[dict[str, Any]]:
    """Extract every HTML response of the WARC files, in archive order.

    Args:
        paths: WARC files (plain, gzip, zstd or lz4 compressed): local paths, or
            URLs fsspec can open (``s3://bucket/x.warc.gz``) when it is installed.
        workers: worker processes (default: the cores available); ``0`` extracts
            in this process (what a Dask task does).
        options: the extraction options.
        timeout: seconds one page may take (see :func:`cleanscrape.extract_many`).
        memory_limit: bytes of address space per worker (see :func:`cleanscrape.extract_many`).
        rule_folders: folders of site rules tried first (as ``--rules``).
        counts: a :class:`WarcCounts` updated as records are read, for a summary.
        max_bytes: the largest HTTP body kept, counted after decoding its
            Content-Encoding (the fetcher's ``max_bytes``); larger records are
            skipped and counted as ``oversize``.

    Yields:
        One JSON-ready mapping per HTML response: ``warc_record_id``,
        ``warc_target_uri``, ``warc_date``, then the article's fields or
        ``error`` and ``message`` (``"NoArticle"`` when the page has no article).

    Raises:
        WarcReaderMissing: FastWARC is not installed.
        OSError: a file cannot be opened (raised when its turn comes).
    """
    tally = counts if counts is not None else WarcCounts()
    opts = options or Options()
    records: dict[int, _HtmlRecord] = {}

    def payloads() -> Iterator[tuple[bytes, str | None, str | None]]:
        for index, record in enumerate(_html_records(paths, tally, max_bytes)):
            # Keep only the identifiers: the body goes to the worker and is not needed back.
            records[index] = dataclasses.replace(record, body=b"")
            yield record.body, record.target_uri, record.charset

    fn = functools.partial(_extract_record, opts, tuple(os.fspath(f) for f in rule_folders))
    results = run_pool(
        fn,
        payloads(),
        workers=default_workers() if workers is None else workers,
        ordered=True,
        timeout=timeout,
        memory_limit=memory_limit,
    )
    for index, outcome in results:
        record = records.pop(index)
        line: dict[str, Any] = {
            "warc_record_id": record.record_id,
            "warc_target_uri": record.target_uri,
            "warc_date": record.date,
        }
        if outcome[0] == "ok" and outcome[1] is not None:
            tally.articles += 1
            line.update(outcome[1])
        elif outcome[0] == "ok":
            tally.no_article += 1
            line.update(error=NO_ARTICLE.error, message=NO_ARTICLE.message)
        elif outcome[1] == NotHTMLError.__name__:
            # Served as HTML but the bytes are binary: a mislabelled image or PDF.
            tally.html -= 1
            tally.non_html += 1
            continue
        else:
            tally.failed += 1
            line.update(error=outcome[1], message=outcome[2])
        yield line


def _json_line(line: dict[str, Any], counts: WarcCounts) -> str:
    """``line`` as JSON; a record whose fields cannot be written becomes its error line."""
    try:
        text = json.dumps(line, ensure_ascii=False) + "\n"
        text.encode("utf-8")
        return text
    except Exception as exc:  # one record's output, never the run's end
        if "error" not in line:
            counts.articles -= 1
            counts.failed += 1
        keys = ("warc_record_id", "warc_target_uri", "warc_date")
        failure = {key: line.get(key) for key in keys}
        failure.update(error=type(exc).__name__, message=str(exc))
        return json.dumps(failure) + "\n"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanscrape warc",
        description="Extract the article of every HTML response in WARC files, as JSON Lines.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="WARC files (.warc, .warc.gz)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="extraction processes (default: the number of cores)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit for one page (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=None,
        metavar="MB",
        help="address space per worker; a page needing more fails alone (default: none)",
    )
    from .cli import add_extraction_arguments  # the command's module imports this lazily

    parser.add_argument(
        "--max-bytes",
        type=cli_types.size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="largest HTTP body kept, after decompression, e.g. 5M (default 16M); "
        "larger records are skipped",
    )
    add_extraction_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``cleanscrape warc``: exit 0 when every file was read whole and every HTML record gave
    an article; 1 when a file could not be (missing, or a stretch of it unreadable) or some
    HTML record gave no article or failed; 2 usage."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.workers is not None and args.workers < 0:
        parser.print_usage(sys.stderr)
        print("cleanscrape warc: --workers must be 0 or more", file=sys.stderr)
        return 2
    if args.memory_limit is not None and args.memory_limit < 1:
        parser.print_usage(sys.stderr)
        print("cleanscrape warc: --memory-limit must be at least 1 (MB)", file=sys.stderr)
        return 2
    missing = [f for f in args.files if not os.path.isfile(f)]
    for path in missing:
        print(f"cleanscrape warc: {path}: no such file", file=sys.stderr)
    if args.rules:
        from .rules.cli import load_rules_for_command

        try:
            load_rules_for_command(args.rules)  # reports bad rule files once, here
        except CleanscrapeError as exc:
            print(f"cleanscrape warc: {exc}", file=sys.stderr)
            return 2
    from .cli import extraction_options  # the command's module imports this one lazily

    options = extraction_options(args)
    counts = WarcCounts()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("cleanscrape warc: %(message)s"))
    logger.addHandler(handler)
    try:
        with contextlib.ExitStack() as stack:
            out: IO[str] = sys.stdout
            if args.output:
                stack.enter_context(exclusive_output(args.output))
                out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
            lines = extract_warc(
                [f for f in args.files if f not in missing],
                workers=args.workers,
                options=options,
                timeout=args.timeout,
                memory_limit=args.memory_limit * 2**20 if args.memory_limit else None,
                rule_folders=args.rules,
                counts=counts,
                max_bytes=args.max_bytes,
            )
            for line in lines:
                out.write(_json_line(line, counts))
    except (WarcReaderMissing, OutputBusy) as exc:
        print(f"cleanscrape warc: {exc}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
    print(f"cleanscrape warc: {counts.summary()}", file=sys.stderr)
    # As the command's other modes: 1 when some page (here an HTML record) gave no article.
    return 1 if missing or counts.lost or counts.no_article or counts.failed else 0
