from __future__ import annotations

import pytest

from pifai.formulas.headers import Field, Purpose, classify, find_header


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("成分", Field.NAME),
        ("INGREDIENT", Field.NAME),
        ("中文名稱", Field.ZH_NAME),
        ("中文", Field.ZH_NAME),
        ("INCI", Field.INCI),
        ("INCI名稱", Field.INCI),
        ("INCI Name", Field.INCI),
        ("英文名稱", Field.INCI),
        ("含量", Field.AMOUNT),
        ("含量(%)", Field.AMOUNT),
        ("含量 (%)", Field.AMOUNT),
        ("%", Field.AMOUNT),
        ("% w/w", Field.AMOUNT),
        ("PERCENTAGE", Field.AMOUNT),
        ("Conc. (%)", Field.AMOUNT),
        ("CAS", Field.CAS),
        ("CAS NO", Field.CAS),
        ("CAS No.", Field.CAS),
        ("功能", Field.FUNCTION),
        ("FUNCTION", Field.FUNCTION),
        ("Raw material", Field.RAW_MATERIAL),
        ("原料", Field.RAW_MATERIAL),
        ("原料名稱", Field.RAW_MATERIAL),
        ("Trade name", Field.RAW_MATERIAL),
        ("% in raw material", Field.SHARE),
        ("原料中含量(%)", Field.SHARE),
        ("Impurity", Field.IMPURITY),
        ("ＩＮＣＩ", Field.INCI),
    ],
)
def test_header_vocabulary(text: str, field: Field) -> None:
    assert classify(text) is field


@pytest.mark.parametrize(
    "text",
    ["序號", "EINECS", "Product Name:FACE MIST", "Formular code:BZ24061233", "Total", ""],
)
def test_other_cells_are_not_headers(text: str) -> None:
    assert classify(text) is None


def test_header_found_below_titles() -> None:
    rows = [
        ["Product Name:FACE MIST", "", "Formular code:BZ1"],
        ["中文", "INGREDIENT", "PERCENTAGE"],
    ]
    match = find_header(rows)
    assert match is not None
    assert match.index == 1
    assert dict(match.columns) == {Field.ZH_NAME: 0, Field.NAME: 1, Field.AMOUNT: 2}


def test_header_needs_a_name_and_an_amount() -> None:
    assert find_header([["INCI", "CAS", "Function"]]) is None


def test_header_beyond_row_20_is_not_searched() -> None:
    assert find_header([["x"]] * 20 + [["INCI", "%"]]) is None


def test_breakdown_header() -> None:
    rows = [["Raw material", "INCI", "% in raw material", "CAS"]]
    assert find_header(rows, Purpose.BREAKDOWN) is not None
    assert find_header(rows, Purpose.FORMULA) is None
