"""Every ingredient of every real formula in ../shared/data ends with an explicit basis.

The formulas (88 normalised CSV/XLSX files and the six transcribed safety reports) go through
the formula check and the assessment exactly as `pifai assess` runs them. A blank method, a
missing tier or a data gap without a reason for the SA fails the test. The published product
INCI lists carry no amounts; a sample of them checks the same for amount-less input.
"""

from __future__ import annotations

import ast
import csv
import io
import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.parsers import parse_file, parse_inci_list
from pifai.product_types.taxonomy import UnknownProductType, find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.toxicology.assess import AssessmentInput, assess_product
from pifai.toxicology.assessment_model import ProductAssessment, SafetyVerdict, Tier
from pifai.toxicology.formula_inputs import inputs_from_check
from tests.toxicology.cpsr_reports import product_type_for

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
FORMULAS = SHARED / "formulas" / "normalized"
FILES = sorted([*FORMULAS.glob("*.csv"), *FORMULAS.glob("*.xlsx"), *FORMULAS.glob("pel/*.csv")])
REPORTS = sorted((SHARED / "cpsr").glob("*.json"))
INCI_LISTS = SHARED / "product_inci_lists"
EVERY_NTH_LIST = 10
TODAY = date(2026, 12, 3)

pytestmark = pytest.mark.skipif(not FORMULAS.is_dir(), reason="shared formula data not present")

# The product type each file is assessed as (by its name); anything else as a face cream.
TYPES = {
    "body-cream": "body_lotion",
    "face-mask": "face_mask_rinse_off",
    "hand-sanitiser": "hand_sanitiser",
    "wet-wipes": "wet_wipes",
    "face-mist": "face_mist",
}


def product_type(name: str) -> str:
    wanted = next((t for prefix, t in TYPES.items() if name.startswith(prefix)), "face_cream")
    try:
        return find_product_type(wanted).key
    except UnknownProductType:
        return "face_cream"


HEADER_ONLY = {"61-oil-cleansing-balm.csv"}  # the export has a header and no rows


def assert_every_basis_explicit(result: ProductAssessment, where: str) -> None:
    assert result.ingredients or where in HEADER_ONLY, f"{where}: nothing assessed"
    for item in result.ingredients:
        label = f"{where}: {item.name!r}"
        assert item.method.strip(), f"{label} has an empty method"
        assert item.tier in Tier, label
        assert item.verdict in SafetyVerdict, label
        assert item.basis.startswith("tier "), label
        if item.verdict is not SafetyVerdict.ACCEPTABLE:
            assert item.review or item.reasons, f"{label}: {item.verdict} without a reason"
        if item.tier is Tier.DATA_GAP:
            assert item.review, f"{label}: a data gap not handed to the SA"
        if item.tier is Tier.STRUCTURAL:
            assert item.analogue is not None and item.review, f"{label}: analogue not named"
        for gate in item.gates:  # a gate that decides a verdict names what it rests on
            if gate.verdict is not SafetyVerdict.REVIEW:
                assert gate.citation.strip(), f"{label}: {gate.kind} gate without a citation"
        if item.verdict in (SafetyVerdict.PROHIBITED, SafetyVerdict.OVER_LIMIT):
            assert any(g.verdict is item.verdict and g.citation for g in item.gates), label


def _assess_file(path: Path) -> ProductAssessment:
    product = find_product_type(product_type(path.name))
    check = check_parsed_formula(
        parse_file(path.read_bytes(), path.name), product, shipped_index(), as_of=TODAY
    )
    return assess_product(inputs_from_check(check), product)


def test_all_formula_files_are_found() -> None:
    assert len(FILES) == 88
    assert len(REPORTS) >= 6  # the six developer reports; held-back ones may be added


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_ingredient_of_every_formula_has_a_basis(path: Path) -> None:
    result = _assess_file(path)
    assert_every_basis_explicit(result, path.name)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:40])
def test_every_ingredient_of_every_transcribed_report_has_a_basis(path: Path) -> None:
    report = json.loads(path.read_text(encoding="utf-8"))
    inputs = [
        AssessmentInput(
            name=ing["inci"],
            inci=ing["inci"],
            cas=tuple(c for c in [ing.get("cas")] if c),
            concentration_pct=ing.get("concentration_pct"),
            function=ing.get("function"),
        )
        for ing in report["ingredients"]
    ]
    # The report's own product type through the taxonomy (a stand-in if it names none).
    result = assess_product(inputs, product_type_for(report))
    assert len(result.ingredients) == report["n_ingredients"]
    assert_every_basis_explicit(result, path.name)


@cache
def _sampled_lists() -> tuple[tuple[str, str], ...]:
    """(label, comma-separated INCI list) for every EVERY_NTH_LIST-th published product."""
    found: list[tuple[str, str]] = []
    sephora = INCI_LISTS / "sephora_cosmetics" / "cosmetics.csv"
    if sephora.is_file():
        rows = list(csv.DictReader(io.StringIO(sephora.read_text(encoding="utf-8-sig"))))
        found += [(f"sephora:{i}", r["Ingredients"]) for i, r in enumerate(rows)]
    lookfantastic = INCI_LISTS / "lookfantastic_skincare" / "skincare_products_clean.csv"
    if lookfantastic.is_file():
        rows = list(csv.DictReader(io.StringIO(lookfantastic.read_text(encoding="utf-8"))))
        found += [
            (f"lookfantastic:{i}", ", ".join(ast.literal_eval(r["clean_ingreds"])))
            for i, r in enumerate(rows)
        ]
    usable = [(label, text) for label, text in found if len(text.split(",")) > 1]
    return tuple(usable[::EVERY_NTH_LIST])


def test_published_inci_lists_without_amounts_end_with_a_basis_never_a_pass() -> None:
    lists = _sampled_lists()
    if not lists:
        pytest.skip("no product INCI lists in shared data")
    assert len(lists) > 100
    product = find_product_type("face_cream")
    for label, text in lists:
        check = check_parsed_formula(parse_inci_list(text), product, shipped_index(), as_of=TODAY)
        result = assess_product(inputs_from_check(check), product)
        assert_every_basis_explicit(result, label)
        # No amount, no SED: nothing can be "acceptable" on a list alone.
        assert all(i.verdict is not SafetyVerdict.ACCEPTABLE for i in result.ingredients), label
