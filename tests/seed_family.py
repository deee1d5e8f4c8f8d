"""The seed family: the seed article page (``fixtures/pages/seed-*.html``) in about 240 markups.

The text never changes: the headline, the six article paragraphs, the newsletter
promo inside the body, the sign-up line, the author's bio and the related stories
(all taken from the committed seed fixtures). What changes is how a site might
write the page: class names (real, none, generated), the wrapper around the
article, whether the promo has a form, what the bio looks like, how the related
stories are laid out, how the byline is written and where the date can be read
(a visible byline, ``<time>``, ``article:published_time``, JSON-LD), cookie
banner, share bar, site chrome.

:func:`variants` draws a deterministic, balanced sample over :data:`DIMENSIONS`:
every value of a dimension occurs about equally often, in random company.
``tests/test_seed_family.py`` checks each variant; :func:`score` gives the share
of exact variants per field for benchmark scripts (``benchmarks/ablate.py``).
"""

from __future__ import annotations

import datetime
import html
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import cleanscrape
from cleanscrape.models import Article

__all__ = ["DIMENSIONS", "Variant", "observed", "outcome", "score", "variants", "wanted"]

_SIDECAR = Path(__file__).resolve().parent.parent / "fixtures/pages/seed-semantic.expected.json"
_SEED: dict[str, Any] = json.loads(_SIDECAR.read_text("utf-8"))

TITLE: str = _SEED["title"]
PARAGRAPHS: tuple[str, ...] = tuple(_SEED["paragraphs"])
URL: str = _SEED["url"]
AUTHOR = "Peter Weber"
CO_AUTHOR = "Jane Doe"
DATE = datetime.date(2023, 9, 5)
_ISO_MOMENT = "2023-09-05T10:21:32Z"

SITE = "The Week"
PROMO_PITCH = (
    "Escape your echo chamber. Get the facts behind the news, plus analysis from multiple "
    "perspectives."
)
PROMO_HEADING = "Sign up for The Week's Free Newsletters"
PROMO_BLURB = (
    "From our morning news briefing to a weekly Good News Newsletter, get the best of The Week "
    "delivered directly to your inbox."
)
DAILY_LINE = (
    "A free daily email with the biggest news stories of the day – and the best features from "
    "TheWeek.com"
)
BIO_REST = (
    "has worked as a news and culture writer and editor at The Week since the site's launch in "
    "2008. He covers politics, world affairs, religion and cultural currents. His journalism "
    "career began as a copy editor at a financial newswire and has included editorial "
    "positions at The New York Times Magazine, Facts on File, and Oregon State University."
)
RELATED_HEADING = "More Stories"
# (path, title, section label, teaser), as in the seed fixtures.
RELATED: tuple[tuple[str, str, str, str], ...] = (
    ("/political-cartoons-for-october-25", "Political cartoons for October 25", "Cartoons",
     "Saturday’s political cartoons include hospital bill trauma, Independence Day, and more"),
    ("/roasted-squash-and-apple-soup-recipe", "Roasted squash and apple soup recipe",
     "The Week Recommends", "Autumnal soup is full of warming and hearty flavours"),
    ("/ukraine-donald-trump-pivots-again", "Ukraine: Donald Trump pivots again",
     "In the Spotlight",
     "US president apparently warned Volodymyr Zelenskyy to accept Vladimir Putin’s terms or "
     "face destruction during fractious face-to-face"),
    ("/the-uk-made-storm-shadow-missiles-ukraine-is-using-in-russia",
     "The UK-made Storm Shadow missiles Ukraine is using in Russia", "The Explainer",
     "Ukraine reportedly deployed the long-range British missiles this week, following a tense "
     "meeting between Zelenskyy and Trump"),
    ("/proposed-trump-putin-talks-in-budapest-on-hold",
     "Proposed Trump-Putin talks in Budapest on hold", "Speed Read",
     "Trump apparently has no concrete plans to meet with Putin for Ukraine peace talks"),
    ("/bolivia-elects-centrist-over-far-right-presidential-rival",
     "Bolivia elects centrist over far-right presidential rival", "Speed Read",
     "Relative political unknown Rodrigo Paz, a centrist senator, was elected president"),
    ("/madagascar-president-in-hiding-refuses-to-resign",
     "Madagascar president in hiding, refuses to resign", "Speed Read",
     "Andry Rajoelina fled the country amid Gen Z protests and unrest"),
    ("/sanae-takaichi-japan-s-iron-lady-set-to-be-the-country-s-fir",
     "Sanae Takaichi: Japan’s Iron Lady set to be the country’s first woman prime minister",
     "In the Spotlight",
     "Takaichi is a member of Japan’s conservative, nationalist Liberal Democratic Party"),
    ("/israel-hamas-agree-to-first-step-of-trump-peace-plan",
     "Israel, Hamas agree to first step of Trump peace plan", "Speed Read",
     "Israel’s military pulls back in Gaza amid prisoner exchange"),
    ("/israel-intercepts-2nd-gaza-aid-flotilla-in-a-week",
     "Israel intercepts 2nd Gaza aid flotilla in a week", "Speed Read",
     "The Israeli military intercepted a flotilla of nine boats with 145 activists aboard along "
     "with medical and food aid"),
    ("/japan-poised-to-get-first-woman-prime-minister",
     "Japan poised to get first woman prime minister", "Speed Read",
     "The ruling Liberal Democratic Party elected former Economic Security Minister Sanae "
     "Takaichi"),
)  # fmt: skip
NAV = ("News", "Politics", "World News", "Business and Finance", "Culture and Life", "Puzzles")
SUBSCRIBE = "Subscribe to The Week magazine"
FOOTER_LINE = (
    "The Week is part of Future US Inc, an international media group and leading digital publisher."
)
FOOTER_LINKS = ("About us", "Terms and conditions", "Privacy policy", "Cookies policy")
COPYRIGHT = "© Future US, Inc. Full 7th Floor, 130 West 42nd Street, New York, NY 10036."
COOKIE_TEXT = (
    "We use cookies and similar technologies to personalise content and ads, to provide social "
    "media features and to analyse our traffic. You can change your preferences at any time."
)
KICKER = "Speed Read"
CAPTION = "Illustrated | Getty Images"

