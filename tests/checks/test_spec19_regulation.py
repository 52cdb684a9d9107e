"""SPEC §19 adversarial cases that concern regulation, through the whole check (intake →
normalisation → shipped TFDA/EU lists → rules), each with the verdict the SPEC states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from pifai.formulas.check import FormulaCheck, check_parsed_formula
from pifai.formulas.json_rows import formula_from_rows
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.regulatory.report import Verdict

TODAY = date(2026, 12, 3)


@dataclass
class Row:
    name: str
    amount: str | float | None
    cas: str | None = None
    function: str | None = None


BASE = [Row("Aqua", "q.s. to 100"), Row("Glycerin", 5), Row("Cetearyl Alcohol", 2)]


def run(product: str, *rows: Row) -> FormulaCheck:
    formula = formula_from_rows([*BASE, *rows])
    return check_parsed_formula(formula, find_product_type(product), shipped_index(), as_of=TODAY)


def verdict_of(check: FormulaCheck, inci: str) -> Verdict:
    for item in check.ingredients:
        if (item.match.inci or item.ingredient.name).lower() == inci.lower():
            return item.verdict.verdict
    raise AssertionError(f"{inci} not in {[i.match.inci for i in check.ingredients]}")


def test_estradiol_in_a_face_cream_is_prohibited_at_a_trace() -> None:
    check = run("face_cream", Row("Estradiol", "0.0001"))

    assert verdict_of(check, "Estradiol") == Verdict.PROHIBITED
    assert check.blocking


@pytest.mark.parametrize("pct", ["30", "40", "100"])
def test_titanium_dioxide_over_the_uv_limit_in_a_sunscreen_is_blocked(pct: str) -> None:
    check = run("sunscreen", Row("Titanium Dioxide", pct))

    assert verdict_of(check, "Titanium Dioxide") == Verdict.OVER_LIMIT
    assert check.blocking


def test_mercuric_chloride_as_an_ingredient_is_prohibited() -> None:
    check = run("face_cream", Row("Mercuric chloride", "0.00001", cas="7487-94-7"))

    item = next(i for i in check.ingredients if "7487-94-7" in str(i.ingredient.cas))
    assert item.verdict.verdict == Verdict.PROHIBITED


def test_menthol_at_12_percent_gets_no_over_limit_from_a_disclosure_threshold() -> None:
    check = run("face_cream", Row("Menthol", "12"))

    item = next(i for i in check.ingredients if (i.match.inci or "").lower() == "menthol")
    assert item.verdict.verdict != Verdict.OVER_LIMIT
    assert not any(f.verdict == Verdict.OVER_LIMIT and f.binding for f in item.verdict.findings)
    assert any("disclosure" in r.reason for r in item.verdict.label_requirements)


def test_methyl_salicylate_at_the_tfda_limit_is_compliant_with_an_eu_note() -> None:
    check = run("face_cream", Row("Methyl Salicylate", "1"))

    item = next(i for i in check.ingredients if (i.match.inci or "").lower() == "methyl salicylate")
    assert item.verdict.verdict == Verdict.COMPLIANT
    eu_notes = [f for f in item.verdict.findings if f.authority and f.authority.value == "EU"]
    assert eu_notes and all(not f.binding for f in eu_notes if f.verdict != Verdict.COMPLIANT)


def test_an_eu_only_limit_binds_when_tfda_has_no_entry() -> None:
    """Hydroxycitronellal: no TFDA entry; EU Annex III/72 allows 1 % in other products."""
    check = run("face_cream", Row("Hydroxycitronellal", "5"))

    assert verdict_of(check, "Hydroxycitronellal") == Verdict.OVER_LIMIT
    assert check.blocking


def test_phenoxyethanol_within_the_tfda_preservative_limit_passes() -> None:
    check = run("face_cream", Row("Phenoxyethanol", "0.9", function="preservative"))

    assert verdict_of(check, "Phenoxyethanol") == Verdict.COMPLIANT


def test_phenoxyethanol_over_one_percent_is_over_the_limit() -> None:
    check = run("face_cream", Row("Phenoxyethanol", "1.2", function="preservative"))

    assert verdict_of(check, "Phenoxyethanol") == Verdict.OVER_LIMIT


@pytest.mark.parametrize("amount", ["-1", "150", "abc"])
def test_unusable_amounts_are_row_errors_and_block_never_a_blank_verdict(amount: str) -> None:
    check = run("face_cream", Row("Niacinamide", amount))

    errors = [p for p in check.problems if p.field == "amount"]
    assert errors and errors[0].location.row == 4
    assert verdict_of(check, "Niacinamide") == Verdict.INCOMPLETE
    assert check.blocking


def test_every_ingredient_ends_with_a_verdict() -> None:
    check = run("face_cream", Row("Qwzx Unknownium Extract", "1"), Row("Niacinamide", "2"))

    assert all(i.verdict.verdict in set(Verdict) for i in check.ingredients)
    assert verdict_of(check, "Qwzx Unknownium Extract") == Verdict.UNKNOWN


# Findings of the second break-it session: each was a false "compliant".


def test_triclosan_is_not_permitted_where_the_list_does_not_name_the_product() -> None:
    check = run("face_cream", Row("Triclosan", "0.2"))

    assert verdict_of(check, "Triclosan") == Verdict.NOT_PERMITTED


def test_hydrogen_peroxide_in_a_face_cream_is_blocked() -> None:
    check = run("face_cream", Row("Hydrogen Peroxide", "10"))

    assert check.blocking
    assert verdict_of(check, "Hydrogen Peroxide") != Verdict.COMPLIANT


def test_salicylic_acid_is_not_permitted_for_children_under_3() -> None:
    check = run("baby_lotion", Row("Salicylic Acid", "0.1"))

    assert verdict_of(check, "Salicylic Acid") == Verdict.NOT_PERMITTED


def test_estradiol_by_its_chinese_name_is_prohibited() -> None:
    check = run("face_cream", Row("雌二醇", "0.0001"))

    assert verdict_of(check, "Estradiol") == Verdict.PROHIBITED


def test_one_substance_under_two_names_is_summed_before_the_limit() -> None:
    check = run("face_cream", Row("Phenoxyethanol", "0.5"), Row("苯氧乙醇", "0.6"))

    assert verdict_of(check, "Phenoxyethanol") == Verdict.OVER_LIMIT
    assert any("amounts summed" in p.message for p in check.problems)


def test_citric_acid_is_not_the_citric_acid_and_silver_citrate_mixture() -> None:
    check = run("face_cream", Row("Citric Acid", "1"))

    assert verdict_of(check, "Citric Acid") == Verdict.COMPLIANT


def test_an_untrusted_identity_is_never_reported_compliant() -> None:
    check = run("face_cream", Row("Glycerin Soap Base Whatever 7", "1"))

    item = next(i for i in check.ingredients if i.ingredient.name.startswith("Glycerin Soap"))
    assert item.match.confidence < 0.8
    assert item.verdict.verdict != Verdict.COMPLIANT
