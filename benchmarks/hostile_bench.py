"""Time and peak memory of ``extract`` on every hostile case, one fresh child process per case.

Usage::

    PYTHONPATH=. python benchmarks/hostile_bench.py            # all cases
    PYTHONPATH=. python benchmarks/hostile_bench.py nest sel   # cases whose name contains a word
    PYTHONPATH=. python benchmarks/hostile_bench.py --shapes   # each input shape at 10k, 100k, 1M
    PYTHONPATH=. python benchmarks/hostile_bench.py --shapes attr warc   # some shapes only

``--shapes`` repeats one unit of markup (a tag, an attribute, an entity ...) n
times for n = 10,000, 100,000 and 1,000,000 and prints the time, the CPU
time, the peak memory and how much the CPU time grew from the size before:
linear growth is about x10 a row. (CPU time, not wall time, for the growth: on
a shared machine the wall time of one row can double with the load.) WARC shapes time ``cleanscrape.warc.extract_warc`` (in the
child, ``workers=0``) on a file built from n.

Peak memory is the child's whole resident set (``ru_maxrss``: interpreter,
input and output included; an idle interpreter with cleanscrape is ~60 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_ARTICLE = (
    "The harbour authority approved the new breakwater on Tuesday after a long debate. "
    "Engineers say the structure will protect the old town from winter storms for decades."
)

# name -> Python code that defines ``data`` (str or bytes).
CASES: dict[str, str] = {
    "baseline article (20 paragraphs)": f'data = ("<html><head><title>T</title></head><body><nav><a href=/>Home</a></nav><article>" + "<p>{_ARTICLE}</p>" * 20 + "</article></body></html>").encode()',
    "empty": 'data = b""',
    "whitespace only": 'data = b"  \\n\\t " * 100',
    "lone <html>": 'data = b"<html>"',
    "text without tags": f'data = ("{_ARTICLE} " * 50).encode()',
    "PNG": 'import zlib; data = b"\\x89PNG\\r\\n\\x1a\\n" + zlib.compress(bytes(range(256)) * 400)',
    "PDF": 'data = b"%PDF-1.7\\n" + bytes(100_000)',
    "gzip": f'import gzip; data = gzip.compress(("<p>{_ARTICLE}</p>" * 1000).encode())',
    "random bytes 1 MB": "import random; data = random.Random(0).randbytes(1_000_000)",
    "NUL bytes in text": f'data = ("<p>{_ARTICLE}\\x00 more\\x00</p>" * 20).encode()',
    "nesting 300": f'data = "<div>" * 300 + "<p>{_ARTICLE}</p>" + "</div>" * 300',
    "nesting 100,000 div": f'data = "<div>" * 100_000 + "<p>{_ARTICLE}</p>"',
    "nesting 100,000 <span><div></span>": f'data = "<span><div></span>" * 100_000 + "<p>{_ARTICLE}</p>"',
    "nesting 100,000 ul/li": f'data = "<ul><li>" * 100_000 + "<p>{_ARTICLE}</p>"',
    "unclosed <b><i> x 50,000": f'data = "<b><i>" * 50_000 + "<p>{_ARTICLE}</p>"',
    "formatting bomb (500 <b id>, 5,000 blocks)": f'data = "<div>" + "".join(f"<b id={{i}}>" for i in range(500)) + "</div>" + "<div>x</div>" * 5000 + "<p>{_ARTICLE}</p>"',
    "select with 100,000 options": f'data = "<select>" + "<option>choice" * 100_000 + "</select><p>{_ARTICLE}</p>"',
    "50 MB of HTML": f'p = "<p>{_ARTICLE} {_ARTICLE} <a href=/x>link</a></p>\\n"; data = ("<html><body><article>" + p * (50_000_000 // len(p)) + "</article></body></html>").encode()',
    "50 MB of tiny elements (node limit)": 'data = ("<html><body>" + "<span>x</span>" * 3_500_000).encode()',
    "one 10 MB text node": 'data = "<html><body><p>" + "word " * 2_000_000 + "</p></body></html>"',
    "200,000 sibling paragraphs": 'data = "<html><body>" + "".join(f"<p>Paragraph {i} of the page.</p>" for i in range(200_000))',
    "100,000 links": f'data = "<html><body><p>{_ARTICLE}</p><ul>" + "".join(f"<li><a href=/p/{{i}}>link {{i}}</a></li>" for i in range(100_000)) + "</ul>"',
    "meta utf-8, bytes windows-1251": 'data = ("<meta charset=utf-8><p>" + "Гавань получила новый волнорез. " * 50 + "</p>").encode("cp1251")',
    "UTF-8 BOM vs meta windows-1251": 'data = b"\\xef\\xbb\\xbf" + ("<meta charset=windows-1251><p>" + "Гавань получила новый волнорез. " * 50 + "</p>").encode()',
    "invalid UTF-8 sequences": 'data = ("<meta charset=utf-8><p>" + "Café crème. " * 50 + "</p>").encode() + b"<p>bad \\xff\\xfe\\xc3 bytes</p>"',
    "UTF-16 with BOM": f'data = ("<html><head><title>T</title></head><body><p>{_ARTICLE}</p></body></html>").encode("utf-16")',
    "UTF-16-LE without BOM": f'data = ("<html><head><title>T</title></head><body><p>{_ARTICLE}</p></body></html>").encode("utf-16-le")',
    "malformed (unclosed, stray </body>, table soup)": f'data = "<html><body></body><table><p>{_ARTICLE}<tr>soup<td>a<p>x<p>y<!-- c <p> --><![CDATA[z]]>" * 200',
    "XHTML with XML declaration": f'data = (\'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>{_ARTICLE}</p></body></html>\').encode()',
    "billion laughs (XHTML)": f"""ents = '<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{{i}} "{{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}}">' for i in range(1, 10)); data = f'<?xml version="1.0"?><!DOCTYPE html [{{ents}}]><html><body><p>{_ARTICLE} &lol9;</p></body></html>'""",
    "script/style prose, noscript, template, hidden": f'data = "<script>var s=\\"{_ARTICLE}\\";</script><style>/* {_ARTICLE} */</style><template><p>t</p></template><p hidden>h</p><noscript><p>{_ARTICLE}</p></noscript>"',
    "dangerous markup (output safety)": f'data = "<p onclick=x()>{_ARTICLE} <a href=javascript:alert(1)>j</a><img src=data:x></p><script>x()</script><iframe></iframe><object></object><embed><form><input></form>" * 100',
}

_CHILD = """
import json, resource, time
import cleanscrape
{build}
start, cpu = time.perf_counter(), time.process_time()
try:
    article = cleanscrape.extract(data, "https://example.com/a/b.html")
    outcome = "None" if article is None else f"Article ({{len(article.text):,}} chars)"
