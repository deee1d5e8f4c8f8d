"""Loopback servers and helpers shared by the fetch tests (this module holds no tests).

pytest-httpserver covers ordinary answers; :class:`RawServer` is a threading socket server
for what it cannot express: dripping bytes, lying Content-Length, hanging up mid-body.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cleanscrape.fetch import FetchConfig

# Tests talk to one local server over and over: no politeness pauses, quick retries.
FAST = FetchConfig(per_host_delay=0.0, backoff=0.01, timeout=10.0)

ARTICLE = (
    "<!doctype html><html><head><title>Harbour</title></head><body><article>"
    "<h1>Harbour reopens</h1>"
    + "<p>The harbour reopened on Monday after a long winter of repairs to the old quay.</p>" * 5
    + "</article></body></html>"
)


@dataclass
class Timer:
    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Timer]:
    """Measure the wall time of a block (robustness tests assert generous bounds)."""
    timer = Timer()
    start = time.monotonic()
    try:
        yield timer
    finally:
        timer.seconds = time.monotonic() - start


Handler = Callable[[socket.socket, bytes, threading.Event], None]


def read_request(conn: socket.socket) -> bytes:
    """Read one request head (up to the blank line)."""
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


class RawServer:
    """A threading TCP server on 127.0.0.1; ``handler(conn, request, stop)`` per connection."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.stop = threading.Event()
        self.requests: list[bytes] = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            request = read_request(conn)
            self.requests.append(request)
            self._handler(conn, request, self.stop)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self._sock.close()
        self._thread.join(timeout=2)


@contextmanager
def raw_server(handler: Handler) -> Iterator[RawServer]:
    server = RawServer(handler)
    try:
        yield server
    finally:
        server.close()


def drip_body(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
    """Headers at once, then one body byte every half second: never idle long, never done."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>"
    )
    while not stop.wait(0.5):
        conn.sendall(b"x")


def drip_headers(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
    """The status line and headers themselves, one byte every half second."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"y" * 1000:
        if stop.wait(0.5):
            return
        conn.sendall(bytes([byte]))


def gzip_zeros(size: int, *, level: int = 1) -> bytes:
    """A gzip body that inflates to ``size`` zero bytes, built by streaming (little memory)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = []
    left = size
    while left > 0:
        parts.append(compressor.compress(block[: min(left, len(block))]))
        left -= len(block)
    parts.append(compressor.flush())
    return b"".join(parts)
