from __future__ import annotations

from datetime import datetime

import pytest

from pifai.formulas.amounts import AmountError, add, parse_amount, read_amount, scale
from pifai.formulas.model import Amount, AmountKind, Location, Severity


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("0,5", AmountKind.EXACT, 0.5, 0.5),
        ("0.50", AmountKind.EXACT, 0.5, 0.5),
        ("1.20 %", AmountKind.EXACT, 1.2, 1.2),
        (".5", AmountKind.EXACT, 0.5, 0.5),
        ("１．５％", AmountKind.EXACT, 1.5, 1.5),
        ("10 ppm", AmountKind.EXACT, 0.001, 0.001),
        ("<1", AmountKind.LESS_THAN, 0.0, 1.0),
        ("< 0.1", AmountKind.LESS_THAN, 0.0, 0.1),
        ("≤0.5%", AmountKind.LESS_THAN, 0.0, 0.5),
        ("1-5", AmountKind.RANGE, 1.0, 5.0),
        ("1–5", AmountKind.RANGE, 1.0, 5.0),
        ("0.1~0.5", AmountKind.RANGE, 0.1, 0.5),
        ("0.00002 – 0.002", AmountKind.RANGE, 0.00002, 0.002),
        ("1%-5%", AmountKind.RANGE, 1.0, 5.0),
        ("q.s.", AmountKind.BALANCE, None, None),
        ("qs", AmountKind.BALANCE, None, None),
        ("QS", AmountKind.BALANCE, None, None),
        ("ad 100", AmountKind.BALANCE, None, None),
        ("to 100", AmountKind.BALANCE, None, None),
        ("q.s. ad 100%", AmountKind.BALANCE, None, None),
        ("適量", AmountKind.BALANCE, None, None),
        ("餘量", AmountKind.BALANCE, None, None),
        ("balance", AmountKind.BALANCE, None, None),
        ("", AmountKind.MISSING, None, None),
        ("   ", AmountKind.MISSING, None, None),
        (None, AmountKind.MISSING, None, None),
        (93, AmountKind.EXACT, 93.0, 93.0),
        (6e-05, AmountKind.EXACT, 6e-05, 6e-05),
        ("100", AmountKind.EXACT, 100.0, 100.0),
    ],
)
def test_amount_forms(
    text: object, kind: AmountKind, low: float | None, high: float | None
) -> None:
    amount = parse_amount(text)
    assert (amount.kind, amount.low, amount.high) == (kind, pytest.approx(low), pytest.approx(high))


def test_amount_keeps_text_as_written() -> None:
    assert parse_amount("1.20 %").text == "1.20 %"


def test_range_is_judged_at_upper_bound() -> None:
    assert parse_amount("1-5").upper == 5.0


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-1", "negative"),
        ("-0.5%", "negative"),
        ("150", "more than 100"),
        ("100.1", "more than 100"),
        ("50-150", "more than 100"),
        ("abc", "not a readable amount"),
        ("1.2.3", "not a readable amount"),
        ("1,000,0", "not a readable amount"),
        ("5-1", "runs backwards"),
        (">1", "lower bound"),
        ("1e400", "not a finite number"),
        (True, "not an amount"),
        (datetime(2024, 1, 5), "date"),
    ],
)
def test_unusable_amounts_raise(text: object, reason: str) -> None:
    with pytest.raises(AmountError, match=reason):
        parse_amount(text)


def test_read_amount_turns_errors_into_row_problems() -> None:
    location = Location("f.csv", row=7, column="%")
    amount, problem = read_amount("-3", location)
    assert amount.kind is AmountKind.MISSING
    assert amount.text == "-3"
    assert problem is not None
    assert (problem.location.row, problem.field, problem.severity) == (7, "amount", Severity.ERROR)


def test_read_amount_reports_a_blank_amount() -> None:
    _, problem = read_amount("", Location("f.csv", row=3))
    assert problem is not None
    assert "no amount" in problem.message


def test_read_amount_accepts_a_good_amount() -> None:
    amount, problem = read_amount("0,5", Location("f.csv", row=3))
    assert problem is None
    assert amount.high == 0.5


def test_add_sums_bounds() -> None:
    total = add(parse_amount("1-2"), parse_amount("0.5"))
    assert (total.kind, total.low, total.high) == (AmountKind.RANGE, 1.5, 2.5)


def test_add_with_missing_is_missing() -> None:
    assert add(Amount.missing(), parse_amount("1")).kind is AmountKind.MISSING


def test_scale_multiplies_ranges_bound_by_bound() -> None:
    share = scale(parse_amount("2-4"), parse_amount("50-75"))
    assert (share.kind, share.low, share.high) == (AmountKind.RANGE, 1.0, 3.0)


def test_scale_of_less_than_stays_less_than() -> None:
    share = scale(parse_amount("5"), parse_amount("<0.01"))
    assert share.kind is AmountKind.LESS_THAN
    assert share.high == pytest.approx(0.0005)
