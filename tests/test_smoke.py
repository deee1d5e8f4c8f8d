import cleanscrape


def test_extract_returns_article_for_simple_page() -> None:
    html = "<html><head><title>T</title></head><body><p>Hello world, a paragraph of text.</p></body></html>"
    article = cleanscrape.extract(html)
    assert article is not None
    assert "Hello world" in article.text
