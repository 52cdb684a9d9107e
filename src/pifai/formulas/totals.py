"""Whole-formula checks: the balance ingredient, duplicate lines and the total.

SPEC §2 item 3 asks for a total of 100 % ± 2 (rounding in supplier sheets). Outside
that band someone should look (warning); outside 90–110 % the formula cannot be right as
written — a missing line, a wrong unit, a raw material counted twice — and the item
cannot be judged (error). Ranges are judged as intervals: a formula passes when some
choice within its ranges reaches the band.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pifai.formulas.amounts import add, bounded, bounds, describe, format_percent
from pifai.formulas.model import (
    Amount,
    AmountKind,
    Location,
    ParsedFormula,
    ParsedRow,
    RowProblem,
    Severity,
)

TOTAL_TARGET = 100.0
TOTAL_TOLERANCE = 2.0  # SPEC §2 item 3: "total ≈ 100 % (±2)" → warning outside 98–102 %
TOTAL_ERROR_LOW = 90.0  # error below 90 % …
TOTAL_ERROR_HIGH = 110.0  # … or above 110 %: not rounding, a wrong formula
_EPSILON = 1e-9


@dataclass(frozen=True)
class TotalCheck:
    low: float  # sum of the lower bounds of every row with an amount
    high: float  # sum of the upper bounds
    counted: int  # rows with a usable amount
    uncounted: int  # rows without one (missing, or a balance that could not be computed)
    problems: tuple[RowProblem, ...]


def fold_name(name: str) -> str:
    """Name key for duplicates: NFKC, case-folded, spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name).casefold()).strip()


def review(formula: ParsedFormula) -> ParsedFormula:
    """Balance filled in, duplicates merged, total checked — problems appended."""
    formula = fill_balance(formula)
    formula = merge_duplicates(formula)
    check = check_total(formula)
    return replace(formula, problems=(*formula.problems, *check.problems))


def fill_balance(formula: ParsedFormula) -> ParsedFormula:
    """Compute a "q.s. / ad 100 / balance" row as 100 % minus the other rows."""
    open_rows = [i for i, row in enumerate(formula.rows) if _is_open_balance(row.amount)]
    if not open_rows:
        return formula
    if len(open_rows) > 1:
        numbers = ", ".join(str(formula.rows[i].location.row) for i in open_rows)
        clashes = tuple(
            RowProblem(
                formula.rows[i].location,
                f"{len(open_rows)} rows are marked as the balance (rows {numbers}); only one "
                "ingredient can make up the rest — give the others an amount",
                field="amount",
            )
            for i in open_rows
        )
        return replace(formula, problems=(*formula.problems, *clashes))
    index = open_rows[0]
    row = formula.rows[index]
    others = [r for i, r in enumerate(formula.rows) if i != index]
    low, high = _sum(others)
    problems: list[RowProblem] = []
    if low > TOTAL_TARGET + _EPSILON:
        problems.append(
            RowProblem(
                row.location,
                f"the other ingredients already add up to {format_percent(low)} %; nothing is "
                "left for the balance",
                field="amount",
            )
        )
        return replace(formula, problems=(*formula.problems, *problems))
    amount = bounded(TOTAL_TARGET - high, TOTAL_TARGET - low)
    amount = Amount(AmountKind.BALANCE, amount.low, amount.high, row.amount.text)
    missing = [r for r in others if bounds(r.amount) is None]
    if missing:
        problems.append(
            RowProblem(
                row.location,
                f"the balance ({describe(amount)}) was computed without {len(missing)} row(s) "
                "that have no amount; it is too high if they are present",
                Severity.WARNING,
                "amount",
            )
        )
    rows = (*formula.rows[:index], replace(row, amount=amount), *formula.rows[index + 1 :])
    return replace(formula, rows=rows, problems=(*formula.problems, *problems))


def merge_duplicates(formula: ParsedFormula) -> ParsedFormula:
    """Lines naming the same ingredient are merged (amounts added) with a warning."""
    merged: dict[str, ParsedRow] = {}
    problems: list[RowProblem] = []
    for row in formula.rows:
        key = fold_name(row.inci or row.name)
        first = merged.get(key)
        if first is None:
            merged[key] = row
            continue
        total = add(first.amount, row.amount)
        problems.append(
            RowProblem(
                row.location,
                f"{row.name!r} is listed again (first on row {first.location.row}); the lines "
                f"are merged: {first.amount.text or '?'} + {row.amount.text or '?'} = "
                f"{describe(total)}",
                Severity.WARNING,
                "name",
            )
        )
        merged[key] = replace(
            first,
            amount=total,
            raw=f"{first.raw}\n{row.raw}",
            cas=first.cas or row.cas,
            components=(*first.components, *row.components),
            may_contain=first.may_contain and row.may_contain,
        )
    if not problems:
        return formula
    return replace(formula, rows=tuple(merged.values()), problems=(*formula.problems, *problems))


def check_total(formula: ParsedFormula) -> TotalCheck:
    """Sum the amounts and judge the total against 100 % ± 2 (error outside 90–110 %)."""
    counted = [row for row in formula.rows if bounds(row.amount) is not None]
    uncounted = len(formula.rows) - len(counted)
    low, high = _sum(counted)
    if not counted:
        return TotalCheck(0.0, 0.0, 0, uncounted, ())
    location = Location(formula.source, formula.sheet)
    total = describe(bounded(low, high))
    suffix = f"; {uncounted} row(s) have no amount" if uncounted else ""
    problems: tuple[RowProblem, ...] = ()
    if high < TOTAL_ERROR_LOW - _EPSILON or low > TOTAL_ERROR_HIGH + _EPSILON:
        message = (
            f"the amounts add up to {total}, expected 100 % ± {TOTAL_TOLERANCE:g}; outside "
            f"{TOTAL_ERROR_LOW:g}–{TOTAL_ERROR_HIGH:g} % the formula cannot be right{suffix}"
        )
        problems = (RowProblem(location, message, Severity.ERROR, "amount"),)
    elif (
        high < TOTAL_TARGET - TOTAL_TOLERANCE - _EPSILON
        or low > TOTAL_TARGET + TOTAL_TOLERANCE + _EPSILON
    ):
        message = f"the amounts add up to {total}, expected 100 % ± {TOTAL_TOLERANCE:g}{suffix}"
        problems = (RowProblem(location, message, Severity.WARNING, "amount"),)
    return TotalCheck(low, high, len(counted), uncounted, problems)


def _is_open_balance(amount: Amount) -> bool:
    return amount.kind is AmountKind.BALANCE and bounds(amount) is None


def _sum(rows: Sequence[ParsedRow]) -> tuple[float, float]:
    pairs = [b for row in rows if (b := bounds(row.amount)) is not None]
    return math.fsum(p[0] for p in pairs), math.fsum(p[1] for p in pairs)
