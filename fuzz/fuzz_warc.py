"""Coverage-guided fuzzing of the WARC reader (:func:`cleanscrape.warc.extract_warc`).

Every input is written to a file, once as it is and once gzip-compressed as one
member, and read in this process (``workers=0``). The contract: nothing but
``WarcReaderMissing`` escapes; every line is JSON that encodes as UTF-8; the
counts add up (HTML responses = articles + without article + failed); and a
file holding records whose block is over the size limit never costs more
memory than the limit (libFuzzer's ``-rss_limit_mb`` catches that).

Run (see fuzz/README.md)::

    python fuzz/make_seeds.py --warc fuzz/warc-corpus
    python fuzz/fuzz_warc.py fuzz/warc-corpus -max_total_time=1800 -timeout=20 \\
        -rss_limit_mb=2048 -max_len=65536
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from cleanscrape.warc import WarcCounts, extract_warc

logging.getLogger("cleanscrape").setLevel(logging.CRITICAL)  # warnings are expected here
_FOLDER = tempfile.mkdtemp(prefix="fuzz-warc-")
# Small enough that the fuzzer meets oversize records, large enough for real pages.
_MAX_BYTES = 32 * 1024


def _read(data: bytes, name: str) -> None:
    path = os.path.join(_FOLDER, name)
    with open(path, "wb") as f:
        f.write(data)
    counts = WarcCounts()
    for line in extract_warc([path], workers=0, counts=counts, max_bytes=_MAX_BYTES):
        json.dumps(line, ensure_ascii=False).encode("utf-8")
    if counts.html != counts.articles + counts.no_article + counts.failed:
        raise AssertionError(f"counts do not add up: {counts}")
    if counts.oversize > counts.skipped:
        raise AssertionError(f"oversize records not counted as skipped: {counts}")


def test_one_input(data: bytes) -> None:
    """One libFuzzer iteration: the bytes as a WARC file, then gzip-compressed."""
    _read(data, "input.warc")
    _read(gzip.compress(data, compresslevel=1), "input.warc.gz")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
