"""The whole lint: ordering, robustness to missing or malformed items, article per rule."""

from __future__ import annotations

from typing import Any

from pifai.pif.lint import Severity
from pifai.pif.lint.run import RULES, counts
from tests.pif.lint.helpers import formula, label, run, stability

# Every rule that fires on EVERYTHING below, and the article its alerts must carry.
ARTICLES = {
    "R1": "Art. 4 ¶1",
    "R2": "Art. 4 ¶1",
    "R3": "Art. 4 ¶1",
    "R4": "Art. 7 ¶1",
    "R5": "Art. 4 ¶1",
    "R6": "Art. 4 ¶1",
    "R7": "Art. 4 ¶1",
    "R8": "Art. 4 ¶1",
    "R9": "Art. 6 ¶1",
    "R10": "Art. 8",
    "R11": "Art. 4 ¶1",
    "R12": "Art. 4 ¶1",
    "R13": "Art. 12 ¶1",
    "R14": "Art. 4 ¶3",
    "ART7": "Art. 7 ¶1",
    "MED": "Art. 10 ¶2",
}
EVERYTHING: dict[int, dict[str, Any]] = {
    1: {"name_zh": "亮白乳霜", "launch_date": "2026-01-01"},
    3: formula(
        {"inci": "Hydroquinone", "verdict": "prohibited", "findings": []},
        label_requirements=[{"ingredient": "X", "text": "避免接觸眼睛"}],
    ),
    4: label(claims=["美白", "敏感肌適用", "消炎"], art7_checklist={"batch_number": False}),
    5: {
        "certificate_type": "iso_22716",
        "issuer": "C",
        "site_name": "S",
        "issue_date": "2024-01-01",
    },
    6: {"steps": [{"description": "heat", "temperature_c": 85}]},
    9: {"product": {"ph": 2}},
    11: stability(
        report_date="2025-01-01",
        conditions=[{"study": "long_term", "temperature_c": 25, "duration_days": 90}],
    ),
    13: {
        "report_date": "2026-01-01",
        "laboratory": "L",
        "result": "fail",
        "method": "iso_11930",
        "criteria": "not_met",
    },
    15: {"components": [{"name": "tube", "material": "aluminium"}]},
    16: {"assessment_text": "draft", "sa_certificate_expires": "2026-01-01"},
}


SERIOUS_EVENT = {
    8: {"events": [{"description": "burn", "seriousness": "serious", "event_date": "2026-04-01"}]}
}
SEVERITY_ORDER = [Severity.BLOCKING, Severity.ERROR, Severity.WARNING]


def test_every_rule_fires_with_its_article() -> None:
    """R5 needs item 8 absent, R13 needs it present: two products cover all rules."""
    alerts = run(EVERYTHING) + run(SERIOUS_EVENT)

    assert {a.rule: a.article for a in alerts} == ARTICLES


def test_blocking_alerts_come_first() -> None:
    severities = [a.severity for a in run(EVERYTHING)]

    assert severities == sorted(severities, key=SEVERITY_ORDER.index)
    assert (severities[0], severities[-1]) == (Severity.BLOCKING, Severity.WARNING)


def test_rules_table_names_r1_to_r14_the_label_rule_and_medical_claims() -> None:
    assert [name for name, _ in RULES] == [*(f"R{n}" for n in range(1, 15)), "ART7", "MED"]


def test_an_empty_product_has_no_alerts() -> None:
    assert run({}) == []


def test_malformed_item_data_is_read_as_absent_not_guessed() -> None:
    items = {13: {"result": "fail"}, 6: {"steps": "hot"}, 9: {"product": {"ph": "2"}}}

    assert run(items) == []


def test_counts_cover_every_severity() -> None:
    alerts = run({13: EVERYTHING[13]})

    assert counts(alerts) == {Severity.WARNING: 0, Severity.ERROR: 0, Severity.BLOCKING: 1}
