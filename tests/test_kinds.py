"""Page kinds: the decision, its evidence, the kinds filter, and today's markup."""

from __future__ import annotations

import json

import pytest

import cleanscrape
from cleanscrape.cli import main
from cleanscrape.heuristic import switches

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


def _first_post_and_replies() -> str:
    """A first post, then its replies in a section named as comments, each reply one of
    a run of like boxes (a travel forum's or a support board's thread)."""
    replies = "".join(
        f"<article class='reply'><header class='reply-info'>Posted by walker{i}</header>"
        f"<p>Answer {i}: {PARA.replace('council', f'club {i}')}</p></article>"
        for i in range(5)
    )
    return _page(
        f"<main><h1>Harbour plan</h1><div class='metadata'>Posted by sailor on 07/03/24</div>"
        f"<p>{PARA} What do the members think of it, and of the long closure of the quay?</p>"
        f"<section class='replies comments'>{replies}</section></main>"
    )


@pytest.mark.parametrize(
    "address",
    [
        "https://talk.example.org/travel-forum/harbour/harbour-plan",
        "https://talk.example.org/t/8",
        "https://talk.example.org/thread-2208.html",  # MyBB
    ],
)
def test_the_replies_of_a_discussion_thread_are_its_posts(address: str) -> None:
    article = cleanscrape.extract(_first_post_and_replies(), url=address)
    assert article is not None
    assert (article.kind, article.kind_evidence) == ("forum", "address of a thread")
    assert "What do the members think" in article.text
    assert all(f"Answer {i}: The club {i} met" in article.text for i in range(5))


def test_a_thread_declared_as_a_question_keeps_its_replies() -> None:
    # Forum software declares threads as QAPage; at a thread's address the
    # replies in the comment section are the thread's posts.
    head = '<script type="application/ld+json">{"@type": "QAPage"}</script>'
    html = _first_post_and_replies().replace("</head>", f"{head}</head>")
    article = cleanscrape.extract(html, url="https://talk.example.org/forum/harbour/8")
    assert article is not None
    assert article.kind_evidence == "json-ld QAPage at the address of a thread"
    assert all(f"Answer {i}: The club {i} met" in article.text for i in range(5))
    at_a_question = cleanscrape.extract(html, url="https://ask.example.org/questions/8")
    assert at_a_question is not None
    assert at_a_question.kind_evidence == "json-ld QAPage"
    assert "Answer 0:" not in at_a_question.text


def test_the_comments_under_a_question_are_remarks() -> None:
    # The same markup at a question's address: the boxes under the post are
    # comments on it (a Q&A site's answers have their own, unnamed, boxes).
    article = cleanscrape.extract(
        _first_post_and_replies(), url="https://ask.example.org/questions/81/harbour-plan"
    )
    assert article is not None
    assert (article.kind, article.kind_evidence) == ("forum", "address of a question")
    assert "What do the members think" in article.text
    assert "Answer 0:" not in article.text


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
        # A script's tabs: an inactive panel hidden by inline style as well.
        "<div role='tabpanel' hidden style='display:none'>{}</div>",
        "<div role='tabpanel' style='display: none'>{}</div>",
        "<div class='accordion-collapse collapse'>{}</div>",
        "<div role='region' aria-hidden='true'>{}</div>",
        "<div class='tab-pane' aria-hidden='true'>{}</div>",
    ],
)
def test_hidden_tab_and_accordion_panels_are_content(panel: str) -> None:
    answer = "The warranty covers parts and labour for three years from the day of delivery."
    html = _page(
        f"<main><h1>Harbour plan</h1><p>{PARA}</p>{panel.format(f'<p>{answer}</p>')}</main>"
    )
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


# --- mechanisms of the "every kind of page" work, each on a page that needs it ------


def _grid_page(declare: str = "") -> str:
    cards = "".join(
        f"<li class='card'><a href='/p/{i}'><img src='/i/{i}.jpg' alt=''></a>"
        f"<a class='name' href='/p/{i}'>Harbour lantern model {i}</a>"
        f"<span class='price'>£{20 + i}.00</span></li>"
        for i in range(12)
    )
    intro = "<div class='intro'><p>Lanterns for quays, gardens and boats.</p></div>"
    return _page(f"<main>{intro}<ul class='grid'>{cards}</ul></main>", head=declare)


def test_a_grid_of_priced_cards_makes_an_undeclared_page_a_collection() -> None:
    article = cleanscrape.extract(_grid_page(), url="https://shop.example.org/lanterns")
    assert article is not None
    assert article.kind == "collection"
    assert "grid of linked cards" in article.kind_evidence
    assert "prices on its items" in article.kind_evidence
    assert all(f"Harbour lantern model {i}" in article.text for i in range(12))


