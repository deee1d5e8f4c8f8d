"""Site names removed from titles; headline punctuation kept."""

from __future__ import annotations

from cleanscrape.metadata.titles import clean_title


def test_suffix_named_by_site_name_is_removed() -> None:
    assert clean_title("Storm closes passes | Example Times", site_names=["Example Times"]) == (
        "Storm closes passes",
        "Example Times",
    )


def test_prefix_named_by_site_name_is_removed() -> None:
    assert clean_title("Example Times - Storm closes passes", site_names=["Example Times"])[0] == (
        "Storm closes passes"
    )


def test_colon_in_headline_is_kept() -> None:
    assert clean_title("Brexit: what happens next - The Paper", site_names=["The Paper"])[0] == (
        "Brexit: what happens next"
    )


def test_colon_is_not_a_site_separator() -> None:
    assert clean_title("Example Times: a short note")[0] == "Example Times: a short note"


def test_heading_settles_which_parts_are_the_headline() -> None:
    title = "Get your code covered | Code | Jane Doe"
    assert clean_title(title, headings=["Get your code covered"])[0] == "Get your code covered"


def test_heading_equal_to_whole_title_keeps_its_dash() -> None:
    title = "Mid-century chairs - a retrospective"
    assert clean_title(title, headings=[title])[0] == title


def test_dash_clause_without_evidence_is_kept() -> None:
    title = "Markets fall sharply - what it means for you"
    assert clean_title(title)[0] == title


def test_short_tail_after_pipe_is_cut_without_evidence() -> None:
    assert clean_title("Ten ways to fix a bike | Wheelhouse")[0] == "Ten ways to fix a bike"


def test_short_title_keeps_its_tail() -> None:
    assert clean_title("Home | Shop")[0] == "Home | Shop"


def test_host_label_names_the_site() -> None:
    assert clean_title("Ten ways to fix a bike - Wheelhouse", site_names=["wheelhouse"])[0] == (
        "Ten ways to fix a bike"
    )


def test_site_word_inside_headline_is_not_a_site_part() -> None:
    title = "How we built Example's sync engine - an async story"
    assert clean_title(title, site_names=["example"])[0] == title


def test_cjk_underscore_suffix_is_cut() -> None:
    assert clean_title(
        "宇航员在太空中喝酒会怎么样_探索者_光明网", headings=["宇航员在太空中喝酒会怎么样"]
    )[0] == ("宇航员在太空中喝酒会怎么样")


def test_heading_that_is_the_site_logo_does_not_pick_the_site_part() -> None:
    title = "Ten ways to fix a bike | Wheelhouse"
    assert clean_title(title, site_names=["Wheelhouse"], headings=["Wheelhouse"])[0] == (
        "Ten ways to fix a bike"
    )


def test_longest_heading_run_wins_over_a_section_heading() -> None:
    title = "Example Office - Notices - New rules for tobacco duty"
    headings = ["Example", "Notices", "New rules for tobacco duty"]
    assert clean_title(title, headings=headings)[0] == "New rules for tobacco duty"


def test_short_tails_are_cut_one_after_another() -> None:
    title = "Why nobody reads the manual » Tech Notes - Blog Network"
    assert clean_title(title)[0] == "Why nobody reads the manual"


def test_heading_without_a_colon_label_drops_the_label() -> None:
    title = "Example Office: Painter designs the front page"
    assert clean_title(title, headings=["Painter designs the front page"]) == (
        "Painter designs the front page",
        "Example Office",
    )


def test_short_heading_beside_a_long_site_part_is_a_logo() -> None:
    title = "Cannot mount the backup drive after upgrading the kernel - Tinkerers"
    assert clean_title(title, headings=["Tinkerers"])[0] == (
        "Cannot mount the backup drive after upgrading the kernel"
    )


def test_a_part_naming_the_author_is_a_personal_site_not_the_headline() -> None:
    title = "On Recent Events - Marta J. Lindqvist ( Marta ) ( mlq )"
    assert clean_title(title, headings=["On Recent Events"], authors=["Marta J. Lindqvist"]) == (
        "On Recent Events",
        "Marta J. Lindqvist ( Marta ) ( mlq )",
    )


def test_section_between_headline_and_site_goes_with_the_site() -> None:
    title = "Which tent for a windy ridge? / Camping Gear / Example Outdoor Forums"
    assert clean_title(title, site_names=["exampleoutdoor"])[0] == "Which tent for a windy ridge?"


def test_dash_clause_before_the_site_name_stays() -> None:
    title = "Markets fall sharply - what it means - Example News"
    assert clean_title(title, site_names=["Example News"])[0] == (
        "Markets fall sharply - what it means"
    )
