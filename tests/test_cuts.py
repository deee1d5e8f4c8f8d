"""Every cut and pass of the cleaning stage, each on a small page that needs it.

Each case is a page where one mechanism, and only it, removes a line: with
the mechanism on the line is gone and the article intact; switched off
(``switches.disabled``) the line comes back. A cut whose case passes both
ways earns nothing and should go.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import cleanscrape
from cleanscrape.heuristic import switches
from cleanscrape.heuristic.cuts import BLOCK_CUTS, POSITION_CUTS
from cleanscrape.heuristic.passes import PASSES

P1 = (
    "The harbour authority approved the new breakwater on Monday after two years of "
    "consultation with fishermen, shipping companies and residents of the old town."
)
P2 = (
    "Engineers expect construction to start next spring and to last eighteen months, "
    "during which the ferry terminal will move to a temporary pier on the north side."
)
P3 = (
    "Residents welcomed the decision but asked the authority to limit night work, "
    "which kept the neighbourhood awake during the last renovation of the quay."
)
P4 = (
    "The council will publish the full schedule of works in January, together with a "
    "map of the streets that will be closed to traffic while materials are delivered."
)
TITLE = "Harbour breakwater approved after two years of talks"


def page(body: str, *, head: str = "") -> str:
    return (
        f"<html><head><title>{TITLE}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"{body}<footer><p>Example News, 1 Quay Street</p></footer></body></html>"
    )


def body(*middle: str, before: str = "", tail: str = "", after: str = "") -> str:
    """An article box: lines before it, between its paragraphs, at its end and after it."""
    return (
        f"<div class='x1'>{before}<div class='x2'><p>{P1}</p><p>{P2}</p>"
        f"{''.join(middle)}<p>{P3}</p><p>{P4}</p>{tail}</div>{after}</div>"
    )


AUTHOR = "<meta name='author' content='Jane Doe'>"


@dataclass(frozen=True)
class Case:
    switch: str
    html: str
    gone: str
    # A pass that gives lines back: the line is there with it, gone without it.
    restores: bool = False
    # Switched off in both runs: a cut earlier in the table that would take the line
    # first (as a page kind's profile does).
    base_off: tuple[str, ...] = ()


CASES = [
    Case(
        "boilerplate_box",
        body(
            "<div class='newsletter-box'><p>Every week our editors pick the stories that "
            "matter most along the coast, with maps and pictures.</p></div>"
        ),
        "Every week our editors pick",
    ),
    # The container would shrink to the paragraphs' box without these lines
    # (signal:descend), so that signal is off where a line sits outside that box.
    Case("headline", body(before=f"<h1>{TITLE}</h1>"), TITLE, base_off=("signal:descend",)),
    Case(
        "before_headline",
        body(before=f"<p>Coastal affairs and regional politics desk</p><h1>{TITLE}</h1>"),
        "Coastal affairs and regional politics desk",
    ),
    Case(
        "link_dense",
        body("<p><a href='/harbour'>Our full coverage of the harbour works and the vote</a></p>"),
        "Our full coverage of the harbour",
    ),
    Case(
        "menu_line",
        body("<p><a href='/a'>News</a> <a href='/b'>Sport</a> <a href='/c'>Weather</a></p>"),
        "Sport",
        base_off=("link_dense",),
    ),
    Case(
        "post_comments",
        body(
            "<div class='x8'><p>Update: the authority has since published the tender for the "
            "dredging works, with a deadline at the end of March.</p><div class='comments'>"
            "<p>Nice write-up, thanks for the detail on the pier.</p></div></div>"
        ),
        "Nice write-up",
    ),
    Case("counter", body("<p>1.4K</p>"), "1.4K"),
    Case(
        "copyright_line",
        body("<p>© Example Media. All rights reserved.</p>"),
        "All rights reserved",
    ),
    Case("boilerplate_wording", body("<p>Advertisement</p>"), "Advertisement"),
    Case(
        "signup_wording",
        body("<p>Sign up for our morning briefing to get the news first.</p>"),
        "Sign up for our morning briefing",
    ),
    Case(
        "byline",
        f"<div class='x1'><h1>{TITLE}</h1><div class='x2'><p>By the coastal desk staff</p>"
        f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>",
        "By the coastal desk staff",
    ),
    Case(
        "article_header",
        body(before=f"<h1>{TITLE}</h1><div class='x3'><span>5 min read</span></div>"),
        "5 min read",
        base_off=("signal:descend",),
    ),
    Case("date_line", body("<p>Updated 5 September 2023, 10:00 GMT</p>"), "Updated 5 September"),
    Case(
        "promo_boxes",
        body(
            "<div class='x4'><p>The Daily Brief</p><p>Five stories from the coast each "
            "morning, in plain words.</p><p>Sign up for the newsletter</p></div>"
        ),
        "Five stories from the coast each morning",
    ),
    Case(
        "author_bio",
        page(
            body(
                after="<div class='x6'><p>Jane has reported from the region since 2009 and "
                "writes a weekly column about its small ports.</p></div>"
            ),
            head=AUTHOR,
        ),
        "Jane has reported from the region",
    ),
    Case(
        "after_article",
        body(after="<div class='x7'><p>Topics: Europe</p></div>"),
        "Topics:",
        base_off=("signal:descend",),
    ),
    Case(
        "row_cells",
        "<div class='x1'><p>"
        + P1
        + "</p><table>"
        + "".join(
            f"<tr><td><a href='/f{i}'>Film {i}</a></td><td>199{i}</td><td>A long description "
            f"of film number {i}, its story, its cast and where it was shot.</td></tr>"
            for i in range(4)
        )
        + "</table></div>",
        "Film 2",
        restores=True,
    ),
    Case(
        "repeated_line",
        body(
            *(
                f"<p>{p}</p><div class='x6'>Harbour pilot and ferry captain</div>"
                for p in (P2, P3) * 3
            )
        ),
        "Harbour pilot and",
    ),
    Case(
        "review_sections",
        "<html><head><title>Quay lantern</title><meta property='og:type' content='product'>"
        "</head><body><div class='x1'><h1>Quay lantern</h1><p>"
        + P1
        + "</p><p>"
        + P2
        + "</p><h2>Customer reviews</h2><div class='x8'><p>Bought two of these for the "
        "garden and they survived the whole winter storm season without a scratch.</p>"
        "</div></div></body></html>",
        "Bought two of these",
    ),
    Case(
        "other_products",
        "<html><head><title>Quay lantern</title><meta property='og:type' content='product'>"
        "</head><body><div class='x1'><h1>Quay lantern</h1><p>"
        + P1
        + "</p><p>"
        + P2
        + "</p><p class='x3'>£24.00</p><div class='x6'>"
        + "".join(
            f"<div class='x7'><p>Harbour lamp {i} in brass and frosted glass, for a porch or a "
            f"boat's cabin</p><p>£{20 + i}.00</p></div>"
            for i in range(4)
        )
        + "</div></div></body></html>",
        "Harbour lamp 2",
    ),
    Case(
        "comment_section",
        body(
            after="<div class='x9'><h3>3 comments</h3>"
            + "".join(
                f"<div class='x10'><p>Reader {i} wrote that the night work kept the whole "
                f"street awake for weeks during the last renovation of the quay.</p></div>"
                for i in range(3)
            )
            + "</div>"
        ),
        "Reader 1 wrote",
    ),
    Case(
        "quoted_repeats",
        # A pull quote set in capitals repeats a paragraph of the body.
        body(f"<blockquote class='x11'><p>{P2.upper()}</p></blockquote>"),
        P2.upper()[:40],
    ),
    Case(
        "orphan_headings",
        body(
            tail="<h2>Elsewhere along the coast</h2><ul class='x5'>"
            + "".join(f"<li><a href='/m{i}'>Another coastal story {i}</a></li>" for i in range(4))
            + "</ul>"
        ),
        "Elsewhere along the coast",
    ),
]


def _text(case: Case) -> str:
    html = case.html if case.html.startswith("<html>") else page(case.html)
    article = cleanscrape.extract(html, url="https://news.example.com/2024/harbour")
    assert article is not None
    return article.text


@pytest.mark.parametrize("case", CASES, ids=[c.switch for c in CASES])
def test_cut_removes_its_line(case: Case) -> None:
    with switches.disabled(*case.base_off):
        text = _text(case)
    assert (case.gone in text) is case.restores
    assert P1 in text.split("\n")


@pytest.mark.parametrize("case", CASES, ids=[c.switch for c in CASES])
def test_without_the_cut_the_line_stays(case: Case) -> None:
    with switches.disabled(case.switch, *case.base_off):
        text = _text(case)
    assert (case.gone in text) is not case.restores


def test_every_cut_and_pass_has_a_case() -> None:
    mechanisms = {f.__name__ for f in (*BLOCK_CUTS, *POSITION_CUTS, *PASSES)}
    assert mechanisms == {c.switch for c in CASES}


def test_switches_are_restored_and_checked() -> None:
    with pytest.raises(ValueError, match="unknown"), switches.disabled("no-such-cut"):
        pass
    with switches.disabled("counter"):
        assert not switches.is_on("counter")
    assert switches.is_on("counter")


def _headed_list(items: str) -> str:
    return page(body(tail=f"<h2>What the new quay will be built from</h2>{items}"))


@pytest.mark.parametrize(
    "items",
    [
        # A list written as headings, one in each item of a list.
        "<ul>" + "".join(f"<li><h3>Material {i}</h3></li>" for i in range(4)) + "</ul>",
        # Sibling headings with nothing between them.
        "<div>" + "".join(f"<h4>Material {i}</h4>" for i in range(4)) + "</div>",
        # An FAQ's questions, each answer hidden until a click opens it.
        "".join(
            f"<div class='x{i}'><h3>Is material {i} safe?</h3>"
            f"<div hidden><p>Answer {i}.</p></div></div>"
            for i in range(4)
        ),
    ],
    ids=["list-items", "siblings", "questions"],
)
def test_a_list_written_as_headings_is_no_cut_section(items: str) -> None:
    article = cleanscrape.extract(_headed_list(items))
    assert article is not None
    assert all(f"aterial {i}" in article.text for i in range(4)), article.text


def test_headings_each_in_its_own_card_are_still_a_teaser_list() -> None:
    # Headlines of other stories, each in its own card (and so not listed together):
    # with nothing of the article under them they go with their heading.
    cards = "".join(
        f"<div class='card'><div class='card-text'><h3>Another coastal story {i}</h3></div>"
        f"<img src='/i{i}.jpg' alt=''></div>"
        for i in range(4)
    )
    article = cleanscrape.extract(page(body(tail=f"<h2>Elsewhere along the coast</h2>{cards}")))
    assert article is not None
    assert "Another coastal story" not in article.text
    assert "Elsewhere along the coast" not in article.text


def test_a_table_column_named_comment_opens_no_comment_section() -> None:
    table = (
        "<table><tr><th>Field</th><th>Comment</th></tr>"
        "<tr><td>next run</td><td><p><b>Comment</b></p></td></tr></table>"
    )
    article = cleanscrape.extract(page(body(table)))
    assert article is not None
    assert P3 in article.text and P4 in article.text


def test_a_reply_quoting_the_post_it_answers_gives_each_text_once() -> None:
    first = f"<div class='post'><p>{P1}</p></div>"
    reply = (
        f"<div class='post'><blockquote><p>{P1}</p></blockquote>"
        "<p>I agree with every word of this, and I live two streets from the quay.</p></div>"
    )
    html = page(f"<div class='thread'>{first}{reply}<div class='post'><p>{P3}</p></div></div>")
    article = cleanscrape.extract(html, url="https://talk.example.org/t/quay/5")
    assert article is not None
    assert article.text.count(P1) == 1
    assert "I agree with every word" in article.text
    with switches.disabled("quoted_repeats"):
        again = cleanscrape.extract(html, url="https://talk.example.org/t/quay/5")
    assert again is not None and again.text.count(P1) == 2
