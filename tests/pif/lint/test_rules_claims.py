"""R1, R2, R7 and the medical-claim rule: one test that fires each, one that does not."""

from __future__ import annotations

from pifai.pif.lint import Severity
from pifai.pif.lint.penalties import CHAPTER_5_EN_URL
from tests.pif.lint.helpers import fired, formula, label, run, stability, toxicology

NIACINAMIDE = {"inci": "Niacinamide", "verdict": "compliant"}
COVERED = {"inci": "NIACINAMIDE", "tier": "0", "verdict": "acceptable"}
USAGE = {
    "method": "Apply to the face",
    "body_area": "face",
    "amount": "0.8 g",
    "frequency": "twice daily",
    "target_population": "adults",
}


def test_r1_fires_on_a_strong_claim_whose_ingredient_item_10_does_not_cover() -> None:
    items = {
        3: formula(NIACINAMIDE),
        4: label(claims=["美白淡斑"]),
        10: toxicology({"inci": "Niacinamide", "tier": "data_gap"}),
    }

    [alert] = fired(run(items), "R1")

    assert (alert.severity, alert.target_item, alert.article) == (Severity.WARNING, 10, "Art. 4 ¶1")
    assert alert.penalty == "see Act art. 4"
    assert "Niacinamide" in alert.evidence


def test_r1_fires_when_there_is_no_toxicology_at_all() -> None:
    [alert] = fired(run({14: {"claims": [{"text": "Anti-wrinkle serum"}]}}), "R1")

    assert "no toxicology assessment" in alert.message_en


def test_r1_does_not_fire_when_item_10_covers_every_ingredient() -> None:
    items = {3: formula(NIACINAMIDE), 4: label(claims=["whitening"]), 10: toxicology(COVERED)}

    assert fired(run(items), "R1") == []


def test_generic_claims_never_fire_r1() -> None:
    items = {4: label(claims=["保濕", "moisturising", "soothing", "cleansing", "nourishing"])}

    assert fired(run(items), "R1") == []


def test_r2_fires_when_the_label_implies_use_and_item_7_is_incomplete() -> None:
    items = {4: label(), 7: {"method": "Apply", "body_area": "face"}}

    [alert] = fired(run(items), "R2")

    assert alert.target_item == 7
    assert alert.evidence == ("amount", "frequency", "target_population")
    assert alert.article == "Art. 4 ¶1"


def test_r2_does_not_fire_when_the_five_use_fields_are_filled() -> None:
    assert fired(run({4: label(), 7: USAGE}), "R2") == []


def test_r7_fires_on_a_sensitive_skin_claim_without_a_patch_test() -> None:
    [alert] = fired(run({4: label(claims=["適合敏感肌"]), 11: stability()}), "R7")

    assert (alert.severity, alert.target_item) == (Severity.ERROR, 11)


def test_r7_does_not_fire_with_a_patch_test() -> None:
    patch = {"test_date": "2026-02-01", "laboratory": "Lab B", "subjects": 30, "result": "pass"}
    items = {4: label(claims=["for sensitive skin"]), 11: stability(patch_test=patch)}

    assert fired(run(items), "R7") == []


def test_medical_claims_in_items_4_7_and_14_are_flagged_under_art_10_2() -> None:
    items = {
        4: label(claims=["消炎"]),
        7: USAGE | {"method": "Treats acne twice daily"},
        14: {"claims": [{"text": "acne scar repair"}]},
    }

    alerts = fired(run(items), "MED")

    assert [a.target_item for a in alerts] == [4, 7, 14]
    assert {a.article for a in alerts} == {"Art. 10 ¶2"}
    penalty = alerts[0].penalty
    assert not isinstance(penalty, str)
    assert penalty.article == "Art. 20 ¶1"
    assert "NT$600,000 to NT$5,000,000" in penalty.text
    assert CHAPTER_5_EN_URL in penalty.citation


def test_no_medical_alert_for_cosmetic_wording() -> None:
    items = {4: label(claims=["hair treatment", "保濕"]), 7: USAGE}

    assert fired(run(items), "MED") == []


def test_acne_and_skin_disease_claims_are_medical_but_acne_prone_skin_is_not() -> None:
    text = "祛痘 抗痘, clears acne, soothes eczema and dermatitis"
    found = fired(run({4: label(label_text=text)}), "MED")
    assert found and {"anti_acne", "skin_disease"} <= {e for a in found for e in a.evidence}
    assert fired(run({4: label(label_text="suitable for acne-prone skin")}), "MED") == []


def test_r1_fires_when_item_10_exists_but_there_is_no_formula() -> None:
    items = {4: label(claims=["美白"]), 10: toxicology()}

    assert [a.rule for a in fired(run(items), "R1")] == ["R1"]
