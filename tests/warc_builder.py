"""Writes small WARC files for the tests, record by record, each a gzip member as in the wild."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path

WARC_DATE = "2024-05-06T07:08:09Z"


@dataclass
class WarcWriter:
    """Collects records; ``ids`` lists each record's WARC-Record-ID in order."""

    file_number: int = 0  # part of every record id, so ids are unique across files
    chunks: list[bytes] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def record(self, warc_type: str, uri: str, block: bytes, content_type: str) -> bytes:
        record_id = f"<urn:uuid:00000000-0000-4000-{self.file_number:04d}-{len(self.ids):012d}>"
        self.ids.append(record_id)
        head = (
            f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: {record_id}\r\n"
            f"WARC-Date: {WARC_DATE}\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
        ).encode()
        member = gzip.compress(head + block + b"\r\n\r\n")
        self.chunks.append(member)
        return member

    def response(
        self,
        uri: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: str = "200 OK",
    ) -> bytes:
        http = (
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        return self.record("response", uri, http, "application/http; msgtype=response")

    def request(self, uri: str) -> bytes:
        http = f"GET / HTTP/1.1\r\nHost: {uri.split('/')[2]}\r\n\r\n".encode()
        return self.record("request", uri, http, "application/http; msgtype=request")

    def warcinfo(self) -> bytes:
        return self.record(
            "warcinfo", "", b"software: cleanscrape tests\r\n", "application/warc-fields"
        )

    def truncated_response(self, uri: str, body: bytes) -> None:
        """A response cut in the middle, as an interrupted crawl leaves its last record."""
        whole = gzip.decompress(self.response(uri, body))
        self.chunks[-1] = gzip.compress(whole[: len(whole) // 2])

    def write(self, path: Path) -> Path:
        path.write_bytes(b"".join(self.chunks))
        return path


def article_html(title: str, sentence: str, *, paragraphs: int = 4) -> str:
    """A page with an unmistakable article: a heading and several long paragraphs."""
    body = "".join(
        f"<p>{sentence} Paragraph {i} of the story goes on for a while.</p>"
        for i in range(paragraphs)
    )
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Footer</footer></body></html>"
    )