# Visible date texts of the bylines: the seed's two, and other common forms.
_PUBLISHED_DATE = "5 September 2023"
_PIPE_DATE = "Sept. 5, 2023"
_OTHER_DATES = (
    "September 5, 2023",
    "Sept. 5, 2023",
    "5 September 2023",
    "Sep 5, 2023",
    "Tuesday, September 5, 2023",
    "5 Sep 2023",
)
_PROFILE_PATHS = ("author", "authors", "by", "profile", "staff", "people")

#: The dimensions a variant is drawn over, and their values. ``date_markup`` is
#: ``none`` exactly for ``byline=jsonld`` (no visible byline, so no visible date).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    # class and id names: meaningful, none at all, or generated (css-1x2y3z, sc-aXbYc, hashes)
    "names": ("semantic", "none", "generated"),
    # what wraps headline, body, sign-up line and bio
    "wrapper": ("article", "main", "divs", "sections"),
    # the newsletter promo between paragraphs 3 and 4: with a sign-up form or prose only
    "promo": ("form", "noform"),
    # "A free daily email …" after the body: with a form, or the line alone
    "signup": ("form", "line"),
    "bio_photo": ("photo", "nophoto"),
    "bio_heading": ("none", "about", "name"),
    # "Peter has worked …" or "Peter Weber has worked …"
    "bio_start": ("first", "full"),
    # <ul><li><a>, a grid of cards, or linked h3 headlines over teaser paragraphs
    "related": ("list", "cards", "stream"),
    # "Name, published 5 September 2023" · "By Name | Sept. 5, 2023" · "By A and B" ·
    # a name linked to /author/… (/authors/, /by/, /profile/, /staff/, /people/) ·
    # <a rel=author> · no visible byline (JSON-LD only)
    "byline": ("published", "pipe", "two", "link", "rel", "jsonld"),
    # the visible date in a <time datetime=…> or as plain text
    "date_markup": ("time", "text", "none"),
    # what <head> declares: nothing, OpenGraph (with article:published_time), JSON-LD, both
    "head": ("none", "og", "jsonld", "og+jsonld"),
    "cookie": ("banner", "nobanner"),
    "share": ("sharebar", "noshare"),
    # "<title>Headline | The Week</title>" or the bare headline
    "title": ("suffix", "plain"),
    # paragraphs directly in the body box, or in two boxes around the promo
    "body": ("flat", "split"),
    # site header, navigation and footer as <header>/<nav>/<footer> or as <div>s
    "chrome": ("tags", "divs"),
}

