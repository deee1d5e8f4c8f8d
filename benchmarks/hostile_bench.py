"""Time and peak memory of ``extract`` on every hostile case, one fresh child process per case.

Usage::

    PYTHONPATH=. python benchmarks/hostile_bench.py            # all cases
    PYTHONPATH=. python benchmarks/hostile_bench.py nest sel   # cases whose name contains a word

Peak memory is the child's whole resident set (``ru_maxrss``: interpreter,
input and output included; an idle interpreter with cleanscrape is ~60 MB).
"""

from __future__ import annotations

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
start = time.perf_counter()
try:
    article = cleanscrape.extract(data, "https://example.com/a/b.html")
    outcome = "None" if article is None else f"Article ({{len(article.text):,}} chars)"
except cleanscrape.CleanscrapeError as exc:
    outcome = type(exc).__name__
seconds = time.perf_counter() - start
print(json.dumps({{"size": len(data), "outcome": outcome, "seconds": seconds,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_case(build: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(build=textwrap.dedent(build))],
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
            "peak_mb": 0.0,
        }
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> int:
    words = [word.lower() for word in argv]
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
