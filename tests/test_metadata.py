"""Metadata sources and tricky cases, one behaviour per test, on fixtures/metadata/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cleanscrape.metadata import extract_metadata
from cleanscrape.models import Metadata, Options
from cleanscrape.parse import parse_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "metadata"


def meta(name: str, url: str | None = None) -> Metadata:
    html = (FIXTURES / f"{name}.html").read_text("utf-8")
    return extract_metadata(parse_document(html, Options()), url)


# (fixture, url, field, expected): each row is one test with its own id.
CASES: list[tuple[str, str | None, str, Any]] = [
    # JSON-LD
    ("jsonld_article", None, "title", "Rivers run backwards in the lab"),
    ("jsonld_article", None, "authors", ["Jane Doe"]),
    ("jsonld_article", None, "date", "2024-05-17T09:30:00+02:00"),
    ("jsonld_article", None, "modified", "2024-05-18T11:00:00+02:00"),
    ("jsonld_article", None, "description", "Physicists reversed a small river for an afternoon."),
    ("jsonld_article", None, "site_name", "The Example Times"),
    ("jsonld_article", None, "image", "https://example.org/img/river.jpg"),
    ("jsonld_article", None, "url", "https://example.org/science/rivers"),
    ("jsonld_article", None, "lang", "en-GB"),
    ("jsonld_article", None, "tags", ["physics", "rivers"]),
    ("jsonld_article", None, "categories", ["Science"]),
    ("jsonld_article", None, "page_type", "NewsArticle"),
    ("jsonld_graph", None, "authors", ["Ana Lima"]),
    ("jsonld_graph", None, "site_name", "Example Garden Ltd"),
    ("jsonld_graph", None, "title", "How to keep bees in a city"),
    ("jsonld_graph", None, "date", "2023-02-03T08:00:00Z"),
    ("jsonld_graph", None, "page_type", "BlogPosting"),
    ("jsonld_array", None, "authors", ["Jane Doe", "John Roe"]),
    ("jsonld_array", None, "date", "2022-11-30"),
    ("jsonld_array", None, "page_type", "Article"),
    ("jsonld_several_articles", None, "authors", ["Page Writer"]),
    ("jsonld_several_articles", None, "date", "2024-02-02"),
    ("jsonld_broken", None, "authors", ["Jane Doe"]),
    ("jsonld_broken", None, "date", "2021-07-04T10:00:00Z"),
    ("jsonld_broken", None, "description", "A line break inside a string"),
    ("jsonld_org_author", None, "authors", ["Example Press Agency"]),
    ("jsonld_person_and_org", None, "authors", ["Marta Kowalska"]),
    ("jsonld_headline_mismatch", None, "title", "Hermit crabs"),
    ("page_type_webpage_and_og", None, "page_type", "article"),
    ("og_title_generic", None, "title", "Painter designs the front page of every paper"),
    ("og_title_only_good", None, "title", "Volunteers plant a thousand trees"),
    # OpenGraph and article:*
    ("opengraph", None, "title", "City council votes on new tram line"),
    ("opengraph", None, "site_name", "Example Daily"),
    ("opengraph", None, "description", "The vote passed narrowly after a long debate."),
    ("opengraph", None, "image", "https://example.com/media/tram.jpg"),
    ("opengraph", None, "url", "https://example.com/city/tram-vote"),
    ("opengraph", None, "lang", "fr-FR"),
    ("opengraph", None, "page_type", "article"),
    ("opengraph", None, "date", "2024-03-01T18:05:00+01:00"),
    ("opengraph", None, "modified", "2024-03-02T07:00:00+01:00"),
    ("opengraph", None, "authors", ["Claire Martin"]),
    ("opengraph", None, "tags", ["transport", "city council"]),
    ("opengraph", None, "categories", ["Local"]),
    # Twitter cards
    ("twitter", None, "title", "A quiet winter for the northern lights"),
    ("twitter", None, "description", "Solar activity dipped this season."),
    ("twitter", None, "image", "https://cdn.example.net/aurora.jpg"),
    # Dublin Core
    ("dublin_core", None, "title", "Soil moisture in alpine meadows"),
    ("dublin_core", None, "authors", ["Müller, Hans"]),
    ("dublin_core", None, "date", "2019-08-21"),
    ("dublin_core", None, "description", "A three-year field study."),
    ("dublin_core", None, "lang", "de"),
    ("dublin_core", None, "site_name", "Example Institute"),
    # The byline row after a paragraph-long standfirst under the headline.
    ("byline_after_standfirst", None, "authors", ["Maren Holt"]),
    ("byline_after_standfirst", None, "date", "2024-03-04"),
    # An author box after the article: the name line after the initials and the label.
    ("author_box_after_article", None, "authors", ["Tomasz Wrona"]),
    # Initials and a role beside the name in a classed byline are no names.
    ("byline_name_and_role", None, "authors", ["Ines Baptista"]),
    # A camelCase class name says "byline" too.
    ("byline_camel_case_class", None, "authors", ["Ana Ruiz"]),
    # og:site_name is the publisher's brand plus a legal form: the brand is the site name.
    ("site_name_legal_form", None, "site_name", "Valley Courier"),
    ("site_name_parent_publisher", None, "site_name", "Valley Courier"),
    # A subtitle heading right under the headline does not end the byline zone.
    ("headline_subtitle_heading", None, "date", "2025-02-09"),
    # A date printed as a heading right above the headline.
    ("date_kicker_heading", None, "date", "2025-01-23"),
    # The date by the headline beats an earlier classed date of another story.
    ("date_by_headline_before_classed", None, "date", "2026-02-06"),
    # A classed date line that goes on to an edit note gives the date before the note.
    ("date_line_then_edit_note", None, "date", "2024-03-02"),
    # "Topic / Board / Forum": the board goes with the forum's name.
    (
        "title_board_and_forum",
        "https://forums.exampleoutdoor.org/t/123",
        "title",
        "Which tent for a windy ridge?",
    ),
    # The date printed only in the author block, beside the name.
    ("date_in_author_block", None, "date", "2025-12-17"),
    ("date_in_author_block", None, "authors", ["Amara Bello"]),
    # A "Written by" line away from the headline credits the author.
    ("written_by_under_article", None, "authors", ["Noor Haddad"]),
    # "<namespace>.date" in a meta name is the page's date ("event" in a name is not).
    ("meta_namespaced_date", None, "date", "2025-03-06T00:00:00Z"),
    # A declared person's name typed in lower case is still the author.
    ("jsonld_lowercase_author", None, "authors", ["Maren Solberg"]),
    # A CSS module's hash after a class name ("Author_name__Zp3qL") hides no byline.
    ("byline_css_module_class", None, "authors", ["Lina Ortega"]),
    # microdata
    # A handle marked up as the author is the author, not a reason to take the next post's.
    ("forum_handle_microdata", None, "authors", ["gravelgrinder"]),
    # An <h1> that repeats the whole title still loses the site name.
    ("title_heading_with_site_name", None, "title", "Ferry timetable changes for the winter"),
    ("microdata", "https://example.net/trains", "title", "Night trains return to the valley"),
    ("microdata", "https://example.net/trains", "authors", ["Luca Bianchi"]),
    ("microdata", "https://example.net/trains", "date", "2023-10-09T06:00:00Z"),
    ("microdata", "https://example.net/trains", "modified", "2023-10-10T06:00:00Z"),
    ("microdata", "https://example.net/trains", "image", "https://example.net/photos/train.jpg"),
    # <time datetime>, not the one in the sidebar
    ("time_element", None, "date", "2022-08-14T20:15:00+01:00"),
    # "updated" vs "published"
    ("updated_vs_published", None, "date", "2024-05-03T08:00:00Z"),
    ("updated_vs_published", None, "modified", "2024-05-05T10:00:00Z"),
    ("updated_meta_only", None, "date", "2021-06-01T12:00:00Z"),
    ("updated_meta_only", None, "modified", "2021-06-10T12:00:00Z"),
    ("visible_dateline", None, "date", "2023-02-03T14:05:00"),
    ("microformat_updated_date", None, "date", None),
    # non-English visible date and byline
    ("german_visible_date", None, "date", "2024-05-17T10:30:00"),
    ("german_visible_date", None, "authors", ["Max Müller", "Erika Schmidt"]),
    # rel=canonical, relative links
    ("canonical", "https://example.org/a?utm=1", "url", "https://example.org/news/canonical-story"),
    ("canonical", "https://example.org/dir/a", "image", "https://example.org/dir/images/lead.png"),
    ("canonical", None, "url", None),
    ("canonical_home", "https://example.org/news/ferry", "url", "https://example.org/news/ferry"),
    ("canonical_home", None, "url", "https://example.org/"),
    # language
    ("html_lang", None, "lang", "pt-BR"),
    ("content_language", None, "lang", "es-MX"),
    # dates around the headline (issue #15)
    ("date_above_headline", None, "date", "2023-08-07"),
    ("date_above_headline", None, "authors", ["Nora Field"]),
    ("date_then_updated", None, "date", "2019-08-16"),
    ("date_then_updated", None, "modified", "2025-07-09"),
    ("date_only_updated", None, "date", "2025-12-12"),
    ("date_shown_is_modified", None, "date", "2021-09-08T18:02:10+00:00"),
    ("main_area_sidebar_layout", None, "date", "2024-05-31"),
    ("headline_worded_apart", None, "date", "2025-07-18"),
    ("builder_widgets", None, "date", "2025-07-27"),
    ("date_in_meta_row", None, "date", "2025-12-26"),
    ("forum_started_by", None, "date", "2025-05-26"),
    ("article_named_footer", None, "date", "2025-08-12T11:15:06Z"),
    ("headline_worded_apart", None, "authors", ["Reyan Okafor"]),
    # authors from every place a page shows them (issue #15)
    ("twitter_label_author", None, "authors", ["Tomas Lindqvist"]),
    ("org_author_person_byline", None, "authors", ["Lena Brook"]),
    ("jsonld_org_author", None, "authors", ["Example Press Agency"]),
    ("byline_label_then_name", None, "authors", ["Edda Tamm"]),
    ("byline_label_then_name", None, "date", "2025-08-04"),
    ("byline_sponsored", None, "authors", ["Cara Hill"]),
    # titles: the headline when the declared title is a cut-down copy of it (issue #15)
    ("title_cut_short", None, "title", "Best high school tutors in 2025, reviewed by a student"),
    ("title_archive_word", None, "title", "Air fryer recipes"),
    ("title_heading_with_site", None, "title", "Retirement planning calculator"),
    ("jsonld_double_escaped", None, "title", "And finally… trouble brewing"),
    # visible bylines
    ("visible_byline", None, "authors", ["Jane Doe", "John Roe"]),
    ("rel_author", None, "authors", ["Sam Baker"]),
    ("byline_row", None, "authors", ["Sam Ortega"]),
    ("byline_in_comments_open_post", None, "authors", ["Priya Nair"]),
    ("meta_several_authors", None, "authors", ["Jane Doe", "John Roe", "Li Wei"]),
    ("meta_author_names", None, "authors", ["Jane Doe", "John Roe"]),
    ("authors_with_site_name", None, "authors", ["Rosa Delgado"]),
    # publication dates in bibliographic and site-prefixed <meta> names
    ("scholarly_meta", None, "date", "2021-03-04"),
    ("meta_published_prefixed", None, "date", "2020-11-02T08:00:00Z"),
    # dates in the URL
    ("url_date", "https://example.org/blog/2024/05/17/slug/", "date", "2024-05-17"),
    ("url_date", "https://example.org/notes/2024-05-17+Slug+words", "date", "2024-05-17"),
    ("url_date", "https://example.org/blog/slug-2024/", "date", None),
    # site names
    ("site_name_tagline", None, "site_name", "Example News"),
    ("site_name_url", None, "site_name", "examplepets.com"),
    # titles
    ("title_suffix", None, "title", "Storm closes mountain passes"),
    ("title_real_colon", None, "title", "Brexit: what happens next"),
    ("title_real_colon", None, "site_name", "Example Times"),
    ("title_site_prefix", None, "title", "Farmers adapt to a longer dry season"),
    ("title_dash_in_headline", None, "title", "Mid-century chairs - a retrospective"),
    ("title_suffix_derives_site", None, "title", "Tidal power gets a second look"),
    ("title_suffix_derives_site", None, "site_name", "Example Review"),
]


@pytest.mark.parametrize(
    ("fixture", "url", "field", "expected"),
    CASES,
    ids=[f"{fixture}-{field}{'-url' if url else ''}" for fixture, url, field, _ in CASES],
)
def test_field(fixture: str, url: str | None, field: str, expected: Any) -> None:
    assert getattr(meta(fixture, url), field) == expected


def test_sources_name_where_each_field_came_from() -> None:
    sources = meta("opengraph").sources
    assert (sources["title"], sources["date"], sources["site_name"]) == (
        "opengraph",
        "opengraph",
        "opengraph",
    )


def test_url_date_is_recorded_as_from_url() -> None:
    assert meta("url_date", "https://example.org/2024/05/17/slug").sources["date"] == "url"


def test_extraction_leaves_the_tree_unchanged() -> None:
    html = (FIXTURES / "visible_byline.html").read_text("utf-8")
    tree = parse_document(html, Options())
    before = tree.html
    extract_metadata(tree, "https://example.org/")
    assert tree.html == before


def test_empty_page_gives_empty_metadata() -> None:
    assert extract_metadata(parse_document("", Options()), None) == Metadata()


def test_deeply_nested_json_ld_does_not_crash() -> None:
    script = "[" * 100_000 + "]" * 100_000
    html = f'<script type="application/ld+json">{script}</script><title>T</title>'
    assert extract_metadata(parse_document(html, Options()), None).title == "T"


def test_json_ld_with_wrong_types_does_not_crash() -> None:
    script = '{"@type": "Article", "headline": 5, "author": [null, 3, {"name": ["x"]}], "datePublished": {}}'
    html = f'<script type="application/ld+json">{script}</script><title>Page</title>'
    assert extract_metadata(parse_document(html, Options()), None).authors == []


def test_article_carries_metadata_fields() -> None:
    import cleanscrape

    html = (FIXTURES / "opengraph.html").read_text("utf-8")
    article = cleanscrape.extract(html)
    assert article is not None
    assert (article.title, article.date, article.sources["title"]) == (
        "City council votes on new tram line",
        "2024-03-01T18:05:00+01:00",
        "opengraph",
    )


# --- the byline beside the headline (pages without declared metadata or byline classes) ---


def snippet(body: str, head: str = "") -> Metadata:
    """Metadata of a page with the headline "Rivers run backwards" and ``body`` under it."""
    html = (
        f"<html><head><title>Rivers run backwards</title>{head}</head><body><div>"
        f"<h1>Rivers run backwards</h1>{body}"
        f"<p>{'A long first paragraph of the article, well past a byline in length. ' * 4}</p>"
        "</div></body></html>"
    )
    return extract_metadata(parse_document(html, Options()), None)


@pytest.mark.parametrize(
    ("line", "author", "date"),
    [
        ("Jane Doe, published 5 September 2023", "Jane Doe", "2023-09-05"),
        (
            "<span>Jane Doe</span>, published <span>5 September 2023</span>",
            "Jane Doe",
            "2023-09-05",
        ),
        ("Jean Dupont, publié le 5 septembre 2023", "Jean Dupont", "2023-09-05"),
        ("Max Müller, veröffentlicht am 5. September 2023", "Max Müller", "2023-09-05"),
        ("Ana García · publicado el 5 de septiembre de 2023", "Ana García", "2023-09-05"),
        ("Jane Doe | Staff Writer | May 17, 2024", "Jane Doe", "2024-05-17"),
        ("Posted on 13 June 2019 by Jane Doe", "Jane Doe", "2019-06-13"),
        ("jeudi 13 juin 2019, par Jean Dupont", "Jean Dupont", "2019-06-13"),
    ],
    ids=["en", "en-markup", "fr", "de", "es", "name-bar-date", "date-by", "date-par"],
)
def test_name_published_date_line_under_headline(line: str, author: str, date: str) -> None:
    found = snippet(f"<div>{line}</div>")
    assert (found.authors, found.date, found.sources["authors"]) == ([author], date, "byline")


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe | Sept. 5, 2023",
        "<span>By</span> <span>Jane Doe</span> <span>|</span> <span>Sept. 5, 2023</span>",
        'By <a href="/about/jane">Jane Doe</a> | Sept. 5, 2023',
    ],
    ids=["text", "spans", "link"],
)
def test_by_line_under_headline_gives_author_and_date(line: str) -> None:
    found = snippet(f"<p>{line}</p>")
    assert (found.authors, found.date) == (["Jane Doe"], "2023-09-05")
    assert (found.sources["authors"], found.sources["date"]) == ("byline", "byline")


def test_by_line_with_two_authors_keeps_both_in_order() -> None:
    line = '<span>By <a href="/author/jane-doe">Jane Doe</a> and <span>John Roe</span></span>'
    assert snippet(f"<div>{line} <span>5 Sep 2023</span></div>").authors == ["Jane Doe", "John Roe"]


def test_by_line_stops_at_what_follows_the_names() -> None:
    line = "<span>By</span><a>Jane Doe</a><span>⋅ Review Editor ⋅</span><span>Updated May 2</span>"
    assert snippet(f"<div>{line}</div>").authors == ["Jane Doe"]


@pytest.mark.parametrize("path", ["author", "authors", "by", "profile", "staff", "people"])
def test_name_linked_to_an_author_page_under_headline(path: str) -> None:
    line = f'<img src="/a.jpg" alt=""> <a href="/{path}/jane-doe">Jane Doe</a> September 5, 2023'
    found = snippet(f"<div>{line}</div>")
    assert (found.authors, found.date) == (["Jane Doe"], "2023-09-05")


def test_rel_author_line_gives_the_date_too() -> None:
    found = snippet('<div><a rel="author" href="/jane">Jane Doe</a> · 5 Sep 2023</div>')
    assert (found.authors, found.date, found.sources["date"]) == (
        ["Jane Doe"],
        "2023-09-05",
        "byline",
    )


def test_date_line_alone_under_headline() -> None:
    found = snippet("<div>Tech</div><div>Published Tuesday, 5 September 2023</div>")
    assert (found.date, found.authors) == ("2023-09-05", [])


def test_classed_byline_row_with_two_author_elements_gives_both() -> None:
    row = (
        '<div class="byline">By <span class="byline__author">Jane Doe</span> and '
        '<a class="byline__author" href="/u/jr">John Roe</a></div>'
    )
    assert snippet(row).authors == ["Jane Doe", "John Roe"]


def test_credentials_after_a_name_are_no_author() -> None:
    assert snippet("<p>By Shelby Loos, DVM</p>").authors == ["Shelby Loos"]


# Guards: what the headline zone must not take for a byline.
@pytest.mark.parametrize(
    ("body", "authors", "date"),
    [
        ("<div>Special Financing – Ends Aug 2, 2026</div>", [], None),
        ("<div>Lübeck, 31. März 2003</div>", [], "2003-03-31"),
        (
            '<div>By <a href="/author/x">Jane Doe</a></div><h2>More</h2><p>May 5, 2023</p>',
            ["Jane Doe"],
            None,
        ),
        ("<table><tr><td>Founded</td><td>February 28, 1998</td></tr></table>", [], None),
        ("<div>By 2030, sea levels rise</div>", [], None),
        # Past the standfirst, the first long paragraph is the body: the zone ends there.
        (
            f"<p>{'A standfirst long enough to be a paragraph. ' * 5}</p>"
            f"<p>{'The body has begun with a paragraph as long. ' * 5}</p>"
            "<div>By Jane Doe | May 5, 2023</div>",
            [],
            None,
        ),
    ],
    ids=[
        "offer-with-date",
        "place-and-date",
        "date-past-a-heading",
        "infobox",
        "by-a-year",
        "body-after-standfirst",
    ],
)
def test_headline_zone_guards(body: str, authors: list[str], date: str | None) -> None:
    found = snippet(body)
    assert (found.authors, found.date) == (authors, date)


def test_declared_metadata_beats_the_headline_byline() -> None:
    head = (
        '<meta name="author" content="Declared Person">'
        '<meta property="article:published_time" content="2020-01-02">'
    )
    found = snippet("<p>By Jane Doe | Sept. 5, 2023</p>", head)
    assert (found.authors, found.date) == (["Declared Person"], "2020-01-02")


def test_the_zone_follows_the_headline_not_a_logo_heading() -> None:
    html = (
        "<html><head><title>Rivers run backwards | Site</title></head><body>"
        "<h1>Site</h1><div>By Logo Person | May 1, 2020</div>"
        "<article><h1>Rivers run backwards</h1><div>By Jane Doe | Sept. 5, 2023</div>"
        f"<p>{'Long text of the article body, long enough to be a paragraph. ' * 4}</p>"
        "</article></body></html>"
    )
    found = extract_metadata(parse_document(html, Options()), None)
    assert (found.authors, found.date) == (["Jane Doe"], "2023-09-05")