# Strings that must not reach the text; a variant lists those its page shows.
_BOILERPLATE: tuple[str, ...] = (
    SITE,
    PROMO_PITCH,
    PROMO_HEADING,
    PROMO_BLURB,
    "Sign up",
    DAILY_LINE,
    "has worked as a news and culture writer and editor",
    "About the author",
    AUTHOR,
    CO_AUTHOR,
    _PUBLISHED_DATE,
    *_OTHER_DATES,
    RELATED_HEADING,
    *(item[1] for item in RELATED),
    *(item[3] for item in RELATED),
    "The Explainer",
    "In the Spotlight",
    "Cartoons",
    KICKER,
    "Getty Images",
    "World News",
    "Business and Finance",
    SUBSCRIBE,
    "Sign in",
    "Future US",
    "Terms and conditions",
    "We use cookies",
    "Accept",
    "Manage preferences",
    "Share",
    "Facebook",
    "Twitter",
    "Email",
)

_COUNT = 240
_RANDOM_SEED = 20230905


@dataclass(frozen=True)
class Variant:
    """One page of the family and what extracting it must give."""

    name: str
    html: str = field(repr=False)
    url: str
    paragraphs: tuple[str, ...]
    title: str
    author: tuple[str, ...]
    date: datetime.date
    absent: tuple[str, ...]
    #: (dimension, value) for every dimension of :data:`DIMENSIONS`.
    dims: tuple[tuple[str, str], ...] = ()

    def dim(self, name: str) -> str:
        return dict(self.dims)[name]


# --- class names ----------------------------------------------------------------------

_SEMANTIC: dict[str, str] = {
    "page": "page-wrapper",
    "site-header": "site-header",
    "logo": "site-header__logo",
    "nav": "main-nav",
    "subscribe": "site-header__subscribe",
    "breadcrumbs": "breadcrumbs",
    "main": "site-main",
    "wrap": "article-wrapper",
    "article": "article",
    "article-header": "article-header",
    "kicker": "article-kicker",
    "title": "article-title",
    "byline": "byline",
    "byline-author": "byline__author",
    "byline-date": "byline__date",
    "avatar": "byline__avatar",
    "share": "share-bar",
    "share-label": "share-bar__label",
    "hero": "hero-image",
    "caption": "hero-image__credit",
    "body": "article-body",
    "body-part": "article-body__section",
    "para": "article-body__paragraph",
    "promo": "newsletter-promo",
    "promo-brand": "newsletter-promo__brand",
    "promo-pitch": "newsletter-promo__pitch",
    "promo-heading": "newsletter-promo__heading",
    "promo-text": "newsletter-promo__text",
    "promo-form": "newsletter-promo__form",
    "signup": "newsletter-signup",
    "signup-text": "newsletter-signup__text",
    "bio": "author-bio",
    "bio-photo": "author-bio__photo",
    "bio-heading": "author-bio__heading",
    "bio-text": "author-bio__text",
    "related": "related-stories",
    "related-heading": "related-stories__heading",
    "related-list": "related-stories__list",
    "related-item": "related-stories__item",
    "related-title": "related-stories__title",
    "related-label": "related-stories__label",
    "related-teaser": "related-stories__teaser",
    "footer": "site-footer",
    "footer-links": "site-footer__links",
    "cookie": "cookie-banner",
    "cookie-text": "cookie-banner__text",
    "cookie-button": "cookie-banner__accept",
    "wrap-0": "layout",
    "wrap-1": "layout__inner",
    "wrap-2": "layout__column",
}
_SEMANTIC_IDS = {"body": "article-body", "main": "main-content", "related": "related-stories"}
_BASE36 = "abcdefghijklmnopqrstuvwxyz0123456789"
_HEX = "0123456789abcdef"


