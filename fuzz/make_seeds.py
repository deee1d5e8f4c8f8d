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
}


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in SEEDS.items():
        (folder / name).write_bytes(data)
    print(f"{len(SEEDS)} seeds in {folder}")


if __name__ == "__main__":
    main()
