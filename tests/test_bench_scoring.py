"""The benchmark's scoring rules and error classifier on tiny synthetic inputs (no corpora)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import (
    CORPORA_ENV,
    ShingleScore,
    SnippetCase,
    SnippetCounts,
    average_shingle_scores,
    collapse_ws,
    find_corpora,
    html_to_text,
    score_snippets,
    shingle_score,
    words,
)
from benchmarks.errors import PageText, analyse_page, classify_miss


def test_collapse_ws_turns_every_whitespace_run_into_one_space() -> None:
    assert collapse_ws("  a\n\n b\t\u00a0c  ") == "a b c"


def test_snippet_split_over_lines_is_found_after_collapsing() -> None:
    counts = score_snippets("First line of the\n   article.", ["of the article."], [])
    assert (counts.tp, counts.fn) == (1, 0)


def test_snippet_with_extra_inner_spaces_is_found() -> None:
    counts = score_snippets("the article body", ["the   article\nbody"], [])
    assert counts.tp == 1


def test_snippet_match_is_case_sensitive() -> None:
    counts = score_snippets("Home page", ["home page"], [])
    assert (counts.tp, counts.fn) == (0, 1)


def test_each_snippet_lands_in_exactly_one_cell() -> None:
    output = "Wanted sentence one. Navigation"
    counts = score_snippets(
        output, ["Wanted sentence one.", "Missing text"], ["Navigation", "Footer"]
    )
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)


def test_empty_output_misses_every_wanted_and_rejects_every_unwanted() -> None:
    counts = score_snippets("", ["a", "b"], ["c"])
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (0, 2, 0, 1)


def test_snippet_metrics_follow_their_definitions() -> None:
    counts = SnippetCounts(tp=6, fn=2, fp=3, tn=9)
    assert counts.precision == pytest.approx(6 / 9)
    assert counts.recall == pytest.approx(6 / 8)
    assert counts.f1 == pytest.approx(2 * (6 / 9) * (6 / 8) / (6 / 9 + 6 / 8))
    assert counts.accuracy == pytest.approx(15 / 20)


def test_snippet_counts_add_up_over_pages() -> None:
    total = SnippetCounts(1, 2, 3, 4) + SnippetCounts(10, 20, 30, 40)
    assert (total.tp, total.fn, total.fp, total.tn) == (11, 22, 33, 44)


def test_words_are_casefolded_word_character_runs() -> None:
    assert words("Straße, don't STOP—now_1") == ["strasse", "don", "t", "stop", "now_1"]


def test_identical_texts_score_perfectly() -> None:
    score = shingle_score("one two three four five", "One two, three four five!")
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)


def test_shingle_counts_shared_extra_and_missing() -> None:
    # reference 4-grams: abcd bcde; output 4-grams: bcde cdef defg
    score = shingle_score("a b c d e", "b c d e f g")
    assert (score.tp, score.fp, score.fn) == (1, 2, 1)
    assert score.precision == pytest.approx(1 / 3)
    assert score.recall == pytest.approx(1 / 2)


def test_repeated_shingles_count_as_a_multiset() -> None:
    score = shingle_score("a b c d", "a b c d a b c d")
    assert (score.tp, score.fp, score.fn) == (1, 4, 0)


def test_reference_under_four_words_is_scored_with_unigrams() -> None:
    score = shingle_score("hello world", "hello there")
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_empty_output_scores_zero_precision_and_recall() -> None:
    score = shingle_score("a b c d e", "")
    assert (score.precision, score.recall) == (0.0, 0.0)


def test_empty_reference_and_output_score_perfectly() -> None:
    score = shingle_score("", "")
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_readability_f1_is_the_f1_of_the_macro_averages() -> None:
    scores = [ShingleScore(tp=1, fp=0, fn=1), ShingleScore(tp=1, fp=3, fn=0)]
    precision, recall, f1 = average_shingle_scores(scores)
    assert precision == pytest.approx((1.0 + 0.25) / 2)
    assert recall == pytest.approx((0.5 + 1.0) / 2)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_html_to_text_keeps_blocks_apart_and_drops_scripts() -> None:
    text = html_to_text("<div><h2>Title</h2><p>Body <b>bold</b>text</p><script>x()</script></div>")
    assert words(text) == ["title", "body", "boldtext"]


def test_find_corpora_walks_up_to_a_shared_corpora_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CORPORA_ENV, raising=False)
    (tmp_path / "shared" / "corpora").mkdir(parents=True)
    repo = tmp_path / "wt" / "bench"
    repo.mkdir(parents=True)
    assert find_corpora(repo) == tmp_path / "shared" / "corpora"


def test_find_corpora_prefers_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CORPORA_ENV, str(tmp_path))
    assert find_corpora(tmp_path / "elsewhere") == tmp_path


def test_find_corpora_returns_none_when_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CORPORA_ENV, raising=False)
    assert find_corpora(tmp_path) is None


# --- the error analysis classifier ------------------------------------------------------

_PAGE = b"""<html><body>
<nav class="site-menu"><a href="/">Home</a> <a href="/news">News section</a></nav>
<h1>Headline</h1><span class="byline">By Ann Writer</span>
<div class="post tag-twitter">
  <p>First paragraph of the article, long enough to be prose.</p>
  <p>Second <b>paragraph</b> of the article with inline markup.</p>
  <ul><li>A list item that belongs to the article</li></ul>
