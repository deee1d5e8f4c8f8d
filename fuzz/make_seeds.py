"""Write a small seed corpus for the fuzzer: the shapes of hostile pages, kept short."""

from __future__ import annotations

import sys
from pathlib import Path

SEEDS: dict[str, bytes] = {
    "article": b"<!DOCTYPE html><html><head><title>T</title><meta charset=utf-8></head><body>"
    b"<nav><a href=/>Home</a></nav><article><h1>Head</h1><p>First paragraph of the story, "
    b"long enough to count.</p><p>Second <b>bold</b> <a href='rel/x'>link</a>.</p></article>"
    b"<footer>(c)</footer></body></html>",
    "deep": b"<div>" * 600 + b"<p>bottom text of the page</p>",
    "formatting": b"<div>"
    + b"".join(b"<b id=%d>" % i for i in range(40))
    + b"</div>"
    + b"<div>x</div>" * 20,
    "select": b"<select>" + b"<option>o" * 50 + b"</select><p>after the list</p>",
    "misnested": b"<b><div></b><span><div></span><a><div><a>x</a><table><p>x<td>y</table>",
    "unsafe": b"<p onclick=alert(1)>Text <a href='javascript:alert(1)'>j</a> <img src=data:x>"
    b"<script>alert(1)</script><iframe src=x></iframe><form><input></form></p>",
    "xhtml": b"<?xml version='1.0'?><!DOCTYPE html [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]>"
    b"<html xmlns='http://www.w3.org/1999/xhtml'><body><p>&b; text</p>"
    b"<svg><style><div>x</div></style><g/></svg></body></html>",
    "cp1251": "<meta charset=utf-8><p>Привет, мир, это статья</p>".encode("cp1251"),
    "utf16": "\ufeff<p>text in utf-16 with a bom</p>".encode("utf-16-le"),
    "noscript": b"<noscript><p>The real article is here, inside noscript.</p></noscript>"
    b"<template><p>template text</p></template><p hidden>hidden text</p>",
    "comments": b"<p>a<!-- <p> --><![CDATA[ x ]]></p></body><p>after body</p>",
    # Issue 16: lone surrogates in JSON-LD, charset labels of non-text codecs, many attributes.
    "surrogates": b'<script type="application/ld+json">{"@type": "NewsArticle", '
    b'"headline": "Harbour \\ud800 news", "author": {"name": "J \\udc00"}}</script>'
    b"<article><h1>H</h1><p>A paragraph of the story, long enough to count here.</p></article>",
    "codec": b'<meta charset="zlib"><p>A page whose label names no text encoding.</p>',
    "attributes": b"<div " + b" ".join(b"a%d=x" % i for i in range(300)) + b">text</div>"
    + b"".join(b"<body b%d>" % i for i in range(50)),
    "markdown": b"<p><a href='javascript&#38;#58;x' title='<img src=x onerror=y>\\'>l</a> "
    b"<img src=a.png title='t\\'>~~~</p>",
}

# Seeds for fuzz_warc.py: a small WARC of gzip members, and the same uncompressed.
WARC_RECORD = (
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
    b"WARC-Target-URI: https://example.com/a\r\nContent-Type: application/http; "
    b"msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n"
)
WARC_HTTP = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<article><h1>T</h1>"
    b"<p>A paragraph of the story, long enough to count here.</p></article>"
)


def warc_seeds() -> dict[str, bytes]:
    """Plain and gzip WARC files of two records, with an empty member between them, and a
    record declaring 10 GB but holding a few bytes before a good one."""
    import gzip

    record = WARC_RECORD % (len(WARC_HTTP), WARC_HTTP)
    overclaiming = WARC_RECORD % (10 * 2**30, b"HTTP/1.1 200 OK\r\n\r\nshort")
    past_any_index = WARC_RECORD % (10**90, b"HTTP/1.1 200 OK\r\n\r\nshort")
    return {
        "plain.warc": record * 2,
        "members.warc.gz": gzip.compress(record) + gzip.compress(b"") + gzip.compress(record),
        "overclaiming.warc": overclaiming + record,
        "past-any-index.warc": past_any_index + record,
    }


def main() -> None:
    """``make_seeds.py FOLDER`` for fuzz_extract, ``make_seeds.py --warc FOLDER`` for fuzz_warc."""
    arguments = sys.argv[1:]
    warc = "--warc" in arguments
    arguments = [a for a in arguments if a != "--warc"]
    folder = Path(arguments[0] if arguments else "fuzz/corpus")
    folder.mkdir(parents=True, exist_ok=True)
    seeds = warc_seeds() if warc else SEEDS
    for name, data in seeds.items():
        (folder / name).write_bytes(data)
    print(f"{len(seeds)} seeds in {folder}")


if __name__ == "__main__":
    main()
