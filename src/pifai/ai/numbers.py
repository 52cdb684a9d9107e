"""The number guard: an answer may only contain numbers that a tool returned or that the
caller supplied (SPEC §14: prompts forbid inventing numbers; here we enforce it).

Text is read the same way on both sides, so what counts as "a number" only has to be
consistent, not perfect:

* NFKC first, so full-width digits and signs (０．５％, １，０００) read as ASCII; the
  Unicode minus is a minus; superscript exponents (10⁻³) become ``10^-3``.
* ``1,000`` is one thousand (a comma followed by exactly three digits), ``0.5 %`` is 0.5
  (the unit is not part of the value), ``5e-3`` and ``5 × 10^-3`` are 0.005.
* CAS numbers (``50-78-2``), EC numbers (``200-064-1``) and ISO dates are one token
  each, and so are identifiers that start with Latin letters (``H302``, ``PEG-100``,
  ``EUH208``): an invented hazard code or CAS is caught as a whole, not as the
  harmless-looking numbers inside it.
* Places in a document ("page 2", "row 14", "sentence 3", "item 3", 第2頁) are
  references, not data, and are not checked: citations need them.
* A number written with fewer decimals than a supported value is accepted when it is that
  value rounded and keeps at least two significant digits (180.2 for 180.16, not 0 for
  0.004). Nothing else is derived: a product, ratio or unit conversion the model computed
  itself is rejected — the engines compute, the model explains.

Chinese numeral words (一, 十, 百) are not read as numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

REJECTED_TEXT = "[rejected: contains a number that no tool or input supplied]"
MIN_ROUNDED_DIGITS = 2

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile(r"[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_TOKEN = re.compile(
    r"""
    (?P<loc>(?i:\b(?:pages?|pp?\.|rows?|columns?|lines?|sentences?|tables?|items?|steps?|para(?:graph)?s?)\s*\d+
            (?:\s*[-–,]\s*\d+)*\b
          | 第\s*\d+\s*[頁页行列項项條条步])
    )
    | (?P<cas>(?<![\w-])\d{2,7}-\d{2}-\d(?![\w-]))
    | (?P<ec>(?<![\w-])\d{3}-\d{3}-\d(?![\w-]))
    | (?P<date>(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-]))
    | (?P<ident>\b[A-Za-z]{1,10}-?\d+[A-Za-z]*\b(?!\.\d))
    | (?P<number>
        (?<![\d.])[-+]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?
        | (?<![\d.])[-+]?\.\d+
      )
      (?P<exp>[eE][-+]?\d+(?![\w.]))?
      (?:\s*[x×*·]\s*10(?:\^(?P<pow>[-+]?\d+)|(?P<pow2>[-+]\d+)))?
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class NumberToken:
    """One number or numeric identifier as written, with the key it is compared by."""

    text: str
    key: str
    value: Decimal | None = None  # plain numbers only
    decimals: int | None = None  # digits after the point, when rounding may apply


@dataclass(frozen=True)
class NumberViolation:
    path: str  # where in the answer: "rows.2.percent", "text"
    number: str  # the number as written
    context: str  # the text (or value) that carried it, shortened


def _prepare(text: str) -> str:
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPT), text)
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-")


def _key(value: Decimal) -> str:
    return "n:" + str(value.normalize())


def tokens(text: str) -> list[NumberToken]:
    """Every number and numeric identifier in ``text``, in order."""
    found: list[NumberToken] = []
    for m in _TOKEN.finditer(_prepare(text)):
        if m.lastgroup == "loc":
            continue
        kind = m.lastgroup if m.lastgroup in ("cas", "ec", "date", "ident") else "number"
        if kind != "number":
            found.append(NumberToken(m.group(), f"{kind}:{m.group().casefold()}"))
            continue
        found.append(_number(m))
    return found


def _number(m: re.Match[str]) -> NumberToken:
    mantissa = m.group("number").replace(",", "")
    value = Decimal(mantissa)
    decimals: int | None = len(mantissa.partition(".")[2])
    if m.group("exp"):
        value, decimals = Decimal(mantissa + m.group("exp")), None
    power = m.group("pow") or m.group("pow2")
    if power is not None:
        value, decimals = value.scaleb(int(power)), None
    return NumberToken(m.group().strip(), _key(value), value, decimals)


