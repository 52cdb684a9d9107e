"""Reading an amount cell (% w/w) as suppliers write it.

Formulas arrive with "0,5" (decimal comma), "1.20 %", "<1", "1–5", "0.1~0.5", "q.s.",
"ad 100", "適量" or a bare number from a spreadsheet. Everything that is not a usable
percentage becomes an `AmountError` whose message says what is wrong, so the parsers can
turn it into a `RowProblem` on the field "amount" instead of crashing or guessing.
Ranges stay ranges; safety is judged at the upper bound (`Amount.upper`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time

from pifai.formulas.model import Amount, AmountKind, Location, RowProblem, Severity

MAX_PERCENT = 100.0  # % w/w of the finished product can never exceed the whole
PPM_PER_PERCENT = 10_000.0

_NUMBER = r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:e[-+]?[0-9]+)?"
_UNIT = r"\s*(?:%|％|wt\.?\s*%|%\s*w/w|w/w\s*%?|ppm)?"
_EXACT = re.compile(rf"(?P<a>-?{_NUMBER})(?P<unit>{_UNIT})")
_RANGE = re.compile(
    rf"(?P<a>-?{_NUMBER}){_UNIT}\s*(?:-|~|〜|\.\.|to|至)\s*(?P<b>-?{_NUMBER})(?P<unit>{_UNIT})"
)
_LESS_WORDS = r"(?:<=?|≤|≦|less\s*than|max(?:imum)?\.?|up\s*to|不超過|不超过|低於|低于)"
_LESS = re.compile(rf"{_LESS_WORDS}\s*(?P<a>{_NUMBER})(?P<unit>{_UNIT})")
_MORE = re.compile(rf"(?:>=?|≥|≧|more\s*than|min(?:imum)?\.?)\s*{_NUMBER}{_UNIT}")
_APPROX = re.compile(r"^(?:ca\.?|approx\.?|about|約|约|~|≈)\s*")
_BALANCE = re.compile(
    r"(?:q\.?\s*s\.?\s*p?\.?|ad\.?|to|up\s*to|add\s*to|make\s*up\s*to|balance|bal\.?|rest|"
    r"remainder|適量|适量|餘量|余量|補足|补足|加至|補至|补至|補足至|补足至|加水至)"
    r"(?:\s*(?:ad|to)?\s*100(?:\.0+)?\s*%?)?"
)
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "～": "~"})


class AmountError(ValueError):
    """The cell holds something that is not a usable % w/w; the message says why."""


def parse_amount(value: object) -> Amount:
    """Read one amount cell. Blank → `Amount.missing("")`; unusable → `AmountError`."""
    if value is None:
        return Amount.missing("")
    if isinstance(value, bool):
        raise AmountError(f"{value!r} is not an amount")
    if isinstance(value, int | float):
        return _from_number(float(value), number_text(float(value)))
    if isinstance(value, datetime | date | time):
        raise AmountError(
            f"the cell holds a date ({value}); Excel turns ranges like 1-5 into dates — "
            "format the column as text and type the amount again"
        )
    text = str(value).strip()
    if not text:
        return Amount.missing("")
    return _from_text(text)


def read_amount(value: object, location: Location) -> tuple[Amount, RowProblem | None]:
    """`parse_amount` for one row: a blank or unusable amount keeps the row (as
    `Amount.missing`) and comes back with an error naming the row and field."""
    try:
        amount = parse_amount(value)
    except AmountError as exc:
        text = "" if value is None else str(value).strip()
        return Amount.missing(text), RowProblem(location, str(exc), Severity.ERROR, "amount")
    if amount.kind is AmountKind.MISSING:
        message = "no amount given (% w/w); every ingredient needs one"
        return amount, RowProblem(location, message, Severity.ERROR, "amount")
    return amount, None


def _from_text(text: str) -> Amount:
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES).strip().lower()
    folded = re.sub(r"\s+", " ", folded)
    if _BALANCE.fullmatch(folded):
        return Amount(AmountKind.BALANCE, None, None, text)
    folded = _APPROX.sub("", folded)
    if match := _RANGE.fullmatch(folded):
        unit = match["unit"]
        low = _to_float(match["a"], unit, text)
        high = _to_float(match["b"], unit, text)
        return _range(low, high, text)
    if match := _LESS.fullmatch(folded):
        bound = _to_float(match["a"], match["unit"], text)
        _check_bounds(bound, text)
        return Amount(AmountKind.LESS_THAN, 0.0, bound, text)
    if _MORE.fullmatch(folded):
        raise AmountError(
            f"{text!r} gives only a lower bound; safety is judged at the upper bound, "
            "so give the amount or a range"
        )
    if match := _EXACT.fullmatch(folded):
        return _from_number(_to_float(match["a"], match["unit"], text), text)
    raise AmountError(f"{text!r} is not a readable amount (expected e.g. 0.5, 1-5, <1 or q.s.)")


def _to_float(number: str, unit: str | None, text: str) -> float:
    if number.count(",") > 1 or ("," in number and "." in number):
        raise AmountError(f"{text!r} is not a readable amount (use one decimal separator)")
    value = float(number.replace(",", "."))
    if not math.isfinite(value):
        raise AmountError(f"{text!r} is not a finite number")
    if unit and "ppm" in unit:
        value /= PPM_PER_PERCENT
    return value


def _from_number(value: float, text: str) -> Amount:
    if not math.isfinite(value):
        raise AmountError(f"{text!r} is not a finite number")
    _check_bounds(value, text)
    return Amount(AmountKind.EXACT, value, value, text)


def _range(low: float, high: float, text: str) -> Amount:
    _check_bounds(low, text)
    _check_bounds(high, text)
    if low > high:
        raise AmountError(f"the range {text!r} runs backwards (low above high)")
    if low == high:
        return Amount(AmountKind.EXACT, low, high, text)
    return Amount(AmountKind.RANGE, low, high, text)


def _check_bounds(value: float, text: str) -> None:
    if value < 0:
        raise AmountError(f"{text!r} is negative; an amount is between 0 and 100 %")
    if value > MAX_PERCENT:
        raise AmountError(f"{text!r} is more than 100 %; an amount is between 0 and 100 %")


def number_text(value: float) -> str:
    """A spreadsheet number as a person would read it ("93", "0.0005", "6e-05")."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def format_percent(value: float) -> str:
    """Short, stable text for a computed % (12 significant digits, no float noise)."""
    return f"{value:.12g}"


