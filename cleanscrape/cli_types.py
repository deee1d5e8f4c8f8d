"""Value types of the command's options: argparse calls them with the option's text,
and names the option in the usage error their ``ArgumentTypeError`` becomes (exit 2)."""

from __future__ import annotations

import argparse

__all__ = ["at_least_one", "not_negative", "positive_seconds", "seconds_or_zero", "size"]


def positive_seconds(text: str) -> float:
    """A number of seconds above zero (argparse names the option in its message)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return value


def seconds_or_zero(text: str) -> float:
    """A finite number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, not {text!r}")
    return value


def not_negative(text: str) -> int:
    """A whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text!r}")
    return value


def at_least_one(text: str) -> int:
    """A whole number from 1."""
    value = not_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text!r}")
    return value


def size(text: str) -> int:
    """A number of bytes, with an optional K, M or G (``512K``, ``5M``)."""
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
    number, unit = text.strip().upper().rstrip("B") or "0", ""
    if number[-1:] in units:
        number, unit = number[:-1], number[-1]
    if not number.isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 500000, 512K or 5M)")
    return int(number) * units[unit]
