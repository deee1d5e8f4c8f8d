"""Public suffixes (``co.uk``, ``github.io``): domains no site rule may be written for.

A rule for a public suffix would apply to every site registered under it. The
list is the Public Suffix List, both its ICANN and its private sections, as the
``publicsuffixlist`` package ships it; it is read once, on the first rule loaded.
"""

from __future__ import annotations

from functools import cache

from publicsuffixlist import PublicSuffixList

__all__ = ["is_public_suffix"]


@cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()


def is_public_suffix(domain: str) -> bool:
    """Whether ``domain`` (lower case, no trailing dot) is a public suffix."""
    return bool(_suffixes().is_public(domain))