def describe(amount: Amount) -> str:
    """Human text for an amount with computed bounds (balance rows, resolved shares)."""
    if amount.low is None or amount.high is None:
        return amount.text or "unknown"
    if amount.kind is AmountKind.LESS_THAN:
        return f"<{format_percent(amount.high)} %"
    if amount.low == amount.high:
        return f"{format_percent(amount.low)} %"
    return f"{format_percent(amount.low)}–{format_percent(amount.high)} %"


# --- arithmetic on amounts (balance rows, duplicates, raw-material shares) ------------


def bounded(low: float, high: float, *, less_than: bool = False) -> Amount:
    """An amount from computed bounds: exact when they meet, "<x" when only an upper
    bound is known, otherwise a range."""
    low, high = max(low, 0.0), max(high, 0.0)
    if math.isclose(low, high, rel_tol=1e-12, abs_tol=1e-15):
        kind = AmountKind.EXACT
        low = high
    elif less_than and low == 0:
        kind = AmountKind.LESS_THAN
    else:
        kind = AmountKind.RANGE
    draft = Amount(kind, low, high, "")
    return Amount(kind, low, high, describe(draft))


def bounds(amount: Amount) -> tuple[float, float] | None:
    """(low, high) when the amount has numbers (balance rows once computed), else None."""
    if amount.low is None or amount.high is None:
        return None
    return amount.low, amount.high


def add(first: Amount, second: Amount) -> Amount:
    """Sum of two amounts (low + low, high + high); missing if either is unknown."""
    a, b = bounds(first), bounds(second)
    if a is None or b is None:
        return Amount.missing(f"{first.text or '?'} + {second.text or '?'}")
    less = AmountKind.LESS_THAN in (first.kind, second.kind)
    return bounded(a[0] + b[0], a[1] + b[1], less_than=less)


def scale(amount: Amount, share: Amount) -> Amount:
    """`share` % of `amount` (an INCI's share of a raw material × the raw material's %
    in the product); ranges multiply bound by bound."""
    a, s = bounds(amount), bounds(share)
    if a is None or s is None:
        return Amount.missing(f"{share.text or '?'} of {amount.text or '?'}")
    less = AmountKind.LESS_THAN in (amount.kind, share.kind)
    return bounded(a[0] * s[0] / 100, a[1] * s[1] / 100, less_than=less)
