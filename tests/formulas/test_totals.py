from __future__ import annotations

import pytest

from pifai.formulas.model import AmountKind, ParsedFormula, Severity
from pifai.formulas.parsers import parse_file
from pifai.formulas.totals import check_total, fill_balance, merge_duplicates, review


def formula(text: str) -> ParsedFormula:
    return parse_file(("INCI,%\n" + text).encode(), "f.csv")


def test_formula_summing_to_300_percent_is_an_error() -> None:
    check = check_total(formula("Aqua,100\nGlycerin,100\nButylene Glycol,100\n"))
    assert check.high == 300
    (problem,) = check.problems
    assert problem.severity is Severity.ERROR
    assert "300 %" in problem.message


def test_total_within_two_percent_passes() -> None:
    assert check_total(formula("Aqua,80\nGlycerin,21.5\n")).problems == ()


def test_total_outside_tolerance_is_a_warning() -> None:
    (problem,) = check_total(formula("Aqua,80\nGlycerin,15\n")).problems
    assert problem.severity is Severity.WARNING


def test_total_far_below_is_an_error() -> None:
    (problem,) = check_total(formula("Aqua,50\nGlycerin,1.8\n")).problems
    assert problem.severity is Severity.ERROR


def test_ranges_pass_when_the_band_is_reachable() -> None:
    assert check_total(formula("Aqua,90-99\nGlycerin,1-5\n")).problems == ()


def test_balance_row_is_100_minus_the_rest() -> None:
    balanced = fill_balance(formula("Aqua,q.s.\nGlycerin,5\nPhenoxyethanol,0.5-1\n"))
    water = balanced.rows[0].amount
    assert water.kind is AmountKind.BALANCE
    assert (water.low, water.high) == (94, 94.5)
    assert water.text == "q.s."
    assert check_total(balanced).problems == ()


def test_two_balance_rows_are_an_error() -> None:
    balanced = fill_balance(formula("Aqua,q.s.\nAloe Juice,ad 100\nGlycerin,5\n"))
    assert [p.location.row for p in balanced.problems] == [2, 3]
    assert balanced.rows[0].amount.low is None


def test_balance_with_rest_over_100_is_an_error() -> None:
    balanced = fill_balance(formula("Aqua,q.s.\nGlycerin,60\nAlcohol,50\n"))
    (problem,) = balanced.problems
    assert "nothing is left" in problem.message
    assert problem.field == "amount"


def test_duplicates_are_merged_with_a_warning() -> None:
    merged = merge_duplicates(formula("Glycerin,2\nAqua,96\nglycerin ,2\n"))
    assert [row.name for row in merged.rows] == ["Glycerin", "Aqua"]
    assert merged.rows[0].amount.high == 4
    (problem,) = merged.problems
    assert problem.severity is Severity.WARNING
    assert problem.location.row == 4


def test_review_chains_the_checks() -> None:
    reviewed = review(formula("Aqua,q.s.\nGlycerin,3\nGlycerin,2\n"))
    assert [(row.name, row.amount.high) for row in reviewed.rows] == [("Aqua", 95), ("Glycerin", 5)]
    assert [p.severity for p in reviewed.problems] == [Severity.WARNING]


@pytest.mark.parametrize("text", ["Aqua,\nGlycerin,\n", ""])
def test_no_amounts_gives_no_total_verdict(text: str) -> None:
    assert check_total(formula(text or "Aqua,abc\n")).counted == 0
