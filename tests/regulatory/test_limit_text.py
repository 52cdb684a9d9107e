"""Reading limit cells: decimal commas, lettered items, 'expressed as', disclosures."""

from __future__ import annotations

import pytest

from pifai.product_types.scopes import Scope
from pifai.regulatory.limit_text import (
    expressed_as,
    first_percentage,
    is_other_products,
    percentages,
    ppm_value,
    split_disclosures,
    split_lettered,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0,5 %", 0.5),
        ("0.5%", 0.5),
        ("7,34 %", 7.34),
        ("(d) ≤ 0,1 % of H2O2", 0.1),
        ("(e) > 0,1 % ≤ 6 % of H2O2, present or released", 6.0),
        ("0.2%%", 0.2),
        ("General use", None),
    ],
)
def test_first_percentage_reads_decimal_commas(text: str, value: float | None) -> None:
    assert first_percentage(text) == value


def test_percentages_and_ppm() -> None:
    assert percentages("(a) 0,11 %\n(b) 0,032 %") == [0.11, 0.032]
    assert ppm_value("不得超過1,000 ppm") == 1000.0
    assert ppm_value("殘留量不得超過1ppm") == 1.0
    assert ppm_value("below 1 mg/kg") == 1.0


def test_lettered_items_pair_up() -> None:
    segments = split_lettered("(a) 2.5 % (以acid計)\n(b) 0.5 % (以acid計)\n(c) 1.7 % (以acid計)")
    assert [(s.letters, s.text) for s in segments] == [
        (("a",), "2.5 % (以acid計)"),
        (("b",), "0.5 % (以acid計)"),
        (("c",), "1.7 % (以acid計)"),
    ]


def test_roman_sub_items_and_group_headers() -> None:
    assert split_lettered("(a) (i) 8%  (ii) 11%\n(b) 5%")[0].letters == ("a",)
    assert split_lettered("For (a) and (b): after mixing 2 %")[-1].letters == ("a", "b")
    assert split_lettered("(a) to (e):\nNot in eye products")[0].letters == tuple("abcde")
    assert split_lettered("(b)&(c)不得使用於三歲以下孩童之產品。")[0].letters == ("b", "c")
    assert split_lettered("(b) 1,0 %")[0].letters == ("b",)  # a cell may open with (b)


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        ("0.5 % (以acid計)", "acid"),
        ("2.5% (acid)", "acid"),
        ("0.2% (as free SO2)", "free SO2"),
        ("0,15 % calculated as F.", "F"),
        ("0.007% (of Hg)", "Hg"),
        ("1%", None),
    ],
)
def test_expressed_as(text: str, basis: str | None) -> None:
    assert expressed_as(text) == basis


def test_disclosure_clause_is_taken_out_and_never_a_limit() -> None:
    other = (
        "The presence of the substance shall be indicated in the list of ingredients "
        "referred to in Article 19(1), point (g), when its concentration exceeds: "
        "— 0,001 % in leave-on products — 0,01 % in rinse-off products. The peroxide "
        "value shall be less than 20 mmoles/L."
    )
    disclosures, rest = split_disclosures(other)
    assert [(d.threshold_pct, d.scope) for d in disclosures] == [
        (0.001, Scope.LEAVE_ON),
        (0.01, Scope.RINSE_OFF),
    ]
    assert "indicated" not in rest
    assert rest.startswith("The peroxide value")


def test_other_products_fallback() -> None:
    assert is_other_products("Other products")
    assert is_other_products("其他產品(口腔製劑除外)")
    assert not is_other_products("Oral products")