def test_listing_cards_named_like_teasers_keep_their_text() -> None:
    cards = "".join(
        f"<div class='teaser'><h3><a href='/s/{i}'>Harbour story {i}</a></h3>"
        f"<p class='teaser-summary'>What happened on the quay on day {i} of the works.</p></div>"
        for i in range(5)
    )
    html = _page(f"<main><div class='stories'>{cards}</div></main>")
    article = cleanscrape.extract(html, url="https://news.example.org/category/harbour")
    assert article is not None and article.kind == "listing"
    assert "What happened on the quay on day 3" in article.text
    from cleanscrape.heuristic import pagekind

    profile = pagekind.PROFILES["listing"]
    try:
        pagekind.PROFILES["listing"] = profile - {"signal:item-names"}
        without = cleanscrape.extract(html, url="https://news.example.org/category/harbour")
    finally:
        pagekind.PROFILES["listing"] = profile
    assert without is None or "What happened on the quay on day 3" not in without.text


def test_popovers_and_modal_dialogs_are_not_content() -> None:
    overlay = (
        "<div popover id='push'><h4>Configure browser push notifications</h4>"
        f"<p>{PARA.replace('council', 'browser')}</p></div>"
        "<div role='dialog' aria-modal='true'><p>Choose which notifications reach you, "
        "and how often, from the settings of this browser or of the app.</p></div>"
    )
    html = _page(f"<article><h1>Harbour plan</h1><p>{PARA}</p><p>{PARA}</p></article>{overlay}")
    article = cleanscrape.extract(html)
    assert article is not None
    assert "push notifications" not in article.text
    assert "Choose which notifications" not in article.text


def test_a_page_hidden_until_its_styles_load_is_read() -> None:
    body = f"<h1>Harbour plan</h1><p>{PARA}</p><p>{PARA.replace('Tuesday', 'Friday')}</p>"
    html = _page(f"<div id='__next'><div style='visibility:hidden'>{body}</div></div>")
    article = cleanscrape.extract(html)
    assert article is not None
    assert "met on Friday" in article.text


def _main_column_hidden_by(style: str, *, headline: bool) -> str:
    links = "".join(f"<a href='/c/{i}'>Shelf {i}</a> " for i in range(8))
    header = f"<header><p>Free delivery on orders over thirty pounds this week.</p>{links}</header>"
    footer = (
        "<div class='site-footer'><p>Our shop opens on Saturdays from nine to five, and "
        "our customer service answers on weekdays.</p><p>Registered in England.</p></div>"
    )
    title = "<h1>Harbour plan tea caddy</h1>" if headline else "<h2>Harbour plan tea caddy</h2>"
    body = f"{title}<p>{PARA}</p><p>{PARA.replace('Tuesday', 'Friday')}</p>"
    return _page(
        f"{header}<main><div class='app-content' style='{style}'>{body}</div></main>{footer}"
    )


def test_a_main_column_hidden_until_an_app_runs_is_read() -> None:
    # An app hides the main column (display:none) until its script has run; the
    # column holds the page's headline and most of its text: it is the page.
    with_headline = _main_column_hidden_by("display:none;", headline=True)
    article = cleanscrape.extract(with_headline)
    assert article is not None
    assert "met on Friday" in article.text
    with switches.disabled("signal:styles-wrapper"):
        hidden = cleanscrape.extract(with_headline)
    assert hidden is None or "met on Friday" not in hidden.text
    # Without the headline it is hidden content like any other (a closed panel).
    without = cleanscrape.extract(_main_column_hidden_by("display:none;", headline=False))
    assert without is None or "met on Friday" not in without.text


def test_a_page_builders_widget_class_on_every_box_is_not_boilerplate() -> None:
    boxes = "".join(
        f"<div class='elementor-widget elementor-widget-text-editor'>"
        f"<div class='elementor-widget-container'><p>Section {i}: our crews repair "
        f"quays.</p></div></div>"
        for i in range(20)
    )
    article = cleanscrape.extract(_page(f"<main><h1>Harbour works</h1>{boxes}</main>"))
    assert article is not None
    # Read as the article it is: with the widget boxes cut, nothing was left of one.
    assert (article.kind, article.kind_evidence) == ("article", "no other evidence")
    assert "Section 7: our crews repair quays." in article.text


def test_an_article_about_newsletters_keeps_its_paragraphs() -> None:
    paragraphs = "".join(
        f"<p>Newsletter number {i} went out to every subscriber of the harbour club, "
        "and the open rates of such newsletters keep falling year after year.</p>"
        for i in range(5)
    )
    article = cleanscrape.extract(_page(f"<article><h1>Harbour plan</h1>{paragraphs}</article>"))
    assert article is not None
    assert "Newsletter number 3 went out" in article.text


