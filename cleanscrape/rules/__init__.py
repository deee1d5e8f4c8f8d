"""Per-site rules: where a site keeps its article, and which boxes on it are not.

Rules come in TOML files (the native format, see ``docs/rules.md``) or FiveFilters
site config ``.txt`` files. :func:`cleanscrape.extract` applies the rule matching a
page's URL, looking in this order: the ``rules`` it is given, the folders named by
``CLEANSCRAPE_RULES``, installed plugins (entry-point group ``cleanscrape.rules``),
then the rules built into the package.
"""

from __future__ import annotations

from .defaults import ENTRY_POINT_GROUP as ENTRY_POINT_GROUP
from .defaults import ENV_VAR as ENV_VAR
from .defaults import default_rules as default_rules
from .defaults import plugin_rules as plugin_rules
from .learn import LearnedRule as LearnedRule
from .learn import LearnError as LearnError
from .learn import SourcePage as SourcePage
from .learn import learn as learn
from .model import Rule as Rule
from .model import RuleTest as RuleTest
from .model import Selector as Selector
from .ruleset import LoadReport as LoadReport
from .ruleset import RuleSet as RuleSet
from .ruleset import load_rules as load_rules

__all__ = [
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "LearnError",
    "LearnedRule",
    "LoadReport",
    "Rule",
    "RuleSet",
    "RuleTest",
    "Selector",
    "SourcePage",
    "default_rules",
    "learn",
    "load_rules",
    "plugin_rules",
]
