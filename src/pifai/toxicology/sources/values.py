"""Reading loosely typed JSON from third parties: a wrong type or a placeholder ("-", "",
NaN) becomes None, so a bad field reads as "unknown" and never as a made-up value."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

PLACEHOLDERS = frozenset({"", "-", "--", "n/a", "na", "null", "none"})


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    return None if text.casefold() in PLACEHOLDERS else text


def as_float(value: Any) -> float | None:
    """A finite number from a number or a numeric string ("180.16")."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def as_year(value: Any) -> int | None:
    """A four-digit year from "1982" or 1982; placeholders and sentinels (-999) are None."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value).strip()
    return int(text) if len(text) == 4 and text.isdigit() else None


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