def test_a_landing_page_is_a_service_and_an_article_with_buttons_is_not() -> None:
    sections = "".join(
        f"<section><h2>Feature {i}</h2><p>Plan rotas for every quay in minutes.</p>"
        f"<p><a href='/start'>Get started</a></p></section>"
        for i in range(4)
    )
    landing = cleanscrape.extract(_page(f"<main><h1>Rotaboard</h1>{sections}</main>"))
    assert landing is not None and landing.kind == "service"
    long = " ".join([PARA] * 4)
    story = "".join(f"<h2>Part {i}</h2><p>{long}</p>" for i in range(3))
    buttons = "".join("<p><a href='/s'>Get started</a></p>" for _ in range(3))
    article = cleanscrape.extract(_page(f"<main><h1>Harbour plan</h1>{story}{buttons}</main>"))
    assert article is not None and article.kind == "article"


def test_replies_in_like_boxes_beside_the_first_post_are_the_thread() -> None:
    """The first post's prose sits in no comment box; the replies are a run of like
    boxes named "reply" beside it: they are the thread, not comments under a post."""
    replies = "".join(
        f"<div class='bbp-reply'><p>Reply number {i}: {PARA}</p></div>" for i in range(4)
    )
    html = _page(
        "<main><h1>Harbour plan</h1><div class='topic'>"
        f"<div class='first-post'><p>{PARA.replace('council', 'harbour board')}</p></div>"
        f"{replies}</div><div class='sidebar'><p>Forum rules</p></div></main>"
    )
    article = cleanscrape.extract(html, url="https://talk.example.org/topic/harbour-plan")
    assert article is not None and article.kind == "forum"
    assert all(f"Reply number {i}:" in article.text for i in range(4))


def test_a_reference_pages_linked_member_list_is_content() -> None:
    members = "".join(
        f"<dt><a href='/docs/api/harbour/method{i}'><code>Harbour.method{i}()</code></a></dt>"
        f"<dd>Moves berth {i}.</dd>"
        for i in range(8)
    )
    html = _page(
        f"<main><h1>Harbour</h1><p>{PARA}</p><h2>Instance methods</h2><dl>{members}</dl></main>"
    )
    article = cleanscrape.extract(html, url="https://example.org/docs/api/harbour")
    assert article is not None
    assert article.kind == "documentation"
    assert "Harbour.method5()" in article.text
    # The same list on an article is a list of links.
    as_article = cleanscrape.extract(html, url="https://example.org/news/harbour")
    assert as_article is not None and "Harbour.method5()" not in as_article.text


@pytest.mark.parametrize(
    "copy_class", ["hidden lg:flex items-center", "d-none d-md-block timetable"]
)
def test_a_copy_shown_only_on_other_screens_is_read_once(copy_class: str) -> None:
    strip = (
        "Our winter timetable starts on Monday: the first ferry leaves at seven and the "
        "last one at eleven at night, every day of the week."
    )
    html = _page(
        f"<main><h1>Harbour plan</h1><p>{PARA}</p><p>{PARA.replace('Tuesday', 'Friday')}</p>"
        f"<div class='{copy_class}'><p>{strip}</p></div>"
        f"<div class='lg:hidden'><p>{strip}</p></div></main>"
    )
    article = cleanscrape.extract(html)
    assert article is not None
    assert article.text.count("Our winter timetable") == 1
    with switches.disabled("signal:responsive-copies"):
        twice = cleanscrape.extract(html)
    assert twice is not None and twice.text.count("Our winter timetable") == 2


def test_an_answer_hidden_by_the_class_alone_is_content() -> None:
    answer = "The warranty covers parts and labour for three years from the day of delivery."
    html = _page(
        f"<main><h1>Harbour plan</h1><p>{PARA}</p><h3>How long is the warranty?</h3>"
        f"<div class='text-sm lg:text-base hidden'><p>{answer}</p></div></main>"
    )
    article = cleanscrape.extract(html)
    assert article is not None
    assert answer in article.text


def test_a_reference_pages_member_list_shaped_like_teasers_is_its_body() -> None:
    # The members' list is shaped like a teaser list (a linked name over a one-line
    # summary each) and sits in its own box beside the header's introduction.
    members = "".join(
        f"<dt><a href='/docs/api/Harbour/berth{i}'><code>Harbour.berth{i}</code></a></dt>"
        f"<dd>The number of boats that berth {i} of the harbour can take at high tide.</dd>"
        for i in range(10)
    )
    html = _page(
        f"<main><div class='header'><h1>Harbour</h1><p>{PARA}</p><p>{PARA}</p></div>"
        f"<div class='body'><section><h2>Instance properties</h2><dl>{members}</dl>"
        "</section></div></main>"
    )
    article = cleanscrape.extract(html, url="https://example.org/docs/api/harbour")
    assert article is not None
    assert "Harbour.berth7" in article.text
    # On an article the same shape is a list of teasers for other pages.
    as_article = cleanscrape.extract(html, url="https://example.org/news/harbour")
    assert as_article is not None and "Harbour.berth7" not in as_article.text
