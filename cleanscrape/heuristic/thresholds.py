"""The numbers the cleaning stage decides by: one named constant per decision.

Each comment says what the value decides and where it comes from. "Measured"
values were set on the development corpora (snippets, Readability set, WCXB
dev, the seed family) and sit on a plateau: moving them by a quarter changes
no corpus figure by more than a few thousandths. "Shape" values come from
what the thing looks like on real pages (a byline is a line, a promo a few
sentences), with room to spare. Lengths are weighted characters
(``blocks.weighted_length``: a character of a space-less script counts 3).
"""

from __future__ import annotations

from typing import Final

from ..models import Favor

# --- what a body paragraph is ---------------------------------------------------------
# A paragraph of the article proper: at least a sentence (shape: 80 characters is
# about 15 words) with little link text (measured: 0.3 keeps link-rich prose,
# excludes teaser lines). Defines the body's first and last paragraph.
BODY_PARAGRAPH_CHARS: Final = 80
MAX_BODY_LINK_DENSITY: Final = 0.3

# --- boilerplate boxes ----------------------------------------------------------------
# A box named like boilerplate is cut unless it holds this share of the
# container's text: then the name is misleading (measured).
NEGATIVE_GUARD_SHARE: Final = 0.5
# A box named like soft furniture ("widget", "caption", "ads") this large with
# at most this much link text is prose that belongs to the article (measured).
MIN_PROSE_BOX_CHARS: Final = 250
# An item of a list: one of at least this many siblings of one tag and class
# (shape: the fewest cards a grid or a thread shows; the listing check's minimum).
MIN_ITEM_SIBLINGS: Final = 3
MAX_PROSE_BOX_LINK_DENSITY: Final = 0.1
# A run of item siblings on a product page where this share carry a price is a grid
# of other products (passes.other_products).
MIN_PRICED_CARD_SHARE: Final = 0.66

# --- consent notices (boxes.py) -------------------------------------------------------
# A consent notice: a box of at most this size (shape: the longest GDPR walls)...
MAX_CONSENT_BOX_CHARS: Final = 4000
# ... at least this share of it consent wording (measured) ...
MIN_CONSENT_SHARE: Final = 0.4
# ... and at most this much text that is not consent wording (shape: a title and buttons).
MAX_OTHER_CONSENT_CHARS: Final = 600

# --- teaser lists (boxes.py) ----------------------------------------------------------
# A teaser list has at least this many items (shape: two is a pair, three a list) ...
MIN_TEASER_ITEMS: Final = 3
# ... each at most this long with at least this share of link text ...
MAX_TEASER_ITEM_CHARS: Final = 400
MIN_TEASER_LINK_SHARE: Final = 0.3
# ... or a card whose linked headline sits at most this deep over an excerpt of
# at most this length (shape: a headline and a 300-character excerpt) ...
MAX_CARD_DEPTH: Final = 4
# A card's title outside heading tags: one link, this short, mostly link text
# (shape: a linked title with a section label glued on).
MAX_CARD_TITLE_CHARS: Final = 150
MIN_CARD_TITLE_DENSITY: Final = 0.5
MAX_HEADED_CARD_CHARS: Final = 700
# ... such items are this share of the list's items (measured) ...
MIN_TEASER_ITEM_SHARE: Final = 0.8
# ... and hold this share of its text: a wrapper of small boxes and one article is no list.
MIN_TEASER_TEXT_SHARE: Final = 0.8

# --- block cuts (cuts.py) -------------------------------------------------------------
# Comments under a post sit at most this many levels below the post's box (shape:
# post > post layout > comment list).
MAX_POST_LEVELS: Final = 3
# Short lines before the headline are kickers, breadcrumbs and dates (shape: a line).
MAX_PRE_HEADLINE_CHARS: Final = 100
# A heading repeating the title behind a prefix ("Re: …") is the title again.
MAX_REPLY_PREFIX: Final = 8
# Link density above which a block is navigation or a teaser (measured per mode).
MAX_LINK_DENSITY: Final[dict[Favor, float]] = {
    "precision": 0.35,
    "balanced": 0.5,
    "recall": 0.65,
}
# A menu line: at least this many links, mostly link text, each link this short on
# average (shape: "News Sport Business", "1 2 3 Next"; a card's title is longer).
MIN_MENU_LINKS: Final = 3
MIN_MENU_LINK_DENSITY: Final = 0.8
MAX_MENU_ITEM_CHARS: Final = 20
# "4 Likes", "1.4K", "21": a count with at most one word (shape).
MAX_COUNTER_CHARS: Final = 20
# A short line repeated this often in the container is the template's ("Reply",
# "Joined", "wrote on … edited by"): at most this long (shape: a label or a button).
MIN_LINE_REPEATS: Final = 5
MAX_REPEATED_LINE_CHARS: Final = 40
# Copyright notices are a line or two; a paragraph mentioning copyright is text.
MAX_COPYRIGHT_CHARS: Final = 200
# "More on this topic: …" lines are short; longer text starting so is prose.
MAX_RELATED_INTRO_CHARS: Final = 80
# Sign-up wording decides only on blocks this short (shape: a promo is a few sentences) ...
# This many body paragraphs using sign-up words make them the article's topic
# (shape: a promo box repeats its pitch once or twice, not in paragraph after paragraph).
MIN_TOPIC_PARAGRAPHS: Final = 4
MAX_SIGNUP_CHARS: Final = 300
# ... and cookie wording only on one line (shape).
MAX_COOKIE_LINE_CHARS: Final = 200
# A byline is one line (shape: "By Jane Doe and John Roe, Staff Writers | Sept. 5, 2023").
MAX_BYLINE_CHARS: Final = 100
# Labels in the article header: a kicker, a reading time, a bare name (shape).
MAX_HEADER_LABEL_CHARS: Final = 30
# A date line: this short, with at most this many words (shape).
MAX_DATE_LINE_CHARS: Final = 60
MAX_DATE_LINE_WORDS: Final = 10

# --- passes after the block cuts (passes.py) ------------------------------------------
# A promo box (sign-up text, label, pitch and form) is at most this large and
# this share of the container (measured: larger boxes are the article with a
# sign-up field dropped into it).
MAX_PROMO_BOX_CHARS: Final = 800
MAX_PROMO_BOX_SHARE: Final = 0.3
# A biography is at most this long (shape: three or four sentences).
MAX_BIO_CHARS: Final = 700
# A quoted line this long that repeats an earlier one is a quote of it (shorter ones,
# "Thanks!" or "+1", repeat by chance).
MIN_QUOTED_REPEAT_CHARS: Final = 30
# A comment section's heading is a short line ("12 comments", "Leave a reply").
MAX_COMMENTS_HEADING_CHARS: Final = 80
# Short blocks after the last body paragraph are credits, tags and labels (measured per mode).
MAX_TRAILING_CHARS: Final[dict[Favor, int]] = {"precision": 120, "balanced": 60, "recall": 0}
# A data table's row takes back a cut title or year cell this short (shape).
MAX_ROW_CELL_CHARS: Final = 120
# A "heading" longer than this is a paragraph set in heading type, never the title
# of a cut list (shape).
MAX_SECTION_HEADING_CHARS: Final = 120
# Headings of one tag, this many in a row with nothing between, are a list, not sections.
MIN_HEADING_LIST: Final = 3
# ... and none of them more a link than this (a list of linked headlines is a teaser list).
MAX_LIST_HEADING_LINK_DENSITY: Final = 0.5
# A heading over pictures only stays unless it is mostly a link (a teaser title).
MAX_PICTURE_HEADING_LINK_DENSITY: Final = 0.5
