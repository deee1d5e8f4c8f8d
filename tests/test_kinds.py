"""Page kinds: the decision, its evidence, the kinds filter, and today's markup."""

from __future__ import annotations

import json

import pytest

import cleanscrape
from cleanscrape.cli import main

PARA = (
    "The council met on Tuesday to discuss the harbour plan, its costs for residents and "
    "the timetable for the works that will close the quay to traffic for a year."
)


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Harbour plan</title>{head}</head><body>{body}</body></html>"


def _thread() -> str:
    posts = "".join(
        f"<article class='comment'><div class='author'><a href='/u/{i}'>user{i}</a></div>"
        f"<div class='comment-body'><p>Reply number {i}: {PARA}</p></div></article>"
        for i in range(4)
    )
    return _page(f"<main><h1>Harbour plan</h1><div class='thread'>{posts}</div></main>")


def test_a_thread_in_comment_boxes_is_a_forum_and_keeps_its_posts() -> None:
    article = cleanscrape.extract(_thread(), url="https://talk.example.org/t/harbour-plan/123")
    assert article is not None
    assert article.kind == "forum"
    assert article.kind_evidence == "address of a thread"
    assert all(f"Reply number {i}:" in article.text for i in range(4))


def test_a_thread_nothing_declares_is_not_lost() -> None:
    """Read as an article, the comment-named posts count against every container;
    nothing of an article is left, so the page is read again as a listing."""
    article = cleanscrape.extract(_thread(), url="https://news.example.org/harbour-plan")
    assert article is not None
    assert (article.kind, article.kind_evidence) == ("listing", "no article among its blocks")
    assert all(f"Reply number {i}:" in article.text for i in range(4))


@pytest.mark.parametrize(
    ("head", "kind", "evidence"),
    [
        ('<meta property="og:type" content="product">', "product", "declared product"),
        ('<meta property="og:type" content="product.group">', "collection", "0 products declared"),
        (
            '<script type="application/ld+json">{"@type": "QAPage"}</script>',
            "forum",
            "json-ld QAPage",
        ),
        (
            '<script type="application/ld+json">{"@type": "TechArticle"}</script>',
            "documentation",
            "json-ld TechArticle",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle"}</script>',
            "article",
            "json-ld NewsArticle",
        ),
    ],
)
def test_declared_kinds(head: str, kind: str, evidence: str) -> None:
    article = cleanscrape.extract(_page(f"<main><p>{PARA}</p><p>{PARA}</p></main>", head))
    assert article is not None
    assert (article.kind, article.kind_evidence) == (kind, evidence)


def _listing() -> str:
    items = "".join(
        f"<div class='c{i}'><h2><a href='/post/{i}'>Post title number {i}</a></h2>"
        f"<p>A short excerpt of post {i}, one sentence of its own.</p></div>"
        for i in range(6)
    )
    return _page(f"<main><h1>Archive</h1><div class='grid'>{items}</div></main>")


def test_a_page_of_teaser_cards_is_a_listing_of_its_items() -> None:
    article = cleanscrape.extract(_listing(), url="https://blog.example.org/archive")
    assert article is not None
    assert article.kind == "listing"
    assert all(f"Post title number {i}" in article.text for i in range(6))
    assert "A short excerpt of post 3" in article.text


def test_kinds_filter_gives_none_for_other_kinds() -> None:
    assert cleanscrape.extract(_listing(), kinds={"article"}) is None
    assert cleanscrape.extract(_listing(), kinds={"article", "listing"}) is not None
    with pytest.raises(ValueError, match="unknown page kinds"):
        cleanscrape.extract(_listing(), kinds={"articles"})


def test_kind_in_json_meta_and_explanation(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "listing.html"
    page.write_text(_listing(), encoding="utf-8")
    assert main([str(page), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "listing" and data["kind_evidence"]
    assert main([str(page), "--meta"]) == 0
    assert "Kind: listing (" in capsys.readouterr().out
    assert main([str(page), "--kinds", "article,forum"]) == 1
    capsys.readouterr()
    assert main([str(page), "--kinds", "nope"]) == 2
    assert "unknown page kind" in capsys.readouterr().err
    _, explanation = cleanscrape.extract(_listing(), explain=True)
    assert explanation.kind == "listing"
    assert explanation.to_dict()["kind_evidence"] == explanation.kind_evidence


# --- today's markup ---------------------------------------------------------------


def test_react_streamed_boundary_is_content_in_its_place() -> None:
    html = _page(
        f"<main><h1>Harbour plan</h1><p>{PARA}</p><template id='B:0'></template>"
        "<p>Closing paragraph of the story, which follows the streamed part in the page.</p>"
        "</main><div hidden id='S:0'><p>The streamed paragraph, sent at the end of the body "
        "for a script to swap into its placeholder.</p></div>"
        "<script>$RC('B:0','S:0')</script>"
    )
    article = cleanscrape.extract(html)
    assert article is not None
    lines = article.text.split("\n")
    streamed = next(i for i, line in enumerate(lines) if line.startswith("The streamed"))
    closing = next(i for i, line in enumerate(lines) if line.startswith("Closing"))
    assert streamed < closing


@pytest.mark.parametrize(
    "panel",
    [
        "<div role='tabpanel' hidden>{}</div>",
        "<div class='accordion-collapse collapse'>{}</div>",
        "<div role='region' aria-hidden='true'>{}</div>",
        "<div class='tab-pane' aria-hidden='true'>{}</div>",
    ],
)
def test_hidden_tab_and_accordion_panels_are_content(panel: str) -> None:
    answer = "The warranty covers parts and labour for three years from the day of delivery."
    html = _page(f"<main><h1>Harbour plan</h1><p>{PARA}</p>{panel.format(f'<p>{answer}</p>')}</main>")
    article = cleanscrape.extract(html)
    assert article is not None
    assert answer in article.text


def test_hidden_elements_that_are_not_panels_stay_out() -> None:
    html = _page(
        f"<main><p>{PARA}</p><div hidden><p>A hidden note nobody sees on the page.</p></div>"
        "<div aria-hidden='true'><p>An off-screen menu copy.</p></div></main>"
    )
    article = cleanscrape.extract(html)
    assert article is not None
    assert "hidden note" not in article.text and "off-screen" not in article.text


def test_product_description_only_in_json_ld_is_the_first_paragraph() -> None:
    description = "A hand-stitched leather satchel with brass buckles and a padded laptop sleeve."
    head = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "Product", "name": "Satchel", "description": description})
        + "</script>"
    )
    body = (
        "<main><h1>Satchel</h1><p>Price: 189 EUR. Free delivery within three working days "
        "across the country; returns accepted for thirty days.</p></main>"
    )
    article = cleanscrape.extract(_page(body, head))
    assert article is not None and article.kind == "product"
    assert article.text.split("\n")[0] == description


def test_noscript_content_of_a_script_shell_is_the_page() -> None:
    """A forum's crawler view: real markup in <noscript>, a '<' in its text among it."""
    html = _page(
        "<div id='root'></div><noscript><main><h1>Harbour plan</h1>"
        + "".join(f"<p>Paragraph {i}: {PARA}</p>" for i in range(4))
        + "<pre>if depth < 3: close_quay()</pre></main></noscript>"
    )
    article = cleanscrape.extract(html)
    assert article is not None
    assert "Paragraph 3:" in article.text
