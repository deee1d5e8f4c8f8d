"""A small site of our own for ``rules learn``: four templates (news, blog, docs, and
"app", laid out with utility classes as Tailwind writes them), each
with pages that share their template's boxes and differ in their text.

Every page comes with its true article text (its paragraphs), so a rule learned on
some pages can be scored on the others. Text is drawn from a seeded generator:
the same pages on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["TEMPLATES", "SitePage", "site_pages"]

TEMPLATES = ("news", "blog", "docs", "app")
_WORDS = [
    "harbour",
    "council",
    "bridge",
    "ferry",
    "tide",
    "quay",
    "storm",
    "fleet",
    "market",
    "school",
    "river",
    "library",
    "engineer",
    "budget",
    "winter",
    "summer",
    "station",
    "museum",
    "garden",
    "tower",
    "island",
    "village",
    "road",
    "plan",
    "vote",
    "report",
    "study",
    "season",
    "crew",
    "cargo",
    "light",
    "north",
    "south",
    "old",
    "new",
    "long",
    "short",
    "early",
    "late",
    "public",
    "local",
    "regional",
    "small",
    "large",
    "open",
    "closed",
    "quiet",
    "busy",
    "careful",
]
_VERBS = [
    "approved",
    "delayed",
    "opened",
    "closed",
    "measured",
    "repaired",
    "planned",
    "reported",
    "found",
    "built",
]


@dataclass(frozen=True, slots=True)
class SitePage:
    """One page of the site: where it is served, its HTML and its true article text."""

    path: str
    html: str
    truth: str
    title: str


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 16))]
    words.insert(rng.randint(2, 5), rng.choice(_VERBS))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def _links(rng: random.Random, count: int) -> str:
    return "".join(
        f'<li><a href="/s/{rng.randint(1, 9999)}">{_sentence(rng)[:40]}</a></li>'
        for _ in range(count)
    )


_AUTHORS = ("Ada Quayle", "Ben Tideman", "Cora Ferris")


def _news(rng: random.Random, n: int) -> tuple[str, list[str], str]:
    title = _sentence(rng)[:60].rstrip(".")
    author = _AUTHORS[n % len(_AUTHORS)]
    paras = [_paragraph(rng) for _ in range(rng.randint(5, 8))]
    middle = len(paras) // 2
    body = "".join(f"<p>{p}</p>" for p in paras[:middle])
    body += (
        '<div class="series-note"><p>This report is part of our series on the future of '
        "the waterfront, written with readers who sent us their questions all year.</p></div>"
    )
    body += "".join(f"<p>{p}</p>" for p in paras[middle:])
    body += f'<div class="more-on"><h4>More on this story</h4><ul>{_links(rng, 4)}</ul></div>'
    html = f"""<!DOCTYPE html><html><head><title>{title} | Harbour Gazette</title>
<meta property="og:title" content="{title}"></head><body>
<header class="masthead"><a href="/">Harbour Gazette</a>
<ul class="menu"><li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/opinion/">Opinion</a></li></ul></header>
<div class="layout"><div class="column">
<div class="story"><h1 class="headline">{title}</h1>
<p class="byline">By <a class="author-name" href="/by/{n % 3}">{author}</a>
<time datetime="2024-05-{n + 1:02d}T08:00:00Z">May {n + 1}, 2024</time></p>
<div class="story-text">{body}</div>
<div class="writer"><p>{author} writes about the harbour and the people who work on it
for the Gazette, and has done so since the new quay opened.</p></div>
</div></div>
<div class="rail"><h3>Most read</h3><ul>{_links(rng, 6)}</ul>
<div class="rail-box"><p>Support local reporting: the Gazette is read by more than forty
thousand households every week, and every one of them counts.</p></div></div></div>
<div class="site-foot"><p>Copyright 2024 Harbour Gazette. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></div>
</body></html>"""
    return html, paras, title


def _blog(rng: random.Random, n: int) -> tuple[str, list[str], str]:
    title = _sentence(rng)[:50].rstrip(".")
    paras = [_paragraph(rng) for _ in range(rng.randint(4, 7))]
    tags = "".join(f'<a href="/tag/{w}">{w}</a> ' for w in rng.sample(_WORDS, 4))
    html = f"""<!DOCTYPE html><html><head><title>{title} - Tidewater Notes</title></head><body>
