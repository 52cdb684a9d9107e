"""The NOAEL cascade tier by tier through the engine (SPEC §10), and ranges at their upper bound.

Tier 1: a curated analogue's NOAEL ÷ its cited assessment factor, the label naming analogue,
NOAEL and AF. Tier 1.5: Morgan Tanimoto ≥ the register's threshold to an anchor, always on
the SA's review list with the analogue named. Tier 2: an authority's "safe up to x %"
conclusion, judged against the concentration used.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.parsers import parse_file
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.toxicology.assess import AssessmentInput, assess_product
from pifai.toxicology.assessment_model import (
    IngredientAssessment,
    ProductAssessment,
    SafetyVerdict,
    Tier,
)
from pifai.toxicology.basis import basis
from pifai.toxicology.dataset import AnalogueLink, ToxicologyDataset, load_dataset
from pifai.toxicology.exposure import exposure_for
from pifai.toxicology.external_facts import ExternalFacts
from pifai.toxicology.formula_inputs import inputs_from_check

TODAY = date(2026, 12, 3)
FACE_CREAM = find_product_type("face_cream")
E_FACE = exposure_for(FACE_CREAM).e_product_mg_kg_bw_d  # 24.14, SCCS Table 3A


def _assess(inp: AssessmentInput, **options: Any) -> tuple[ProductAssessment, IngredientAssessment]:
    result = assess_product([inp], FACE_CREAM, **options)
    return result, result.ingredients[0]


def _anchor(key: str) -> Any:
    return next(s for s in load_dataset() if s.key == key)


# --- tier 1: curated read-across -----------------------------------------------------------


def test_tier_1_read_across_names_the_analogue_its_noael_and_the_factor() -> None:
    # Sodium benzoate: EFSA evaluates it with benzoic acid (group ADI), NOAEL 500 mg/kg bw/d.
    benzoic = _anchor("benzoic_acid")
    assert benzoic.noael is not None
    _, item = _assess(AssessmentInput("Sodium Benzoate", "SODIUM BENZOATE", ("532-32-1",), 0.5))
    assert item.tier is Tier.READ_ACROSS
    assert item.method == (
        f"read-across (analogue BENZOIC ACID, NOAEL {benzoic.noael.value:g} mg/kg bw/day, AF 1)"
    )
    assert item.analogue is not None
    assert (item.analogue.name, item.analogue.noael_mg_kg_bw_d, item.analogue.factor) == (
        "BENZOIC ACID",
        benzoic.noael.value,
        1,
    )
    # The heavier salt is not credited with a higher NOAEL (molar adjustment only downwards).
    assert item.noael is not None and item.noael.mg_kg_bw_d == benzoic.noael.value
    assert "read-across from BENZOIC ACID" in item.noael.source
    assert "EFSA Journal 2016;14(3):4433" in item.noael.source  # the link's own citation
    assert item.mos is not None and item.mos.mos is not None
    assert item.verdict is SafetyVerdict.ACCEPTABLE


def test_tier_1_divides_by_a_cited_assessment_factor() -> None:
    benzoic = _anchor("benzoic_acid")
    assert benzoic.noael is not None
    link = AnalogueLink(
        target_inci="TEST BENZOATE ESTER", target_cas=(), anchor=benzoic,
        factor_key="assessment_factor.subchronic_to_chronic", mw_adjusted=False,
        rationale="test link", citation="test",
    )  # fmt: skip
    shipped = load_dataset()
    dataset = ToxicologyDataset("test", "1", tuple(shipped), (link,))
    factor = basis("assessment_factor.subchronic_to_chronic")
    _, item = _assess(
        AssessmentInput("Test Benzoate Ester", "TEST BENZOATE ESTER", (), 0.5), dataset=dataset
    )
    assert item.tier is Tier.READ_ACROSS
    assert f"AF {factor.value:g} ({factor.citation})" in item.method
    assert f"analogue BENZOIC ACID, NOAEL {benzoic.noael.value:g} mg/kg bw/day" in item.method
    assert item.noael is not None
    assert item.noael.mg_kg_bw_d == pytest.approx(benzoic.noael.value / factor.value)
    assert item.analogue is not None and item.analogue.factor == factor.value


# --- tier 1.5: structural read-across ------------------------------------------------------

P_TOLUIC = "Cc1ccc(C(=O)O)cc1"  # 4-methylbenzoic acid: Tanimoto 0.55 to benzoic acid


def _structural(pct: float) -> tuple[ProductAssessment, IngredientAssessment]:
    facts = {"p-toluic acid (test)": ExternalFacts(smiles=P_TOLUIC, smiles_citation="test")}
    return _assess(AssessmentInput("p-Toluic acid (test)", None, (), pct), facts=facts)


def test_tier_1_5_structural_read_across_is_named_and_always_for_the_sa() -> None:
    result, item = _structural(0.1)
    assert item.tier is Tier.STRUCTURAL
    assert item.analogue is not None and item.analogue.name == "BENZOIC ACID"
    tanimoto = item.analogue.tanimoto
    assert tanimoto is not None and tanimoto == pytest.approx(0.55)
    assert tanimoto >= basis("readacross.tanimoto_min").value
    assert item.method == (
        "structural read-across (analogue BENZOIC ACID, Tanimoto 0.55 ≥ 0.5, "
        "NOAEL 500 mg/kg bw/day)"
    )
    assert item.mos is not None and item.mos.mos is not None and item.mos.mos >= 100
    assert item.verdict is SafetyVerdict.REVIEW  # a margin alone never clears tier 1.5
    listed = [r.reason for r in result.review_list if r.ingredient == item.name]
    assert any("structural read-across to BENZOIC ACID" in r for r in listed)


def test_tier_1_5_is_deterministic() -> None:
    first, second = _structural(0.1)[1], _structural(0.1)[1]
    assert (first.method, first.analogue, first.verdict) == (
        second.method,
        second.analogue,
        second.verdict,
    )


def test_tier_1_5_with_too_small_a_margin_is_insufficient() -> None:
    _, item = _structural(100.0)  # SED 24.14; PoD 250 (50 % oral): MoS about 10
    assert item.tier is Tier.STRUCTURAL
    assert item.verdict is SafetyVerdict.INSUFFICIENT_MARGIN and item.blocking


def test_below_the_tanimoto_threshold_there_is_no_structural_read_across() -> None:
    facts = {"ethyl benzoate (test)": ExternalFacts(smiles="CCOC(=O)c1ccccc1")}
    _, item = _assess(AssessmentInput("Ethyl benzoate (test)", None, (), 0.1), facts=facts)
    assert item.tier is not Tier.STRUCTURAL and item.analogue is None


# --- tier 2: a "safe up to x %" conclusion -------------------------------------------------


def _xanthan(pct: float) -> IngredientAssessment:
    return _assess(AssessmentInput("Xanthan Gum", "XANTHAN GUM", ("11138-66-2",), pct))[1]


def test_tier_2_within_a_cir_limit_is_acceptable() -> None:
    conclusion = _anchor("xanthan_gum").qualitative[0]
    assert (conclusion.authority, conclusion.max_pct) == ("CIR", 6.0)
    item = _xanthan(0.3)
    assert item.tier is Tier.QUALITATIVE
    assert item.method == f"CIR: {conclusion.conclusion}"
    assert any(conclusion.citation in r for r in item.reasons)
    assert item.verdict is SafetyVerdict.ACCEPTABLE and not item.review
    assert item.mos is None  # a conclusion, not a margin


def test_tier_2_at_the_cir_limit_is_still_within() -> None:
    assert _xanthan(6.0).verdict is SafetyVerdict.ACCEPTABLE


def test_tier_2_above_a_cir_limit_goes_to_the_sa() -> None:
    item = _xanthan(8.0)
    assert item.tier is Tier.QUALITATIVE
    # CIR figures are reported use levels, not limits: review, not a margin failure.
    assert item.verdict is SafetyVerdict.REVIEW
    assert "used at 8 %, above the 6 % CIR assessed" in item.review


def test_tier_2_above_an_sccs_limit_is_insufficient() -> None:
    conclusion = _anchor("kojic_acid").qualitative[0]
    assert (conclusion.authority, conclusion.max_pct) == ("SCCS", 1.0)
    _, item = _assess(AssessmentInput("Kojic Acid", "KOJIC ACID", ("501-30-4",), 2.0))
    assert item.tier is Tier.QUALITATIVE
    assert item.verdict is SafetyVerdict.INSUFFICIENT_MARGIN and item.blocking
    assert "used at 2 %, above the 1 % SCCS assessed" in item.review


# --- ranges use their upper bound ----------------------------------------------------------


def _from_csv(text: str) -> ProductAssessment:
    check = check_parsed_formula(
        parse_file(text.encode(), "f.csv"), FACE_CREAM, shipped_index(), as_of=TODAY
    )
    return assess_product(inputs_from_check(check), FACE_CREAM)


@pytest.mark.parametrize(("amount", "upper"), [("3-5", 5.0), ("3 – 5 %", 5.0), ("<5", 5.0)])
def test_a_range_is_judged_at_its_upper_bound(amount: str, upper: float) -> None:
    result = _from_csv(f"INCI,%\nAqua,95\nGlycerin,{amount}\n")
    glycerin = next(i for i in result.ingredients if i.name == "Glycerin")
    assert glycerin.concentration_pct == upper
    assert glycerin.sed is not None and glycerin.sed.concentration_pct == upper
    assert glycerin.sed.mg_kg_bw_d == pytest.approx(E_FACE * upper / 100)


def test_a_range_straddling_a_limit_is_over_it() -> None:
    # Phenoxyethanol is limited to 1 % as a preservative: 0.8–1.2 % may exceed it.
    result = _from_csv("INCI,%,Function\nAqua,98.8,Solvent\nPhenoxyethanol,0.8-1.2,Preservative\n")
    item = next(i for i in result.ingredients if i.name == "Phenoxyethanol")
    assert item.concentration_pct == 1.2
    assert item.verdict is SafetyVerdict.OVER_LIMIT and item.blocking
