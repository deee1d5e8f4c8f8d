"""The TOML rule format: one file per site (see ``docs/rules.md`` for every key)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import RuleError
from .model import Rule, RuleTest, Selector
from .selector import parse_selector
from .suffixes import is_public_suffix

__all__ = ["DOMAIN_NAME", "load_toml_rule", "parse_toml_rule"]

_TOP_KEYS = {"domains", "paths", "title", "authors", "date", "body", "tests"}
_FIELD_KEYS = {"select"}
_BODY_KEYS = {"select", "remove", "keep", "favor", "prune"}
_FAVOR = ("precision", "balanced", "recall")
_TEST_KEYS = {"fixture", "url", "contains", "absent", "title", "authors", "date"}
#: A host name of two labels or more, lower case, as rules name sites.
DOMAIN_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")

_TABLE_ARRAY = re.compile(r"^\s*\[\[\s*([\w.-]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([\w.-]+)\s*\]")
_KEY = re.compile(r"^\s*([\w.-]+)\s*=")
_DECODE_LINE = re.compile(r"at line (\d+)")


class _Lines:
    """Finds the line of a key (tomllib keeps no positions), for file:line messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.keys: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        arrays: dict[str, int] = {}
        for number, line in enumerate(self.lines, 1):
            if match := _TABLE_ARRAY.match(line):
                name = match.group(1)
                arrays[name] = arrays.get(name, -1) + 1
                table = (name, str(arrays[name]))
                self.keys.setdefault(table, number)
            elif match := _TABLE.match(line):
                table = tuple(match.group(1).split("."))
                self.keys.setdefault(table, number)
            elif match := _KEY.match(line):
                self.keys.setdefault((*table, *match.group(1).split(".")), number)

    def of(self, *key: str) -> int | None:
        """The line of ``key`` (or of its closest enclosing table)."""
        while key:
            if key in self.keys:
                return self.keys[key]
            key = key[:-1]
        return None

    def of_value(self, value: str, *key: str) -> int | None:
        """The line, at or after ``key``'s, holding ``value`` (items of multi-line arrays)."""
        start = self.of(*key)
        if start is None:
            return None
        for number in range(start, len(self.lines) + 1):
            if value in self.lines[number - 1]:
                return number
        return start


