"""Every real formula and ingredient list in ../shared/data goes through the check
without a crash, and every row ends resolved (a verdict) or reported (a problem)."""

from __future__ import annotations

import ast
import csv
from datetime import date
from pathlib import Path

import pytest

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.model import FormulaInputError
from pifai.formulas.parsers import parse_file, parse_inci_list
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.regulatory.report import Verdict

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FORMULAS = sorted((SHARED / "formulas/normalized").rglob("*.csv")) + sorted(
    (SHARED / "formulas/normalized").rglob("*.xlsx")
)
pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not present")
TODAY = date(2026, 12, 3)


def _type_for(path: Path) -> str:
    name = path.name
    for prefix, key in (
        ("body-cream", "body_lotion"),
        ("face-mask-clay", "face_mask_rinse_off"),
        ("face-mask", "face_mask_leave_on"),
        ("face-mist", "toner"),
        ("hand-sanitiser", "hand_sanitiser"),
        ("wet-wipes", "wet_wipes"),
    ):
        if name.startswith(prefix):
            return key
    return "face_cream"


def test_the_real_formula_files_are_there() -> None:
    assert len(FORMULAS) >= 88


@pytest.mark.parametrize("path", FORMULAS, ids=lambda p: p.name)
def test_each_real_formula_is_checked_without_a_blank_verdict(path: Path) -> None:
    try:
        formula = parse_file(path.read_bytes(), path.name)
    except FormulaInputError as exc:  # unusable as a whole: reported, with a reason
        assert exc.message
        return
    check = check_parsed_formula(
        formula, find_product_type(_type_for(path)), shipped_index(), as_of=TODAY
    )

    assert all(i.verdict.verdict in set(Verdict) for i in check.ingredients)
    reported = {p.location.row for p in check.problems}
    for row in formula.rows:
        covered = any(
            row.location in {s.location for s in i.ingredient.sources} for i in check.ingredients
        )
        assert covered or row.location.row in reported, f"{path.name} row {row.location.row} lost"


def _sephora_lists() -> list[str]:
    with (SHARED / "product_inci_lists/sephora_cosmetics/cosmetics.csv").open(
        encoding="utf-8-sig"
    ) as f:
        return [row["Ingredients"] for row in csv.DictReader(f)]


def _lookfantastic_lists() -> list[str]:
    path = SHARED / "product_inci_lists/lookfantastic_skincare/skincare_products_clean.csv"
    with path.open(encoding="utf-8") as f:
        return [", ".join(ast.literal_eval(row["clean_ingreds"])) for row in csv.DictReader(f)]


@pytest.mark.parametrize("source", [_sephora_lists, _lookfantastic_lists], ids=lambda f: f.__name__)
def test_every_real_label_list_is_checked_without_a_crash(source: object) -> None:
    lists = source()  # type: ignore[operator]
    product = find_product_type("face_cream")
    checked = unusable = 0
    for text in lists:
        try:
            formula = parse_inci_list(text)
        except FormulaInputError as exc:
            assert exc.message  # e.g. "No Info": refused with a reason
            unusable += 1
            continue
        check = check_parsed_formula(formula, product, shipped_index(), as_of=TODAY)
        if not check.ingredients:  # nothing usable in the text: reported, and it blocks
            assert check.problems and check.blocking
            unusable += 1
            continue
        # Label lists carry no amounts: a row is incomplete unless a rule that needs no
        # amount already blocks it (prohibited, or not permitted in this product).
        assert {i.verdict.verdict for i in check.ingredients} <= {
            Verdict.INCOMPLETE,
            Verdict.PROHIBITED,
            Verdict.NOT_PERMITTED,
        }
        checked += 1
    assert checked > 0.9 * len(lists)
