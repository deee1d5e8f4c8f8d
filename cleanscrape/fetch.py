"""Getting pages over HTTP without hanging, without blowing up memory, and politely.

This is the only module that imports httpx. :class:`Fetcher` (and :class:`AsyncFetcher`)
own one connection pool; :func:`fetch`, :func:`scrape` and their async twins are one-shot
wrappers. Everything is tuned by one frozen :class:`FetchConfig`.

How the promises are kept:

- **deadline**: every socket operation reads the fetch's deadline from a context variable
  (a wrapper around httpcore's network backend) and never waits past it, so a server that
  drips one byte every half second is cut at the deadline, headers included;
- **size**: raw bytes are streamed and inflated here with a bounded output size, so the
  limit counts decompressed bytes and a gzip bomb never expands in memory;
- **redirects** are followed by hand: each hop is checked (scheme, loop, count, address
  guard, robots.txt) and custom headers and cookies stay with the host they were given for;
- **address guard** (opt-in): hosts are resolved by the same wrapper that connects, every
  address is checked, and the connection goes to a checked address (no DNS rebinding).

The errors, all under :class:`~cleanscrape.errors.FetchError`::

    FetchError
    ├── InvalidURL            not a URL at all
    ├── UnsupportedScheme     not http or https (also on a redirect hop: file://, ftp:, data:)
    ├── BlockedAddress        the guard refused a loopback/private/link-local/reserved address
    ├── RobotsDisallowed      robots.txt forbids the path (only with respect_robots=True)
    ├── ConnectionFailed      DNS failure, refused connection, closed before answering
    ├── FetchTimeout          the deadline or an inactivity timeout passed
    ├── HTTPStatusError       a non-2xx answer (``.status``, ``.retry_after``)
    ├── TooManyRedirects      more hops than ``max_redirects``
    │   └── RedirectLoop      a hop back to an address already visited
    ├── NotHTML               a content type that is not HTML (also a NotHTMLError)
    ├── TooLarge              the decompressed body passed ``max_bytes`` (also an InputTooLarge)
    ├── IncompleteBody        the connection ended before the body did
    └── ContentDecodingError  unknown, too deeply stacked or corrupt Content-Encoding
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import importlib.util
import ipaddress
import logging
import random
import re
import socket
import threading
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol, get_args

import anyio
import httpcore
import httpx
from protego import Protego

from .decode import charset_origin, decode_html
from .errors import FetchError, InputTooLarge, NotHTMLError
from .models import Article, Options, RenderMode
from .rules import RuleSet

if TYPE_CHECKING:
    from .pages import Scraped

try:  # brotli >= 1.2 can bound the output of one call; older versions cannot be used safely
    import brotli

    _BROTLI = hasattr(brotli, "Decompressor") and hasattr(
        brotli.Decompressor(), "can_accept_more_data"
    )
except ImportError:  # pragma: no cover - brotli is a declared dependency
    _BROTLI = False

__all__ = [
    "DEFAULT_USER_AGENT",
    "AsyncFetcher",
    "BlockedAddress",
    "ConnectionFailed",
    "ContentDecodingError",
    "FetchConfig",
    "FetchTimeout",
    "Fetcher",
    "HTTPStatusError",
    "IncompleteBody",
    "InvalidURL",
    "NotHTML",
    "Page",
    "RedirectLoop",
    "RobotsDisallowed",
    "TooLarge",
    "TooManyRedirects",
    "UnsupportedScheme",
    "afetch",
    "ascrape",
    "decode_content",
    "fetch",
    "scrape",
]

logger = logging.getLogger(__name__)

try:
    _VERSION = version("cleanscrape")
except PackageNotFoundError:  # a source tree that is not installed
    _VERSION = "0.0.0"

# Chromium does not start in less than this (bytes of proportional set size).
_MIN_RENDER_MEMORY = 256 * 1024 * 1024
#: Sent unless ``FetchConfig.user_agent`` says otherwise: names the tool so site owners can find us.
DEFAULT_USER_AGENT = f"cleanscrape/{_VERSION} (article extractor; Python)"

# Largest piece a decompressor may emit at once: memory per stage stays this small
# whatever the compression ratio (a deflate stream can expand 1000-fold).
_INFLATE_PIECE = 64 * 1024
# Real servers use one encoding; two covers the odd proxy that re-gzips. More is an attack.
_MAX_ENCODINGS = 2
# Statuses that mean "try again later" rather than "no".
_RETRY_STATUSES = frozenset({429, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types that HTML is often mislabelled as; the first bytes decide.
_SNIFF_TYPES = frozenset(
    {"", "text/plain", "application/octet-stream", "text/xml", "application/xml"}
)
# The WHATWG sniffing algorithm looks at the first 512 bytes; a long leading
# comment or XML prolog needs a little more.
_SNIFF_BYTES = 1024
_HTML_START = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"""
    rb"""<(?:!doctype\s+html|html|head|body|title|meta|link|script|style|div|p|h1)[\s/>]""",
    re.IGNORECASE | re.DOTALL,
)
# RFC 9309 asks crawlers to parse at least 500 KiB of robots.txt; the rest is ignored.
_ROBOTS_MAX_BYTES = 512 * 1024
# RFC 9309: follow at least five redirects for robots.txt.
_ROBOTS_MAX_REDIRECTS = 5
# RFC 9309: a cached robots.txt should not be used for more than 24 hours.
_ROBOTS_TTL = 24 * 3600.0
# A 5xx or unreachable robots.txt means "disallow all", but only until the outage is
# likely over: re-asking after ten minutes keeps one bad minute from blocking a crawl for a day.
_ROBOTS_ERROR_TTL = 600.0
# Hosts remembered for robots.txt and politeness before idle ones are forgotten.
_MAX_HOSTS = 4096
# Address blocks that embed an IPv4 address the packet really goes to.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Numeric IPv4 forms that inet_aton (and so the system resolver) accepts: 2130706433, 0x7f.1, 017700000001.
_INET_ATON_FORM = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.I)

#: ``resolver(host, port)`` returns the addresses (as strings) a host name stands for.
Resolver = Callable[[str, int], Sequence[str]]


# --------------------------------------------------------------------------- errors


class InvalidURL(FetchError):
    """The target is not a usable URL (no host, bad characters)."""


class UnsupportedScheme(FetchError):
    """The URL, or a redirect hop, is not ``http`` or ``https``."""


class BlockedAddress(FetchError):
    """The address guard refused a host resolving to a non-public address."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids this path to our user agent (``respect_robots=True`` only)."""


