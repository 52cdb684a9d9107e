"""The safety assessment end to end on real formulas: gates, the cascade, TTC, overrides.

Formulas go through the same formula check as `pifai check` (the shipped TFDA/EU lists), so
a prohibited or over-limit verdict here is the regulatory engine's, carried into the
assessment as a hard gate that no margin of safety can lift.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from pifai.formulas.amounts import parse_amount
from pifai.formulas.check import check_parsed_formula
from pifai.formulas.model import Component
from pifai.formulas.parsers import parse_file, parse_inci_list
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.toxicology.assess import AssessmentInput, assess_product
from pifai.toxicology.assessment_model import (
    BLOCKING_VERDICTS,
    IngredientAssessment,
    ProductAssessment,
    SafetyVerdict,
    Tier,
)
from pifai.toxicology.assessment_report import assessment_dict
from pifai.toxicology.basis import ToxicologyError, basis
from pifai.toxicology.external_facts import ExternalFacts
from pifai.toxicology.formula_inputs import (
    formula_problems,
    formula_warnings,
    inputs_from_check,
    parse_overrides,
)
from pifai.toxicology.margin import OralMethod
from pifai.toxicology.overrides import Judgement, Override, ProductOverrides, Target

TODAY = date(2026, 12, 3)


def assess_csv(
    rows: list[tuple[str, str]], product_type: str, **kwargs: object
) -> ProductAssessment:
    text = "INCI,%\n" + "\n".join(f"{name},{pct}" for name, pct in rows)
    product = find_product_type(product_type)
    check = check_parsed_formula(
        parse_file(text.encode(), "formula.csv"), product, shipped_index(), as_of=TODAY
    )
    return assess_product(inputs_from_check(check), product, **kwargs)  # type: ignore[arg-type]


def one(result: ProductAssessment, name: str) -> IngredientAssessment:
    return next(i for i in result.ingredients if i.name.casefold() == name.casefold())


# --- SPEC §19 toxicology cases -------------------------------------------------------------


def test_estradiol_at_a_trace_is_prohibited_whatever_the_margin() -> None:
    result = assess_csv([("Aqua", "99.9999"), ("Estradiol", "0.0001")], "face_cream")
    estradiol = one(result, "Estradiol")
    assert estradiol.verdict is SafetyVerdict.PROHIBITED
    assert estradiol.tier is Tier.GATE
    assert "NOAEL not required" in estradiol.method
    assert estradiol.sed is not None and estradiol.sed.mg_kg_bw_d < 1e-4  # a tiny exposure
    assert estradiol.blocking and result.verdict is SafetyVerdict.PROHIBITED


def test_mercuric_chloride_is_prohibited() -> None:
    result = assess_csv(
        [("Aqua", "99.99999"), ("Mercuric chloride 7487-94-7", "0.00001")], "face_cream"
    )
    mercury = result.ingredients[-1]
    assert mercury.verdict is SafetyVerdict.PROHIBITED
    assert any(g.kind == "prohibited" for g in mercury.gates)


@pytest.mark.parametrize("pct", ["30", "40", "100"])
def test_titanium_dioxide_over_its_limit_in_a_sunscreen_is_blocked(pct: str) -> None:
    rows = [("Titanium Dioxide", pct)] + ([("Aqua", str(100 - int(pct)))] if pct != "100" else [])
    result = assess_csv(rows, "sunscreen")
    tio2 = one(result, "Titanium Dioxide")
    assert tio2.verdict is SafetyVerdict.OVER_LIMIT
    assert tio2.blocking and result.blocking


# --- dermal absorption ---------------------------------------------------------------------


def test_an_unknown_substance_keeps_the_full_default_dap() -> None:
    result = assess_csv([("Aqua", "99"), ("Xyzzy Frobnicate", "1")], "face_cream")
    unknown = one(result, "Xyzzy Frobnicate")
    assert unknown.dap is not None and unknown.dap.pct == basis("dap.default_pct").value
    assert "unknown" in unknown.dap.basis.lower()


@pytest.mark.parametrize(
    "name", ["Lavandula Angustifolia Oil", "Melaleuca Alternifolia Leaf Oil", "Phenoxyethanol"]
)
def test_essential_oils_and_small_molecules_never_get_a_reduced_dap(name: str) -> None:
    result = assess_csv([("Aqua", "99"), (name, "1")], "face_cream")
    item = one(result, name)
    assert item.dap is not None
    if item.dap.pct < basis("dap.default_pct").value:  # only with a cited measured study
        assert item.dap.citation and "measured" in item.dap.basis


def test_the_ten_percent_rule_needs_cited_mw_and_log_pow() -> None:
    # A large lipophilic molecule known only by structure from an external source: the 10 %
    # rule needs *cited* MW and log Pow, and a SMILES alone does not give log Pow.
    facts = ExternalFacts(smiles="CCCCCCCCCCCCCCCCCC(=O)OCCCCCCCCCCCCCCCCCCCCCCCC")
    inputs = [AssessmentInput("Made-up wax ester", None, (), 2.0)]
    result = assess_product(
        inputs, find_product_type("body_lotion"), facts={"made-up wax ester": facts}
    )
    assert result.ingredients[0].dap is not None
    assert result.ingredients[0].dap.pct == basis("dap.default_pct").value


# --- the cascade ---------------------------------------------------------------------------


def test_every_ingredient_has_a_basis_and_unknowns_are_data_gaps_for_the_sa() -> None:
    result = assess_csv(
        [("Aqua", "90"), ("Glycerin", "5"), ("Xyzzy Frobnicate", "5")], "face_cream"
    )
    for item in result.ingredients:
        assert item.method.strip() and item.basis.strip()
    unknown = one(result, "Xyzzy Frobnicate")
    assert unknown.verdict is SafetyVerdict.DATA_GAP and unknown.tier is Tier.DATA_GAP
    assert unknown.review, "a data gap must be handed to the SA with a reason"
    assert any(r.ingredient == "Xyzzy Frobnicate" for r in result.review_list)


def test_no_concentration_is_a_data_gap_not_a_pass() -> None:
    inputs = [AssessmentInput("Glycerin", "GLYCERIN", ("56-81-5",), None)]
    item = assess_product(inputs, find_product_type("face_cream")).ingredients[0]
    assert item.verdict is SafetyVerdict.DATA_GAP
    assert "concentration" in " ".join(item.review)


def test_ttc_for_a_small_organic_molecule_without_data() -> None:
    facts = {"hexan-1-ol, research grade": ExternalFacts(smiles="CCCCCCO")}
    low = assess_product(
        [AssessmentInput("Hexan-1-ol, research grade", None, (), 0.00001)],
        find_product_type("face_cream"),
        facts=facts,
    ).ingredients[0]
    high = assess_product(
        [AssessmentInput("Hexan-1-ol, research grade", None, (), 5.0)],
        find_product_type("face_cream"),
        facts=facts,
    ).ingredients[0]
    assert low.tier is Tier.TTC and low.ttc is not None and low.ttc.below
    assert low.verdict is SafetyVerdict.ACCEPTABLE and "Cramer I" in low.method
    assert high.tier is Tier.TTC and high.ttc is not None and not high.ttc.below
    assert high.verdict is SafetyVerdict.DATA_GAP


def test_a_genotoxicity_alert_takes_the_lowest_ttc() -> None:
    facts = {"nitro test compound": ExternalFacts(smiles="O=[N+]([O-])c1ccc(C)cc1")}
    item = assess_product(
        [AssessmentInput("Nitro test compound", None, (), 0.001)],
        find_product_type("face_cream"),
        facts=facts,
    ).ingredients[0]
    assert item.tier is Tier.TTC
    assert item.ttc is not None and item.ttc.ttc_class.value == "genotoxic_alert"
    assert item.verdict is SafetyVerdict.DATA_GAP  # 0.001 % is far above 0.0025 µg/kg bw/d


def test_a_uv_filter_never_goes_to_ttc() -> None:
    facts = {"test uv absorber": ExternalFacts(smiles="CCCCCCO")}
    item = assess_product(
        [AssessmentInput("Test UV absorber", None, (), 0.00001, function="UV filter")],
        find_product_type("sunscreen"),
        facts=facts,
    ).ingredients[0]
    assert item.tier is not Tier.TTC
    assert item.verdict is not SafetyVerdict.ACCEPTABLE or item.tier is not Tier.DATA_GAP


def test_nanomaterials_go_to_the_sa_even_with_a_margin() -> None:
    result = assess_csv([("Aqua", "95"), ("Titanium Dioxide (nano)", "5")], "sunscreen")
    nano = one(result, "Titanium Dioxide (nano)")
    assert any(g.kind == "nanomaterial" for g in nano.gates)
    assert nano.verdict is not SafetyVerdict.ACCEPTABLE
    assert nano.dap is not None and nano.dap.pct == basis("dap.default_pct").value


# --- overrides -----------------------------------------------------------------------------


def test_sa_overrides_are_used_recorded_and_shown() -> None:
    exposure = Override(Target.EXPOSURE, 10.0, "the product's own use study", "Study 42")
    noael = Override(Target.NOAEL, 50.0, "key study chosen by the SA", "Report X, 2024")
    inputs = [AssessmentInput("Xyzzy Frobnicate", None, (), 1.0)]
    item = assess_product(
        inputs,
        find_product_type("face_cream"),
        overrides=ProductOverrides(exposure=exposure),
        ingredient_overrides={"XYZZY  frobnicate": ProductOverrides(noael=noael)},
        oral_method=OralMethod.PLAIN_NOAEL,
    ).ingredients[0]
    assert item.exposure.override is exposure and item.exposure.e_product_mg_kg_bw_d == 10.0
    assert item.noael is not None and item.noael.override is noael
    assert item.sed is not None and item.sed.mg_kg_bw_d == pytest.approx(10.0 * 1 / 100)
    assert item.mos is not None and item.mos.mos == pytest.approx(50.0 / 0.1)
    assert item.verdict is SafetyVerdict.ACCEPTABLE
    assert "override" in item.method.lower()


def test_a_low_margin_is_insufficient_and_blocking() -> None:
    noael = Override(Target.NOAEL, 1.0, "SA's key study", "Report Y")
    item = assess_product(
        [AssessmentInput("Xyzzy Frobnicate", None, (), 10.0)],
        find_product_type("body_lotion"),
        ingredient_overrides={"Xyzzy Frobnicate": ProductOverrides(noael=noael)},
    ).ingredients[0]
    assert item.verdict is SafetyVerdict.INSUFFICIENT_MARGIN
    assert item.verdict in BLOCKING_VERDICTS


def test_fallback_exposure_is_flagged_for_the_sa() -> None:
    result = assess_csv([("Aqua", "99"), ("Glycerin", "1")], "sunscreen")  # no sourced class
    assert result.exposure.fallback
    exposure_notes = [r for r in result.review_list if r.ingredient == "(exposure)"]
    assert len(exposure_notes) == 1 and "no sourced scc" in exposure_notes[0].reason.lower()
    assert result.verdict is not SafetyVerdict.ACCEPTABLE  # the SA confirms the exposure
    assert assessment_dict(result)["exposure"]["fallback"] is True


def test_pasted_inci_list_without_amounts_gives_data_gaps_not_passes() -> None:
    product = find_product_type("face_cream")
    check = check_parsed_formula(
        parse_inci_list("Aqua, Glycerin, Phenoxyethanol"), product, shipped_index(), as_of=TODAY
    )
    result = assess_product(inputs_from_check(check), product)
    assert all(i.verdict is not SafetyVerdict.ACCEPTABLE for i in result.ingredients)


# --- found by testing: formula problems, uncertain identities, sensitisers, bad overrides --


def _checked(text: str, product_type: str = "face_cream") -> ProductAssessment:
    product = find_product_type(product_type)
    check = check_parsed_formula(
        parse_file(text.encode(), "f.csv"), product, shipped_index(), as_of=TODAY
    )
    return assess_product(
        inputs_from_check(check), product, formula_problems=formula_problems(check)
    )


@pytest.mark.parametrize(
    "text",
    ["INCI,%\n", "INCI,%\nGlycerin,10\nPropylene Glycol,20\n"],
    ids=["no rows", "totals 30 %"],
)
def test_an_unusable_formula_never_passes(text: str) -> None:
    result = _checked(text)
    assert result.verdict is not SafetyVerdict.ACCEPTABLE
    assert result.blocks_signing
    assert any(r.ingredient == "(formula)" for r in result.review_list)
    assert assessment_dict(result)["blocking"] is True


def test_a_guessed_identity_is_for_the_sa_to_confirm() -> None:
    result = _checked("INCI,%\nAqua,98\nMethylene chloride,1\nGlycerin,1\n")
    guessed = one(result, "Methylene chloride")
    assert guessed.verdict is not SafetyVerdict.ACCEPTABLE
    assert any("identity uncertain" in r for r in guessed.review)
    assert not any("identity uncertain" in r for r in one(result, "Glycerin").review)


def test_a_harmonised_skin_sensitiser_is_never_acceptable_by_margin_or_ttc() -> None:
    result = _checked("INCI,%\nAqua,99.9\nLimonene,0.1\n")
    limonene = one(result, "Limonene")
    assert any(g.kind == "sensitiser" for g in limonene.gates)
    assert limonene.verdict is SafetyVerdict.REVIEW


@pytest.mark.parametrize("target", [Target.EXPOSURE, Target.DAP, Target.NOAEL])
def test_an_override_of_zero_is_refused(target: Target) -> None:
    with pytest.raises(ToxicologyError, match="above 0"):
        Override(target, 0, "no exposure at all", "x", "y")


def test_an_override_that_makes_the_margin_infinite_is_refused() -> None:
    noael = Override(Target.NOAEL, 1e308, "absurd", "x")
    with pytest.raises(ToxicologyError, match="not a finite number"):
        assess_product(
            [AssessmentInput("Xyzzy Frobnicate", None, (), 1e-300)],
            find_product_type("face_cream"),
            ingredient_overrides={"Xyzzy Frobnicate": ProductOverrides(noael=noael)},
        )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"exposure": {"value": 1, "reason": "r", "citation": "c", "foo": 1}},
         "overrides.exposure.foo"),
        ({"exposure": {"value": 1, "reason": 5}}, "overrides.exposure.reason: expected text"),
        ({"exposure": {"value": 1, "reason": "trust me"}}, "needs its source"),
        ({"ingredients": {"X": {"noael": {"value": 1, "reason": "r", "citation": ["x"]}}}},
         "citation: expected text"),
    ],
)  # fmt: skip
def test_override_fields_are_checked_strictly(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ToxicologyError, match=re.escape(message)):
        parse_overrides(raw)


def test_an_override_for_an_absent_ingredient_is_reported_not_dropped() -> None:
    noael = Override(Target.NOAEL, 100, "key study", "x")
    result = assess_product(
        [AssessmentInput("Glycerin", "GLYCERIN", ("56-81-5",), 5.0)],
        find_product_type("face_cream"),
        ingredient_overrides={"Glycerine typo": ProductOverrides(noael=noael)},
    )
    assert result.unused_overrides == ("Glycerine typo",)
    assert any(r.ingredient == "Glycerine typo" for r in result.review_list)


def _checked_with(text: str, product_type: str, **options: object) -> ProductAssessment:
    product = find_product_type(product_type)
    check = check_parsed_formula(
        parse_file(text.encode(), "f.csv"), product, shipped_index(), as_of=TODAY
    )
    return assess_product(
        inputs_from_check(check),
        product,
        formula_problems=formula_problems(check),
        formula_warnings=formula_warnings(check),
        **options,  # type: ignore[arg-type]
    )


def test_an_unidentified_name_stays_on_the_list_even_with_an_sa_noael() -> None:
    noael = Override(Target.NOAEL, 100, "key study", "Report Z")
    result = _checked_with(
        "INCI,%\nGlycerin,99.9\nXyzzy Frobnicate,0.1\n",
        "face_cream",
        ingredient_overrides={"Xyzzy Frobnicate": ProductOverrides(noael=noael)},
    )
    unknown = one(result, "Xyzzy Frobnicate")
    assert unknown.noael is not None and unknown.mos is not None  # the SA's NOAEL is used
    assert unknown.verdict is SafetyVerdict.REVIEW
    assert any("identity unconfirmed" in r for r in unknown.review)
    assert result.verdict is not SafetyVerdict.ACCEPTABLE


def test_a_guess_below_the_lookup_confidence_does_not_choose_the_basis() -> None:
    result = _checked_with("INCI,%\nGlycerin,99.95\n維生素A酸,0.05\n", "face_cream")
    guessed = result.ingredients[-1]
    assert guessed.inci is None  # the weak guess (tocopherol) is not used
    assert guessed.tier is not Tier.QUALITATIVE
    assert any("identity unconfirmed" in r for r in guessed.review)


def test_an_incomplete_raw_material_breakdown_is_for_the_sa() -> None:
    product = find_product_type("face_cream")
    text = "Raw material,%\nGlycerin,90\nHalf Blend,10\n"
    library = {"Half Blend": (Component("Phenoxyethanol", parse_amount("60"), "122-99-6"),)}
    check = check_parsed_formula(
        parse_file(text.encode(), "f.csv"), product, shipped_index(), as_of=TODAY,
        library=library,
    )  # fmt: skip
    warnings = formula_warnings(check)
    result = assess_product(
        inputs_from_check(check),
        product,
        formula_problems=formula_problems(check),
        formula_warnings=warnings,
    )
    assert warnings, "the check warns about the undisclosed 40 %"
    assert result.verdict is not SafetyVerdict.ACCEPTABLE
    assert any(r.ingredient == "(formula)" for r in result.review_list)


def test_a_dap_reduction_never_applies_to_a_lip_product() -> None:
    dap = Override(Target.DAP, 1, "emulsion study", "Study D", "o/w emulsion")
    result = assess_product(
        [AssessmentInput("Glycerin", "GLYCERIN", ("56-81-5",), 5.0)],
        find_product_type("lipstick"),
        ingredient_overrides={"GLYCERIN": ProductOverrides(dap=dap)},
    )
    item = result.ingredients[0]
    assert item.dap is not None and item.dap.pct == basis("dap.default_pct").value
    assert "lip/oral" in item.dap.basis and "not used" in item.dap.basis


def test_an_sa_judgement_closes_a_data_gap_but_never_lifts_a_gate() -> None:
    water = ProductOverrides(
        judgement=Judgement("purified water, no toxicological concern", "Ph. Eur. 0008")
    )
    result = _checked_with(
        "INCI,%\nAqua,99.9999\nEstradiol,0.0001\n",
        "face_cream",
        ingredient_overrides={"AQUA": water, "ESTRADIOL": water},
    )
    aqua, estradiol = one(result, "Aqua"), one(result, "Estradiol")
    assert aqua.tier is Tier.SA_JUDGEMENT and aqua.verdict is SafetyVerdict.ACCEPTABLE
    assert "Ph. Eur. 0008" in " ".join(aqua.reasons)
    assert estradiol.verdict is SafetyVerdict.PROHIBITED


def test_an_sa_judgement_needs_reason_and_source_and_no_number() -> None:
    with pytest.raises(ToxicologyError, match="reason and its source"):
        parse_overrides({"ingredients": {"AQUA": {"basis": {"reason": "water"}}}})
    with pytest.raises(ToxicologyError, match=re.escape("basis.value: unknown field")):
        parse_overrides(
            {"ingredients": {"AQUA": {"basis": {"reason": "w", "citation": "c", "value": 1}}}}
        )
    _, per = parse_overrides(
        {"ingredients": {"AQUA": {"basis": {"reason": "purified water", "citation": "Ph. Eur."}}}}
    )
    assert per["AQUA"].judgement == Judgement("purified water", "Ph. Eur.")


def test_the_checks_review_notes_reach_the_sa() -> None:
    """A UV-filter limit the check did not apply (a face cream, function not declared) must
    not vanish between the check and the assessment."""
    result = _checked_with(
        "INCI,%\nAqua,77\nEthylhexyl Methoxycinnamate,15\nGlycerin,8\n", "face_cream"
    )
    uv = one(result, "Ethylhexyl Methoxycinnamate")
    assert any("UV-filter limits not applied" in r for r in uv.review)
    assert uv.verdict is not SafetyVerdict.ACCEPTABLE
