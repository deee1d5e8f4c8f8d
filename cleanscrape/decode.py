"""Bytes to text, as a browser would: BOM, then the HTTP charset, then ``<meta>``, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import NotHTMLError

__all__ = ["decode_html", "looks_binary"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The HTML spec's prescan looks at the first 1024 bytes; real pages put the meta
# tag after long comments or scripts often enough that 4 KiB pays off.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")

# Detection on the whole of a large page costs more than parsing it; this much
# text decides the charset as well as all of it does.
_DETECT_BYTES = 64 * 1024

# The WHATWG Encoding Standard maps these labels to windows-1252, and so do browsers.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "tis-620": "cp874",
    "windows-874": "cp874",
}

# Labels a UTF-8 page is most often mislabelled with (codec names as codecs.lookup gives them).
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "iso8859-15", "cp1250", "iso8859-2"})

# Leading bytes of formats that are certainly not a web page.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"\x7fELF", "an executable"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)
# Control bytes other than tab, newline, form feed and carriage return.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BINARY_SAMPLE = 2048
# Text in a single-byte or UTF-8 charset has next to no control bytes; binary
# data has about one in eight. A tenth separates them with room on both sides.
_BINARY_CONTROL_SHARE = 0.10


def _normalise_label(label: str) -> str | None:
    name = label.strip().lower()
    name = _LABEL_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A document cannot declare itself UTF-16 in ASCII-compatible bytes it was
    # already read with; browsers treat such a meta tag as UTF-8.
    return "utf-8" if codec.startswith("utf-16") or codec.startswith("utf-32") else codec


def _bom(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by the zero byte in every other position of ASCII markup."""
    if len(head) < 8:
        return None
    even_zero = head[0:64:2].count(0)
    odd_zero = head[1:64:2].count(0)
    half = min(32, len(head) // 2)
    if odd_zero >= half * 0.8 and even_zero == 0:
        return "utf-16-le"
    if even_zero >= half * 0.8 and odd_zero == 0:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> str | None:
    """Say what the bytes are if they are certainly not markup, else ``None``."""
    head = data[:_BINARY_SAMPLE]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if _bom(head) or _utf16_without_bom(head):
        return None
    if not head:
        return None
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls / len(head) > _BINARY_CONTROL_SHARE:
        return "binary data"
    return None


def _declared(data: bytes) -> str | None:
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return _normalise_label(match.group(1).decode("ascii", "replace"))


def _detect(data: bytes) -> str:
    sample = data[:_DETECT_BYTES]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut through a multi-byte character is still UTF-8.
        if exc.start >= len(sample) - 3 and len(data) > len(sample):
            return "utf-8"
    best = from_bytes(sample).best()
    if best is None:
        return "cp1252"
    return _normalise_label(best.encoding) or "cp1252"


def _fits(data: bytes, encoding: str) -> bool:
    """Whether a declared charset really fits the bytes (sampled).

    A declared UTF-8 must decode. A declared single-byte charset does not fit bytes
    that are valid UTF-8 with multi-byte sequences: legacy text practically never
    forms them by chance, while UTF-8 pages mislabelled Latin-1 are common.
    """
    sample = data[:_DETECT_BYTES]
    if encoding != "utf-8":
        if sample.isascii() or codecs.lookup(encoding).name not in _SINGLE_BYTE:
            return True
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            return not (exc.start >= len(sample) - 3 and len(data) > len(sample))
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3 and len(data) > len(sample)
    return True


def decode_html(data: bytes, *, http_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML document's bytes.

    Args:
        data: the raw bytes as served.
        http_charset: the ``charset`` parameter of the HTTP ``Content-Type``, if any.

    Returns:
        ``(text, encoding)``: the text (undecodable bytes replaced, NUL removed)
        and the name of the codec used.

    Raises:
        NotHTMLError: the bytes are an image, a PDF, an archive or other binary data.
    """
    what = looks_binary(data)
    if what is not None:
        raise NotHTMLError(f"input is {what}, not HTML")
    encoding = _bom(data)
    if encoding is not None:
        text = data.decode(encoding, errors="replace")
        return text.lstrip("\ufeff").replace("\x00", ""), encoding
    encoding = _utf16_without_bom(data[:_BINARY_SAMPLE])
    if encoding is None:
        for candidate in (
            _normalise_label(http_charset) if http_charset else None,
            _declared(data),
        ):
            # A declaration the bytes contradict (meta says UTF-8, bytes are
            # windows-1251) is a server or CMS mistake: browsers show mojibake,
            # we detect instead.
            if candidate is not None and _fits(data, candidate):
                encoding = candidate
                break
        else:
            encoding = _detect(data)
    text = data.decode(encoding, errors="replace")
    return text.replace("\x00", ""), encoding