<div class="top"><div class="blog-name"><a href="/">Tidewater Notes</a></div>
<div class="tagline"><p>A notebook about boats, tides and the small towns along the coast,
kept since the spring of 2009.</p></div></div>
<div class="wrap"><div class="entry"><h2 class="entry-title">{title}</h2>
<div class="entry-meta"><p>Posted in Boats</p></div>
<div class="entry-content">{"".join(f"<p>{p}</p>" for p in paras)}
<div class="share-row"><p>Liked this post? Pass it on to a friend who loves the coast as
much as you do, or print it for the boat.</p></div></div>
<div class="entry-tags">{tags}</div></div>
<div class="sidebar"><div class="widget"><h3>About me</h3><p>I sail an old wooden sloop
and write about the tides, the weather and the people I meet in harbours.</p></div>
<div class="widget"><h3>Archives</h3><ul>{_links(rng, 5)}</ul></div></div></div>
<div class="bottom"><p>Tidewater Notes, written by hand since 2009.</p></div>
</body></html>"""
    return html, paras, title


def _docs(rng: random.Random, n: int) -> tuple[str, list[str], str]:
    title = " ".join(rng.sample(_WORDS, 3)).capitalize()
    sections = [
        (f"{rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)}", _paragraph(rng))
        for _ in range(rng.randint(4, 6))
    ]
    body = "".join(f"<h2>{h}</h2><p>{p}</p>" for h, p in sections)
    html = f"""<!DOCTYPE html><html><head><title>{title} — Tide Docs</title></head><body>
<div class="doc-header"><a href="/">Tide Docs</a> <a href="/docs/">Guide</a> <a href="/api/">API</a></div>
<div class="doc-layout"><div class="doc-nav"><ul>{_links(rng, 8)}</ul></div>
<div class="doc-main"><div class="crumbs"><a href="/docs/">Guide</a> / {title}</div>
<div class="doc-body"><h1>{title}</h1>{body}
<div class="admonition"><p>Note: this guide describes version 3 of the tide tables; the
tables of version 2 are kept in the archive for older installations.</p></div></div>
<div class="doc-feedback"><p>Was this page helpful? Tell us what was missing and we will
write it into the next edition of the guide.</p></div>
<div class="doc-pager"><a href="/docs/{n + 1}">Next page</a></div></div></div>
<div class="doc-footer"><p>Tide Docs is released under a free licence.</p></div>
</body></html>"""
    return html, [line for section in sections for line in section], title


def _app(rng: random.Random, n: int) -> tuple[str, list[str], str]:
    """Utility classes (``flex``, ``w-full``, ``px-4``) on most elements, the story's
    sections among them: a class that many elements carry is no container."""
    title = _sentence(rng)[:55].rstrip(".")
    sections = [
        [_paragraph(rng) for _ in range(rng.randint(1, 3))] for _ in range(rng.randint(3, 4))
    ]
    parts = []
    for number, section in enumerate(sections):
        parts.append(
            '<div class="w-full px-4">' + "".join(f'<p class="mb-4">{p}</p>' for p in section)
        )
        parts.append("</div>")
        if number == 0:
            parts.append(
                '<div class="rounded bg-gray-100 px-4"><p class="text-sm">Get the Tidewater '
                "app: tide tables, harbour news and ferry times on your phone, free.</p></div>"
            )
    menu = "".join(
        f'<div class="flex w-full px-4"><a class="text-sm" href="/{w}/">{w.capitalize()}</a></div>'
        for w in ("news", "tides", "ferries", "weather")
    )
    html = f"""<!DOCTYPE html><html><head><title>{title} · Tidewater</title></head><body>
<div class="flex flex-col w-full">
<div class="flex w-full px-4 py-2"><div class="flex w-full"><a href="/">Tidewater</a></div>
{menu}</div>
<div class="flex w-full px-4"><div class="flex flex-col w-full">
<h1 class="text-3xl font-bold">{title}</h1>
<div class="flex w-full px-4 text-sm"><p>Tidewater harbour desk</p></div>
<div class="flex flex-col w-full px-4">{"".join(parts)}</div>
<div class="flex w-full px-4"><div class="w-full"><h3>Keep reading</h3><ul>{_links(rng, 4)}</ul></div></div>
</div>
<div class="flex flex-col w-full px-4"><div class="w-full px-4"><p>Tidewater is made by
a small crew of sailors and reporters who live along the coast all year.</p></div>
<div class="w-full"><ul>{_links(rng, 5)}</ul></div></div></div>
<div class="flex w-full px-4 py-8"><p>Tidewater, 2024. Tide data from the harbour office.</p></div>
</div></body></html>"""
    return html, [p for section in sections for p in section], title


_BUILDERS = {"news": _news, "blog": _blog, "docs": _docs, "app": _app}


def site_pages(template: str, count: int = 7, seed: int = 18) -> list[SitePage]:
    """``count`` pages of ``template``, served under ``/<template>/``."""
    rng = random.Random(f"{seed}-{template}")
    pages = []
    for n in range(count):
        html, truth, title = _BUILDERS[template](rng, n)
        pages.append(SitePage(f"/{template}/page-{n + 1}.html", html, "\n".join(truth), title))
    return pages
