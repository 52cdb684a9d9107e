"""A formula sent as JSON rows becomes the same ParsedFormula a file would, so every
check goes through one path; bad amounts become row errors naming the row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pifai.formulas.amounts import read_amount
from pifai.formulas.model import Location, ParsedFormula, ParsedRow, RowProblem


class RowLike(Protocol):
    name: str
    amount: str | float | None
    cas: str | None
    function: str | None


def formula_from_rows(rows: Sequence[RowLike], *, source: str = "request") -> ParsedFormula:
    parsed: list[ParsedRow] = []
    problems: list[RowProblem] = []
    for number, row in enumerate(rows, start=1):
        location = Location(file=source, row=number)
        amount, problem = read_amount(row.amount, location)
        if problem:
            problems.append(problem)
        raw = " | ".join(str(v) for v in (row.name, row.amount, row.cas, row.function) if v)
        parsed.append(
            ParsedRow(
                name=row.name,
                amount=amount,
                location=location,
                raw=raw,
                cas=row.cas,
                function=row.function,
            )
        )
    return ParsedFormula(source=source, rows=tuple(parsed), problems=tuple(problems), format="json")