</div>
<div class="comments"><p>Great post, thanks!</p></div>
<footer><p>Copyright notice</p></footer>
</body></html>"""


def _case(with_: list[str], without: list[str]) -> SnippetCase:
    return SnippetCase(
        url="http://example.test/", path=Path("x"), with_=tuple(with_), without=tuple(without)
    )


def test_locate_finds_a_snippet_across_inline_markup() -> None:
    page = PageText(_PAGE)
    (loc,) = page.locate("Second paragraph of the")
    assert loc.node.tag == "p"


def test_leak_is_blamed_on_its_nearest_cue_carrying_ancestor() -> None:
    case = _case(["First paragraph of the article"], ["News section", "Great post", "Copyright"])
    output = "News section\nFirst paragraph of the article, long enough to be prose.\nGreat post, thanks!\nCopyright notice"
    causes = {d.snippet: d.cause for d in analyse_page(case, output, None, _PAGE).diagnoses}
    assert causes == {
        "News section": "leaked navigation",
        "Great post": "leaked comments",
        "Copyright": "leaked footer",
    }


def test_article_element_tokens_do_not_explain_a_leak_inside_it() -> None:
    case = _case(["First paragraph", "Second paragraph"], ["A list item"])
    output = "First paragraph of the article, long enough to be prose.\nSecond paragraph of the article with inline markup.\nA list item that belongs to the article"
    (diagnosis,) = analyse_page(case, output, None, _PAGE).diagnoses
    assert diagnosis.cause == "leaked in-article block (no cue)"


def test_miss_after_all_output_is_end_truncation() -> None:
    case = _case(["First paragraph", "Second paragraph", "A list item that belongs"], [])
    output = "First paragraph of the article, long enough to be prose.\nSecond paragraph of the article with inline markup."
    (diagnosis,) = analyse_page(case, output, None, _PAGE).diagnoses
    assert diagnosis.cause == "truncated article (end)"


def test_miss_inside_the_container_is_an_in_body_cleaning_loss() -> None:
    page = PageText(_PAGE)
    container = page.locate("First paragraph")[0].node.parent
    cause, _ = classify_miss(
        "A list item", page, found_share=1.0, container=container, span=(0, 10**6)
    )
    assert cause == "missed list/table content"


def test_missing_everything_with_empty_output_is_empty_output() -> None:
    (diagnosis,) = analyse_page(_case(["First paragraph"], []), "", None, _PAGE).diagnoses
    assert diagnosis.cause == "empty output"


def test_miss_caused_by_decomposed_accents_is_named_as_such() -> None:
    page = "<html><body><p>Es wurde geprüft und bestätigt.</p></body></html>".encode()
    output = "Es wurde gepru\u0308ft und besta\u0308tigt."
    (diagnosis,) = analyse_page(_case(["geprüft und"], []), output, None, page).diagnoses
    assert diagnosis.cause == "missed: output not NFC / has soft hyphens"
