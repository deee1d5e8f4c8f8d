"""Finding the rule for a URL: domains, subdomains, paths, precedence."""

from __future__ import annotations

import pytest

from cleanscrape.rules import Rule, RuleSet


def _rule(*domains: str, scope: str = "site", paths: tuple[str, ...] = (), name: str = "") -> Rule:
    return Rule(domains=domains, scope=scope, paths=paths, source=name or domains[0])  # type: ignore[arg-type]


def _source(rules: RuleSet, url: str) -> str | None:
    rule = rules.match(url)
    return rule.source if rule else None


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://example.com/a", "example.com"),
        ("https://www.example.com/a", "example.com"),
        ("https://news.example.com/a", "example.com"),
        ("https://EXAMPLE.com.:8080/a", "example.com"),
        ("https://example.org/a", None),
        ("https://notexample.com/a", None),
    ],
)
def test_domain_covers_itself_and_its_subdomains(url: str, source: str | None) -> None:
    assert _source(RuleSet([_rule("example.com")]), url) == source


def test_subdomain_rule_beats_domain_rule() -> None:
    rules = RuleSet([_rule("example.com"), _rule("news.example.com")])
    assert _source(rules, "https://news.example.com/a") == "news.example.com"


def test_path_rule_beats_rule_for_the_whole_domain() -> None:
    rules = RuleSet([_rule("example.com"), _rule("example.com", paths=("/blog/",), name="blog")])
    assert _source(rules, "https://example.com/blog/post") == "blog"
    assert _source(rules, "https://example.com/news/post") == "example.com"


def test_longer_path_prefix_wins() -> None:
    rules = RuleSet(
        [
            _rule("example.com", paths=("/a/",), name="short"),
            _rule("example.com", paths=("/a/b/",), name="long"),
        ]
    )
    assert _source(rules, "https://example.com/a/b/c") == "long"


def test_rule_with_paths_does_not_cover_other_paths() -> None:
    rules = RuleSet([_rule("example.com", paths=("/blog/",))])
    assert rules.match("https://example.com/shop/") is None


def test_first_rule_wins_a_tie() -> None:
    rules = RuleSet([_rule("example.com", name="first"), _rule("example.com", name="second")])
    assert _source(rules, "https://example.com/") == "first"


@pytest.mark.parametrize(
    ("host", "matches"),
    [("example.com", True), ("www.example.com", True), ("news.example.com", False)],
)
def test_fivefilters_plain_file_covers_the_host_and_www_only(host: str, matches: bool) -> None:
    rules = RuleSet([_rule("example.com", scope="host")])
    assert (rules.match(f"https://{host}/a") is not None) == matches


@pytest.mark.parametrize(
    ("host", "matches"),
    [("example.com", False), ("www.example.com", False), ("a.b.example.com", True)],
)
def test_fivefilters_dotted_file_covers_subdomains_only(host: str, matches: bool) -> None:
    rules = RuleSet([_rule("example.com", scope="subdomains")])
    assert (rules.match(f"https://{host}/a") is not None) == matches


def test_earlier_layer_wins_even_when_less_specific() -> None:
    user = RuleSet([_rule("example.com", name="user")])
    builtin = RuleSet([_rule("news.example.com", paths=("/a/",), name="builtin")])
    assert _source(user.then(builtin), "https://news.example.com/a/b") == "user"


def test_later_layer_is_used_when_earlier_has_no_match() -> None:
    user = RuleSet([_rule("other.org", name="user")])
    builtin = RuleSet([_rule("example.com", name="builtin")])
    assert _source(user.then(builtin), "https://example.com/") == "builtin"


@pytest.mark.parametrize("url", ["", "not a url", "file:///tmp/page.html", "http://[::1/"])
def test_url_without_a_host_matches_nothing(url: str) -> None:
    assert RuleSet([_rule("example.com")]).match(url) is None


def test_set_counts_and_iterates_rules_in_precedence_order() -> None:
    rules = RuleSet([_rule("a.org")]).then(RuleSet([_rule("b.org"), _rule("c.org")]))
    assert (len(rules), [r.source for r in rules]) == (3, ["a.org", "b.org", "c.org"])
