"""benchmarks.errors on WCXB: snippet lists, presence, per-kind figures, the command.

Everything but the last test runs on synthetic inputs; the last one needs the WCXB dev
split in ``shared/corpora`` and is skipped without it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks.corpus import (
    CORPORA_ENV,
    SnippetCase,
    SnippetCounts,
    WcxbCase,
    WcxbScore,
    find_corpora,
)
from benchmarks.errors import (
    ALL_KINDS,
    TYPOGRAPHY,
    TYPOGRAPHY_FOLD,
    UNNORMALISED,
    WHITESPACE,
    Diagnosis,
    PageReport,
    PageText,
    analyse,
    analyse_page,
    format_kind_detection,
    format_page,
    format_wcxb_summary,
    group_by_kind,
    kind_figures,
    load_wcxb,
    main,
    parse_snippet_list,
    wcxb_summary,
    worst_by_f1,
)

# --- snippet lists -----------------------------------------------------------------------


def test_a_list_is_taken_as_it_is() -> None:
    assert parse_snippet_list(["a b", " c d "]) == ("a b", " c d ")
    assert parse_snippet_list(("a b",)) == ("a b",)


def test_a_string_holding_a_python_list_literal_is_read_as_the_list() -> None:
    value = """['first snippet', "it's the second", 'a "quoted" one']"""
    assert parse_snippet_list(value) == ("first snippet", "it's the second", 'a "quoted" one')


def test_a_string_holding_a_json_list_is_read_as_the_list() -> None:
    assert parse_snippet_list('["one", null, "two"]') == ("one", "two")
    assert parse_snippet_list('  ["one"]\n') == ("one",)


def test_nothing_gives_no_snippets() -> None:
    for value in (None, "", "   ", "[]", [], {"with": "x"}):
        assert parse_snippet_list(value) == ()


def test_a_string_holding_no_list_is_one_snippet() -> None:
    assert parse_snippet_list("just one snippet") == ("just one snippet",)
    broken = "['never closed', 'list"
    assert parse_snippet_list(broken) == (broken,)


def test_blank_and_non_text_items_are_dropped_and_numbers_kept() -> None:
    assert parse_snippet_list(["a", "", "  ", None, 2025, True, ["nested"], "b"]) == (
        "a",
        "2025",
        "b",
    )


def _write_page(
    root: Path, stem: str, kind: str, html: str, truth: dict[str, object] | None = None
) -> None:
    dev = root / "wcxb" / "dev"
    (dev / "ground-truth").mkdir(parents=True, exist_ok=True)
    (dev / "html").mkdir(parents=True, exist_ok=True)
    row: dict[str, object] = {
        "url": f"https://example.test/{stem}",
        "page_type": kind,
        "title": "T",
        "author": None,
        "publish_date": None,
        "main_content": "",
        "with": [],
        "without": [],
    }
    row.update(truth or {})
    (dev / "ground-truth" / f"{stem}.json").write_text(json.dumps(row), encoding="utf-8")
    (dev / "html" / f"{stem}.html.gz").write_bytes(gzip.compress(html.encode()))


def test_load_wcxb_reads_snippet_lists_stored_as_strings(tmp_path: Path) -> None:
    _write_page(tmp_path, "0001", "article", "<p>x</p>", {"with": "['Body of', \"it's\"]"})
    _write_page(tmp_path, "0002", "forum", "<p>x</p>", {"with": ["Body of"], "without": "['Menu']"})
    first, second = load_wcxb(tmp_path)
    assert first.with_ == ("Body of", "it's") and first.without == ()
    assert second.with_ == ("Body of",) and second.without == ("Menu",)


def test_load_wcxb_limits_after_choosing_the_kind(tmp_path: Path) -> None:
    for stem, kind in [("0001", "article"), ("0002", "forum"), ("0003", "forum")]:
        _write_page(tmp_path, stem, kind, "<p>x</p>")
    assert [c.id for c in load_wcxb(tmp_path, limit=1, kind="forum")] == ["0002"]
    assert [c.id for c in load_wcxb(tmp_path, kind="forum")] == ["0002", "0003"]
    assert [c.id for c in load_wcxb(tmp_path, limit=2)] == ["0001", "0002"]
    assert load_wcxb(tmp_path / "nothing") == []


# --- presence on WCXB ---------------------------------------------------------------------

_PAGE = (
    "<html><body><nav class='menu'><a href='/'>Home page</a></nav><h1>Headline</h1>"
    "<div class='post'><p>First paragraph of the article, long enough to be prose.</p>"
    "<p>Second paragraph: it\u2019s about the \u201cbest\u201d thing, and long too.</p></div>"
    "<footer>Copyright notice</footer></body></html>"
).encode()


def _wcxb(
    with_: list[str], without: list[str], kind: str = "article", stem: str = "0001"
) -> WcxbCase:
    return WcxbCase(
        id=stem,
        url=f"https://example.test/{stem}",
        kind=kind,
        path=Path("x"),
        main_content="",
        with_=tuple(with_),
        without=tuple(without),
    )


def test_wcxb_presence_is_case_insensitive_unlike_the_snippet_corpus() -> None:
    output = "FIRST PARAGRAPH of the article, long enough to be prose."
    wcxb = analyse_page(_wcxb(["First paragraph of"], []), output, None, _PAGE)
    assert (wcxb.counts.tp, wcxb.diagnoses) == (1, [])
    snippet_case = SnippetCase(url="u", path=Path("x"), with_=("First paragraph of",), without=())
    snippets = analyse_page(snippet_case, output, None, _PAGE)
    assert snippets.counts.fn == 1


def test_wcxb_snippet_broken_over_lines_is_a_whitespace_miss() -> None:
    output = "First paragraph\nof the article, long enough to be prose."
    (diagnosis,) = analyse_page(_wcxb(["paragraph of the"], []), output, None, _PAGE).diagnoses
    assert diagnosis.cause == WHITESPACE


def test_wcxb_snippet_typed_with_ascii_quotes_is_a_typography_miss() -> None:
    output = "Second paragraph: it\u2019s about the \u201cbest\u201d thing, and long too."
    report = analyse_page(_wcxb(['it\'s about the "best" thing'], []), output, None, _PAGE)
    assert [d.cause for d in report.diagnoses] == [TYPOGRAPHY]


def test_wcxb_decomposed_accents_are_still_named_as_such() -> None:
    page = "<html><body><p>Es wurde geprüft und bestätigt.</p></body></html>".encode()
    output = "Es wurde gepru\u0308ft und besta\u0308tigt."
    (diagnosis,) = analyse_page(_wcxb(["geprüft und"], []), output, None, page).diagnoses
    assert diagnosis.cause == UNNORMALISED


def test_folded_page_text_locates_snippets_typed_with_ascii_quotes() -> None:
    assert PageText(_PAGE).locate("it's about") == []
    (location,) = PageText(_PAGE, TYPOGRAPHY_FOLD).locate("it's about")
    assert location.node.tag == "p"


def test_wcxb_missed_snippet_with_ascii_quotes_is_located_in_the_page() -> None:
    output = "First paragraph of the article, long enough to be prose."
    case = _wcxb(["First paragraph of", "it's about the"], ["Home page"])
    causes = {d.snippet: d.cause for d in analyse_page(case, output, None, _PAGE).diagnoses}
    assert causes["it's about the"] != "missed: not in page text"


# --- per-kind figures ---------------------------------------------------------------------


def _report(
    stem: str,
    kind: str,
    f1: float,
    *,
    detected: str | None = None,
    missed: tuple[str, ...] = (),
    leaked: tuple[str, ...] = (),
    wanted: int = 4,
    unwanted: int = 2,
    empty: bool = False,
) -> PageReport:
    diagnoses = [Diagnosis("missed", f"m{i}", c) for i, c in enumerate(missed)]
    diagnoses += [Diagnosis("leaked", f"l{i}", c) for i, c in enumerate(leaked)]
    counts = SnippetCounts(
        tp=wanted - len(missed), fn=len(missed), fp=len(leaked), tn=unwanted - len(leaked)
    )
    return PageReport(
        case=_wcxb([], [], kind, stem),
        output="" if empty else "text",
        counts=counts,
        diagnoses=diagnoses,
        wcxb=WcxbScore(f1, f1, f1, 1.0 - len(missed) / wanted, len(leaked) / unwanted, empty),
        detected=detected,
    )


def _reports() -> list[PageReport]:
    return [
        _report("1", "forum", 0.5, detected="article", missed=("wrong container",) * 2),
        _report(
            "2",
            "article",
            1.0,
            detected="article",
            missed=("truncated article (end)",),
            leaked=("leaked footer", "leaked comments"),
        ),
        _report("3", "forum", 0.0, detected=None, missed=("empty output",) * 4, empty=True),
        _report("4", "forum", 0.7, detected="forum", leaked=("leaked footer",)),
        _report("5", "article", 0.8, detected="article", missed=("truncated article (end)",)),
    ]


def test_reports_are_grouped_by_label_in_wcxb_kind_order() -> None:
    groups = group_by_kind([*_reports(), _report("6", "zine", 1.0), _report("7", "service", 1.0)])
    assert list(groups) == ["article", "forum", "service", "zine"]
    assert [r.page_id for r in groups["forum"]] == ["wcxb/1", "wcxb/3", "wcxb/4"]


def test_kind_figures_count_pages_scores_blank_outputs_and_causes() -> None:
    forum = group_by_kind(_reports())["forum"]
    f = kind_figures(forum)
    assert f["pages"] == 3 and f["empty"] == 1
    assert f["f1"] == pytest.approx((0.5 + 0.0 + 0.7) / 3)
    assert (f["wanted"], f["missed"], f["unwanted"], f["leaked"]) == (12, 6, 6, 1)
    assert f["missed_causes"] == {
        "empty output": {"snippets": 4, "pages": 1},
        "wrong container": {"snippets": 2, "pages": 1},
    }
    assert f["leaked_causes"] == {"leaked footer": {"snippets": 1, "pages": 1}}
    assert f["kind_detection"] == {
        "right": 1,
        "accuracy": pytest.approx(1 / 3),
        "taken_for": {"article": 1, "none": 1},
    }


def test_causes_are_ordered_by_snippets_then_name() -> None:
    article = group_by_kind(_reports())["article"]
    f = kind_figures(article)
    assert list(f["missed_causes"].items()) == [
        ("truncated article (end)", {"snippets": 2, "pages": 2})
    ]
    assert list(f["leaked_causes"]) == ["leaked comments", "leaked footer"]


def test_kind_detection_is_left_out_when_the_tool_decides_no_kind() -> None:
    f = kind_figures([_report("1", "forum", 0.5), _report("2", "forum", 0.5)])
    assert "kind_detection" not in f
    assert format_kind_detection({"forum": f}, "resiliparse") is None


def test_summary_has_each_kind_then_all_pages() -> None:
    summary = wcxb_summary(_reports())
    assert list(summary) == ["article", "forum", ALL_KINDS]
    everything = summary[ALL_KINDS]
    assert everything["pages"] == 5
    assert everything["f1"] == pytest.approx((0.5 + 1.0 + 0.0 + 0.7 + 0.8) / 5)
    assert everything["missed_causes"]["truncated article (end)"] == {"snippets": 2, "pages": 2}
    assert everything["leaked_causes"]["leaked footer"] == {"snippets": 2, "pages": 2}
    assert everything["kind_detection"]["right"] == 3
    assert json.loads(json.dumps(summary)) == summary  # --json writes it as it is


def test_summary_text_has_the_accuracy_line_the_overview_and_a_block_per_kind() -> None:
    text = format_wcxb_summary(wcxb_summary(_reports()), "cleanscrape")
    lines = text.splitlines()
    assert lines[0] == (
        "page kind decided by cleanscrape vs label (accuracy): article 1.000 (2/2); "
        "forum 0.333 (1/3); all 0.600 (3/5)"
    )
    assert any(ln.split()[:3] == ["forum", "3", "0.400"] for ln in lines)
    assert any(ln.startswith("== forum: 3 pages; word F1 0.400") for ln in lines)
    assert "taken for article 1, none 1" in text
    assert any(ln.startswith("== all kinds: 5 pages") for ln in lines)
    assert "empty output" in text and "leaked footer" in text


def test_one_kind_alone_gets_no_overall_block() -> None:
    forum = group_by_kind(_reports())["forum"]
    text = format_wcxb_summary(wcxb_summary(forum), "cleanscrape")
    assert "== forum: 3 pages" in text and "== all kinds" not in text


def test_worst_pages_are_those_of_lowest_word_f1() -> None:
    worst = worst_by_f1(_reports(), 3)
    assert [r.page_id for r in worst] == ["wcxb/3", "wcxb/1", "wcxb/4"]


def test_a_wcxb_page_report_names_its_kind_and_the_decided_one() -> None:
    text = format_page(_report("1", "forum", 0.5, detected="article", missed=("wrong container",)))
    assert "wcxb/1 [kind forum, decided article]: word F1 0.500" in text
    assert "missed [wrong container] 'm0'" in text


class _Kinded(str):
    kind: str | None


def test_analyse_scores_wcxb_pages_and_keeps_the_decided_kind(tmp_path: Path) -> None:
    def tool(data: bytes, url: str | None) -> str:
        out = _Kinded("First paragraph of the article, long enough to be prose.\nHome page")
        out.kind = "forum"
        return out

    def silent(data: bytes, url: str | None) -> str:
        return ""

    page = tmp_path / "0001.html.gz"
    page.write_bytes(gzip.compress(_PAGE))
    case = WcxbCase(
        id="0001",
        url="https://example.test/0001",
        kind="article",
        path=page,
        main_content="First paragraph of the article.",
        with_=("First paragraph",),
        without=("Home page",),
    )
    (report,), _ = analyse(tool, [case], progress=False)
    assert report.detected == "forum" and report.label == "article"
    assert report.wcxb is not None and report.wcxb.recall == 1.0 and report.wcxb.f1 < 1.0
    assert [(d.kind, d.cause) for d in report.diagnoses] == [("leaked", "leaked navigation")]
    (blank,), _ = analyse(silent, [case], progress=False)
    assert blank.detected is None and blank.wcxb is not None and blank.wcxb.empty


# --- the command --------------------------------------------------------------------------

_ARTICLE = (
    "<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> "
    "<a href='/menu'>Menu</a></nav><article><h1>{title}</h1>"
    "<p>Body of the page starts here and says enough to be an article about {title}.</p>"
    "<p>A second paragraph of the same story, long enough as well to be kept.</p>"
    "</article><footer>Copyright notice</footer></body></html>"
)


def _corpus(root: Path) -> None:
    for stem, kind in [("0001", "article"), ("0002", "forum"), ("0003", "forum")]:
        truth = {
            "main_content": "Body of the page starts here and says enough to be an article.",
            "with": "['Body of the page', 'A second paragraph']",
            "without": ["Copyright notice", "Menu"],
        }
        _write_page(root, stem, kind, _ARTICLE.format(title=f"Story {stem}"), truth)


def test_kind_needs_the_wcxb_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--kind", "forum"]) == 2
    assert "--corpus wcxb" in capsys.readouterr().err


def test_command_on_a_synthetic_wcxb_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _corpus(tmp_path / "corpora")
    monkeypatch.setenv(CORPORA_ENV, str(tmp_path / "corpora"))
    out = tmp_path / "out" / "errors.json"
    assert main(["--corpus", "wcxb", "--show", "2", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "on 3 WCXB dev pages" in text
    assert "== article: 1 pages" in text and "== forum: 2 pages" in text
    assert text.count("[kind forum, decided ") + text.count("[kind article, decided ") == 2
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["corpus"] == "wcxb" and list(data["summary"]) == ["article", "forum", "all"]
    assert data["summary"]["all"]["pages"] == 3
    assert data["summary"]["all"]["wanted"] == 6  # the string-held lists were read as lists
    page = data["pages"][0]
    assert {"id", "kind", "detected_kind", "f1", "diagnoses"} <= set(page)


def test_command_restricted_to_one_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _corpus(tmp_path)
    monkeypatch.setenv(CORPORA_ENV, str(tmp_path))
    assert main(["--corpus", "wcxb", "--kind", "forum", "--page", "0003"]) == 0
    text = capsys.readouterr().out
    assert "on 1 WCXB dev pages of kind forum" in text
    assert "== article" not in text and "output:" in text


# --- the real corpus ----------------------------------------------------------------------


@pytest.mark.corpus
def test_command_on_the_first_wcxb_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpora = find_corpora()
    if corpora is None or not (corpora / "wcxb" / "dev").is_dir():
        pytest.skip("shared/corpora/wcxb not found next to the repository")
    monkeypatch.setenv(CORPORA_ENV, str(corpora))
    out = tmp_path / "errors.json"
    assert main(["--corpus", "wcxb", "--limit", "20", "--show", "3", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "on 20 WCXB dev pages" in text and "word F1" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    summary = data["summary"]
    assert summary["all"]["pages"] == 20 == len(data["pages"])
    assert sum(f["pages"] for kind, f in summary.items() if kind != "all") == 20
    assert 0.0 <= summary["all"]["f1"] <= 1.0
    for page in data["pages"]:
        diagnosed = [d["kind"] for d in page["diagnoses"]]
        assert diagnosed.count("missed") == page["fn"]
        assert diagnosed.count("leaked") == page["fp"]
