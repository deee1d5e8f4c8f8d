"""Author strings split into clean names."""

from __future__ import annotations

import pytest

from cleanscrape.metadata.authors import clean_authors
from cleanscrape.metadata.bylines import boxed_names, credited_names
from cleanscrape.parse import parse_fragment

CASES = [
    ("by-and", "By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("comma-list", "Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
    ("role-after-comma", "Jane Doe, Staff Writer", ["Jane Doe"]),
    ("role-alone", "Staff", []),
    ("date-words", "Sun Dec 17, 2023 11:23 am", []),
    ("reporter-role", "John Roe, Senior Reporter", ["John Roe"]),
    ("last-first", "Doe, Jane", ["Doe, Jane"]),
    ("email", "Jane Doe jane.doe@example.org", ["Jane Doe"]),
    ("url", "Bradley Kuhn (https://example.org/bk/)", ["Bradley Kuhn"]),
    ("handle", "Jane Doe @janedoe", ["Jane Doe"]),
    ("von-und", "Von Max Müller und Erika Schmidt", ["Max Müller", "Erika Schmidt"]),
    ("par-et", "Par Sébastien Martin et Claire Dubois", ["Sébastien Martin", "Claire Dubois"]),
    ("por-y", "Por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"]),
    ("di-e", "Di Mario Rossi e Giulia Bianchi", ["Mario Rossi", "Giulia Bianchi"]),
    ("date-glued", "by Jane Doe22 Dec 2016", ["Jane Doe"]),
    ("lines", "Written by Jane Doe\n   Edited by John Roe", ["Jane Doe", "John Roe"]),
    ("with-bracket", "Jane Doe (with John Roe)", ["Jane Doe", "John Roe"]),
    ("nickname-bracket", "Richard (R.J.) Roe", ["Richard (R.J.) Roe"]),
    ("all-caps", "JANE DOE", ["Jane Doe"]),
    ("credential", "By Jane Doe, MA", ["Jane Doe"]),
    ("role-in-brackets", "Jane Doe\n(Author)", ["Jane Doe"]),
    ("duplicate", "Jane Doe and JANE DOE", ["Jane Doe"]),
    (
        "organisation-with-und",
        "Landesanstalt für Wald und Forstwirtschaft",
        ["Landesanstalt für Wald und Forstwirtschaft"],
    ),
    ("ampersand", "Jane Doe, John Roe & Li Wei", ["Jane Doe", "John Roe", "Li Wei"]),
    ("particles", "Ana de la Cruz and Jan van Dijk", ["Ana de la Cruz", "Jan van Dijk"]),
    ("month-word", "Dezember", []),
    ("by-inside-row", "Posted on 10. Dezember 2019 by Sam Ortega", ["Sam Ortega"]),
    ("von-inside-row", "Veröffentlicht am 13. März 2019 von Lea Wolf", ["Lea Wolf"]),
    ("date-intro-only", "Veröffentlicht am", []),
    ("label-colon", "Interview: Julia Lauter", ["Julia Lauter"]),
    ("site-dash-name", "example.com - Alberto Ávila", ["Alberto Ávila"]),
    ("role-after-dash", "Jane Doe - Staff Writer", ["Jane Doe"]),
    ("surname-particle-di", "Mark Di Stefano", ["Mark Di Stefano"]),
    ("weekday-word", "Jane Doe | Monday", ["Jane Doe"]),
    ("single-words-around-und", "Kirche und Leben", ["Kirche und Leben"]),
    ("ui-words", "Uncategorized", []),
    ("leading-symbol", "~ Cem Basman", ["Cem Basman"]),
    ("caseless-script-with-handle", "林小美 (linxm)", ["林小美 (linxm)"]),
    ("caseless-script", "山田 太郎", ["山田 太郎"]),
    ("lowercase-phrase", "written for the weekend edition", []),
    (
        "bio-too-long",
        "Jane Doe is a reporter who has covered science and health for twenty years",
        [],
    ),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_clean_authors(raw: str, expected: list[str]) -> None:
    assert clean_authors([raw]) == expected


def test_several_values_are_merged_without_duplicates() -> None:
    assert clean_authors(["Jane Doe", "John Roe", "Jane Doe"]) == ["Jane Doe", "John Roe"]


def _box(inner: str) -> list[str]:
    root = parse_fragment(f"<div>{inner}</div>").css_first("div")
    assert root is not None
    return boxed_names(root)


def test_author_box_label_lines_are_passed_over() -> None:
    assert _box("<div>Author Spotlight</div><h3>The Harbour Team</h3><p>Bio.</p>") == [
        "The Harbour Team"
    ]


def test_author_box_that_starts_with_its_bio_gives_no_name() -> None:
    bio = "Summer is our marketing manager. " * 4
    assert _box(f"<p><strong>Summer</strong> {bio}</p>") == []


def _credited(body: str) -> list[str]:
    root = parse_fragment(f"<div>{body}</div>").css_first("div")
    assert root is not None
    return credited_names(root, lambda node: False)


def test_written_by_label_takes_the_name_that_follows() -> None:
    assert _credited("<div><span>Article by</span><span>Ana Lima</span></div>") == ["Ana Lima"]


def test_written_by_inside_a_sentence_is_no_credit() -> None:
    assert _credited("<p>The recipe was posted by a reader in 2019 and we loved it.</p>") == []