def value_token(value: int | float | Decimal) -> NumberToken | None:
    """A JSON number as a token; None for NaN and infinities (nothing to compare)."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        if not number.is_finite():
            return None
    except InvalidOperation:
        return None
    text = str(value)
    decimals = len(text.partition(".")[2]) if "e" not in text.lower() else None
    return NumberToken(text, _key(number), number, decimals)


def _leaves(obj: Any) -> Iterator[NumberToken]:
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, int | float | Decimal):
        token = value_token(obj)
        if token is not None:
            yield token
    elif isinstance(obj, str):
        yield from tokens(obj)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _leaves(key)
            yield from _leaves(value)
    elif isinstance(obj, list | tuple | set | frozenset):
        for item in obj:
            yield from _leaves(item)


def _significant_digits(value: Decimal) -> int:
    return len(value.as_tuple().digits) if value else 0


class Evidence:
    """The numbers an answer may use: everything tools returned and the caller supplied."""

    def __init__(self, *sources: Any) -> None:
        self._keys: set[str] = set()
        self._values: list[Decimal] = []
        for source in sources:
            self.add(source)

    def add(self, obj: Any) -> None:
        for token in _leaves(obj):
            if token.key not in self._keys:
                self._keys.add(token.key)
                if token.value is not None:
                    self._values.append(token.value)

    def allows(self, token: NumberToken) -> bool:
        if token.key in self._keys:
            return True
        if token.value is None or token.decimals is None:
            return False
        if _significant_digits(token.value) < MIN_ROUNDED_DIGITS:
            return False
        step = Decimal(1).scaleb(-token.decimals)
        return any(
            v.quantize(step, rounding=mode) == token.value
            for v in self._values
            for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN)
            if v.adjusted() - step.adjusted() < 28  # quantize beyond precision raises
        )

    def unsupported(self, obj: Any) -> list[NumberToken]:
        return [t for t in _leaves(obj) if not self.allows(t)]


def _context(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def scrub(
    data: Any, evidence: Evidence, *, exempt_keys: Iterable[str] = ()
) -> tuple[Any, list[NumberViolation]]:
    """A copy of ``data`` (JSON-like) without unsupported numbers, and what was removed.

    A ``{"value", "confidence", "source"}`` object (one scored field) that carries an
    unsupported number loses its value (None) and its confidence (0). A string elsewhere
    is replaced by :data:`REJECTED_TEXT`, a number elsewhere by None. Keys in
    ``exempt_keys`` (the model's own confidence, a step's position) are not checked.
    """
    violations: list[NumberViolation] = []
    exempt = frozenset(exempt_keys)

    def walk(obj: Any, path: str) -> Any:
        if isinstance(obj, dict):
            if {"value", "confidence", "source"} <= obj.keys():
                return scored(obj, path)
            return {k: v if k in exempt else walk(v, _join(path, k)) for k, v in obj.items()}
        if isinstance(obj, list):
            return [walk(item, _join(path, i)) for i, item in enumerate(obj)]
        bad = evidence.unsupported(obj)
        if not bad:
            return obj
        violations.extend(NumberViolation(path, t.text, _context(obj)) for t in bad)
        return REJECTED_TEXT if isinstance(obj, str) else None

    def scored(obj: dict[str, Any], path: str) -> dict[str, Any]:
        checked = {k: v for k, v in obj.items() if k not in exempt and k != "confidence"}
        bad = [(k, t) for k, v in checked.items() for t in evidence.unsupported(v)]
        if not bad:
            return obj
        violations.extend(NumberViolation(_join(path, k), t.text, _context(obj[k])) for k, t in bad)
        cleaned = {**obj, "value": None, "confidence": 0.0}
        if any(k == "source" for k, _t in bad):
            cleaned["source"] = REJECTED_TEXT
        return cleaned

    return walk(data, ""), violations