class _Names:
    """The ``class``/``id`` attributes a page gives each role, in one naming style."""

    def __init__(self, style: str, rng: random.Random) -> None:
        self.style = style
        self.rng = rng
        self.generated: dict[str, str] = {}

    def __call__(self, role: str) -> str:
        if self.style == "none":
            return ""
        if self.style == "semantic":
            ident = _SEMANTIC_IDS.get(role)
            prefix = f' id="{ident}"' if ident else ""
            return f'{prefix} class="{_SEMANTIC[role]}"'
        if role not in self.generated:
            self.generated[role] = self._generate()
        return f' class="{self.generated[role]}"'

    def _generate(self) -> str:
        rng = self.rng
        kind = rng.randrange(3)
        if kind == 0:  # emotion: css-1q2w3e
            return "css-" + _with_digit(rng, _BASE36, 6)
        if kind == 1:  # styled-components: sc-aXbYc kLmNop
            letters = "".join(
                rng.choice("abcdefghijklmnopqrstuvwxyz") if i % 2 == 0 else rng.choice("XYZQWK")
                for i in range(5)
            )
            second = "".join(
                rng.choice("bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ") for _ in range(6)
            )
            return f"sc-{letters} {second}"
        return "x" + _with_digit(rng, _HEX, 7)  # a bare hash


def _with_digit(rng: random.Random, alphabet: str, length: int) -> str:
    chars = [rng.choice(alphabet) for _ in range(length)]
    chars[rng.randrange(length)] = rng.choice("0123456789")
    return "".join(chars)


# --- the page ---------------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


