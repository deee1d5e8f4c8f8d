"""The benchmark's scoring rules and error classifier on tiny synthetic inputs (no corpora)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks.corpus import (
    CORPORA_ENV,
    WCXB_KINDS,
    ShingleScore,
    SnippetCase,
    SnippetCounts,
    WcxbCase,
    WcxbScore,
    average_shingle_scores,
    average_wcxb,
    collapse_ws,
    find_corpora,
    html_to_text,
    kind_confusion,
    load_wcxb_cases,
    score_snippets,
    shingle_score,
    wcxb_bow_score,
    wcxb_score,
    wcxb_snippet_rates,
    wcxb_words,
    words,
)
from benchmarks.errors import PageText, analyse_page, classify_miss
from benchmarks.run import (
    ToolResult,
    kind_detection_table,
    kinded_text,
    kinds_in_order,
    run_benchmark,
    speed_table,
    wcxb_by_kind,
    wcxb_table,
)


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


# --- WCXB: the published metric, its snippet rates, the loader ----------------------------


def test_wcxb_words_are_lower_cased_not_casefolded() -> None:
    assert wcxb_words("Straße, DON'T—x_1") == ["straße", "don", "t", "x_1"]


def test_wcxb_identical_texts_score_perfectly_whatever_the_layout() -> None:
    assert wcxb_bow_score("One two.\n\nThree", "one\ntwo three!") == (1.0, 1.0, 1.0)


def test_wcxb_overlap_is_a_bag_of_words_intersection() -> None:
    # reference a a b, output a b b c: overlap min(2,1) + min(1,2) = 2
    precision, recall, f1 = wcxb_bow_score("a a b", "a b b c")
    assert precision == pytest.approx(2 / 4)
    assert recall == pytest.approx(2 / 3)
    assert f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_wcxb_word_order_does_not_matter() -> None:
    assert wcxb_bow_score("a b c d", "d c b a") == (1.0, 1.0, 1.0)


def test_wcxb_empty_cases() -> None:
    assert wcxb_bow_score("", "") == (1.0, 1.0, 1.0)
    assert wcxb_bow_score("", "something") == (0.0, 0.0, 0.0)
    assert wcxb_bow_score("reference text", "") == (0.0, 0.0, 0.0)
    assert wcxb_bow_score("reference text", " — ... ") == (0.0, 0.0, 0.0)
    assert wcxb_bow_score("reference text", "nothing shared") == (0.0, 0.0, 0.0)


def test_wcxb_snippet_rates_are_case_insensitive_shares() -> None:
    rates = wcxb_snippet_rates("The Body text. Home", ["body TEXT", "missing"], ["home", "x y"])
    assert rates == (0.5, 0.5)


def test_wcxb_snippets_do_not_match_across_a_line_break() -> None:
    # As published: whitespace is compared as it is (unlike the snippet corpus).
    assert wcxb_snippet_rates("first half\nsecond half", ["half second"], []) == (0.0, None)


def test_wcxb_snippet_rates_are_none_without_snippets() -> None:
    assert wcxb_snippet_rates("text", [], []) == (None, None)


def test_wcxb_score_flags_blank_output() -> None:
    assert wcxb_score("ref", " \n ").empty
    assert not wcxb_score("ref", "ref").empty


def test_wcxb_average_is_the_mean_of_page_figures() -> None:
    pages = [
        WcxbScore(1.0, 0.5, 2 / 3, with_rate=1.0, without_rate=None),
        WcxbScore(0.0, 0.0, 0.0, with_rate=None, without_rate=0.5, empty=True),
        WcxbScore(0.5, 1.0, 2 / 3, with_rate=0.0, without_rate=0.0),
    ]
    average = average_wcxb(pages)
    assert average.pages == 3
    assert average.precision == pytest.approx(0.5)
    assert average.recall == pytest.approx(0.5)
    assert average.f1 == pytest.approx(4 / 9)  # the mean of the page F1s, not F1 of the means
    assert average.with_rate == pytest.approx(0.5)  # over the two pages with wanted snippets
    assert average.without_rate == pytest.approx(0.25)
    assert average.empty == 1


def test_wcxb_average_of_nothing_is_zero() -> None:
    average = average_wcxb([])
    assert (average.pages, average.f1, average.with_rate) == (0, 0.0, 0.0)


def test_wcxb_by_kind_groups_pages_in_table_order() -> None:
    scores = [WcxbScore(1, 1, 1.0), WcxbScore(0, 0, 0.0), WcxbScore(1, 1, 0.5)]
    by_kind = wcxb_by_kind(scores, ["service", "article", "service"])
    assert list(by_kind) == ["article", "service"]
    assert by_kind["service"].f1 == pytest.approx(0.75)
    assert kinds_in_order(["odd", *reversed(WCXB_KINDS)]) == [*WCXB_KINDS, "odd"]


def test_kind_confusion_counts_missing_predictions_as_none() -> None:
    table = kind_confusion([("article", "article"), ("article", None), ("forum", "article")])
    assert table == {"article": {"article": 1, "none": 1}, "forum": {"article": 1}}


def _write_wcxb_page(root: Path, stem: str, kind: str, html: bytes | None = b"<p>x</p>") -> None:
    dev = root / "wcxb" / "dev"
    (dev / "ground-truth").mkdir(parents=True, exist_ok=True)
    (dev / "html").mkdir(parents=True, exist_ok=True)
    truth = {
        "url": f"https://example.test/{stem}",
        "page_type": kind,
        "title": "T",
        "author": None,
        "publish_date": None,
        "main_content": f"Body of {stem}.",
        "with": ["Body of"],
        "without": ["Menu"],
    }
    (dev / "ground-truth" / f"{stem}.json").write_text(json.dumps(truth), encoding="utf-8")
    if html is not None:
        (dev / "html" / f"{stem}.html.gz").write_bytes(gzip.compress(html))


def test_load_wcxb_cases_reads_ground_truth_and_pages_in_id_order(tmp_path: Path) -> None:
    _write_wcxb_page(tmp_path, "0002", "forum", b"<p>two</p>")
    _write_wcxb_page(tmp_path, "0001", "article", b"<p>one</p>")
    _write_wcxb_page(tmp_path, "0003", "listing", html=None)  # no page: left out
    cases = load_wcxb_cases(tmp_path)
    assert [(c.id, c.kind) for c in cases] == [("0001", "article"), ("0002", "forum")]
    first = cases[0]
    assert first.url == "https://example.test/0001"
    assert first.main_content == "Body of 0001."
    assert (first.with_, first.without, first.author) == (("Body of",), ("Menu",), None)
    assert first.read() == b"<p>one</p>"
    assert [c.id for c in load_wcxb_cases(tmp_path, limit=1)] == ["0001"]


def test_load_wcxb_cases_without_the_corpus_is_empty(tmp_path: Path) -> None:
    assert load_wcxb_cases(tmp_path) == []


def test_run_benchmark_scores_wcxb_per_kind_and_detected_kinds(tmp_path: Path) -> None:
    _write_wcxb_page(tmp_path, "0001", "article")
    _write_wcxb_page(tmp_path, "0002", "forum")
    _write_wcxb_page(tmp_path, "0003", "forum")
    cases = load_wcxb_cases(tmp_path)

    def perfect(data: bytes, url: str | None) -> str:
        stem = (url or "").rsplit("/", 1)[-1]
        return kinded_text(f"Body of {stem}.", "article")

    def empty(data: bytes, url: str | None) -> str:
        return ""

    results = run_benchmark({"perfect": perfect, "trafilatura": empty}, cases, progress=False)
    good, bad = results["perfect"], results["trafilatura"]
    assert good.wcxb_kinds == ["article", "forum", "forum"]
    assert good.wcxb_average().f1 == 1.0
    assert bad.wcxb_average().empty == 3
    assert good.pages["wcxb"] == 3 and good.pages["snippets"] == 0
    assert good.detects_kinds and not bad.detects_kinds

    headers, rows = wcxb_table(results)
    assert headers[7:9] == ["article", "forum"]
    assert rows[0][:2] == ["perfect", "1.000"] and rows[1][1] == "0.000"

    kheaders, krows = kind_detection_table(good)
    table = {r[0]: dict(zip(kheaders, r, strict=True)) for r in krows}
    assert table["article"]["accuracy"] == "1.000"
    assert table["forum"]["right"] == "0"
    assert table["forum"]["taken for (others)"] == "article 2"
    assert table["article"]["precision"] == f"{1 / 3:.3f}"
    assert table["all"]["accuracy"] == f"{1 / 3:.3f}"

    summary = good.summary()["wcxb"]
    assert summary["kinds"]["forum"]["pages"] == 2
    assert summary["kind_detection"]["forum"] == {"article": 2}

    sheaders, srows = speed_table(results, ["wcxb"])
    assert sheaders == ["tool", "wcxb ms/page", "wcxb vs trafilatura"]
    assert srows[1][2] == "1.00x"


def test_speed_ratio_is_trafilaturas_time_over_the_tools() -> None:
    fast, slow = ToolResult("cleanscrape"), ToolResult("trafilatura")
    for result, ms in ((fast, 10), (slow, 30)):
        result.ns["snippets"], result.pages["snippets"] = ms * 4 * 10**6, 4
        result.ns["wcxb"], result.pages["wcxb"] = ms * 2 * 10**6, 1
    headers, rows = speed_table({"cleanscrape": fast, "trafilatura": slow}, ["snippets", "wcxb"])
    row = dict(zip(headers, rows[0], strict=True))
    assert row["snippets ms/page"] == "10.0" and row["wcxb ms/page"] == "20.0"
    assert row["all ms/page"] == "12.0"
    assert row["snippets vs trafilatura"] == "3.00x" and row["all vs trafilatura"] == "3.00x"


@pytest.mark.corpus
def test_the_wcxb_dev_split_loads_with_its_seven_kinds() -> None:
    corpora = find_corpora()
    if corpora is None or not (corpora / "wcxb" / "dev").is_dir():
        pytest.skip("shared/corpora/wcxb not found next to the repository")
    cases = load_wcxb_cases(corpora)
    assert len(cases) > 1000
    assert {c.kind for c in cases} == set(WCXB_KINDS)
    assert all(isinstance(c, WcxbCase) for c in cases)
    assert sum(c.url is not None for c in cases) > 0.95 * len(cases)  # a few have none
    assert sum(bool(c.main_content.strip()) for c in cases) > 0.95 * len(cases)
    assert cases[0].read().lstrip()[:1] == b"<"


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
