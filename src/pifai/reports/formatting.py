"""How a raw document value is printed: the one place numbers, codes and absences become
text. An absent value is "—"; a number keeps its significant digits (no rounding a 0.0001 %
preservative to 0); a code is printed by its name in the report's language, or as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.reports.i18n import EN

DASH = "—"
# Concentrations keep six significant digits (formula sheets carry up to five decimals).
_PCT_DIGITS = 6
# Computed figures (SED, MoS, NOAEL, MW) print four significant digits, as `pifai assess` does.
_DIGITS = 4
_GROUPED_FROM = 1e4  # where four significant digits would switch to 1e+04


def number(value: Any, digits: int = _DIGITS) -> str:
    if value is None or value == "":
        return DASH
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if abs(value) >= _GROUPED_FROM:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def timestamp(value: str) -> str:
    """An ISO date stays as is; an ISO date-time is shown to the minute, UTC marked."""
    if "T" not in value:
        return value
    day, _, clock = value.partition("T")
    utc = clock.endswith(("+00:00", "Z"))
    return f"{day} {clock[:5]}{' UTC' if utc else ''}"


def _joined(values: list[Any], vocabulary: Mapping[str, str], lang: str, coded: bool) -> str:
    sep = ", " if lang == EN or not coded else "、"
    shown = [vocabulary.get(str(v), str(v)) if coded else str(v) for v in values if v is not None]
    return sep.join(shown) if shown else DASH


def display(value: Any, fmt: str, vocabulary: Mapping[str, str], lang: str) -> str:
    """``value`` as printed under display format ``fmt`` (see reports.blocks.FORMATS)."""
    if value is None or value == "" or value == []:
        return DASH
    if isinstance(value, list):
        return _joined(value, vocabulary, lang, coded=fmt in ("codes", "code", "verdict"))
    if isinstance(value, bool):
        return vocabulary.get("true" if value else "false", str(value))
    if fmt == "pct":
        return number(value, _PCT_DIGITS)
    if fmt == "number":
        return number(value)
    if fmt in ("code", "codes", "verdict"):
        return vocabulary.get(str(value), str(value))
    if fmt == "date" and isinstance(value, str):
        return timestamp(value)
    if isinstance(value, float):
        return number(value)
    return str(value)


def verdict_class(value: Any) -> str:
    """A CSS class for a verdict or severity cell: colour carries no meaning the words lack."""
    bad = {
        "prohibited",
        "over_limit",
        "not_permitted",
        "not_on_positive_list",
        "blocking",
        "insufficient_margin",
        "expired",
        "error",
    }
    warn = {"incomplete", "unknown", "review", "data_gap", "warning", "expiring"}
    if value in bad:
        return "v-bad"
    if value in warn:
        return "v-warn"
    return "v-ok" if value in ("compliant", "acceptable") else ""
