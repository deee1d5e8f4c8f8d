"""Bytes to text: BOMs, declarations, detection, binary refusal."""

from __future__ import annotations

import gzip
import random

import pytest

from cleanscrape.decode import decode_html, looks_binary
from cleanscrape.errors import NotHTMLError

RUSSIAN = "Гавань получила новый волнорез. Инженеры говорят, что он защитит город от штормов."
FRENCH = "Le port a approuvé la nouvelle digue après un long débat, déclarent les ingénieurs."
JAPANESE = "港湾当局は火曜日、長い議論の末に新しい防波堤を承認した。"


def doc(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>T</title></head><body><p>{body}</p></body></html>"
    )


def test_plain_utf8() -> None:
    text, encoding = decode_html(doc(FRENCH).encode())
    assert encoding == "utf-8"
    assert FRENCH in text


def test_meta_charset_is_used() -> None:
    text, encoding = decode_html(doc(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251"))
    assert encoding == "cp1251"
    assert RUSSIAN in text


def test_meta_utf8_contradicted_by_windows_1251_bytes() -> None:
    text, encoding = decode_html(doc(RUSSIAN, '<meta charset="utf-8">').encode("cp1251"))
    assert encoding == "cp1251"
    assert RUSSIAN in text


def test_utf8_bom_beats_meta() -> None:
    data = b"\xef\xbb\xbf" + doc(RUSSIAN, '<meta charset="windows-1251">').encode()
    text, encoding = decode_html(data)
    assert encoding == "utf-8"
    assert RUSSIAN in text
    assert not text.startswith("\ufeff")


def test_http_charset_beats_meta() -> None:
    data = doc(RUSSIAN, '<meta charset="iso-8859-5">').encode("koi8-r")
    text, _ = decode_html(data, http_charset="koi8-r")
    assert RUSSIAN in text


def test_latin1_label_means_windows_1252() -> None:
    text, encoding = decode_html(
        doc("Price: 5\u20ac", '<meta charset="iso-8859-1">').encode("cp1252")
    )
    assert encoding == "cp1252"
    assert "5\u20ac" in text


def test_a_few_invalid_utf8_bytes_keep_the_page_utf8() -> None:
    data = (
        doc(FRENCH + " \xff " + RUSSIAN, "<meta charset=utf-8>")
        .encode()
        .replace(b"\xc3\xbf", b"\xff")
    )
    text, encoding = decode_html(data)
    assert encoding == "utf-8"
    assert FRENCH in text and RUSSIAN in text
    assert "\ufffd" in text


def test_undeclared_invalid_utf8_is_still_detected_as_utf8() -> None:
    data = doc(RUSSIAN * 3 + " \xfe ").encode().replace(b"\xc3\xbe", b"\xfe")
    assert decode_html(data)[1] == "utf-8"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-16", "utf-16-le"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
    ids=["bom", "le-without-bom", "be-without-bom"],
)
@pytest.mark.parametrize("body", [FRENCH, RUSSIAN, JAPANESE], ids=["latin", "cyrillic", "cjk"])
def test_utf16_with_and_without_bom(encoding: str, expected: str, body: str) -> None:
    text, found = decode_html(doc(body, "<meta charset=utf-8>").encode(encoding))
    assert found == expected
    assert body in text


def test_utf32_bom() -> None:
    text, encoding = decode_html("\ufeff".encode("utf-32-le") + doc(FRENCH).encode("utf-32-le"))
    assert encoding == "utf-32-le"
    assert FRENCH in text


def test_iso_2022_jp_is_detected() -> None:
    text, encoding = decode_html(doc(JAPANESE).encode("iso2022_jp"))
    assert encoding == "iso2022_jp"
    assert JAPANESE in text


def test_nul_bytes_are_removed() -> None:
    text, _ = decode_html(doc("Harbour\x00 news").encode())
    assert "Harbour news" in text


def test_xml_declaration_encoding() -> None:
    data = b'<?xml version="1.0" encoding="windows-1251"?>' + doc(RUSSIAN).encode("cp1251")
    assert RUSSIAN in decode_html(data)[0]


def test_unknown_declared_charset_falls_back_to_detection() -> None:
    text, _ = decode_html(doc(FRENCH, '<meta charset="x-no-such-charset">').encode())
    assert FRENCH in text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        b"%PDF-1.4\n" + bytes(64),
        gzip.compress(b"<html><body><p>x</p></body></html>"),
        b"PK\x03\x04" + bytes(64),
        b"\xff\xd8\xff\xe0" + bytes(64),
        random.Random(1).randbytes(2048),
    ],
    ids=["png", "pdf", "gzip", "zip", "jpeg", "random"],
)
def test_binary_is_refused(data: bytes) -> None:
    assert looks_binary(data) is not None
    with pytest.raises(NotHTMLError):
        decode_html(data)


