"""R3, R6, R8, R11, R12: one test that fires each, one that does not."""

from __future__ import annotations

from typing import Any

from pifai.pif.lint import Severity
from tests.pif.lint.helpers import fired, run, stability

PET = {
    "report_date": "2026-03-01",
    "laboratory": "Lab C",
    "result": "pass",
    "method": "iso_11930",
    "criteria": "A",
}


def _packaging(material: str) -> dict[str, Any]:
    return {"components": [{"name": "jar", "material": material}]}


def _process(temperature: float) -> dict[str, Any]:
    return {"steps": [{"description": "emulsify", "temperature_c": temperature}]}


def test_r3_fires_on_extreme_ph_without_ph_in_stability() -> None:
    [alert] = fired(run({9: {"product": {"ph": 2.5}}, 11: stability()}), "R3")

    assert (alert.severity, alert.target_item, alert.article) == (Severity.WARNING, 11, "Art. 4 ¶1")
    assert alert.evidence == ("ph:2.5",)


def test_r3_reads_a_cited_ph_value() -> None:
    ph = {"value": 11.5, "citation": "lab report 42"}

    assert len(fired(run({9: {"product": {"ph": ph}}}), "R3")) == 1


def test_r3_does_not_fire_when_stability_tests_ph() -> None:
    items = {9: {"product": {"ph": 12}}, 11: stability(parameters=["ph", "appearance"])}

    assert fired(run(items), "R3") == []


def test_r3_does_not_fire_for_a_mild_ph() -> None:
    assert fired(run({9: {"product": {"ph": 5.5}}}), "R3") == []


def test_r6_fires_for_a_report_older_than_12_months() -> None:
    [alert] = fired(run({12: _micro("2025-05-31")}), "R6")

    assert (alert.target_item, alert.evidence) == (16, ("item:12", "report_date:2025-05-31"))


def test_r6_does_not_fire_for_a_report_exactly_12_months_old() -> None:
    assert fired(run({12: _micro("2025-06-01")}), "R6") == []


def _micro(day: str) -> dict[str, Any]:
    result = {"organism": "escherichia_coli", "detected": False}
    return {"report_date": day, "laboratory": "Lab D", "result": "pass", "results": [result]}


def test_r8_fires_for_a_glass_jar_not_used_in_stability() -> None:
    [alert] = fired(run({15: _packaging("glass"), 11: stability()}), "R8")

    assert (alert.severity, alert.target_item, alert.evidence) == (Severity.ERROR, 11, ("glass",))


def test_r8_does_not_fire_when_stability_ran_in_that_material() -> None:
    condition = {"study": "long_term", "temperature_c": 25, "duration_days": 90}
    tested = stability(conditions=[condition | {"container_material": "glass"}])

    assert fired(run({15: _packaging("glass"), 11: tested}), "R8") == []


def test_r8_does_not_fire_for_plastic() -> None:
    assert fired(run({15: _packaging("pet"), 11: stability()}), "R8") == []


def test_r11_fires_for_a_hot_step_without_accelerated_stability() -> None:
    [alert] = fired(run({6: _process(80), 11: stability()}), "R11")

    assert (alert.severity, alert.target_item) == (Severity.BLOCKING, 11)


def test_r11_does_not_fire_with_an_accelerated_study() -> None:
    hot = {"study": "accelerated", "temperature_c": 45, "duration_days": 90}

    assert fired(run({6: _process(85), 11: stability(conditions=[hot])}), "R11") == []


def test_r11_does_not_fire_below_80_degrees() -> None:
    assert fired(run({6: _process(79.5), 11: stability()}), "R11") == []


def test_r12_fires_when_the_challenge_test_failed() -> None:
    failed = PET | {"result": "fail", "criteria": "not_met"}

    [alert] = fired(run({13: failed}), "R12")

    assert (alert.severity, alert.target_item, alert.article) == (
        Severity.BLOCKING,
        13,
        "Art. 4 ¶1",
    )


def test_r12_does_not_fire_when_it_passed_or_is_not_applicable() -> None:
    assert fired(run({13: PET}), "R12") == []
    assert fired(run({}, na=(13,)), "R12") == []
