"""Rules across the test reports (items 11-13) and what they must cover: R3, R6, R8, R11, R12.

Thresholds restate SPEC §11; they are lint triggers, not safety values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.pif.item_data.common import Outcome
from pifai.pif.item_data.lab_reports import (
    Iso11930Criteria,
    LabReport,
    MicrobiologyReport,
    PreservativeEfficacyReport,
    StabilityParameter,
    StabilityReport,
    StudyType,
)
from pifai.pif.item_data.manufacturing import ManufacturingProcess
from pifai.pif.item_data.materials import MaterialFamily, family
from pifai.pif.item_data.packaging import PackagingData
from pifai.pif.lint import penalties
from pifai.pif.lint.model import Alert, Severity
from pifai.pif.lint.view import PifView, one_year_before

PH_LOW = 3  # SPEC §11 R3: product pH below this needs pH in the stability study
PH_HIGH = 11  # SPEC §11 R3: product pH above this likewise
HOT_STEP_C = 80  # SPEC §11 R11: a process step at or above this needs high-temperature stability
SPECIAL_FAMILIES = frozenset({MaterialFamily.METAL, MaterialFamily.GLASS, MaterialFamily.SILICONE})
_REPORTS: tuple[tuple[int, type[LabReport]], ...] = (
    (11, StabilityReport),
    (12, MicrobiologyReport),
    (13, PreservativeEfficacyReport),
)


def _alert(rule: str, severity: Severity, target: int, zh: str, en: str, *ev: str) -> Alert:
    return Alert(
        rule=rule,
        severity=severity,
        target_item=target,
        message_zh=zh,
        message_en=en,
        article=penalties.PIF.article,
        penalty=penalties.PIF.penalty,
        evidence=ev,
    )


def product_ph(item9: Mapping[str, Any]) -> float | None:
    """Item 9 ``product.ph``: a number, or ``{"value": number, ...}`` with its source."""
    product = item9.get("product")
    value = product.get("ph") if isinstance(product, Mapping) else None
    if isinstance(value, Mapping):
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def r3_extreme_ph_not_tested(pif: PifView) -> list[Alert]:
    ph = product_ph(pif.raw(9))
    if ph is None or PH_LOW <= ph <= PH_HIGH:
        return []
    stability = pif.typed(11, StabilityReport)
    if stability is not None and StabilityParameter.PH in stability.parameters:
        return []
    return [
        _alert(
            "R3",
            Severity.WARNING,
            11,
            f"產品 pH {ph:g} 超出 {PH_LOW}–{PH_HIGH}，但第11項安定性試驗未測 pH",
            f"Product pH {ph:g} is outside {PH_LOW}–{PH_HIGH} but item 11 does not test pH",
            f"ph:{ph:g}",
        )
    ]


def r6_old_reports(pif: PifView) -> list[Alert]:
    cutoff = one_year_before(pif.today)
    alerts = []
    for number, model in _REPORTS:
        report = pif.typed(number, model)
        if report is None or report.report_date >= cutoff:
            continue
        day = report.report_date.isoformat()
        alerts.append(
            _alert(
                "R6",
                Severity.WARNING,
                16,
                f"第{number}項試驗報告日期 {day} 已逾12個月",
                f"The item {number} test report of {day} is older than 12 months",
                f"item:{number}",
                f"report_date:{day}",
            )
        )
    return alerts


def r8_special_container_not_tested(pif: PifView) -> list[Alert]:
    packaging = pif.typed(15, PackagingData)
    if packaging is None:
        return []
    special = {
        c.material
        for c in packaging.components
        if c.direct_contact and family(c.material) in SPECIAL_FAMILIES
    }
    stability = pif.typed(11, StabilityReport)
    tested = {c.container_material for c in stability.conditions} if stability else set()
    untested = sorted(m.value for m in special - tested)
    if not untested:
        return []
    names = ", ".join(untested)
    return [
        _alert(
            "R8",
            Severity.ERROR,
            11,
            f"第15項包材含特殊材質（{names}），但第11項安定性試驗未以該材質進行",
            f"Item 15 uses {names} in contact with the product but item 11 was not run in it",
            *untested,
        )
    ]


def r11_hot_process_without_high_temperature_stability(pif: PifView) -> list[Alert]:
    process = pif.typed(6, ManufacturingProcess)
    hot = [
        s.temperature_c
        for s in (process.steps if process else [])
        if s.temperature_c is not None and s.temperature_c >= HOT_STEP_C
    ]
    if not hot:
        return []
    stability = pif.typed(11, StabilityReport)
    if stability and any(c.study is StudyType.ACCELERATED for c in stability.conditions):
        return []
    peak = f"{max(hot):g}"
    return [
        _alert(
            "R11",
            Severity.BLOCKING,
            11,
            f"製程最高溫 {peak} °C（≥ {HOT_STEP_C} °C），但第11項無高溫（加速）安定性試驗",
            f"A process step reaches {peak} °C (≥ {HOT_STEP_C} °C) but item 11 has no "
            "high-temperature (accelerated) stability study",
            f"temperature_c:{peak}",
        )
    ]


def r12_preservative_efficacy_failed(pif: PifView) -> list[Alert]:
    if pif.not_applicable(13):
        return []
    report = pif.typed(13, PreservativeEfficacyReport)
    if report is None:
        return []
    if report.result is not Outcome.FAIL and report.criteria is not Iso11930Criteria.NOT_MET:
        return []
    return [
        _alert(
            "R12",
            Severity.BLOCKING,
            13,
            "第13項防腐效能試驗未通過",
            "The preservative efficacy test (item 13) failed",
            f"result:{report.result.value}",
        )
    ]
