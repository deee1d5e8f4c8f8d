"""The command's --meta header and the metadata in its JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanscrape.cli import main

PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "metadata" / "opengraph.html"


def test_meta_flag_puts_a_header_before_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PAGE), "--meta"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Title: City council votes on new tram line\n"
        "Authors: Claire Martin\n"
        "Date: 2024-03-01T18:05:00+01:00\n"
        "Kind: article (declared article)\n\n"
    )


def test_text_output_has_no_header_without_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PAGE)]) == 0
    assert not capsys.readouterr().out.startswith("Title:")


def test_json_output_carries_every_metadata_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PAGE), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["site_name"], data["tags"], data["sources"]["date"]) == (
        "Example Daily",
        ["transport", "city council"],
        "opengraph",
    )
