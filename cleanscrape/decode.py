"""Bytes to text, as a browser would: BOM, then the HTTP charset, then ``<meta>``, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import NotHTMLError

__all__ = ["decode_html", "decode_source", "looks_binary"]

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

# The WHATWG Encoding Standard's label table (https://encoding.spec.whatwg.org/#names-and-labels),
# as browsers read <meta charset> and Content-Type: every label, by the Python codec
# that decodes its encoding. A label that is not here (zlib, base64, "undefined",
# the "replacement" labels such as iso-2022-kr) names no encoding a browser would
# use: the page falls back to detection.
_WHATWG_TABLE = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
    "iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
    "iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
    "iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
    "iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 "
    "iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 "
    "iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
    "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    # ISO-8859-8 and ISO-8859-8-I (logical order) decode alike.
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    # Latin-1 and ASCII labels mean windows-1252 on the web: 0x93 is a curly quote.
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
    "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    # The GBK decoder is the gb18030 decoder.
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 "
    "x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    # WHATWG's Shift_JIS is Microsoft's (windows-31j, cp932).
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    # WHATWG's EUC-KR is Microsoft's (windows-949, cp949).
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
    "ksc5601 ksc_5601 windows-949",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
}
# What the standard strips from a label before looking it up.
_ASCII_WHITESPACE = "\t\n\f\r "
_WHATWG_LABELS = {
    label: codecs.lookup(codec).name for codec, labels in _WHATWG_TABLE.items()
    for label in labels.split()
}  # fmt: skip

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
# Control bytes other than tab, newline, form feed, carriage return and escape
# (ISO-2022-JP text switches character sets with escape sequences).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_BINARY_SAMPLE = 2048
# Text in a single-byte or UTF-8 charset has next to no control bytes; uniform
# random data has 27 in 256 (10.5 %, give or take 0.7 % over the sample). 3 %
# is far from both: a page with a few stray control bytes is still a page.
_BINARY_CONTROL_SHARE = 0.03
# A short snippet with two NUL bytes is text with NULs, not binary data.
_BINARY_MIN_CONTROLS = 8
# A declared (or guessed) UTF-8 that a few invalid bytes contradict is still
# UTF-8 when valid multi-byte characters outnumber them this many times:
# Windows-1251 or -1252 text read as UTF-8 has far fewer valid sequences than
# invalid ones, a UTF-8 page with one corrupt byte has hundreds of valid ones.
_UTF8_GOOD_PER_BAD = 20
# The longest UTF-8 sequence: a sample cut through one loses at most 3 bytes.
_UTF8_MAX_TAIL = 3


def _normalise_label(label: str, *, whatwg: bool = True) -> str | None:
    """The codec a charset label names, or ``None`` for a label that is no text encoding.

    Declared labels (``whatwg``) must name an encoding of the WHATWG list;
    a detector's answer only has to be a text codec.
    """
    name = label.strip(_ASCII_WHITESPACE).lower()
    if whatwg:
        # Python's spelling of a label ("iso8859_1") is read as the standard's ("iso8859-1").
        codec = _WHATWG_LABELS.get(name) or _WHATWG_LABELS.get(name.replace("_", "-"))
        if codec is None:
            return None
    else:
        try:
            info = codecs.lookup(name)
        except (LookupError, UnicodeError, ValueError):
            return None
        # Bytes-to-bytes codecs (zlib, base64, hex, rot13 ...) are not text encodings.
        if not getattr(info, "_is_text_encoding", True):
            return None
        codec = info.name
    # A document cannot declare itself UTF-16 in ASCII-compatible bytes it was
    # already read with; browsers treat such a meta tag as UTF-8.
    return "utf-8" if codec.startswith("utf-16") or codec.startswith("utf-32") else codec


def _bom(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


# BOM-less UTF-16: markup is ASCII, so one byte of each pair is zero for at
# least this share of the characters (tags, attributes, spaces, digits; a
# page of Chinese prose with bare <p> tags has about 3 %) ...
_UTF16_MIN_ASCII_SHARE = 0.02
# ... while the other byte of the pair is almost never zero (random data has
# as many zeros in both positions; text in any script has next to none).
_UTF16_ZERO_RATIO = 8
# ... and there are at least this many zeros: a page with a few stray NUL bytes
# is not UTF-16 because they all happen to sit at even offsets.
_UTF16_MIN_ZEROS = 16


def _utf16_without_bom(head: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by the zero high byte of its ASCII characters."""
    head = head[: len(head) // 2 * 2]
    half = len(head) // 2
    if half < 4:
        return None
    even_zero = head[0::2].count(0)
    odd_zero = head[1::2].count(0)
    for encoding, zeros, others in (
        ("utf-16-le", odd_zero, even_zero),
        ("utf-16-be", even_zero, odd_zero),
    ):
        if (
            zeros >= max(half * _UTF16_MIN_ASCII_SHARE, _UTF16_MIN_ZEROS)
            and others * _UTF16_ZERO_RATIO <= zeros
        ):
            try:
                # Drop a last unit that may be half of a surrogate pair.
                head[:-2].decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
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
    if controls > max(len(head) * _BINARY_CONTROL_SHARE, _BINARY_MIN_CONTROLS):
        return "binary data"
    return None


def _declared(data: bytes) -> str | None:
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return _normalise_label(match.group(1).decode("ascii", "replace"))


def _utf8_sample(data: bytes) -> bytes:
    """The first bytes to judge by, without a character cut at the end."""
    sample = data[:_DETECT_BYTES]
    if len(data) > len(sample):
        tail = len(sample)
        while tail > len(sample) - _UTF8_MAX_TAIL and tail > 0 and sample[tail - 1] >= 0x80:
            tail -= 1
        sample = sample[:tail]
    return sample


def _mostly_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8, allowing a few corrupt sequences."""
    sample = _utf8_sample(data)
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    # Each valid multi-byte character makes the text shorter than the bytes.
    good = len(sample) - len(text)
    return good >= _UTF8_GOOD_PER_BAD * bad


# ISO-2022-JP is 7-bit, so it decodes as UTF-8 too: its escape sequences
# (to JIS X 0208 and back) tell it apart.
_ISO_2022_JP = re.compile(rb"\x1b\$[@B]")


def _detect(data: bytes, *, utf8: bool = False) -> str:
    """The charset of undeclared bytes (``utf8``: :func:`_mostly_utf8` is known true)."""
    if _ISO_2022_JP.search(data, 0, _DETECT_BYTES):
        return "iso2022_jp"
    if utf8 or _mostly_utf8(data):
        return "utf-8"
    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        return "cp1252"
    return _normalise_label(best.encoding, whatwg=False) or "cp1252"


# Non-ASCII characters that valid UTF-8 must show before it overrules a declared
# multi-byte charset.
_MIN_UTF8_EVIDENCE = 20


def _fits(data: bytes, encoding: str) -> bool:
    """Whether a declared charset really fits the bytes (sampled).

    A declared UTF-8 must decode, give or take a few corrupt sequences. A
    declared single-byte charset does not fit bytes that are valid UTF-8 with
    multi-byte sequences: legacy text practically never forms them by chance,
    while UTF-8 pages mislabelled Latin-1 are common.
    """
    if encoding == "utf-8":
        return _mostly_utf8(data)
    sample = _utf8_sample(data)
    if sample.isascii():
        return True
    try:
        decoded = sample.decode("utf-8")
    except UnicodeDecodeError:
        return True
    if codecs.lookup(encoding).name in _SINGLE_BYTE:
        return False
    # Multi-byte legacy text (GBK, Shift_JIS, EUC) forms valid UTF-8 by chance
    # only in a handful of bytes; a page of it is UTF-8 declared wrongly.
    return len(decoded) - len(decoded.encode("ascii", "ignore")) < _MIN_UTF8_EVIDENCE


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
    text, encoding, _ = decode_source(data, http_charset=http_charset)
    return text, encoding


def decode_source(data: bytes, *, http_charset: str | None = None) -> tuple[str, str, bool]:
    """:func:`decode_html`, and whether ``data`` is that text's exact UTF-8 encoding.

    When it is (valid UTF-8 without a byte-order mark or NUL: most pages), a
    parser that reads UTF-8 can take ``data`` itself and skip encoding the text
    again.

    Raises:
        NotHTMLError: the bytes are an image, a PDF, an archive or other binary data.
    """
    what = looks_binary(data)
    if what is not None:
        raise NotHTMLError(f"input is {what}, not HTML")
    encoding, origin, valid = _choose(data, http_charset)
    if origin == _FROM_BOM:
        text = data.decode(encoding, errors="replace")
        return text.lstrip("\ufeff").replace("\x00", ""), encoding, False
    if encoding == "utf-8" and valid is not None:
        # UTF-8 writes U+0000 as a zero byte and nothing else as one: a search of
        # the bytes is a memchr, one of the text costs as much as the decoding.
        if b"\x00" not in data:
            return valid, encoding, True
        return valid.replace("\x00", ""), encoding, False
    text = data.decode(encoding, errors="replace")
    return text.replace("\x00", ""), encoding, False


# Where the charset :func:`decode_source` used came from (see :func:`charset_origin`).
_FROM_BOM = "byte-order mark"
_FROM_UTF16 = "UTF-16 without a byte-order mark"
_FROM_HTTP = "HTTP Content-Type"
_FROM_META = "the page's <meta> declaration"
_DETECTED = "detected"


def charset_origin(data: bytes, *, http_charset: str | None = None) -> tuple[str, str]:
    """The codec :func:`decode_source` reads ``data`` with, and where it came from
    (a byte-order mark, the HTTP header, the page's ``<meta>``, or detected).

    For reports (``cleanscrape -v``): it decides again, so call it only when the
    answer is shown.
    """
    encoding, origin, _ = _choose(data, http_charset)
    return encoding, origin


def _choose(data: bytes, http_charset: str | None) -> tuple[str, str, str | None]:
    """``(encoding, origin, text)``: the codec for ``data``, where it came from, and
    the bytes read as strict UTF-8 when they are valid UTF-8 (else ``None``)."""
    encoding = _bom(data)
    if encoding is not None:
        return encoding, _FROM_BOM, None
    encoding = _utf16_without_bom(data[:_BINARY_SAMPLE])
    if encoding is not None:
        return encoding, _FROM_UTF16, None
    # The bytes read as strict UTF-8, when they are: most pages, which then need
    # no second decoding and (mostly) no sampled UTF-8 check.
    valid = _strict_utf8(data)
    utf8 = valid is not None and _sample_decodes(data)
    for candidate, origin in (
        (_normalise_label(http_charset) if http_charset else None, _FROM_HTTP),
        (_declared(data), _FROM_META),
    ):
        # A declaration the bytes contradict (meta says UTF-8, bytes are
        # windows-1251) is a server or CMS mistake: browsers show mojibake,
        # we detect instead.
        if candidate is not None and ((candidate == "utf-8" and utf8) or _fits(data, candidate)):
            return candidate, origin, valid
    return _detect(data, utf8=utf8), _DETECTED, valid


def _strict_utf8(data: bytes) -> str | None:
    """``data`` decoded as UTF-8, or ``None`` when it is not valid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _sample_decodes(data: bytes) -> bool:
    """For valid UTF-8 ``data``: whether its sample (:func:`_utf8_sample`) decodes, so
    that :func:`_mostly_utf8` is true without decoding it. A valid prefix ends
    where the next byte does not continue a character."""
    end = len(_utf8_sample(data))
    return end == len(data) or not 0x80 <= data[end] < 0xC0