class _Page:
    def __init__(self, dims: dict[str, str], rng: random.Random) -> None:
        self.d = dims
        self.rng = rng
        self.n = _Names(dims["names"], rng)
        self.tags = dims["chrome"] == "tags"

    # <head>
    def head(self) -> str:
        d = self.d
        title = TITLE + (f" | {SITE}" if d["title"] == "suffix" else "")
        out = [
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_esc(title)}</title>",
        ]
        if d["head"] in ("og", "og+jsonld"):
            out += [
                '<meta property="og:type" content="article">',
                f'<meta property="og:site_name" content="{SITE}">',
                f'<meta property="og:title" content="{_esc(TITLE)}">',
                f'<meta property="og:url" content="{URL}">',
                f'<meta property="article:published_time" content="{_ISO_MOMENT}">',
            ]
        if d["head"] in ("jsonld", "og+jsonld"):
            names = [AUTHOR, CO_AUTHOR] if d["byline"] == "two" else [AUTHOR]
            data = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": TITLE,
                "datePublished": _ISO_MOMENT,
                "author": [{"@type": "Person", "name": name} for name in names],
                "publisher": {"@type": "Organization", "name": SITE},
            }
            out.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
        out.append('<link rel="stylesheet" href="/static/css/main.7f3a9c.css">')
        return "\n".join(out)

    # the site around the article
    def site_header(self) -> str:
        n = self.n
        box, nav = ("header", "nav") if self.tags else ("div", "div")
        links = "".join(f'<a href="/{_slug(x)}">{_esc(x)}</a>' for x in NAV)
        return (
            f'<{box}{n("site-header")}><a{n("logo")} href="/">'
            f'<img src="/static/img/logo.svg" alt="{SITE}"></a>'
            f"<{nav}{n('nav')}>{links}</{nav}>"
            f'<a{n("subscribe")} href="/subscribe">{SUBSCRIBE}</a> <a href="/login">Sign in</a>'
            f"</{box}>"
        )

    def breadcrumbs(self) -> str:
        return (
            f'<div{self.n("breadcrumbs")}><a href="/">Home</a> / '
            '<a href="/world-news">World News</a> / <a href="/north-korea">North Korea</a></div>'
        )

    def footer(self) -> str:
        n = self.n
        box = "footer" if self.tags else "div"
        links = "".join(f'<li><a href="/{_slug(x)}">{x}</a></li>' for x in FOOTER_LINKS)
        return (
            f"<{box}{n('footer')}><p>{FOOTER_LINE}</p><ul{n('footer-links')}>{links}</ul>"
            f"<p>{_esc(COPYRIGHT)}</p></{box}>"
        )

    def cookie(self) -> str:
        n = self.n
        return (
            f'<div{n("cookie")} style="position:fixed;bottom:0;left:0;right:0;z-index:999">'
            f"<p{n('cookie-text')}>{COOKIE_TEXT}</p>"
            f"<button{n('cookie-button')}>Accept</button> <button>Manage preferences</button></div>"
        )

    def share(self) -> str:
        n = self.n
        return (
            f"<div{n('share')}><span{n('share-label')}>Share</span> "
            '<a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> '
            '<a href="https://twitter.com/intent/tweet?url=x">Twitter</a> '
            '<a href="mailto:?subject=x">Email</a></div>'
        )

    # the article's header
    def byline(self) -> str:
        d, n, rng = self.d, self.n, self.rng
        kind = d["byline"]
        if kind == "jsonld":
            return ""

        def name(who: str, path: str = "author", linked: bool | None = None) -> str:
            if linked is None:
                linked = rng.random() < 0.5
            if linked:
                return f'<a href="/{path}/{_slug(who)}"{n("byline-author")}>{who}</a>'
            return f"<span{n('byline-author')}>{who}</span>"

        def when(text: str) -> str:
            if d["date_markup"] == "time":
                stamp = rng.choice((_ISO_MOMENT, DATE.isoformat()))
                return f'<time{n("byline-date")} datetime="{stamp}">{text}</time>'
            return f"<span{n('byline-date')}>{text}</span>"

        box = rng.choice(("div", "p")) if kind in ("published", "pipe") else "div"
        if kind == "published":
            inner = f"{name(AUTHOR)}, published {when(_PUBLISHED_DATE)}"
        elif kind == "pipe":
            inner = f"By {name(AUTHOR)} | {when(_PIPE_DATE)}"
        elif kind == "two":
            both = f"By {name(AUTHOR)} and {name(CO_AUTHOR)}"
            inner = f"<span>{both}</span> {when(rng.choice(_OTHER_DATES))}"
        elif kind == "link":
            avatar = '<img src="/img/authors/pw-80.jpg" alt=""> ' if rng.random() < 0.5 else ""
            path = rng.choice(_PROFILE_PATHS)
            inner = f"{avatar}{name(AUTHOR, path, linked=True)} {when(rng.choice(_OTHER_DATES))}"
        else:  # rel
            who = (
                f'<a rel="author" href="/contributors/peter-weber"{n("byline-author")}>{AUTHOR}</a>'
            )
            inner = f"{who} · {when(rng.choice(_OTHER_DATES))}"
        return f"<{box}{n('byline')}>{inner}</{box}>"

    def article_header(self, share_top: bool) -> str:
        n, rng = self.n, self.rng
        kicker = f"<span{n('kicker')}>{KICKER}</span>" if rng.random() < 0.5 else ""
        parts = [kicker, f"<h1{n('title')}>{_esc(TITLE)}</h1>", self.byline()]
        if share_top:
            parts.append(self.share())
        box = rng.choice(("header", "div"))
        return f"<{box}{n('article-header')}>{''.join(parts)}</{box}>"

    def hero(self) -> str:
        n = self.n
        image = '<img src="https://cdn.theweek.example/images/kim-putin.jpg" alt="Kim and Putin">'
        if self.rng.random() < 0.5:
            return f"<figure{n('hero')}>{image}<figcaption{n('caption')}>{CAPTION}</figcaption></figure>"
        return f"<div{n('hero')}>{image}<span{n('caption')}>{CAPTION}</span></div>"

    # the body
    def paragraphs(self, texts: Sequence[str]) -> str:
        return "".join(f"<p{self.n('para')}>{_esc(p)}</p>" for p in texts)

    def promo(self) -> str:
        n, rng = self.n, self.rng
        heading = rng.choice(("h3", "div"))
        blurb = f"<p{n('promo-text')}>{_esc(PROMO_BLURB)}</p>"
        form = ""
        if self.d["promo"] == "form":
            form = (
                f'<form{n("promo-form")} action="/newsletters/subscribe" method="post">'
                '<input type="email" name="email" placeholder="Your email address">'
                '<button type="submit">Sign up</button></form>'
            )
        return (
            f"<div{n('promo')}><div{n('promo-brand')}>{SITE}</div>"
            f"<p{n('promo-pitch')}>{PROMO_PITCH}</p>"
            f"<{heading}{n('promo-heading')}>{_esc(PROMO_HEADING)}</{heading}>"
            f"{blurb}<div>{blurb}{form}</div></div>"
        )

    def body(self) -> str:
        n = self.n
        first, second = PARAGRAPHS[:3], PARAGRAPHS[3:]
        if self.d["body"] == "split":
            inner = (
                f"<div{n('body-part')}>{self.paragraphs(first)}</div>{self.promo()}"
                f"<div{n('body-part')}>{self.paragraphs(second)}</div>"
            )
        else:
            inner = f"{self.paragraphs(first)}{self.promo()}{self.paragraphs(second)}"
        return f"<div{n('body')}>{inner}</div>"

    def signup(self) -> str:
        n = self.n
        form = ""
        if self.d["signup"] == "form":
            form = (
                '<form action="/newsletters/subscribe" method="post">'
                '<input type="email" name="email" placeholder="Enter your email">'
                '<button type="submit">Sign up</button></form>'
            )
        return f"<div{n('signup')}><p{n('signup-text')}>{DAILY_LINE}</p>{form}</div>"

    def bio(self) -> str:
        d, n, rng = self.d, self.n, self.rng
        parts = []
        if d["bio_photo"] == "photo":
            parts.append(f'<img{n("bio-photo")} src="/img/authors/pw-160.jpg" alt="{AUTHOR}">')
        level = rng.choice(("h3", "h4", "div"))
        if d["bio_heading"] == "about":
            parts.append(f"<{level}{n('bio-heading')}>About the author</{level}>")
        elif d["bio_heading"] == "name":
            who = f'<a href="/author/peter-weber">{AUTHOR}</a>' if rng.random() < 0.5 else AUTHOR
            parts.append(f"<{level}{n('bio-heading')}>{who}</{level}>")
        start = AUTHOR if d["bio_start"] == "full" else AUTHOR.split()[0]
        parts.append(f"<p{n('bio-text')}>{_esc(f'{start} {BIO_REST}')}</p>")
        box = rng.choice(("aside", "div"))
        return f"<{box}{n('bio')}>{''.join(parts)}</{box}>"

    # related stories
    def related(self) -> str:
        n, rng = self.n, self.rng
        items = RELATED[: rng.randint(5, len(RELATED))]
        kind = self.d["related"]
        if kind == "list":
            rows = "".join(
                f'<li{n("related-item")}><a href="{path}"><span{n("related-title")}>{_esc(title)}'
                f"</span> <span{n('related-label')}>{_esc(label)}</span> "
                f"<span{n('related-teaser')}>{_esc(teaser)}</span></a></li>"
                for path, title, label, teaser in items
            )
            listing = f"<ul{n('related-list')}>{rows}</ul>"
        elif kind == "cards":
            listing = "".join(
                f'<div{n("related-item")}><a href="{path}">'
                f'<img src="/img{path}.jpg" alt=""></a>'
                f'<a{n("related-title")} href="{path}">{_esc(title)}</a>'
                f"<span{n('related-label')}>{_esc(label)}</span>"
                f"<p{n('related-teaser')}>{_esc(teaser)}</p></div>"
                for path, title, label, teaser in items
            )
            listing = f"<div{n('related-list')}>{listing}</div>"
        else:  # stream
            listing = "".join(
                f"<div{n('related-item')}><span{n('related-label')}>{_esc(label)}</span>"
                f'<h3{n("related-title")}><a href="{path}">{_esc(title)}</a></h3>'
                f"<p{n('related-teaser')}>{_esc(teaser)}</p></div>"
                for path, title, label, teaser in items
            )
            listing = f"<div{n('related-list')}>{listing}</div>"
        heading = rng.choice(("h2", "div"))
        box = rng.choice(("section", "div"))
        return (
            f"<{box}{n('related')}><{heading}{n('related-heading')}>{RELATED_HEADING}</{heading}>"
            f"{listing}</{box}>"
        )

    def article(self) -> str:
        d, n, rng = self.d, self.n, self.rng
        share_top = d["share"] == "sharebar" and rng.random() < 0.5
        share_bottom = d["share"] == "sharebar" and not share_top
        parts = [self.article_header(share_top)]
        if rng.random() < 0.5:
            parts.append(self.hero())
        parts += [self.body(), self.signup()]
        if share_bottom:
            parts.append(self.share())
        parts.append(self.bio())
        related_inside = rng.random() < 0.3
        if related_inside:
            parts.append(self.related())
        inner = "\n".join(parts)
        wrapper = d["wrapper"]
        if wrapper == "article":
            out = f"<div{n('main')}><article{n('article')}>\n{inner}\n</article>"
        elif wrapper == "main":
            out = f"<main{n('main')}>\n{inner}\n"
        elif wrapper == "divs":
            depth = int(d["_depth"])
            out = "".join(f"<div{n(f'wrap-{i}')}>" for i in range(depth - 1))
            out = f"<div{n('main')}>{out}\n{inner}\n" + "</div>" * (depth - 1)
        else:  # sections
            out = f"<div{n('main')}><section{n('article')}>\n{inner}\n</section>"
        if not related_inside:
            out += "\n" + self.related()
        return out + ("\n</main>" if wrapper == "main" else "\n</div>")

    def page(self) -> str:
        d, rng = self.d, self.rng
        cookie = self.cookie() if d["cookie"] == "banner" else ""
        cookie_first = rng.random() < 0.5
        parts = [
            cookie if cookie_first else "",
            self.site_header(),
            self.breadcrumbs() if rng.random() < 0.5 else "",
            self.article(),
            self.footer(),
            "" if cookie_first else cookie,
            '<script src="/static/js/main.5b1e0d.js" defer></script>',
        ]
        body = "\n".join(p for p in parts if p)
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
            f"{self.head()}\n</head>\n<body{self.n('page')}>\n{body}\n</body>\n</html>\n"
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _visible_text(page: str) -> str:
    body = page[page.index("<body") :]
    body = _TAG.sub(" ", _SCRIPT.sub(" ", body))
    return " ".join(html.unescape(body).split())


