"""Hard gates through the engine (SPEC §10): CMR 1A/1B, CMR 2, corrosives, strong irritants,
and unidentified ingredients — each on a real CLP Annex VI entry of the shipped index.

A gate overrides any margin: the tests give a huge SA NOAEL (a margin far above 100) so that
only the gate can keep the ingredient from "acceptable".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.parsers import parse_file
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.model import Authority, Citation
from pifai.regulatory.reference import shipped_index
from pifai.regulatory.report import Finding, IngredientVerdict
from pifai.regulatory.report import Verdict as Compliance
from pifai.toxicology.assess import AssessmentInput, assess_product
from pifai.toxicology.assessment_model import (
    BLOCKING_VERDICTS,
    IngredientAssessment,
    ProductAssessment,
    SafetyVerdict,
    Tier,
)
from pifai.toxicology.external_facts import ExternalFacts
from pifai.toxicology.formula_inputs import formula_problems, formula_warnings, inputs_from_check
from pifai.toxicology.gates import hazard_gates
from pifai.toxicology.hazards import (
    HazardClassification,
    HazardFlag,
    flags_for_codes,
    load_hazards,
)
from pifai.toxicology.overrides import Override, ProductOverrides, Target

TODAY = date(2026, 12, 3)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FACE_CREAM = find_product_type("face_cream")
# An SA NOAEL so large that every margin below is far above the threshold of 100.
HUGE = Override(Target.NOAEL, 1e6, "test: a margin no gate may be lifted by", "test")


def _one(
    name: str,
    cas: str,
    pct: float,
    *,
    compliance: IngredientVerdict | None = None,
    facts: ExternalFacts | None = None,
) -> IngredientAssessment:
    result = assess_product(
        [AssessmentInput(name, name.upper(), (cas,) if cas else (), pct, compliance=compliance)],
        FACE_CREAM,
        ingredient_overrides={name: ProductOverrides(noael=HUGE)},
        facts={name.casefold(): facts} if facts else None,
    )
    item = result.ingredients[0]
    assert item.mos is not None and item.mos.mos is not None and item.mos.mos > 100
    return item


def _gate(item: IngredientAssessment, kind: str) -> list[str]:
    return [g.citation for g in item.gates if g.kind == kind]


def _index_no(cas: str) -> str:
    [entry] = load_hazards().for_cas([cas])
    return entry.index_no


# --- CMR -----------------------------------------------------------------------------------


def test_a_carc_1b_substance_is_prohibited_whatever_the_margin() -> None:
    # Potassium bromate, CLP Annex VI 035-003-00-6: Carc. 1B (H350).
    [entry] = load_hazards().for_cas(["7758-01-2"])
    assert "Carc. 1B" in entry.classes and "H350" in entry.h_codes
    item = _one("Potassium Bromate", "7758-01-2", 0.0001)
    assert item.verdict is SafetyVerdict.PROHIBITED and item.blocking
    assert item.tier is Tier.GATE
    assert "cmr" in item.method and "NOAEL not required" in item.method
    assert _gate(item, "cmr") == [f"CLP Annex VI index {entry.index_no} (ATP20)"]
    assert "H350" in item.hazard_codes
    assert any("CMR 1A/1B" in r and "no list entry permitting it" in r for r in item.review)


@pytest.mark.parametrize(("cas", "category"), [("68-12-2", "Repr. 1B"), ("1303-96-4", "Repr. 1B")])
def test_reprotoxic_1b_is_a_cmr_gate_too(cas: str, category: str) -> None:
    # N,N-dimethylformamide (H360D) and borax decahydrate (H360FD).
    [entry] = load_hazards().for_cas([cas])
    assert category in entry.classes
    item = _one("Test Repr 1B", cas, 0.001)
    assert item.verdict is SafetyVerdict.PROHIBITED and _gate(item, "cmr")


def _real_citation(entry_id: str) -> Citation:
    found = next(e.citation for e in shipped_index().entries if e.entry_id == entry_id)
    assert found is not None, entry_id
    return found


def test_a_cmr_1b_permitted_by_name_goes_to_the_sa_not_through() -> None:
    # Sodium hydroxymethylglycinate: Carc. 1B (607-746-00-1), yet on the TFDA preservative
    # list up to 0.5 % (entry 57). Art. 15 exemptions are for the SA to confirm.
    permitted = Finding(
        Compliance.COMPLIANT, "within the 0.5 % limit", Authority.TFDA,
        _real_citation("TFDA:preservative:57"), 0.3, 0.5,
    )  # fmt: skip
    verdict = IngredientVerdict(
        "Sodium Hydroxymethylglycinate", "SODIUM HYDROXYMETHYLGLYCINATE", 0.3,
        Compliance.COMPLIANT, (permitted,),
    )  # fmt: skip
    item = _one("Sodium Hydroxymethylglycinate", "70161-44-3", 0.3, compliance=verdict)
    [cmr] = [g for g in item.gates if g.kind == "cmr"]
    assert cmr.verdict is SafetyVerdict.REVIEW
    assert "Art. 15" in cmr.reason and "TFDA" in cmr.reason
    assert cmr.citation == f"CLP Annex VI index {_index_no('70161-44-3')} (ATP20)"
    assert item.verdict is SafetyVerdict.REVIEW  # never acceptable, however large the MoS


def test_a_prohibition_is_not_read_as_a_permitting_entry() -> None:
    """A prohibition carries an "allowed 0 %": it must not pass for an Art. 15 exemption."""
    banned = Finding(
        Compliance.PROHIBITED, "prohibited as a cosmetic ingredient at any concentration",
        Authority.EU, _real_citation("EU:II:461"), 0.001, 0.0,
    )  # fmt: skip
    verdict = IngredientVerdict(
        "Potassium Bromate", "POTASSIUM BROMATE", 0.001, Compliance.PROHIBITED, (banned,)
    )
    item = _one("Potassium Bromate", "7758-01-2", 0.001, compliance=verdict)
    [cmr] = [g for g in item.gates if g.kind == "cmr"]
    assert cmr.verdict is SafetyVerdict.PROHIBITED
    assert "no list entry permitting it" in cmr.reason
    assert item.verdict is SafetyVerdict.PROHIBITED


def test_a_cmr_2_substance_goes_to_the_sa_whatever_the_margin() -> None:
    # Carbaryl, 006-011-00-7: Carc. 2 (H351) only.
    [entry] = load_hazards().for_cas(["63-25-2"])
    assert "Carc. 2" in entry.classes and HazardFlag.CMR_1AB not in entry.flags
    item = _one("Carbaryl", "63-25-2", 0.001)
    [cmr] = [g for g in item.gates if g.kind == "cmr"]
    assert cmr.verdict is SafetyVerdict.REVIEW and "CMR 2" in cmr.reason
    assert cmr.citation == f"CLP Annex VI index {entry.index_no} (ATP20)"
    assert item.verdict is SafetyVerdict.REVIEW and not item.blocking
    assert cmr.reason in item.review


# --- corrosives and strong irritants -------------------------------------------------------


def test_a_corrosive_goes_to_the_sa_whatever_the_margin() -> None:
    # Sodium hydroxide, 011-002-00-6: Skin Corr. 1A (H314).
    item = _one("Sodium Hydroxide", "1310-73-2", 0.1)
    [corrosive] = [g for g in item.gates if g.kind == "corrosive"]
    assert corrosive.verdict is SafetyVerdict.REVIEW and "H314" in corrosive.reason
    assert corrosive.citation == f"CLP Annex VI index {_index_no('1310-73-2')} (ATP20)"
    assert not _gate(item, "strong_irritant")  # H314 is already the stronger gate
    assert item.verdict is SafetyVerdict.REVIEW


@pytest.mark.parametrize(
    ("name", "cas"), [("Sodium Metabisulfite", "7681-57-4"), ("Propyl Alcohol", "71-23-8")]
)
def test_serious_eye_damage_is_a_strong_irritant_gate(name: str, cas: str) -> None:
    # Sodium metabisulphite 016-063-00-2 and n-propanol 603-003-00-3: Eye Dam. 1 (H318).
    [entry] = load_hazards().for_cas([cas])
    assert "Eye Dam. 1" in entry.classes and "H318" in entry.h_codes
    result = assess_product(
        [AssessmentInput(name, name.upper(), (cas,), 0.1)],
        FACE_CREAM,
        ingredient_overrides={name: ProductOverrides(noael=HUGE)},
    )
    item = result.ingredients[0]
    [gate] = [g for g in item.gates if g.kind == "strong_irritant"]
    assert gate.verdict is SafetyVerdict.REVIEW
    assert "H318" in gate.reason and "serious eye damage" in gate.reason
    assert gate.citation == f"CLP Annex VI index {entry.index_no} (ATP20)"
    assert item.mos is not None and item.mos.mos is not None and item.mos.mos > 100
    assert item.verdict is SafetyVerdict.REVIEW
    assert any(r.ingredient == name and r.reason == gate.reason for r in result.review_list)


def test_an_entry_both_corrosive_and_eye_damaging_gets_one_gate() -> None:
    codes = ("H314", "H318")
    both = HazardClassification(
        "000-000-00-0", "test", ("0-00-0",), ("Skin Corr. 1B", "Eye Dam. 1"), codes,
        flags_for_codes(codes), "test citation",
    )  # fmt: skip
    assert [g.kind for g in hazard_gates([both], None)] == ["corrosive"]


def test_a_notified_h318_goes_to_the_sa() -> None:
    facts = ExternalFacts(notified_codes=("H318",), notified_source="PubChem CID 1 (GHS)")
    item = _one("Unlisted Test Acid", "", 0.1, facts=facts)
    [gate] = [g for g in item.gates if g.kind == "notified_hazard"]
    assert gate.verdict is SafetyVerdict.REVIEW and "H318" in gate.reason
    assert gate.citation == "PubChem CID 1 (GHS)"
    assert item.verdict is not SafetyVerdict.ACCEPTABLE


# --- an ingredient of unknown identity -----------------------------------------------------


def _check_and_assess(text: str) -> ProductAssessment:
    check = check_parsed_formula(
        parse_file(text.encode(), "f.csv"), FACE_CREAM, shipped_index(), as_of=TODAY
    )
    return assess_product(
        inputs_from_check(check),
        FACE_CREAM,
        formula_problems=formula_problems(check),
        formula_warnings=formula_warnings(check),
    )


def test_a_trade_name_preservative_without_its_inci_is_for_the_sa_not_prohibited() -> None:
    """examples/face-cream.csv assessed without the raw-materials file: Euxyl PE 9010 is a
    name, not an identity, so its absence from the preservative list proves nothing."""
    path = EXAMPLES / "face-cream.csv"
    check = check_parsed_formula(
        parse_file(path.read_bytes(), path.name), FACE_CREAM, shipped_index(), as_of=TODAY
    )
    result = assess_product(inputs_from_check(check), FACE_CREAM)
    euxyl = next(i for i in result.ingredients if i.name == "Euxyl PE 9010")
    assert euxyl.inci is None and not euxyl.cas  # not resolved: the premise of the case
    assert euxyl.verdict in (SafetyVerdict.REVIEW, SafetyVerdict.DATA_GAP)
    assert euxyl.tier is not Tier.GATE and not euxyl.blocking
    [gate] = [g for g in euxyl.gates if g.kind == "identity_unknown"]
    assert gate.verdict is SafetyVerdict.REVIEW
    assert "identity unknown" in gate.reason and "preservative" in gate.reason
    assert "防腐劑" in gate.citation  # the preservative list it could not be checked against
    assert all(g.citation for g in euxyl.gates)
    assert not any(g.verdict in BLOCKING_VERDICTS for g in euxyl.gates)
    sa_list = [r.reason for r in result.review_list if r.ingredient == "Euxyl PE 9010"]
    assert gate.reason in sa_list
    assert any("identity unconfirmed" in reason for reason in sa_list)
    assert all(i.verdict is not SafetyVerdict.PROHIBITED for i in result.ingredients)


def test_an_identified_ingredient_declared_as_an_unlisted_preservative_stays_prohibited() -> None:
    result = _check_and_assess("INCI,%,Function\nAqua,95,Solvent\nGlycerin,5,Preservative\n")
    glycerin = next(i for i in result.ingredients if i.name == "Glycerin")
    [gate] = [g for g in glycerin.gates if g.kind == "not_on_positive_list"]
    assert gate.verdict is SafetyVerdict.PROHIBITED
    assert gate.citation == "TFDA 化粧品防腐劑成分名稱及使用限制表"
    assert glycerin.verdict is SafetyVerdict.PROHIBITED and glycerin.blocking
    assert any(gate.citation in r for r in glycerin.review)  # the SA sees why, and where


@pytest.mark.parametrize(
    "row",
    ["Estradiol,,0.0001,Preservative", "Mercuric chloride,,0.0001,", "Blend X,50-28-2,0.0001,"],
    ids=["by name, declared preservative", "by name only", "a trade name with its CAS"],
)
def test_a_real_prohibited_substance_is_still_prohibited(row: str) -> None:
    result = _check_and_assess(f"INCI,CAS,%,Function\nAqua,,99.9999,Solvent\n{row}\n")
    item = result.ingredients[-1]
    assert item.verdict is SafetyVerdict.PROHIBITED and item.tier is Tier.GATE
    [first, *_] = [g for g in item.gates if g.verdict is SafetyVerdict.PROHIBITED]
    assert first.kind == "prohibited" and first.citation  # a list entry, cited
    assert result.blocks_signing
