"""cleanscrape.dask on a local Dask cluster: every record comes out exactly once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra (dask[distributed]) is not installed")
pytest.importorskip("fastwarc", reason="the warc extra (FastWARC) is not installed")

from distributed import Client, LocalCluster
from warc_builder import WarcWriter, article_html

import cleanscrape.dask as csd

# Records per file: different sizes, so a partition mix-up shows in the totals.
HTML_PER_FILE = (4, 1, 3)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Threads in this process: the scheduling is the real thing, the cost is not.
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


def _warc_files(folder: Path) -> tuple[list[Path], list[str]]:
    """Small WARC files; returns them and the record ids of their HTML responses."""
    paths, html_ids = [], []
    for number, count in enumerate(HTML_PER_FILE):
        w = WarcWriter(file_number=number)
        w.warcinfo()
        for i in range(count):
            w.response(
                f"https://example.com/{number}/{i}",
                article_html(f"File {number} page {i}", "A story.").encode(),
            )
            html_ids.append(w.ids[-1])
        w.response(f"https://example.com/{number}/style.css", b"body{}", "text/css")
        paths.append(w.write(folder / f"part-{number}.warc.gz"))
    return paths, html_ids


def test_warc_bag_yields_every_html_record_exactly_once(client: Client, tmp_path: Path) -> None:
    paths, html_ids = _warc_files(tmp_path)
    lines = csd.warc_bag(paths).compute()
    assert sorted(line["warc_record_id"] for line in lines) == sorted(html_ids)


def test_warc_bag_has_one_partition_per_file(tmp_path: Path) -> None:
    paths, _ = _warc_files(tmp_path)
    assert csd.warc_bag(paths).npartitions == len(paths)


def test_warc_bag_lines_carry_articles(client: Client, tmp_path: Path) -> None:
    paths, _ = _warc_files(tmp_path)
    titles = {line["title"] for line in csd.warc_bag(paths).compute()}
    assert "File 2 page 0" in titles


def _write_jsonl(folder: Path) -> tuple[list[str], list[int]]:
    ids, paths = [], []
    for part in range(3):
        path = folder / f"pages-{part}.jsonl"
        rows = []
        for i in range(5):
            row_id = part * 100 + i
            ids.append(row_id)
            rows.append(
                json.dumps(
                    {
                        "id": row_id,
                        "url": f"https://example.com/{row_id}",
                        "html": article_html(f"Row {row_id}", "Text."),
                    }
                )
            )
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths, ids


def test_jsonl_bag_yields_every_row_exactly_once(client: Client, tmp_path: Path) -> None:
    paths, ids = _write_jsonl(tmp_path)
    lines = csd.jsonl_bag(paths, keep=["id"]).compute()
    assert sorted(line["id"] for line in lines) == sorted(ids)


def test_jsonl_bag_row_without_html_is_a_failure_line(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"url": "https://example.com/x"}) + "\n", encoding="utf-8")
    (line,) = csd.jsonl_bag([str(path)]).compute()
    assert (line["source_url"], line["error"]) == ("https://example.com/x", "InputError")


def test_parquet_bag_yields_every_row_exactly_once(client: Client, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas", reason="Parquet needs pandas")
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    ids = list(range(6))
    frame = pd.DataFrame(
        {
            "id": ids,
            "url": [f"https://example.com/{i}" for i in ids],
            "html": [article_html(f"Row {i}", "Text.") for i in ids],
        }
    )
    frame.iloc[:3].to_parquet(tmp_path / "a.parquet")
    frame.iloc[3:].to_parquet(tmp_path / "b.parquet")
    lines = csd.parquet_bag(str(tmp_path / "*.parquet"), keep=["id"]).compute()
    assert sorted(line["id"] for line in lines) == ids