def test_random_bytes_are_always_binary() -> None:
    rng = random.Random(2)
    assert all(looks_binary(rng.randbytes(2048)) for _ in range(500))


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"plain text", doc(FRENCH).encode(), b"<p>a\x00b\x00c</p>", b"\x1b$B"],
    ids=["empty", "spaces", "text", "page", "two-nuls", "escape"],
)
def test_text_is_not_binary(data: bytes) -> None:
    assert looks_binary(data) is None


def test_utf8_page_declared_as_a_multibyte_legacy_charset_is_read_as_utf8() -> None:
    from cleanscrape.decode import decode_html

    text = "<meta charset='gb2312'><p>" + "中文网页的正文内容，用来检验编码。" * 4 + "</p>"
    decoded, encoding = decode_html(text.encode("utf-8"))
    assert encoding == "utf-8"
    assert "中文网页的正文内容" in decoded


def test_real_gbk_page_keeps_its_declared_charset() -> None:
    from cleanscrape.decode import decode_html

    text = "<meta charset='gb2312'><p>" + "中文网页的正文内容，用来检验编码。" * 4 + "</p>"
    decoded, encoding = decode_html(text.encode("gb18030"))
    assert encoding == "gb18030"
    assert "中文网页的正文内容" in decoded


# Labels codecs.lookup knows that are no text encoding of the WHATWG list.
NON_TEXT_LABELS = ["zlib", "base64", "hex", "rot13", "uu", "bz2", "quopri", "undefined", "idna"]


@pytest.mark.parametrize("label", NON_TEXT_LABELS)
def test_meta_charset_naming_a_non_text_codec_falls_back_to_detection(label: str) -> None:
    text, encoding = decode_html(doc(FRENCH, f'<meta charset="{label}">').encode())
    assert encoding == "utf-8"
    assert FRENCH in text


@pytest.mark.parametrize("label", NON_TEXT_LABELS)
def test_http_charset_naming_a_non_text_codec_falls_back_to_detection(label: str) -> None:
    text, encoding = decode_html(doc(RUSSIAN).encode("cp1251"), http_charset=label)
    assert encoding == "cp1251"
    assert RUSSIAN in text


@pytest.mark.parametrize("label", ["windows-1251", "koi8-r", "iso-8859-8-i", "x-mac-cyrillic"])
def test_whatwg_labels_still_decode(label: str) -> None:
    assert decode_html(doc("x").encode(), http_charset=label)[1] != "utf-8"


# --- labels as the WHATWG Encoding Standard reads them (issue 17) -------------------

CURLY = "\u201cquoted\u201d and \u2013 dashed"


@pytest.mark.parametrize("label", ["ISO_8859-1", "csisolatin1", "iso8859_1", "x-cp1252", "ascii"])
def test_latin1_labels_decode_curly_quotes(label: str) -> None:
    page = f'<meta charset="{label}"><p>{CURLY}</p>'.encode("cp1252")
    text, encoding = decode_html(page)
    assert (CURLY in text, encoding) == (True, "cp1252")


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("windows-949", "한국어 기사 본문입니다", "cp949"),
        ("dos-874", "ข่าวภาษาไทยวันนี้", "cp874"),
        ("windows-31j", "日本語の記事の本文です", "cp932"),
        ("x-cp1250", "Příliš žluťoučký kůň", "cp1250"),
        ("x-mac-ukrainian", "Новини України", "mac-cyrillic"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.isascii() else None,
)
def test_whatwg_labels_python_does_not_know(label: str, text: str, codec: str) -> None:
    page = f'<meta charset="{label}"><p>{text}</p>'.encode(codec)
    assert decode_html(page) == (f'<meta charset="{label}"><p>{text}</p>', codec)


@pytest.mark.parametrize("label", ["zlib", "base64", "iso-2022-kr", "undefined"])
def test_labels_of_no_web_encoding_fall_back_to_detection(label: str) -> None:
    page = f'<meta charset="{label}"><p>plain words</p>'.encode()
    assert decode_html(page) == (f'<meta charset="{label}"><p>plain words</p>', "utf-8")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("windows-949", "cp949"),
        ("dos-874", "cp874"),
        ("windows-31j", "cp932"),
        ("x-cp1252", "cp1252"),
        ("iso_8859-1:1987", "cp1252"),
        ("logical", "iso8859-8"),
        ("x-x-big5", "big5hkscs"),
        (" UTF8\t", "utf-8"),
    ],
)
def test_declared_label_names_the_standards_encoding(label: str, codec: str) -> None:
    from cleanscrape.decode import _normalise_label

    assert _normalise_label(label) == codec
