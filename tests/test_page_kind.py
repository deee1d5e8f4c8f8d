"""Pages with little text: when the few lines are the page, and when they stand in front of it."""

from __future__ import annotations

import pytest

import cleanscrape


def _page(body: str, title: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "body",
    [
        "<p>Office hours move to Thursday afternoons from March.</p>",
        "<main><section><div><div>Lorem ipsum dolor sit amet, consectetur.</div></div></section></main>",
        "Gone fishing.",
    ],
)
def test_a_page_of_a_few_lines_and_nothing_else_is_its_own_article(body: str) -> None:
    article = cleanscrape.extract(_page(body, "Note"))
    assert article is not None
    assert article.text and article.text in body


def test_a_few_lines_beside_boilerplate_are_not_an_article() -> None:
    body = (
        "<nav><a href='/'>Home</a> <a href='/a'>About</a> <a href='/b'>Blog</a></nav>"
        "<p>Short line.</p>"
        "<ul class='related'><li><a href='/x'>One story here</a></li>"
        "<li><a href='/y'>Another story here</a></li><li><a href='/z'>A third story</a></li></ul>"
    )
    assert cleanscrape.extract(_page(body)) is None


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Just a moment...", "<div>Checking your browser before accessing the site.</div>"),
        ("", "<h1>Access denied</h1><p>You don't have permission to access this server.</p>"),
        ("", "<p>Please enable JavaScript to continue.</p>"),
        ("", "<p>Our systems have detected unusual traffic from your computer network.</p>"),
        ("Zugriff verweigert", "<p>Sie haben keine Berechtigung für diese Seite.</p>"),
        ("", "<p>Veuillez activer JavaScript pour continuer.</p>"),
        ("", "<p>Por favor, habilita JavaScript para continuar.</p>"),
        ("", "<p>Per favore abilita JavaScript per continuare.</p>"),
        ("", "<p>Por favor, ative o JavaScript para continuar.</p>"),
        ("", "<p>Włącz JavaScript, aby kontynuować.</p>"),
        ("", "<p>Пожалуйста, включите JavaScript в вашем браузере.</p>"),
        ("", "<p>请启用 JavaScript 后继续访问本网站。</p>"),
        ("", "<p>このページを表示するにはJavaScriptを有効にしてください。</p>"),
    ],
)
def test_bot_challenges_and_access_denials_are_not_articles(title: str, body: str) -> None:
    assert cleanscrape.extract(_page(body, title)) is None


def test_an_article_about_captchas_is_still_an_article() -> None:
    paragraph = (
        "<p>Researchers found that image captcha puzzles now take people longer to solve "
        "than the bots they are meant to stop, and that the checks cost users hours a year.</p>"
    )
    article = cleanscrape.extract(_page(paragraph * 6, "Are captchas still worth it?"))
    assert article is not None
    assert "captcha puzzles" in article.text
