"""The rules every extraction uses: ``CLEANSCRAPE_RULES`` folders, plugins, built-ins.

Each source is loaded lazily, on the first extraction that needs it, and kept as an
immutable :class:`RuleSet`. The caches are keyed by what the source depends on (the
variable's value, ``sys.path``), so changing either is seen without any reset call.
"""

from __future__ import annotations

import logging
import os
import sys
from functools import cache
from importlib.metadata import entry_points
from importlib.resources import files
from pathlib import Path
from types import ModuleType

from ..errors import RuleError
from .ruleset import RuleSet

__all__ = [
    "BUILTIN_DIR",
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "default_rules",
    "env_rules",
    "plugin_rules",
]

logger = logging.getLogger(__name__)

#: Environment variable naming extra rule folders, separated by :data:`os.pathsep`.
ENV_VAR = "CLEANSCRAPE_RULES"
#: Entry-point group through which installed packages contribute rules.
ENTRY_POINT_GROUP = "cleanscrape.rules"
#: The folder of rules shipped in the package.
BUILTIN_DIR = Path(__file__).parent / "builtin"


@cache
def _builtin() -> RuleSet:
    return RuleSet.from_dir(BUILTIN_DIR)


@cache
def _from_env(value: str) -> RuleSet:
    rules = RuleSet()
    for folder in filter(None, value.split(os.pathsep)):
        try:
            rules = rules.then(RuleSet.from_dir(folder, strict=False))
        except RuleError as exc:
            logger.warning("%s: %s", ENV_VAR, exc)
    return rules


def _plugin_source(value: object) -> RuleSet:
    """A plugin gives a package of rule files, a folder, a RuleSet, or a callable returning one."""
    if callable(value) and not isinstance(value, type):
        value = value()
    if isinstance(value, RuleSet):
        return value
    if isinstance(value, ModuleType):
        value = files(value)
    if isinstance(value, str | os.PathLike):
        return RuleSet.from_dir(os.fspath(value), strict=False)
    raise TypeError(f"expected a package, folder or RuleSet, got {type(value).__name__}")


def plugin_rules() -> RuleSet:
    """Load the rules of every installed plugin (entry-point group ``cleanscrape.rules``).

    A plugin that fails to load is logged and left out: one broken package must
    not stop extraction everywhere.
    """
    rules = RuleSet()
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            rules = rules.then(_plugin_source(entry.load()))
        # Plugin code is third-party: importing or calling it may raise anything,
        # sys.exit() included. Only a real interrupt (Ctrl-C) goes through.
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            logger.warning("rules plugin %r (%s) not loaded: %s", entry.name, entry.value, exc)
    return rules


@cache
def _plugins(search_path: tuple[str, ...]) -> RuleSet:
    # ``search_path`` is the cache key: installed plugins are a function of sys.path.
    del search_path
    return plugin_rules()


def env_rules() -> RuleSet:
    """The rules of the ``CLEANSCRAPE_RULES`` folders; a folder that cannot be read is
    logged as a warning and left out.

    Read once per value of the variable: the command calls this at its start, so a
    wrong value is reported whether or not any page has a URL to match rules with.
    """
    return _from_env(os.environ.get(ENV_VAR, ""))


def default_rules() -> RuleSet:
    """``CLEANSCRAPE_RULES`` folders, then plugins, then built-in rules, in that precedence."""
    return env_rules().then(_plugins(tuple(sys.path))).then(_builtin())