except cleanscrape.CleanscrapeError as exc:
    outcome = type(exc).__name__
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu
print(json.dumps({{"size": len(data), "outcome": outcome, "seconds": seconds, "cpu": cpu,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


# Input shapes for --shapes: code that defines ``data`` from ``n``, the repeat count.
_STORY = f"<p>{_ARTICLE}</p>"
SHAPES: dict[str, str] = {
    "tags (<span>x</span> x n)": f'data = "{_STORY}" + "<span>x</span>" * n',
    "attributes on one element": (
        'data = "<div " + " ".join(f"a{i}=x" for i in range(n)) + ">t</div>" + story'
    ),
    "attributes on n <body> tags (merged)": (
        'data = "".join(f"<body a{i}=x>" for i in range(n)) + story'
    ),
    "class names on one element": (
        'data = "<div class=\'" + " ".join(f"c{i}" for i in range(n)) + "\'>t</div>" + story'
    ),
    "entities (&amp; x n)": 'data = story + "<p>" + "&amp;" * n + "</p>"',
    "numeric entities (&#x1F600; x n)": 'data = story + "<p>" + "&#x1F600;" * n + "</p>"',
    "comments (<!--c--> x n)": 'data = story + "<!--c-->" * n',
    "nesting (<div> x n)": 'data = "<div>" * n + story',
    "nesting (<span><div></span> x n)": 'data = "<span><div></span>" * n + story',
    "options in one <select>": 'data = "<select>" + "<option>o" * n + "</select>" + story',
    "unclosed formatting (<b><i> x n)": 'data = "<b><i>" * n + story',
    "JSON-LD with n lone surrogates": (
        'data = \'<script type="application/ld+json">{"headline": "\' '
        "+ chr(92) + 'ud800' + (chr(92) + 'ud800') * (n - 1) + '\"}</script>' + story"
    ),
    "one text node of n words": 'data = "<p>" + "word " * n + "</p>"',
}
_STORY_CODE = f"story = {_STORY!r}\n"

# WARC shapes: code that defines ``data`` (the file's bytes) from ``n``.
_WARC_UNIT = """
import gzip
page = b"HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n<article><p>%s</p></article>" % (
    b"The harbour authority approved the new breakwater on Tuesday. " * 4
)
def record(block, number=0):
    head = b"WARC/1.0\\r\\nWARC-Type: response\\r\\nWARC-Target-URI: https://e.com/%d\\r\\n" % number
    head += b"Content-Type: application/http; msgtype=response\\r\\n"
    return head + b"Content-Length: %d\\r\\n\\r\\n" % len(block) + block + b"\\r\\n\\r\\n"
"""
WARC_SHAPES: dict[str, str] = {
    "WARC: n/100 pages, one gzip member each": _WARC_UNIT
    + "data = b''.join(gzip.compress(record(page, i)) for i in range(n // 100))",
    "WARC: gzip-bomb body of n KB (n MB decoded)": _WARC_UNIT
    + "z = gzip.compress(bytes(1 << 20))\n"
    + "head = b'HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Encoding: gzip\\r\\n\\r\\n'\n"
    + "data = gzip.compress(record(head + z * (n // 1000)))",
    "WARC: record declaring n KB of zeros": _WARC_UNIT
    + "z = gzip.compress(bytes(1 << 10))\n"
    + "head = b'WARC/1.0\\r\\nWARC-Type: response\\r\\nContent-Length: %d\\r\\n\\r\\n' % (n << 10)\n"
    + "data = gzip.compress(head) + z * n + gzip.compress(record(page))",
    "WARC: n bytes of garbage between records": _WARC_UNIT
    + "r = gzip.compress(record(page))\ndata = r + bytes(range(256)) * (n // 256) + r",
    "WARC: n empty gzip members between records": _WARC_UNIT
    + "r = gzip.compress(record(page))\ndata = r + gzip.compress(b'') * n + r",
}
SIZES = (10_000, 100_000, 1_000_000)

_WARC_CHILD = """
import json, os, resource, tempfile, time
from cleanscrape.warc import WarcCounts, extract_warc
{build}
path = os.path.join(tempfile.mkdtemp(), "x.warc.gz")
with open(path, "wb") as f:
    f.write(data)
size = len(data)
del data
counts = WarcCounts()
start, cpu = time.perf_counter(), time.process_time()
lines = sum(1 for _ in extract_warc([path], workers=0, counts=counts))
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu
outcome = f"{{lines}} lines, {{counts.oversize}} oversize, {{counts.lost}} lost"
print(json.dumps({{"size": size, "outcome": outcome, "seconds": seconds, "cpu": cpu,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_case(build: str, child: str = _CHILD) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", child.format(build=textwrap.dedent(build))],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        return {
            "size": 0,
            "outcome": f"CRASH {done.stderr.strip().splitlines()[-1:]}",
            "seconds": 0.0,
            "cpu": 0.0,
            "peak_mb": 0.0,
        }
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def shapes(words: list[str]) -> int:
    """Each input shape at three sizes: time, peak memory and growth from the size before."""
    print(
        "| shape | n | input bytes | result | seconds | CPU s | x CPU | peak MB |\n"
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |"
    )
    chosen = [(name, build, _CHILD) for name, build in SHAPES.items()]
    chosen += [(name, build, _WARC_CHILD) for name, build in WARC_SHAPES.items()]
    for name, build, child in chosen:
        if words and not any(w in name.lower() for w in words):
            continue
        previous = 0.0
        for n in SIZES:
            row = run_case(f"n = {n}\n{_STORY_CODE}{build}", child)
            seconds, cpu, size, peak = (
                float(str(row[key])) for key in ("seconds", "cpu", "size", "peak_mb")
            )
            growth = f"x{cpu / previous:.1f}" if previous > 0 else ""
            previous = max(cpu, 1e-6)
            print(
                f"| {name} | {n:,} | {size:,.0f} | {row['outcome']} "
                f"| {seconds:.3f} | {cpu:.3f} | {growth} | {peak:.0f} |",
                flush=True,
            )
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.hostile_bench",
        description=__doc__.split("\n", 1)[0],
        epilog="Growth: about x10 a row is linear (see the module docstring).",
    )
    parser.add_argument("--shapes", action="store_true", help="each input shape at 10k, 100k, 1M")
    parser.add_argument("words", nargs="*", help="only cases (or shapes) whose name contains one")
    args = parser.parse_args(argv)
    if args.shapes:
        return shapes([word.lower() for word in args.words])
    words = [word.lower() for word in args.words]
    chosen = {
        name: code
        for name, code in CASES.items()
        if not words or any(w in name.lower() for w in words)
    }
    print("| case | input | result | seconds | peak MB |\n| --- | ---: | --- | ---: | ---: |")
    for name, build in chosen.items():
        row = run_case(build)
        print(
            f"| {name} | {int(row['size']):,} | {row['outcome']} | {float(row['seconds']):.3f} "  # type: ignore[call-overload]
            f"| {float(row['peak_mb']):.0f} |",  # type: ignore[arg-type]
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
