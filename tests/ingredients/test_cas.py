from __future__ import annotations

import pytest

from pifai.ingredients.cas import check_digit, is_valid_cas, normalise_cas, parse_cas_cell


@pytest.mark.parametrize(
    "cas",
    ["7732-18-5", "56-81-5", "122-99-6", "6920-22-5", "84696-21-9", "1117-86-8", "9003-39-8"],
)
def test_valid_check_digits(cas: str) -> None:
    assert is_valid_cas(cas)


@pytest.mark.parametrize(
    "cas", ["7732-18-6", "56-81-4", "117-86-8", "1-23-4", "abc", "", "7732185X"]
)
def test_invalid(cas: str) -> None:
    assert not is_valid_cas(cas)


def test_check_digit_weights_from_the_right() -> None:
    # 7732-18-5: 8*1 + 1*2 + 2*3 + 3*4 + 7*5 + 7*6 = 105 -> 5
    assert check_digit("773218") == 5


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("7732 - 18 - 5", "7732-18-5"),
        ("7732–18–5", "7732-18-5"),
        ("０５６-８１-５", "56-81-5"),
        ("56815", "56-81-5"),
        ("0056-81-5", "56-81-5"),
        ("1", None),
        ("231-791-2", None),  # an EC number, not a CAS
    ],
)
def test_normalise_spacing_and_dashes(raw: str, norm: str | None) -> None:
    assert normalise_cas(raw) == norm


@pytest.mark.parametrize(
    ("cell", "values"),
    [
        ("65-85-0/532-32-1", ["65-85-0", "532-32-1"]),
        ("8007-69-0, 84696-21-9", ["8007-69-0", "84696-21-9"]),
        ("57-55-6; 4254-14-2", ["57-55-6", "4254-14-2"]),
        ("194043-92-0 - 91080-23-8", ["194043-92-0", "91080-23-8"]),
        ("54-28-4 (gamma)/ 16698-35-4(beta)", ["54-28-4", "16698-35-4"]),
        ("7732-18-5 / 7732-18-5", ["7732-18-5"]),
        ("/", []),
        ("-", []),
        ("N/A", []),
        (None, []),
    ],
)
def test_several_numbers_in_one_cell(cell: str | None, values: list[str]) -> None:
    assert [c.value for c in parse_cas_cell(cell)] == values


def test_cell_reports_invalid_numbers() -> None:
    cells = parse_cas_cell("56-81-5, 117-86-8")
    assert [(c.value, c.valid) for c in cells] == [("56-81-5", True), ("117-86-8", False)]
