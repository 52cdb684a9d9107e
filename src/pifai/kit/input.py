"""The base of every request schema: unknown fields are refused, and text that PostgreSQL
cannot store or a person cannot see is refused with the field named.

PostgreSQL rejects NUL characters in text and JSON and non-finite numbers in JSON; SQLite
would store them or silently turn NaN into null. Both become a 422 here instead of a 500
or lost data.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# Bidirectional embeddings, overrides and isolates (Unicode UAX #9 §2): invisible, and able
# to make a name read as another ("Trojan Source", CVE-2021-42574).
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def json_safety_problem(value: Any, path: str = "") -> str | None:
    """The first thing in ``value`` that cannot be stored faithfully, or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"{path or 'value'} contains a NUL character"
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{path or 'value'} is not a finite number"
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                return f"a key in {path or 'value'} contains a NUL character"
            found = json_safety_problem(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = json_safety_problem(item, f"{path}[{index}]")
            if found:
                return found
    return None


def visible_length(text: str) -> int:
    """Characters a reader can see: not whitespace, controls or zero-width format marks."""
    return sum(
        1 for ch in text if not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf"}
    )


def _plain_text(value: str) -> str:
    """One-line or multi-line human text: no control characters but tab and newlines."""
    for ch in value:
        if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS:
            raise ValueError(f"contains the control character U+{ord(ch):04X}")
    return value


def _no_bidi_controls(value: str) -> str:
    for ch in value:
        if ch in _BIDI_CONTROLS:
            raise ValueError(f"contains the bidirectional control character U+{ord(ch):04X}")
    return value


def _one_line(value: str) -> str:
    """A name: one line, no control character at all, no bidirectional override."""
    for ch in value:
        if unicodedata.category(ch) == "Cc":
            raise ValueError(f"contains the control character U+{ord(ch):04X}; use one line")
    return _no_bidi_controls(value)


def _non_blank(value: str) -> str:
    value = value.strip()
    if visible_length(value) == 0:
        raise ValueError("must not be blank")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]
Name = Annotated[str, AfterValidator(_plain_text), AfterValidator(_non_blank)]
# The name of a person or an organisation (and the organisation's contact lines): shown on
# cover pages, in e-mails and in lists, so one plain line.
OneLineText = Annotated[str, AfterValidator(_one_line)]
PersonOrOrgName = Annotated[str, AfterValidator(_one_line), AfterValidator(_non_blank)]
# A postal address: lines allowed, bidirectional overrides not.
AddressText = Annotated[str, AfterValidator(_plain_text), AfterValidator(_no_bidi_controls)]
# Multi-line human text that must say something: stripped, and blank refused.
NonBlankText = Annotated[str, AfterValidator(_plain_text), AfterValidator(_non_blank)]


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        problem = json_safety_problem(value)
        if problem:
            raise ValueError(problem)
        return value
