import cleanscrape


def test_extract_returns_article_for_simple_page() -> None:
    paragraph = "Hello world, this is a paragraph of article text with enough words to count. " * 3
    html = f"<html><head><title>T</title></head><body><p>{paragraph}</p></body></html>"
    article = cleanscrape.extract(html)
    assert article is not None
    assert "Hello world" in article.text