class _Reader:
    def __init__(self, path: str, lines: _Lines) -> None:
        self.path = path
        self.lines = lines

    def error(self, message: str, *key: str) -> RuleError:
        return RuleError(message, path=self.path, line=self.lines.of(*key))

    def table(self, value: object, allowed: set[str], *key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(f"'{'.'.join(key)}' must be a table", *key)
        for name in value:
            if name not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.error(
                    f"unknown key '{'.'.join((*key, name))}' (known: {known})", *key, name
                )
        return value

    def strings(self, value: object, *key: str) -> tuple[str, ...]:
        """A string or a list of strings (a lone string is a one-item list)."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise self.error(f"'{'.'.join(key)}' must be a string or a list of strings", *key)
        return tuple(items)

    def selectors(self, value: object, *key: str, values: bool) -> tuple[Selector, ...]:
        return tuple(
            parse_selector(
                text,
                path=self.path,
                line=self.lines.of_value(text, *key),
                attribute_allowed=values,
            )
            for text in self.strings(value, *key)
        )


def _fields(reader: _Reader, data: dict[str, Any]) -> dict[str, tuple[Selector, ...]]:
    found: dict[str, tuple[Selector, ...]] = {}
    for name in ("title", "authors", "date"):
        if name in data:
            table = reader.table(data[name], _FIELD_KEYS, name)
            found[name] = reader.selectors(table.get("select", []), name, "select", values=True)
    if "body" in data:
        table = reader.table(data["body"], _BODY_KEYS, "body")
        found["body"] = reader.selectors(table.get("select", []), "body", "select", values=False)
        found["remove"] = reader.selectors(table.get("remove", []), "body", "remove", values=False)
        found["keep"] = reader.selectors(table.get("keep", []), "body", "keep", values=False)
    return found


def _body_switches(reader: _Reader, data: dict[str, Any]) -> dict[str, Any]:
    """``[body] favor`` and ``prune``, checked (the table's keys are checked by ``_fields``)."""
    table = data.get("body")
    if not isinstance(table, dict):
        return {}
    found: dict[str, Any] = {}
    if "favor" in table:
        favor = table["favor"]
        if favor not in _FAVOR:
            raise reader.error(
                f"'body.favor' must be one of {', '.join(map(repr, _FAVOR))}", "body", "favor"
            )
        found["favor"] = favor
    if "prune" in table:
        if not isinstance(table["prune"], bool):
            raise reader.error("'body.prune' must be true or false", "body", "prune")
        found["prune"] = table["prune"]
    return found


def _optional_string(reader: _Reader, entry: dict[str, Any], *key: str) -> str | None:
    if key[-1] not in entry:
        return None
    value = entry[key[-1]]
    if not isinstance(value, str):
        raise reader.error(f"'{key[-1]}' must be a string", *key)
    return value


# The package's own rules keep their test pages in the repository's fixtures/
# folder, beside every other test page; only they may point outside their folder.
_BUILTIN = Path(__file__).resolve().parent / "builtin"


def _trusted(base: Path) -> bool:
    return base.resolve() == _BUILTIN


def _tests(reader: _Reader, value: object, base: Path) -> tuple[RuleTest, ...]:
    if not isinstance(value, list):
        raise reader.error("'tests' must be an array of tables: write [[tests]]", "tests")
    tests = []
    for index, item in enumerate(value):
        key = ("tests", str(index))
        entry = reader.table(item, _TEST_KEYS, *key)
        for required in ("fixture", "url"):
            if not isinstance(entry.get(required), str):
                raise reader.error(f"[[tests]] needs '{required}' (a string)", *key)
        fixture = (base / entry["fixture"]).resolve()
        if not _trusted(base) and not fixture.is_relative_to(base.resolve()):
            raise reader.error(
                f"fixture {entry['fixture']!r} is outside the rule's folder", *key, "fixture"
            )
        tests.append(
            RuleTest(
                url=entry["url"],
                fixture=str(fixture),
                contains=reader.strings(entry.get("contains", []), *key, "contains"),
                absent=reader.strings(entry.get("absent", []), *key, "absent"),
                title=_optional_string(reader, entry, *key, "title"),
                authors=reader.strings(entry["authors"], *key, "authors")
                if "authors" in entry
                else None,
                date=_optional_string(reader, entry, *key, "date"),
                line=reader.lines.of(*key),
            )
        )
    return tuple(tests)


def _domains(reader: _Reader, data: dict[str, Any]) -> tuple[str, ...]:
    if "domains" not in data:
        raise RuleError("missing 'domains' (the sites the rule is for)", path=reader.path, line=1)
    domains = []
    for domain in reader.strings(data["domains"], "domains"):
        name = domain.strip().lower().rstrip(".").removeprefix("www.")
        if not DOMAIN_NAME.match(name):
            raise reader.error(f"'{domain}' is not a domain name like example.com", "domains")
        if is_public_suffix(name):
            raise reader.error(
                f"'{domain}' is a public suffix: a rule for it would apply to every site "
                "under it; name the sites",
                "domains",
            )
        domains.append(name)
    if not domains:
        raise reader.error("'domains' is empty", "domains")
    return tuple(domains)


def _deepest_line(text: str) -> int:
    """The line where brackets and braces nest deepest: where a too-deep value is."""
    depth = deepest = 0
    line = where = 1
    for char in text:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif char in "]}":
            depth -= 1
        elif char == "\n":
            line += 1
    return where


def parse_toml_rule(text: str, *, path: str) -> Rule:
    """Read a TOML rule from ``text``; fixtures resolve relative to ``path``'s folder.

    Raises:
        RuleError: bad TOML, an unknown key, a bad selector or a missing value (file:line).
    """
    try:
        data = tomllib.loads(text)
    except RecursionError as exc:  # tomllib recurses once per level of nested arrays/tables
        line = _deepest_line(text)
        raise RuleError("bad TOML: nested too deeply", path=path, line=line) from exc
    except tomllib.TOMLDecodeError as exc:
        where = _DECODE_LINE.search(str(exc))
        line = int(where.group(1)) if where else len(text.splitlines()) or 1  # "at end of document"
        raise RuleError(f"bad TOML: {exc}", path=path, line=line) from exc
    reader = _Reader(path, _Lines(text))
    reader.table(data, _TOP_KEYS)
    paths = reader.strings(data.get("paths", []), "paths")
    for prefix in paths:
        if not prefix.startswith("/"):
            raise reader.error(f"path prefix {prefix!r} must start with '/'", "paths")
    fields = _fields(reader, data)
    return Rule(
        domains=_domains(reader, data),
        scope="site",
        paths=paths,
        tests=_tests(reader, data.get("tests", []), Path(path).parent),
        source=path,
        title=fields.get("title", ()),
        authors=fields.get("authors", ()),
        date=fields.get("date", ()),
        body=fields.get("body", ()),
        remove=fields.get("remove", ()),
        keep=fields.get("keep", ()),
        **_body_switches(reader, data),
    )


def load_toml_rule(path: Path) -> Rule:
    """Read the TOML rule file at ``path``.

    Raises:
        RuleError: the file cannot be read, or is not a valid rule (with its line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read: {exc}", path=str(path)) from exc
    return parse_toml_rule(text, path=str(path))