# --- the sample -------------------------------------------------------------------------


def _plan(rng: random.Random, count: int) -> list[dict[str, str]]:
    """A balanced draw: each dimension's values repeated evenly, shuffled per dimension."""
    columns: dict[str, list[str]] = {}
    for dim, values in DIMENSIONS.items():
        pool = tuple(v for v in values if v != "none") if dim == "date_markup" else values
        column = [pool[i % len(pool)] for i in range(count)]
        rng.shuffle(column)
        columns[dim] = column
    rows = [{dim: columns[dim][i] for dim in DIMENSIONS} for i in range(count)]
    # Without a visible byline the page says who and when in JSON-LD only: swap head
    # values with a page that has JSON-LD, so that the head column stays balanced.
    donors = [r for r in rows if r["byline"] != "jsonld" and "jsonld" in r["head"]]
    for row in rows:
        if row["byline"] == "jsonld":
            row["date_markup"] = "none"
            if "jsonld" not in row["head"]:
                donor = donors.pop()
                row["head"], donor["head"] = donor["head"], row["head"]
    for row in rows:
        row["_depth"] = str(rng.randint(2, 4))
    return rows


_SHORT = {"semantic": "sem", "none": "bare", "generated": "gen"}


def _name(index: int, row: dict[str, str]) -> str:
    wrapper = row["wrapper"] + (row["_depth"] if row["wrapper"] == "divs" else "")
    bio = "bio-" + "+".join((row["bio_photo"], row["bio_heading"] + "head", row["bio_start"]))
    parts = [
        f"{index:03d}",
        _SHORT[row["names"]],
        wrapper,
        f"by-{row['byline']}",
        f"date-{row['date_markup']}",
        f"head-{row['head']}",
        f"promo-{row['promo']}",
        f"signup-{row['signup']}",
        bio,
        f"rel-{row['related']}",
        row["cookie"],
        row["share"],
        f"title-{row['title']}",
        row["body"],
        f"chrome-{row['chrome']}",
    ]
    return "-".join(parts)


