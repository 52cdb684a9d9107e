"""CAS Registry Numbers: format, check digit, and splitting the messy cells formulas carry.

A CAS number is 2-7 digits, 2 digits, 1 check digit ("7732-18-5"). The check digit is the
sum of the other digits, each weighted by its position counted from the right (1, 2, ...),
mod 10. Supplier sheets write them with odd dashes and spaces, several in one cell
("65-85-0/532-32-1", "8007-69-0, 84696-21-9"), or "/" and "-" for none; we keep the
numbers and report the invalid ones instead of dropping them silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = str.maketrans({c: "-" for c in _DASHES})
# A CAS-shaped token: digits-dash-2 digits-dash-1 digit, spaces allowed around the dashes.
_CAS_TOKEN = re.compile(r"(?<![\d-])(\d{2,7})\s*-\s*(\d{2})\s*-\s*(\d)(?![\d-])")
_DIGITS_ONLY = re.compile(r"(?<![\d-])\d{5,10}(?![\d-])")
_STRICT = re.compile(r"^\d{2,7}-\d{2}-\d$")


@dataclass(frozen=True)
class CasNumber:
    """One CAS number as written (normalised) and whether its check digit holds."""

    value: str
    valid: bool


def check_digit(digits: str) -> int:
    """The CAS check digit for the digits before it (registry and middle part, no dashes)."""
    return sum(int(d) * i for i, d in enumerate(reversed(digits), start=1)) % 10


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DASH_TABLE)


def normalise_cas(text: str) -> str | None:
    """Canonical "NNNNNNN-NN-N" form of one CAS number, or None if it is not CAS-shaped.

    Leading zeros are dropped; a bare digit string ("56815") is read as a CAS with the
    last digit as check digit. The check digit is NOT verified here (see `is_valid_cas`).
    """
    s = _clean(text).strip()
    m = _CAS_TOKEN.fullmatch(s)
    if m:
        head, mid, chk = m.groups()
    elif s.isdigit() and 5 <= len(s) <= 10:
        head, mid, chk = s[:-3], s[-3:-1], s[-1]
    else:
        return None
    head = head.lstrip("0")
    if len(head) < 2:
        return None
    return f"{head}-{mid}-{chk}"


def is_valid_cas(text: str) -> bool:
    """True when `text` is one CAS number in a recognisable format with a correct check digit."""
    norm = normalise_cas(text)
    if norm is None or not _STRICT.match(norm):
        return False
    head, mid, chk = norm.split("-")
    return check_digit(head + mid) == int(chk)


def parse_cas_cell(cell: str | None) -> list[CasNumber]:
    """Every CAS number found in a formula cell, in order, de-duplicated.

    Separators ("/", ",", ";", "and", new lines) and annotations ("(generic)", "(DL)")
    are ignored; "/", "-", "N/A" alone mean none and give an empty list.
    """
    if not cell:
        return []
    text = _clean(cell)
    found: list[tuple[int, str]] = []
    for m in _CAS_TOKEN.finditer(text):
        found.append((m.start(), f"{m.group(1).lstrip('0') or '0'}-{m.group(2)}-{m.group(3)}"))
    if not found:
        for m in _DIGITS_ONLY.finditer(text):
            norm = normalise_cas(m.group(0))
            if norm:
                found.append((m.start(), norm))
    out: list[CasNumber] = []
    seen: set[str] = set()
    for _, value in sorted(found):
        if value in seen:
            continue
        seen.add(value)
        out.append(CasNumber(value=value, valid=is_valid_cas(value)))
    return out
