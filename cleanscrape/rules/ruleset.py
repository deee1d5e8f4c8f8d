"""Rule sets: loading folders of rule files, and finding the rule for a URL.

A :class:`RuleSet` is an ordered stack of layers (user rules, then plugin rules,
then built-in rules). Each layer indexes its rules by domain, so finding the rule
for a URL costs one dictionary look-up per label of its host per layer, however
many rules are loaded. Within a layer the most specific rule wins: a longer
matching domain (a subdomain over its parent), then a longer matching path prefix,
then the file loaded first (folders load in file-name order, TOML before ``.txt``
for the same site). Across layers the first layer with a match wins, so a user's
rule for ``example.com`` replaces a built-in one even where the built-in is more
specific: your rules are never second-guessed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import RuleError
from .fivefilters import load_fivefilters_rule
from .model import Rule
from .toml_format import load_toml_rule

__all__ = ["LoadReport", "RuleSet", "load_rules"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What loading a folder gave: the rules, the files that failed, the files ignored."""

    rules: tuple[Rule, ...]
    problems: tuple[RuleError, ...]
    ignored: tuple[str, ...]


def _rule_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise RuleError("no such rules folder or file", path=str(path))
    files = [Path(entry.path) for entry in os.scandir(path) if entry.is_file()]
    # TOML first for the same site name: it is the native, richer format.
    return sorted(
        (f for f in files if f.suffix in (".toml", ".txt")),
        key=lambda f: (f.name.removesuffix(f.suffix), f.suffix != ".toml"),
    )


def load_rules(path: str | os.PathLike[str]) -> LoadReport:
    """Load every ``*.toml`` and FiveFilters ``*.txt`` rule file in a folder (or one file).

    A file with a problem is left out whole and reported; the others load.

    Raises:
        RuleError: ``path`` is neither a folder nor a file.
    """
    rules: list[Rule] = []
    problems: list[RuleError] = []
    ignored: list[str] = []
    for file in _rule_files(Path(path)):
        try:
            rule = load_toml_rule(file) if file.suffix == ".toml" else load_fivefilters_rule(file)
        except RuleError as exc:
            problems.append(exc)
            continue
        if rule is None:
            ignored.append(str(file))
        else:
            rules.append(rule)
    return LoadReport(tuple(rules), tuple(problems), tuple(ignored))


def _host_and_path(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # malformed, e.g. an unclosed IPv6 bracket
        return None
    if not host:
        return None
    return host.rstrip(".").removeprefix("www."), parts.path or "/"


class _Layer:
    __slots__ = ("by_domain", "rules")

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.by_domain: dict[str, list[tuple[int, Rule]]] = {}
        for order, rule in enumerate(rules):
            for domain in rule.domains:
                self.by_domain.setdefault(domain, []).append((order, rule))

    def match(self, labels: list[str], path: str) -> Rule | None:
        best: Rule | None = None
        best_key = (-1, -1, 0)
        for start in range(len(labels)):
            for order, rule in self.by_domain.get(".".join(labels[start:]), ()):
                if not rule.covers(exact=start == 0):
                    continue
                prefix = rule.path_match(path)
                key = (len(labels) - start, prefix, -order)
                if prefix >= 0 and key > best_key:
                    best, best_key = rule, key
        return best


class RuleSet:
    """An immutable, ordered collection of site rules, indexed by domain.

    Build one with :meth:`from_dir` (or from :class:`Rule` values), stack sets with
    :meth:`then`, and ask :meth:`match` for the rule of a URL.
    """

    __slots__ = ("_layers",)

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        """Make a one-layer set of ``rules`` (earlier rules win ties)."""
        rules = tuple(rules)
        self._layers: tuple[_Layer, ...] = (_Layer(rules),) if rules else ()

    @classmethod
    def from_dir(cls, path: str | os.PathLike[str], *, strict: bool = True) -> RuleSet:
        """Load a folder of ``*.toml`` and FiveFilters ``*.txt`` rules (or a single file).

        Args:
            path: the folder (not searched recursively) or one rule file.
            strict: raise on the first bad file; with ``False``, log a warning per
                bad file and load the others.

        Raises:
            RuleError: a bad file (file:line) when ``strict``, or a missing folder.
        """
        report = load_rules(path)
        for problem in report.problems:
            if strict:
                raise problem
            logger.warning("rule skipped: %s", problem)
        return cls(report.rules)

    def then(self, other: RuleSet) -> RuleSet:
        """A set that tries this set's rules first, then ``other``'s."""
        combined = RuleSet()
        combined._layers = self._layers + other._layers
        return combined

    def match(self, url: str) -> Rule | None:
        """The rule for ``url``: the most specific match of the first layer that has one."""
        where = _host_and_path(url)
        if where is None:
            return None
        labels = where[0].split(".")
        path = where[1]
        for layer in self._layers:
            rule = layer.match(labels, path)
            if rule is not None:
                return rule
        return None

    def __iter__(self) -> Iterator[Rule]:
        for layer in self._layers:
            yield from layer.rules

    def __len__(self) -> int:
        return sum(len(layer.rules) for layer in self._layers)

    def __bool__(self) -> bool:
        return bool(self._layers)

    def __repr__(self) -> str:
        return f"<RuleSet {len(self)} rules in {len(self._layers)} layers>"
