"""R4, R9 and the Art. 7 label rule: one test that fires each, one that does not."""

from __future__ import annotations

from pifai.pif.lint import Severity
from pifai.pif.lint.penalties import ART_18_ZH_URL
from tests.pif.lint.helpers import fired, formula, label, run

CITATION = {"label": "TFDA 化粧品禁止使用成分表 #123", "source": "tfda"}
MERCURY = {
    "inci": "Mercury",
    "verdict": "prohibited",
    "findings": [
        {"verdict": "prohibited", "message": "on the prohibited list", "citation": CITATION}
    ],
}
WARNING_REQ = {"ingredient": "Salicylic Acid", "text": "三歲以下孩童不得使用", "citation": CITATION}


def test_r9_reports_the_engines_prohibited_verdict_with_its_citation() -> None:
    [alert] = fired(run({3: formula(MERCURY, {"inci": "Water", "verdict": "compliant"})}), "R9")

    assert (alert.severity, alert.target_item, alert.article) == (Severity.BLOCKING, 3, "Art. 6 ¶1")
    assert alert.evidence == ("ingredient:Mercury", "on the prohibited list", CITATION["label"])
    assert not isinstance(alert.penalty, str)
    assert ART_18_ZH_URL in alert.penalty.citation


def test_r9_reports_over_limit_verdicts() -> None:
    over = {"inci": "Salicylic Acid", "verdict": "over_limit", "findings": []}

    assert [a.message_en for a in fired(run({3: formula(over)}), "R9")] == [
        "Ingredient Salicylic Acid: over limit"
    ]


def test_r9_reports_every_blocking_verdict_of_the_check() -> None:
    rows = [
        {"inci": "Hydroquinone", "verdict": "not_permitted", "findings": []},
        {"inci": "CI 12345", "verdict": "not_on_positive_list", "findings": []},
    ]

    assert [a.message_en for a in fired(run({3: formula(*rows)}), "R9")] == [
        "Ingredient Hydroquinone: not permitted in this product",
        "Ingredient CI 12345: not on the positive list",
    ]


def test_r9_does_not_fire_on_compliant_or_review_verdicts() -> None:
    items = {
        3: formula({"inci": "Water", "verdict": "compliant"}, {"inci": "X", "verdict": "unknown"})
    }

    assert fired(run(items), "R9") == []


def test_r4_fires_when_a_mandatory_warning_is_not_on_the_label() -> None:
    items = {3: formula(label_requirements=[WARNING_REQ]), 4: label(warnings=["避免接觸眼睛"])}

    [alert] = fired(run(items), "R4")

    assert (alert.severity, alert.target_item, alert.article) == (Severity.ERROR, 4, "Art. 7 ¶1")
    assert alert.penalty == "see Act art. 7"
    assert CITATION["label"] in alert.evidence


def test_r4_does_not_fire_when_the_warning_is_printed() -> None:
    items = {
        3: formula(label_requirements=[WARNING_REQ]),
        4: label(warnings=["三歲以下 孩童不得使用。"]),
    }

    assert fired(run(items), "R4") == []


def test_art7_fires_once_per_element_marked_missing() -> None:
    checklist = {"product_name": True, "batch_number": False, "in_chinese": False, "origin": None}

    alerts = fired(run({4: label(art7_checklist=checklist)}), "ART7")

    assert [a.evidence for a in alerts] == [("batch_number",), ("in_chinese",)]
    assert {(a.severity, a.target_item, a.article) for a in alerts} == {
        (Severity.ERROR, 4, "Art. 7 ¶1")
    }


def test_art7_does_not_fire_for_present_or_unchecked_elements() -> None:
    checklist = {"product_name": True, "use": True, "origin": None}

    assert fired(run({4: label(art7_checklist=checklist)}), "ART7") == []


def test_r9_reports_an_ingredient_without_a_usable_amount_under_art_4() -> None:
    row = {"inci": "Glycerin", "verdict": "incomplete", "findings": []}

    [alert] = fired(run({3: formula(row)}), "R9")

    assert alert.severity is Severity.BLOCKING and alert.article == "Art. 4 ¶1"