@cache
def _family() -> tuple[Variant, ...]:
    rng = random.Random(_RANDOM_SEED)
    out = []
    for index, row in enumerate(_plan(rng, _COUNT)):
        page = _Page(row, rng).page()
        text = _visible_text(page)
        authors = (AUTHOR, CO_AUTHOR) if row["byline"] == "two" else (AUTHOR,)
        out.append(
            Variant(
                name=_name(index, row),
                html=page,
                url=URL,
                paragraphs=PARAGRAPHS,
                title=TITLE,
                author=authors,
                date=DATE,
                absent=tuple(s for s in _BOILERPLATE if s in text),
                dims=tuple((dim, row[dim]) for dim in DIMENSIONS),
            )
        )
    return tuple(out)


def variants() -> list[Variant]:
    """The family, always the same pages in the same order."""
    return list(_family())


# --- checking ---------------------------------------------------------------------------


def wanted(variant: Variant) -> dict[str, Any]:
    """What :func:`observed` must give for ``variant``."""
    return {
        "lines": list(variant.paragraphs),
        "leaked": [],
        "title": variant.title,
        "authors": [name.casefold() for name in variant.author],
        "date": variant.date,
    }


def observed(variant: Variant, article: Article | None) -> dict[str, Any]:
    """The extraction in the shape of :func:`wanted`: lines, leaked boilerplate, metadata."""
    if article is None:
        return {"lines": [], "leaked": [], "title": None, "authors": [], "date": None}
    day = None
    if article.date:
        try:
            day = datetime.date.fromisoformat(article.date[:10])
        except ValueError:
            day = None
    return {
        "lines": article.text.split("\n"),
        "leaked": [s for s in variant.absent if s in article.text],
        "title": article.title,
        "authors": [name.casefold() for name in article.authors],
        "date": day,
    }


def outcome(variant: Variant, article: Article | None) -> dict[str, bool]:
    """Which parts of ``variant`` came out exactly: body, title, author, date, and all."""
    got, want = observed(variant, article), wanted(variant)
    result = {
        "body": article is not None and got["lines"] == want["lines"] and not got["leaked"],
        "title": got["title"] == want["title"],
        "author": got["authors"] == want["authors"],
        "date": got["date"] == want["date"],
    }
    result["all"] = all(result.values())
    return result


def score(
    extract: Callable[..., Article | None] = cleanscrape.extract,
    family: Sequence[Variant] | None = None,
) -> dict[str, float]:
    """The share of variants exact on body, title, author, date and on all four.

    ``extract`` is called as ``extract(html, url=url)``.
    """
    family = variants() if family is None else family
    totals = dict.fromkeys(("body", "title", "author", "date", "all"), 0)
    for variant in family:
        for key, good in outcome(variant, extract(variant.html, url=variant.url)).items():
            totals[key] += good
    return {key: count / len(family) for key, count in totals.items()}