class ConnectionFailed(FetchError):
    """The host could not be resolved or reached, or it hung up before answering."""


class FetchTimeout(FetchError):
    """The fetch's deadline passed, or the server stayed silent past an inactivity timeout."""


class HTTPStatusError(FetchError):
    """The server answered with a non-2xx status.

    Attributes:
        status: the HTTP status code.
        retry_after: seconds the server asked us to wait (429/503), when it said.
    """

    def __init__(
        self, message: str, *, status: int, url: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.retry_after = retry_after


class TooManyRedirects(FetchError):
    """The redirect chain is longer than ``FetchConfig.max_redirects``."""


class RedirectLoop(TooManyRedirects):
    """A redirect leads back to an address already visited in this fetch."""


class NotHTML(FetchError, NotHTMLError):
    """The content type (or the bytes) are not HTML; refused before the body is read."""


class TooLarge(FetchError, InputTooLarge):
    """The body, counted after decompression, is larger than ``FetchConfig.max_bytes``."""


class IncompleteBody(FetchError):
    """The connection ended before the whole body arrived (truncated or closed mid-body)."""


class ContentDecodingError(FetchError):
    """The Content-Encoding is unknown, stacked too deep, or the compressed data is corrupt."""


# --------------------------------------------------------------------------- config and page


def _networks(
    values: Iterable[str | ipaddress.IPv4Network | ipaddress.IPv6Network],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchConfig:
    """Every knob of fetching, frozen. Change with :func:`dataclasses.replace`.

    Attributes:
        timeout: total deadline of one fetch in seconds: redirects, retries, waits and
            robots.txt included (waiting for a politeness slot before the first request
            is not counted).
        connect_timeout: longest wait for one TCP/TLS connection.
        read_timeout: longest silence between two reads.
        max_bytes: largest body accepted, counted after decompression.
        max_redirects: most redirect hops followed.
        accept_any_content_type: also return PDFs, images and other non-HTML bodies.
        retries: most retries after connection errors and 429/502/503/504 answers.
        backoff: first retry wait in seconds; doubled each time, with random jitter.
        max_retry_wait: longest single wait; a longer ``Retry-After`` is not honoured
            (the status error is raised instead).
        user_agent: the User-Agent header; its first word is our robots.txt name.
        headers: extra request headers, sent only to the first URL's host.
        cookies: cookies (name to value), sent only to the first URL's host.
        proxy: an ``http://``, ``https://`` or ``socks5://`` proxy URL.
        http2: use HTTP/2 when the optional ``h2`` package is installed.
        verify_tls: check certificates (turn off only for testing).
        respect_robots: obey robots.txt (fetched once per host, cached).
        per_host_concurrency: most requests in flight to one host at a time.
        per_host_delay: least time in seconds between two fetches started on one host.
        block_private_addresses: the address guard, for services fetching URLs their users
            give: refuse hosts that resolve to loopback, private, link-local, reserved or
            multicast addresses, on every hop, and connect only to the checked address.
        allowed_addresses: networks the guard lets through anyway (``"10.1.2.0/24"``).
        resolver: how the guard resolves names (default: the system resolver).
        max_pages: most responses ``scrape`` joins into one story (its next pages,
            followed on the same host, within ``timeout``); 1 follows none.
        render: read pages through a browser: ``"auto"`` (only a page built by
            scripts, when the ``render`` extra and Chromium are installed),
            ``"never"`` or ``"always"``.
        render_timeout: deadline of one rendering in seconds, the browser's start included.
        render_max_memory: most memory (bytes) the browser may use for one rendering.
        browser: the Chromium (or Chrome) executable; default: ``chromium`` on the PATH.
    """

    # 30 s: a slow but working site answers in a few seconds; more is a hung server.
    timeout: float = 30.0
    # 10 s: a TCP handshake plus TLS takes well under a second almost everywhere.
    connect_timeout: float = 10.0
    # 15 s of silence mid-answer means the server is stuck, not slow.
    read_timeout: float = 15.0
    # 16 MiB: the heaviest article pages (inline data-URI images) stay under 10 MiB.
    max_bytes: int = 16 * 1024 * 1024
    # 10: browsers allow 20, but real chains are 1 to 3 hops; 10 leaves room for trackers.
    max_redirects: int = 10
    accept_any_content_type: bool = False
    # 2 retries ride out a restart or a blip without hammering a failing server.
    retries: int = 2
    # 0.5 s, then 1 s: long enough for a load balancer to route elsewhere.
    backoff: float = 0.5
    # 30 s: a Retry-After longer than this is a "come back later", not a blip.
    max_retry_wait: float = 30.0
    user_agent: str = DEFAULT_USER_AGENT
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    proxy: str | None = None
    http2: bool = True
    verify_tls: bool = True
    respect_robots: bool = False
    # 2 at a time per host, as crawlers customarily allow themselves.
    per_host_concurrency: int = 2
    # 0.5 s between fetches started on one host: at most two pages a second.
    per_host_delay: float = 0.5
    block_private_addresses: bool = False
    allowed_addresses: tuple[str | ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    resolver: Resolver | None = field(default=None, compare=False)
    # 10 pages: long reads run to 5 or 6 pages; more is a gallery or a listing.
    max_pages: int = 10
    render: RenderMode = "auto"
    # 30 s: a script-built page shows its text in 2 to 5 s; the browser starts in about 1.
    render_timeout: float = 30.0
    # 1 GiB: Chromium holds about 450 MB (proportional set) on a plain page; twice
    # that is a page whose scripts hoard memory.
    render_max_memory: int = 1024 * 1024 * 1024
    browser: str | None = None

    def __post_init__(self) -> None:
        for name in ("timeout", "connect_timeout", "read_timeout", "render_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"FetchConfig.{name} must be positive")
        if self.render not in get_args(RenderMode):
            raise ValueError(f"FetchConfig.render must be one of {get_args(RenderMode)}")
        if self.render_max_memory < _MIN_RENDER_MEMORY:
            raise ValueError(f"FetchConfig.render_max_memory must be at least {_MIN_RENDER_MEMORY}")
        for name in ("max_bytes", "per_host_concurrency", "max_pages"):
            if getattr(self, name) < 1:
                raise ValueError(f"FetchConfig.{name} must be at least 1")
        for name in ("max_redirects", "retries", "backoff", "max_retry_wait", "per_host_delay"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchConfig.{name} must not be negative")
        object.__setattr__(self, "headers", MappingProxyType(dict(self.headers)))
        object.__setattr__(self, "cookies", MappingProxyType(dict(self.cookies)))
        object.__setattr__(self, "allowed_addresses", _networks(self.allowed_addresses))


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched page.

    Attributes:
        url: the final URL, after redirects.
        status: the HTTP status of the final answer.
        headers: the final answer's headers, names in lower case (repeated ones joined by ``, ``).
        content: the body, decompressed.
        text: the body decoded as a browser would, or ``None`` for a non-HTML body
            fetched with ``accept_any_content_type``.
        encoding: the codec ``text`` was decoded with (header, BOM, ``<meta>`` or detection).
        content_type: the media type without parameters, e.g. ``"text/html"``.
        history: the URLs that redirected here, in order.
        elapsed: seconds the fetch took.
    """

    url: str
    status: int
    headers: Mapping[str, str] = field(repr=False)
    content: bytes = field(repr=False)
    text: str | None = field(repr=False)
    encoding: str | None
    content_type: str
    history: tuple[str, ...] = ()
    elapsed: float = 0.0


# --------------------------------------------------------------------------- address guard


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _literal_ip(host: str) -> IPAddress | None:
    """The address a host names without DNS: dotted, IPv6, or inet_aton's numeric forms."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if _INET_ATON_FORM.match(bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def _embedded_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64), else itself."""
    if isinstance(ip, ipaddress.IPv4Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _non_public(ip: IPAddress) -> str | None:
    """Why an address must not be fetched from, or ``None`` when it is a public one."""
    for address in {ip, _embedded_ipv4(ip)}:
        # Most specific first: 169.254/16 is "private" too, but "link-local" says more.
        for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
            if getattr(address, f"is_{kind}"):
                return kind.replace("_", "-")
        if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
            return "site-local"
        if not address.is_global:
            return "non-public"
    return None


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class _Guard:
    """The opt-in address guard: decides which addresses a host may be reached at."""

    def __init__(self, config: FetchConfig) -> None:
        self.enabled = config.block_private_addresses
        self._allowed = _networks(config.allowed_addresses)
        self._resolver = config.resolver or _system_resolver

    def _check(self, host: str, ip: IPAddress, url: str | None = None) -> None:
        for address in (ip, _embedded_ipv4(ip)):
            # Membership ignores the IP version: compare like with like only.
            if any(address.version == net.version and address in net for net in self._allowed):
                return
        reason = _non_public(ip)
        if reason is not None:
            shown = host if host == str(ip) else f"{host} ({ip})"
            raise BlockedAddress(f"refused to connect to {shown}: a {reason} address", url=url)

    def check_literal(self, url: httpx.URL) -> None:
        """Refuse a URL whose host is written as a non-public IP address (no DNS involved)."""
        ip = _literal_ip(url.host)
        if self.enabled and ip is not None:
            self._check(url.host, ip, str(url))

    def addresses(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` and check every address; all must be public (or allowed)."""
        ip = _literal_ip(host)
        if ip is not None:
            self._check(host, ip)
            return [str(ip)]
        try:
            found = list(self._resolver(host, port))
        except (OSError, UnicodeError) as exc:
            raise ConnectionFailed(f"cannot resolve {host}: {exc}") from exc
        if not found:
            raise ConnectionFailed(f"cannot resolve {host}: no address")
        checked: list[str] = []
        for text in found:
            try:
                resolved = ipaddress.ip_address(text.split("%", 1)[0])
            except ValueError as exc:
                raise ConnectionFailed(f"cannot resolve {host}: bad address {text!r}") from exc
            # One bad address is enough to refuse: an attacker's DNS may mix good and bad.
            self._check(host, resolved)
            if text not in checked:
                checked.append(text)
        return checked


# --------------------------------------------------------------------------- deadline-aware network


# The monotonic time at which the fetch running in this thread or task must end.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "cleanscrape_fetch_deadline", default=None
)


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    """Shorten a socket timeout to the time left before the current fetch's deadline."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise error("the fetch deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(
            ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout)
        )
        return _Stream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Connects through the guard (resolve, check, pin) and hands out deadline-aware streams."""

    def __init__(self, inner: httpcore.NetworkBackend, guard: _Guard | None) -> None:
        self._inner = inner
        self._guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        targets = [host] if self._guard is None else self._guard.addresses(host, port)
        failure: Exception | None = None
        for address in targets:
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    _clamp(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _Stream(stream)
        raise failure or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _clamp(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _Stream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        tls = await self._inner.start_tls(
            ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout)
        )
        return _AsyncStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    """The async twin of :class:`_Backend`; name resolution runs in a worker thread."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, guard: _Guard | None) -> None:
        self._inner = inner
        self._guard = guard

    async def _addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
        if self._guard is None:
            return [host]
        limit = _clamp(timeout, httpcore.ConnectTimeout)
        with anyio.fail_after(limit):
            # Abandoned on timeout: a stuck resolver must not hold the fetch past its deadline.
            return await anyio.to_thread.run_sync(
                self._guard.addresses, host, port, abandon_on_cancel=True
            )

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            targets = await self._addresses(host, port, timeout)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        failure: Exception | None = None
        for address in targets:
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    port,
                    _clamp(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _AsyncStream(stream)
        raise failure or httpcore.ConnectError(f"cannot connect to {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(
            path, _clamp(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _AsyncStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _install_backend(transport: Any, wrap: Callable[[Any], Any], *, guarded: bool) -> bool:
    """Put our backend under httpx's pool (httpx does not expose the hook publicly).

    Raises:
        RuntimeError: the hook is missing (an httpx or httpcore past the versions
            pyproject.toml allows) while ``guarded``: the address guard
            (``block_private_addresses``) would be silently off.
    """
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if inner is None:  # only on an httpx/httpcore that moved the attribute
        if guarded:
            raise RuntimeError(
                "block_private_addresses cannot be enforced with this httpx/httpcore "
                f"(httpx {httpx.__version__}: no transport._pool._network_backend); "
                "install the httpx version cleanscrape declares"
            )
        logger.warning("cannot enforce fetch deadlines per read with this httpx version")
        return False
    pool._network_backend = wrap(inner)  # type: ignore[union-attr]
    return True


# --------------------------------------------------------------------------- decompression


class _Inflater(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> Iterator[bytes]: ...


class _ZlibInflater:
    """gzip (multi-member) or deflate (zlib-wrapped or raw), in bounded pieces."""

    def __init__(self, kind: Literal["gzip", "deflate"]) -> None:
        self._kind = kind
        self._inflater: Any = None
        self._head = b""
        self._finished = False

    def _start(self, data: bytes) -> Any:
        if self._kind == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
        wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inflater is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._inflater = self._start(data)
        yield from self._drain(data)

    def _drain(self, data: bytes) -> Iterator[bytes]:
        while not self._finished:
            try:
                piece = self._inflater.decompress(data, _INFLATE_PIECE)
            except zlib.error as exc:
                raise ContentDecodingError(f"corrupt {self._kind} data: {exc}") from exc
            if piece:
                yield piece
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                rest = self._inflater.unused_data
                if self._kind == "gzip" and rest.startswith(b"\x1f\x8b"):
                    self._inflater = self._start(rest)  # another gzip member follows
                    data = rest
                    continue
                self._finished = True  # trailing bytes after the stream are ignored
            elif not data and len(piece) < _INFLATE_PIECE:
                return

    def flush(self) -> Iterator[bytes]:
        if self._inflater is None:
            if self._head:
                self._inflater = self._start(self._head)
                yield from self._drain(self._head)
            return
        yield from self._drain(b"")


class _BrotliInflater:
    def __init__(self) -> None:
        self._inflater = brotli.Decompressor()

    def _process(self, data: bytes) -> bytes:
        try:
            out: bytes = self._inflater.process(data, output_buffer_limit=_INFLATE_PIECE)
        except brotli.error as exc:
            raise ContentDecodingError(f"corrupt brotli data: {exc}") from exc
        return out

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inflater.is_finished():
            return
        yield self._process(data)
        while not self._inflater.can_accept_more_data():
            yield self._process(b"")

    def flush(self) -> Iterator[bytes]:
        return iter(())


def _inflater(encoding: str) -> _Inflater:
    if encoding in ("gzip", "x-gzip"):
        return _ZlibInflater("gzip")
    if encoding == "deflate":
        return _ZlibInflater("deflate")
    if encoding == "br" and _BROTLI:
        return _BrotliInflater()
    raise ContentDecodingError(f"unsupported Content-Encoding {encoding!r}")


def _through(stage: _Inflater, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from stage.feed(piece)


class _Full(Exception):
    """Internal: a truncating body (robots.txt) has all it will keep."""


class _Body:
    """Collects a body: inflates stacked encodings lazily and stops at the size limit."""

    def __init__(
        self, encodings: list[str], limit: int, *, truncate: bool, sniff: bool, url: str
    ) -> None:
        # Content-Encoding lists encodings in the order applied: undo them backwards.
        self._stages = [_inflater(name) for name in reversed(encodings)]
        self._limit = limit
        self._truncate = truncate
        self._sniff = sniff
        self._url = url
        self._data = bytearray()
        self.raw_bytes = 0

    def feed(self, raw: bytes) -> bool:
        """Take raw bytes; returns ``True`` when a truncating body needs no more."""
        self.raw_bytes += len(raw)
        pieces: Iterable[bytes] = (raw,)
        for stage in self._stages:
            pieces = _through(stage, pieces)
        return self._take(pieces)

    def finish(self) -> bytes:
        """The whole decoded body, once the raw stream has ended."""
        pieces: Iterable[bytes] = ()
        for stage in self._stages:
            pieces = _chain(_through(stage, pieces), stage)
        self._take(pieces)
        if self._sniff:
            self._check_sniff()
        return bytes(self._data)

    def _take(self, pieces: Iterable[bytes]) -> bool:
        for piece in pieces:
            room = self._limit - len(self._data)
            if len(piece) > room:
                if not self._truncate:
                    raise TooLarge(
                        f"body larger than the {self._limit} bytes allowed (max_bytes)",
                        url=self._url,
                    )
                self._data += piece[:room]
                return True
            self._data += piece
            if self._sniff and len(self._data) >= _SNIFF_BYTES:
                self._check_sniff()
        return False

    def _check_sniff(self) -> None:
        self._sniff = False
        if not _HTML_START.match(bytes(self._data[:_SNIFF_BYTES])):
            raise NotHTML("the body does not start like an HTML page", url=self._url)


def _chain(pieces: Iterator[bytes], stage: _Inflater) -> Iterator[bytes]:
    yield from pieces
    yield from stage.flush()


def decode_content(raw: bytes, content_encoding: str | None, *, limit: int, url: str = "") -> bytes:
    """Undo a ``Content-Encoding`` (gzip, deflate, br, stacked) with the fetcher's caps.

    For bodies read from elsewhere (WARC records): decompressed in bounded
    pieces, so a gzip bomb stops at ``limit`` bytes instead of filling memory.

    Raises:
        TooLarge: the decoded body is over ``limit`` bytes.
        ContentDecodingError: an unknown encoding, too many stacked, or corrupt data.
    """
    encodings = [
        name.strip().lower()
        for name in (content_encoding or "").split(",")
        if name.strip() and name.strip().lower() != "identity"
    ]
    if len(encodings) > _MAX_ENCODINGS:
        raise ContentDecodingError(
            f"{len(encodings)} stacked Content-Encodings (at most {_MAX_ENCODINGS})", url=url
        )
    body = _Body(encodings, limit, truncate=False, sniff=False, url=url)
    body.feed(raw)
    return body.finish()


# --------------------------------------------------------------------------- one fetch, sans I/O


def media_type(value: str) -> tuple[str, dict[str, str]]:
    """A ``Content-Type`` value's media type (lower case) and its parameters."""
    kind, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for part in rest.split(";"):
        name, sep, val = part.partition("=")
        if sep:
            params[name.strip().lower()] = val.strip().strip("\"'")
    return kind.strip().lower(), params


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _parse_url(url: str | httpx.URL) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidURL(f"not a valid URL: {exc}", url=str(url)) from exc
    if parsed.scheme not in ("http", "https"):
        scheme = parsed.scheme or "no"
        raise UnsupportedScheme(f"{scheme} scheme refused: only http and https", url=str(url))
    if not parsed.host:
        raise InvalidURL("the URL has no host", url=str(url))
    return parsed.copy_with(fragment=None)


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def _same_site(first: httpx.URL, hop: httpx.URL) -> bool:
    """Whether secrets given for ``first`` may go to ``hop``: same host, no downgrade."""
    if first.host != hop.host:
        return False
    if first.scheme == hop.scheme:
        return _port(first) == _port(hop)
    # http -> https on the default ports is the usual upgrade; https -> http leaks.
    return first.scheme == "http" and _port(first) == 80 and _port(hop) == 443


def _accept_encoding() -> str:
    return "gzip, deflate, br" if _BROTLI else "gzip, deflate"


class _Fetch:
    """The state and decisions of one fetch; the I/O loops in the fetchers drive it."""

    def __init__(
        self,
        url: str,
        config: FetchConfig,
        guard: _Guard,
        *,
        robots: bool = False,
        deadline: float | None = None,
    ) -> None:
        self.config = config
        self.guard = guard
        self.robots = robots
        self.started = time.monotonic()
        self.deadline = deadline if deadline is not None else self.started + config.timeout
        self.first = _parse_url(url)
        self.url = self.first
        self.history: list[str] = []
        self._seen = {str(self.url)}
        self._jar = httpx.Cookies()
        self._retries_used = 0
        self.first_hop = True

    # -- time
    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def extend(self, seconds: float) -> None:
        """Do not count ``seconds`` spent queueing for politeness against the deadline."""
        self.deadline += seconds

    def timeout_error(self) -> FetchTimeout:
        return FetchTimeout(
            f"timed out: no complete answer within the {self.config.timeout:g} s deadline",
            url=str(self.url),
        )

    def check_deadline(self) -> None:
        if self.remaining() <= 0:
            raise self.timeout_error()

    # -- requests
    def request(self) -> httpx.Request:
        """The next request to send: headers chosen for this hop's host."""
        self.check_deadline()
        self.guard.check_literal(self.url)
        config = self.config
        headers = httpx.Headers(
            {
                "User-Agent": config.user_agent,
                "Accept": "*/*"
                if config.accept_any_content_type or self.robots
                else "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": _accept_encoding(),
            }
        )
        trusted = _same_site(self.first, self.url)
        if trusted:
            headers.update(config.headers)
        remaining = max(self.remaining(), 0.001)
        timeouts = httpx.Timeout(
            connect=min(config.connect_timeout, remaining),
            read=min(config.read_timeout, remaining),
            write=min(config.read_timeout, remaining),
            pool=remaining,
        )
        request = httpx.Request(
            "GET", self.url, headers=headers, extensions={"timeout": timeouts.as_dict()}
        )
        self._jar.set_cookie_header(request)
        if trusted and config.cookies:
            given = "; ".join(f"{name}={value}" for name, value in config.cookies.items())
            earned = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{given}; {earned}" if earned else given
        return request

    # -- answers
    def on_response(self, response: httpx.Response) -> _Body | float | None:
        """Decide what an answer means: a body to read, a wait before retrying (seconds),
        or ``None`` after moving to a redirect's target."""
        self._jar.extract_cookies(response)
        status = response.status_code
        location = response.headers.get("location")
        if status in _REDIRECT_STATUSES and location:
            self._follow(location)
            return None
        if status in _RETRY_STATUSES:
            asked = _retry_after(response.headers.get("retry-after"))
            delay = self._retry_delay(asked)
            if delay is not None:
                return delay
            raise self._status_error(response, asked)
        if not 200 <= status < 300:
            raise self._status_error(response, None)
        return self._body(response)

    def _status_error(self, response: httpx.Response, retry_after: float | None) -> HTTPStatusError:
        status = response.status_code
        message = f"HTTP {status} {response.reason_phrase}".rstrip()
        if retry_after is not None:
            message += f" (the server asked to retry after {retry_after:g} s)"
        return HTTPStatusError(message, status=status, url=str(self.url), retry_after=retry_after)

    def _follow(self, location: str) -> None:
        try:
            target = self.url.join(location).copy_with(fragment=None)
        except httpx.InvalidURL as exc:
            raise InvalidURL(f"bad redirect target {location!r}: {exc}", url=str(self.url)) from exc
        if target.scheme not in ("http", "https"):
            raise UnsupportedScheme(
                f"redirect to a {target.scheme or 'schemeless'} URL refused: only http and https",
                url=str(self.url),
            )
        if str(target) in self._seen:
            raise RedirectLoop(f"redirect loop: {target} was already visited", url=str(self.url))
        limit = _ROBOTS_MAX_REDIRECTS if self.robots else self.config.max_redirects
        if len(self.history) >= limit:
            raise TooManyRedirects(f"more than {limit} redirects", url=str(self.url))
        self._seen.add(str(target))
        self.history.append(str(self.url))
        self.url = target

    def _retry_delay(self, asked: float | None) -> float | None:
        retries = 0 if self.robots else self.config.retries
        if self._retries_used >= retries:
            return None
        if asked is None:
            base = self.config.backoff * 2**self._retries_used
            # Jitter: clients that failed together should not come back together.
            asked = random.uniform(base / 2, base)
        if asked > self.config.max_retry_wait or asked >= self.remaining():
            return None
        self._retries_used += 1
        return asked

    def _body(self, response: httpx.Response) -> _Body:
        kind, _ = media_type(response.headers.get("content-type", ""))
        sniff = False
        if not (self.robots or self.config.accept_any_content_type):
            if kind in _SNIFF_TYPES:
                sniff = True
            elif kind not in _HTML_TYPES:
                raise NotHTML(f"content type {kind} is not HTML", url=str(self.url))
        encodings = [
            name.strip().lower()
            for name in response.headers.get_list("content-encoding", split_commas=True)
            if name.strip() and name.strip().lower() != "identity"
        ]
        if len(encodings) > _MAX_ENCODINGS:
            raise ContentDecodingError(
                f"{len(encodings)} stacked Content-Encodings (at most {_MAX_ENCODINGS})",
                url=str(self.url),
            )
        limit = _ROBOTS_MAX_BYTES if self.robots else self.config.max_bytes
        length = response.headers.get("content-length", "")
        if not encodings and not self.robots and length.isdigit() and int(length) > limit:
            raise TooLarge(
                f"body of {length} bytes is larger than the {limit} bytes allowed (max_bytes)",
                url=str(self.url),
            )
        try:
            return _Body(encodings, limit, truncate=self.robots, sniff=sniff, url=str(self.url))
        except ContentDecodingError as exc:
            exc.url = str(self.url)
            raise

    def page(self, response: httpx.Response, content: bytes) -> Page:
        kind, params = media_type(response.headers.get("content-type", ""))
        text: str | None = None
        encoding: str | None = None
        if not self.robots:
            try:
                text, encoding = decode_html(content, http_charset=params.get("charset"))
                if logger.isEnabledFor(logging.DEBUG):  # cleanscrape -vv
                    logger.debug(
                        "%s: charset %s (%s)",
                        self.url,
                        *charset_origin(content, http_charset=params.get("charset")),
                    )
            except NotHTMLError as exc:
                if not self.config.accept_any_content_type:
                    raise NotHTML(str(exc), url=str(self.url)) from exc
        return Page(
            url=str(self.url),
            status=response.status_code,
            headers=MappingProxyType({k.lower(): v for k, v in response.headers.items()}),
            content=content,
            text=text,
            encoding=encoding,
            content_type=kind,
            history=tuple(self.history),
            elapsed=time.monotonic() - self.started,
        )

    # -- failures
    def on_send_error(self, exc: httpx.TransportError) -> float:
        """A request failed before any answer: the wait before retrying, or raise."""
        error = self.transport_error(exc, body=False)
        # Before any answer, nothing was processed: a fresh connection may well work.
        retriable = isinstance(
            exc, httpx.ConnectTimeout | httpx.NetworkError | httpx.RemoteProtocolError
        ) and not isinstance(exc, httpx.ProxyError)
        delay = self._retry_delay(None) if retriable and self.remaining() > 0 else None
        if delay is None:
            raise error from exc
        return delay

    def transport_error(self, exc: httpx.TransportError, *, body: bool) -> FetchError:
        url = str(self.url)
        host = self.url.host
        if self.remaining() <= 0:
            return self.timeout_error()
        if isinstance(exc, httpx.ConnectTimeout):
            return FetchTimeout(
                f"timed out connecting to {host} (connect_timeout {self.config.connect_timeout:g} s)",
                url=url,
            )
        if isinstance(exc, httpx.TimeoutException):
            return FetchTimeout(
                f"timed out: {host} sent nothing for {self.config.read_timeout:g} s (read_timeout)",
                url=url,
            )
        if body and isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
            return IncompleteBody(f"the connection ended before the body did: {exc}", url=url)
        if isinstance(exc, httpx.ProxyError):
            return ConnectionFailed(f"proxy error: {exc}", url=url)
        if isinstance(exc, httpx.ConnectError):
            return ConnectionFailed(f"cannot connect to {host}: {exc}", url=url)
        if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
            return ConnectionFailed(f"{host} hung up without answering: {exc}", url=url)
        return FetchError(f"{type(exc).__name__}: {exc}", url=url)


# --------------------------------------------------------------------------- politeness and robots


class _HostTurns:
    """Per-host spacing bookkeeping shared by both fetchers (call under a lock)."""

    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._next: dict[str, float] = {}

    def wait_for(self, host: str) -> float:
        """Reserve the next start time on ``host``; returns how long to wait for it."""
        now = time.monotonic()
        start = max(now, self._next.get(host, now))
        self._next[host] = start + self._delay
        if len(self._next) > _MAX_HOSTS:
            for name, when in list(self._next.items()):
                if when < now:
                    del self._next[name]
        return start - now


class _Gate:
    """Thread-safe per-host concurrency limit and spacing for :class:`Fetcher`."""

    def __init__(self, config: FetchConfig) -> None:
        self._lock = threading.Lock()
        self._limit = config.per_host_concurrency
        self._slots: dict[str, tuple[threading.BoundedSemaphore, list[int]]] = {}
        self._turns = _HostTurns(config.per_host_delay)

    @contextlib.contextmanager
    def slot(self, host: str, state: _Fetch) -> Iterator[None]:
        with self._lock:
            semaphore, users = self._slots.setdefault(
                host, (threading.BoundedSemaphore(self._limit), [0])
            )
            users[0] += 1
        began = time.monotonic()
        try:
            timeout = None if state.first_hop else max(state.remaining(), 0.0)
            if not semaphore.acquire(timeout=timeout):
                raise state.timeout_error()
            try:
                if state.first_hop:
                    with self._lock:
                        wait = self._turns.wait_for(host)
                    time.sleep(wait)
                    state.extend(time.monotonic() - began)
                yield
            finally:
                semaphore.release()
        finally:
            with self._lock:
                users[0] -= 1
                if users[0] == 0 and len(self._slots) > _MAX_HOSTS:
                    del self._slots[host]


class _AsyncGate:
    """The :class:`AsyncFetcher`'s per-host limit and spacing (one event loop, no threads)."""

    def __init__(self, config: FetchConfig) -> None:
        self._limit = config.per_host_concurrency
        self._slots: dict[str, tuple[anyio.Semaphore, list[int]]] = {}
        self._turns = _HostTurns(config.per_host_delay)

    @contextlib.asynccontextmanager
    async def slot(self, host: str, state: _Fetch) -> AsyncIterator[None]:
        semaphore, users = self._slots.setdefault(host, (anyio.Semaphore(self._limit), [0]))
        users[0] += 1
        began = time.monotonic()
        try:
            if state.first_hop:
                await semaphore.acquire()
            else:
                try:
                    with anyio.fail_after(max(state.remaining(), 0.0)):
                        await semaphore.acquire()
                except TimeoutError:
                    raise state.timeout_error() from None
            try:
                if state.first_hop:
                    await anyio.sleep(self._turns.wait_for(host))
                    state.extend(time.monotonic() - began)
                yield
            finally:
                semaphore.release()
        finally:
            users[0] -= 1
            if users[0] == 0 and len(self._slots) > _MAX_HOSTS:
                del self._slots[host]


def _robots_agent(user_agent: str) -> str:
    """The product token robots.txt groups are matched against (``cleanscrape``)."""
    token = re.split(r"[/\s]", user_agent.strip(), maxsplit=1)[0]
    return token or "cleanscrape"


def _robots_key(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.host}:{_port(url)}"


def _robots_rules(lines: list[str]) -> Protego:
    """RFC 9309 matching (``*`` and ``$`` in paths, the longest match wins, Allow on a tie)
    by protego, the parser Scrapy uses; the standard library's knows neither."""
    return Protego.parse("\n".join(lines))


def _robots_from_body(content: bytes) -> Protego:
    text = content.decode("utf-8", errors="replace")
    if len(content) >= _ROBOTS_MAX_BYTES:
        text = text.rsplit("\n", 1)[0]  # the last line was cut
    return _robots_rules(text.splitlines())


def _robots_from_error(exc: FetchError, state: _Fetch) -> tuple[Protego, float]:
    """RFC 9309: 4xx means no rules; 5xx or unreachable means disallow everything."""
    if isinstance(exc, FetchTimeout) and state.remaining() <= 0:
        raise state.timeout_error() from exc
    unavailable = isinstance(
        exc, TooManyRedirects | UnsupportedScheme | InvalidURL | BlockedAddress
    )
    if isinstance(exc, HTTPStatusError) and 400 <= exc.status < 500 and exc.status != 429:
        unavailable = True
    if unavailable:
        return _robots_rules([]), _ROBOTS_TTL
    # 429 counts as unreachable: the host asked us to slow down, not to ignore its rules.
    return _robots_rules(["User-agent: *", "Disallow: /"]), _ROBOTS_ERROR_TTL


class _RobotsCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[str, tuple[Protego, float]] = {}

    def get(self, key: str) -> Protego | None:
        with self._lock:
            found = self._rules.get(key)
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def put(self, key: str, rules: Protego, ttl: float) -> None:
        with self._lock:
            self._rules[key] = (rules, time.monotonic() + ttl)
            while len(self._rules) > _MAX_HOSTS:
                del self._rules[next(iter(self._rules))]


def _robots_verdict(rules: Protego, agent: str, state: _Fetch) -> None:
    if not rules.can_fetch(str(state.url), agent):
        raise RobotsDisallowed(
            f"robots.txt of {state.url.host} disallows {state.url.raw_path.decode('ascii')}",
            url=str(state.url),
        )


# --------------------------------------------------------------------------- the fetchers


def _http2(config: FetchConfig) -> bool:
    return config.http2 and importlib.util.find_spec("h2") is not None


def _noted(scraped: Scraped) -> Article | None:
    """The article; what the caller should know besides (a page not rendered) is logged."""
    if scraped.note:
        logger.warning("%s: %s", scraped.url, scraped.note)
    return scraped.article


def _configured(config: FetchConfig | None, render: RenderMode | None) -> FetchConfig:
    config = config or FetchConfig()
    return config if render is None else dataclasses.replace(config, render=render)


class Fetcher:
    """Fetches many pages through one connection pool, safely and politely. Thread-safe.

    Use as a context manager (or call :meth:`close`)::

        with Fetcher(FetchConfig(timeout=10)) as fetcher:
            page = fetcher.fetch("https://example.com/")
    """

    def __init__(
        self, config: FetchConfig | None = None, *, render: RenderMode | None = None
    ) -> None:
        self.config = _configured(config, render)
        self._guard = _Guard(self.config)
        self._gate = _Gate(self.config)
        self._robots = _RobotsCache()
        self._agent = _robots_agent(self.config.user_agent)
        self._lock = threading.Lock()
        self._transport: httpx.HTTPTransport | None = None
        self._closed = False

    def _get_transport(self) -> httpx.HTTPTransport:
        with self._lock:
            if self._closed:
                raise RuntimeError("this Fetcher is closed")
            if (
                self._transport is None
            ):  # built on first use: a Fetcher that fetches nothing is free
                config = self.config
                transport = httpx.HTTPTransport(
                    verify=config.verify_tls, http2=_http2(config), proxy=config.proxy
                )
                # Through a proxy the proxy connects, so the guard checks names before each hop.
                guard = self._guard if self._guard.enabled and not config.proxy else None
                _install_backend(
                    transport, lambda inner: _Backend(inner, guard), guarded=guard is not None
                )
                self._transport = transport
            return self._transport

    def fetch(self, url: str) -> Page:
        """Fetch one page.

        Raises:
            FetchError: one of the subclasses listed in :mod:`cleanscrape.fetch`.
        """
        return self._run(_Fetch(url, self.config, self._guard))

    def fetch_by(self, url: str, deadline: float | None) -> Page:
        """:meth:`fetch`, ending by ``deadline`` (``time.monotonic()``) when it comes first."""
        state = _Fetch(url, self.config, self._guard)
        if deadline is not None:
            state.deadline = min(state.deadline, deadline)
        return self._run(state)

    def scrape(
        self, url: str, *, options: Options | None = None, rules: RuleSet | None = None
    ) -> Article | None:
        """Fetch one page, its next pages and, if needed, a browser's rendering of it, and
        extract the article (``None`` when it has none); see :mod:`cleanscrape.pages`."""
        from .pages import scrape_pages  # pages drives fetchers: imported when used

        return _noted(scrape_pages(self, url, options=options, rules=rules))

    def _run(self, state: _Fetch) -> Page:
        transport = self._get_transport()
        while True:
            if self.config.respect_robots and not state.robots:
                self._obey_robots(state)
            request = state.request()
            if self._guard.enabled and self.config.proxy:
                try:
                    self._guard.addresses(state.url.host, _port(state.url))
                except FetchError as exc:
                    exc.url = str(state.url)
                    raise
            with self._gate.slot(state.url.host, state):
                token = _DEADLINE.set(state.deadline)
                try:
                    step = self._exchange(transport, request, state)
                finally:
                    _DEADLINE.reset(token)
                    state.first_hop = False
            if isinstance(step, Page):
                return step
            if step:
                time.sleep(step)

    def _exchange(
        self, transport: httpx.HTTPTransport, request: httpx.Request, state: _Fetch
    ) -> Page | float | None:
        # The transport, not a Client: no shared cookie jar, and a bad Location header
        # reaches our redirect checks instead of failing inside httpx.
        try:
            response = transport.handle_request(request)
        except httpx.TransportError as exc:
            return state.on_send_error(exc)
        except FetchError as exc:  # the guard, raised from inside the connection pool
            exc.url = exc.url or str(request.url)
            raise
        response.request = request
        try:
            step = state.on_response(response)
            if not isinstance(step, _Body):
                return step
            try:
                for chunk in response.iter_raw():
                    if step.feed(chunk):
                        break
                    state.check_deadline()
                content = step.finish()
            except httpx.TransportError as exc:
                raise state.transport_error(exc, body=True) from exc
            return state.page(response, content)
        finally:
            response.close()

    def _obey_robots(self, state: _Fetch) -> None:
        key = _robots_key(state.url)
        rules = self._robots.get(key)
        if rules is None:
            robots = _Fetch(
                f"{key}/robots.txt", self.config, self._guard, robots=True, deadline=state.deadline
            )
            robots.first_hop = False
            try:
                rules, ttl = _robots_from_body(self._run(robots).content), _ROBOTS_TTL
            except FetchError as exc:
                rules, ttl = _robots_from_error(exc, state)
            self._robots.put(key, rules, ttl)
        _robots_verdict(rules, self._agent, state)

    def close(self) -> None:
        """Close the connection pool; the fetcher cannot be used afterwards."""
        with self._lock:
            self._closed = True
            transport, self._transport = self._transport, None
        if transport is not None:
            transport.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncFetcher:
    """The asyncio/trio twin of :class:`Fetcher`: one pool, many concurrent fetches.

    ::

        async with AsyncFetcher() as fetcher:
            pages = await asyncio.gather(*(fetcher.fetch(u) for u in urls), return_exceptions=True)
    """

    def __init__(
        self, config: FetchConfig | None = None, *, render: RenderMode | None = None
    ) -> None:
        self.config = _configured(config, render)
        self._guard = _Guard(self.config)
        self._gate = _AsyncGate(self.config)
        self._robots = _RobotsCache()
        self._agent = _robots_agent(self.config.user_agent)
        self._transport: httpx.AsyncHTTPTransport | None = None
        self._closed = False

    def _get_transport(self) -> httpx.AsyncHTTPTransport:
        if self._closed:
            raise RuntimeError("this AsyncFetcher is closed")
        if self._transport is None:
            config = self.config
            transport = httpx.AsyncHTTPTransport(
                verify=config.verify_tls, http2=_http2(config), proxy=config.proxy
            )
            guard = self._guard if self._guard.enabled and not config.proxy else None
            _install_backend(
                transport, lambda inner: _AsyncBackend(inner, guard), guarded=guard is not None
            )
            self._transport = transport
        return self._transport

    async def fetch(self, url: str) -> Page:
        """Fetch one page (see :meth:`Fetcher.fetch`)."""
        return await self._run(_Fetch(url, self.config, self._guard))

    async def fetch_by(self, url: str, deadline: float | None) -> Page:
        """:meth:`fetch`, ending by ``deadline`` (``time.monotonic()``) when it comes first."""
        state = _Fetch(url, self.config, self._guard)
        if deadline is not None:
            state.deadline = min(state.deadline, deadline)
        return await self._run(state)

    async def scrape(
        self, url: str, *, options: Options | None = None, rules: RuleSet | None = None
    ) -> Article | None:
        """The async twin of :meth:`Fetcher.scrape`."""
        from .pages import ascrape_pages

        return _noted(await ascrape_pages(self, url, options=options, rules=rules))

    async def _run(self, state: _Fetch) -> Page:
        transport = self._get_transport()
        while True:
            if self.config.respect_robots and not state.robots:
                await self._obey_robots(state)
            request = state.request()
            if self._guard.enabled and self.config.proxy:
                try:
                    await anyio.to_thread.run_sync(
                        self._guard.addresses, state.url.host, _port(state.url)
                    )
                except FetchError as exc:
                    exc.url = str(state.url)
                    raise
            async with self._gate.slot(state.url.host, state):
                token = _DEADLINE.set(state.deadline)
                try:
                    step = await self._exchange(transport, request, state)
                finally:
                    _DEADLINE.reset(token)
                    state.first_hop = False
            if isinstance(step, Page):
                return step
            if step:
                await anyio.sleep(step)

    async def _exchange(
        self, transport: httpx.AsyncHTTPTransport, request: httpx.Request, state: _Fetch
    ) -> Page | float | None:
        try:
            response = await transport.handle_async_request(request)
        except httpx.TransportError as exc:
            return state.on_send_error(exc)
        except FetchError as exc:
            exc.url = exc.url or str(request.url)
            raise
        response.request = request
        try:
            step = state.on_response(response)
            if not isinstance(step, _Body):
                return step
            try:
                async for chunk in response.aiter_raw():
                    if step.feed(chunk):
                        break
                    state.check_deadline()
                content = step.finish()
            except httpx.TransportError as exc:
                raise state.transport_error(exc, body=True) from exc
            return state.page(response, content)
        finally:
            await response.aclose()

    async def _obey_robots(self, state: _Fetch) -> None:
        key = _robots_key(state.url)
        rules = self._robots.get(key)
        if rules is None:
            robots = _Fetch(
                f"{key}/robots.txt", self.config, self._guard, robots=True, deadline=state.deadline
            )
            robots.first_hop = False
            try:
                page = await self._run(robots)
                rules, ttl = _robots_from_body(page.content), _ROBOTS_TTL
            except FetchError as exc:
                rules, ttl = _robots_from_error(exc, state)
            self._robots.put(key, rules, ttl)
        _robots_verdict(rules, self._agent, state)

    async def aclose(self) -> None:
        """Close the connection pool; the fetcher cannot be used afterwards."""
        self._closed = True
        transport, self._transport = self._transport, None
        if transport is not None:
            await transport.aclose()

    async def __aenter__(self) -> AsyncFetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


# --------------------------------------------------------------------------- one-shot functions


def fetch(url: str, *, config: FetchConfig | None = None) -> Page:
    """Fetch one page with a fresh :class:`Fetcher` (use a Fetcher for many pages).

    Raises:
        FetchError: one of the subclasses listed in :mod:`cleanscrape.fetch`.
    """
    with Fetcher(config) as fetcher:
        return fetcher.fetch(url)


async def afetch(url: str, *, config: FetchConfig | None = None) -> Page:
    """Fetch one page with a fresh :class:`AsyncFetcher`."""
    async with AsyncFetcher(config) as fetcher:
        return await fetcher.fetch(url)


def scrape(
    url: str,
    *,
    config: FetchConfig | None = None,
    options: Options | None = None,
    rules: RuleSet | None = None,
    render: RenderMode | None = None,
) -> Article | None:
    """Fetch one page and extract its article; ``None`` when the page has no article.

    A story split over pages is followed and joined (up to ``config.max_pages``);
    a page built by scripts is rendered in a browser as ``render`` (default
    ``config.render``) says. See :mod:`cleanscrape.pages`.

    Raises:
        FetchError: the page could not be fetched (see :mod:`cleanscrape.fetch`), or
            rendered (:class:`~cleanscrape.browser.RenderError`).
        InputError: the page could not be read as HTML.
    """
    with Fetcher(config, render=render) as fetcher:
        return fetcher.scrape(url, options=options, rules=rules)


async def ascrape(
    url: str,
    *,
    config: FetchConfig | None = None,
    options: Options | None = None,
    rules: RuleSet | None = None,
    render: RenderMode | None = None,
) -> Article | None:
    """The async twin of :func:`scrape`."""
    async with AsyncFetcher(config, render=render) as fetcher:
        return await fetcher.scrape(url, options=options, rules=rules)
