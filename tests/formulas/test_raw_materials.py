from __future__ import annotations

import pytest

from pifai.formulas.amounts import parse_amount
from pifai.formulas.model import AmountKind, Component
from pifai.formulas.parsers import parse_file
from pifai.formulas.raw_materials import (
    ResolvedFormula,
    ResolvedIngredient,
    parse_breakdown,
    resolve,
)
from tests.formulas.builders import xlsx

BREAKDOWN = """Raw material,INCI,% in raw material,CAS,Impurity
Phenonip,Phenoxyethanol,70-75,122-99-6,
,Methylparaben,25-30,99-76-3,
Euxyl PE 9010,Phenoxyethanol,90,122-99-6,
,Ethylhexylglycerin,10,70445-33-9,
Lavender Fragrance,Parfum,100,,
,Linalool,20,78-70-6,
Glycerin 99.7%,Glycerin,99.7,56-81-5,
,Water,0.3,7732-18-5,
,Methanol,<0.01,67-56-1,yes
"""
Resolved = tuple[dict[str, ResolvedIngredient], ResolvedFormula]
FORMULA = (
    b"Raw material,%\nPhenonip,1\nEuxyl PE 9010,0.5\nLavender Fragrance,0.2\n"
    b"Glycerin 99.7%,5\nMystery Extract,2\n"
)


@pytest.fixture
def resolved() -> Resolved:
    library = parse_breakdown(BREAKDOWN.encode(), "rm.csv").materials
    result = resolve(parse_file(FORMULA, "f.csv"), library)
    return {i.name: i for i in result.ingredients}, result


def test_breakdown_sheet_groups_rows_under_their_raw_material() -> None:
    sheet = parse_breakdown(BREAKDOWN.encode(), "rm.csv")
    assert sheet.problems == ()
    assert list(sheet.materials) == [
        "Phenonip",
        "Euxyl PE 9010",
        "Lavender Fragrance",
        "Glycerin 99.7%",
    ]
    methanol = sheet.materials["Glycerin 99.7%"][2]
    assert methanol.is_impurity
    assert methanol.share.kind is AmountKind.LESS_THAN


def test_breakdown_sheet_from_xlsx() -> None:
    data = xlsx(
        [
            ["原料", "INCI", "% in raw material"],
            ["Phenonip", "Phenoxyethanol", 70],
            [None, "Methylparaben", 30],
        ]
    )
    sheet = parse_breakdown(data, "rm.xlsx")
    assert [c.name for c in sheet.materials["Phenonip"]] == ["Phenoxyethanol", "Methylparaben"]


def test_share_times_amount_with_ranges(resolved: Resolved) -> None:
    by_name, _ = resolved
    methylparaben = by_name["Methylparaben"].amount
    assert (methylparaben.kind, methylparaben.low, methylparaben.high) == (
        AmountKind.RANGE,
        0.25,
        0.3,
    )


def test_same_inci_from_several_raw_materials_is_summed(resolved: Resolved) -> None:
    by_name, _ = resolved
    phenoxyethanol = by_name["Phenoxyethanol"]
    assert (phenoxyethanol.amount.low, phenoxyethanol.amount.high) == pytest.approx((1.15, 1.2))
    assert [s.raw_material for s in phenoxyethanol.sources] == ["Phenonip", "Euxyl PE 9010"]
    assert [s.location.row for s in phenoxyethanol.sources] == [2, 3]


def test_impurities_and_allergens_count(resolved: Resolved) -> None:
    by_name, _ = resolved
    assert by_name["Methanol"].is_impurity
    assert by_name["Methanol"].amount.high == pytest.approx(0.0005)
    assert by_name["Linalool"].amount.high == pytest.approx(0.04)


def test_unknown_raw_material_stays_as_an_unresolved_line(resolved: Resolved) -> None:
    by_name, result = resolved
    mystery = by_name["Mystery Extract"]
    assert mystery.unresolved
    assert mystery.amount.high == 2
    assert any("Mystery Extract" in p.message for p in result.problems)


def test_ingredients_sorted_by_descending_amount(resolved: Resolved) -> None:
    _, result = resolved
    uppers = [i.amount.upper for i in result.ingredients]
    assert uppers == sorted(uppers, reverse=True)


def test_inci_rows_resolve_to_themselves() -> None:
    result = resolve(parse_file(b"INCI,%\nAqua,q.s.\nGlycerin,5\n", "f.csv"), {})
    assert [(i.name, i.amount.high, i.unresolved) for i in result.ingredients] == [
        ("Aqua", 95, False),
        ("Glycerin", 5, False),
    ]


def test_library_keys_match_case_insensitively() -> None:
    library = {"phenonip": [Component("Phenoxyethanol", parse_amount("100"))]}
    result = resolve(parse_file(b"Raw material,%\nPHENONIP,1\n", "f.csv"), library)
    assert [(i.name, i.amount.high) for i in result.ingredients] == [("Phenoxyethanol", 1)]


def test_incomplete_breakdown_is_flagged() -> None:
    library = {"Extract X": [Component("Aloe Barbadensis Leaf Extract", parse_amount("10"))]}
    result = resolve(parse_file(b"Raw material,%\nExtract X,2\n", "f.csv"), library)
    assert any("accounts for only 10 %" in p.message for p in result.problems)
