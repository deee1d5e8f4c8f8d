"""FiveFilters (Full-Text RSS) site config ``.txt`` files, read as :class:`Rule` values.

File names say which hosts a file covers, as in Full-Text RSS (a leading ``www.``
of the host is ignored): ``example.com.txt`` covers ``example.com`` and
``www.example.com``; ``.example.com.txt`` covers every subdomain but not those two;
``news.example.com.txt`` covers that host only.

Directives read: ``title``, ``author``, ``date``, ``body`` (XPath, tried in order),
``strip`` (XPath), ``strip_id_or_class`` (class or id containing the text),
``strip_image_src`` (``<img>`` whose ``src`` contains the text), ``prune``,
``single_page_link`` and ``next_page_link`` (XPath, followed by ``scrape`` only:
see :mod:`cleanscrape.pages`), ``test_url`` and ``test_contains``. Anything else
(``tidy``, ``find_string``, login settings...) is skipped with one debug line per file.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..errors import RuleError
from .model import Rule, RuleTest, Scope, Selector
from .selector import css_attribute_contains, parse_selector
from .suffixes import is_public_suffix

__all__ = ["load_fivefilters_rule", "parse_fivefilters_rule", "site_of_file"]

logger = logging.getLogger(__name__)

# ``name: value`` or ``name(argument): value``; the argument may itself hold
# parentheses (``replace_string(f(x);): ...``), hence the lazy match up to "):".
# The value runs to the end of the (stripped) line: a lazy value followed by
# "\s*$" was quadratic in a run of inner spaces (a 40 KB line took 16 s).
_DIRECTIVE = re.compile(r"^\s*(?P<name>[A-Za-z_]+)(?P<arg>\(.*?\))?\s*:\s?(?P<value>.*)$")
_FIELDS = {"title": "title", "author": "authors", "date": "date", "body": "body"}
# Links to other responses of the same story (used by cleanscrape.pages).
_LINKS = {"single_page_link": "single_page", "next_page_link": "next_page"}
_YES = {"yes", "true", "1"}
_NO = {"no", "false", "0"}
# A site file's name is a host name: at least two labels.
_SITE_NAME = re.compile(r"^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)+$")


def site_of_file(name: str) -> tuple[str, Scope] | None:
    """The domain and scope a FiveFilters file name covers, or ``None`` (``global.txt``)."""
    stem = name.lower().removesuffix(".txt")
    if not _SITE_NAME.match(stem):
        return None
    if stem.startswith("."):
        return stem[1:], "subdomains"
    return stem.removeprefix("www."), "host"


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.fields: dict[str, list[Selector]] = {
            n: [] for n in (*_FIELDS.values(), *_LINKS.values(), "remove")
        }
        self.tests: list[RuleTest] = []
        self.prune = True
        self.unknown: list[str] = []

    def add(self, name: str, value: str, line: int) -> None:
        if name in _FIELDS or name in _LINKS:
            selector = parse_selector(value, path=self.path, line=line, xpath=True)
            self.fields[_FIELDS.get(name) or _LINKS[name]].append(selector)
        elif name == "strip":
            self.fields["remove"].append(
                parse_selector(value, path=self.path, line=line, xpath=True)
            )
        elif name in ("strip_id_or_class", "strip_image_src"):
            self.fields["remove"].append(self._contains(name, _unquote(value), line))
        elif name == "prune":
            self.prune = self._flag(value, line)
        elif name == "test_url":
            self.tests.append(RuleTest(url=value, line=line))
        elif name == "test_contains":
            if not self.tests:
                raise RuleError("test_contains before any test_url", path=self.path, line=line)
            last = self.tests[-1]
            self.tests[-1] = RuleTest(
                url=last.url, contains=(*last.contains, value), line=last.line
            )
        else:
            self.unknown.append(f"{name}@{line}")

    def _contains(self, name: str, value: str, line: int) -> Selector:
        if not value:
            raise RuleError(f"{name} needs a value", path=self.path, line=line)
        if name == "strip_image_src":
            css = "img" + css_attribute_contains("src", value)
        else:
            css = f"{css_attribute_contains('class', value)}, {css_attribute_contains('id', value)}"
        # Built from an escaped value, the selector is valid: no need to compile it here.
        return Selector(f"{name}: {value}", "css", css, None, self.path, line)

    def _flag(self, value: str, line: int) -> bool:
        word = value.strip().lower()
        if word in _YES | _NO:
            return word in _YES
        raise RuleError(f"prune must be yes or no, not {value!r}", path=self.path, line=line)


def parse_fivefilters_rule(text: str, *, path: str, domain: str, scope: Scope) -> Rule:
    """Read one FiveFilters site config.

    Raises:
        RuleError: a line that is not ``directive: value`` or a bad XPath (file:line).
    """
    builder = _Builder(path)
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _DIRECTIVE.match(line)
        if match is None:
            raise RuleError(f"not a 'directive: value' line: {line[:60]!r}", path=path, line=number)
        if not match.group("value"):
            continue  # Full-Text RSS ignores directives without a value.
        name = match.group("name").lower()
        if match.group("arg") is not None:
            builder.unknown.append(f"{name}(...)@{number}")
            continue
        builder.add(name, match.group("value"), number)
    if builder.unknown:
        logger.debug("%s: skipped unsupported directives %s", path, ", ".join(builder.unknown))
    return Rule(
        domains=(domain,),
        scope=scope,
        title=tuple(builder.fields["title"]),
        authors=tuple(builder.fields["authors"]),
        date=tuple(builder.fields["date"]),
        body=tuple(builder.fields["body"]),
        remove=tuple(builder.fields["remove"]),
        prune=builder.prune,
        single_page=tuple(builder.fields["single_page"]),
        next_page=tuple(builder.fields["next_page"]),
        tests=tuple(builder.tests),
        source=path,
    )


def load_fivefilters_rule(path: Path) -> Rule | None:
    """Read the site config at ``path``; ``None`` when the name is not a site (``global.txt``).

    Raises:
        RuleError: the file cannot be read or has a bad line (file:line).
    """
    site = site_of_file(path.name)
    if site is None:
        return None
    if site[1] == "subdomains" and is_public_suffix(site[0]):
        raise RuleError(
            f"'.{site[0]}' is a public suffix: a rule for its subdomains would apply to "
            "every site under it; name the sites",
            path=str(path),
            line=1,
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read: {exc}", path=str(path)) from exc
    return parse_fivefilters_rule(text, path=str(path), domain=site[0], scope=site[1])
