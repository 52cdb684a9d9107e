"""The real safety reports again, this time through the whole assessment engine.

Each report's own exposure (product-wide) and dermal penetration factor (per ingredient) go
in as SA overrides, exactly as an assessor would enter them; the SED the engine reports for
every ingredient must then equal the arithmetic check of test_cpsr_validation (itself within
1 % of the printed value or explained there). Where a report states both a NOAEL and a MoS,
the engine's MoS with the report's NOAEL and the report's PoD method (plain NOAEL) must agree
within 1 %; the six reports here state none, which the test records rather than skips.
"""

from __future__ import annotations

from typing import Any

import pytest

from pifai.product_types.taxonomy import find_product_type
from pifai.toxicology.assess import AssessmentInput, assess_product
from pifai.toxicology.assessment_model import ProductAssessment
from pifai.toxicology.margin import OralMethod
from pifai.toxicology.overrides import Override, ProductOverrides, Target
from tests.toxicology.test_cpsr_validation import (
    CPSR,
    KNOWN,
    PRODUCT_TYPE,
    TOLERANCE,
    compared,
    comparisons,
    report_exposure,
    reports,
)

pytestmark = pytest.mark.skipif(not CPSR.is_dir(), reason=f"reports not found at {CPSR}")


def _assess(report: dict[str, Any], oral_method: OralMethod) -> ProductAssessment:
    rows = [ing for ing in report["ingredients"] if compared(ing)]
    exposure = Override(
        Target.EXPOSURE,
        float(report_exposure(report)),
        f"the report's own exposure: {report['daily_exposure']['mg_kg_bw_day_as_stated']}",
        citation=report["id"],
    )
    per_ingredient: dict[str, ProductOverrides] = {}
    for ing in rows:
        dap = Override(
            Target.DAP,
            ing["dap_pct"],
            "the report's dermal penetration factor",
            citation=f"{report['id']}, A.7 factor {ing['raw']['dermal_penetration_factor']}",
            scope="validation against this report only",
        )
        noael = None
        if ing.get("noael_mg_kg_bw_d") is not None:
            noael = Override(
                Target.NOAEL, ing["noael_mg_kg_bw_d"], "the report's NOAEL", ing["noael_source"]
            )
        per_ingredient[ing["inci"]] = ProductOverrides(dap=dap, noael=noael)
    inputs = [
        AssessmentInput(ing["inci"], ing["inci"], (), ing["concentration_pct"]) for ing in rows
    ]
    return assess_product(
        inputs,
        find_product_type(PRODUCT_TYPE[report["id"]]),
        overrides=ProductOverrides(exposure=exposure),
        ingredient_overrides=per_ingredient,
        oral_method=oral_method,
    )


def _engine_rows() -> list[tuple[str, str, float]]:
    found = []
    for report in reports():
        if report["id"] not in PRODUCT_TYPE:
            continue
        for item in _assess(report, OralMethod.PLAIN_NOAEL).ingredients:
            assert item.sed is not None, item.name
            found.append((report["id"], item.name, item.sed.mg_kg_bw_d))
    return found


def test_engine_sed_with_the_reports_inputs_equals_the_checked_arithmetic() -> None:
    expected = {(c.report, c.inci): c for c in comparisons()}
    rows = _engine_rows()
    assert len(rows) == len(expected) == 93
    for report, inci, engine_sed in rows:
        row = expected[(report, inci)]
        assert engine_sed == pytest.approx(row.ours.mg_kg_bw_d, rel=1e-12), (report, inci)
        if (report, inci) not in KNOWN:
            assert abs(engine_sed - row.report_value) / row.report_value <= TOLERANCE


def test_overrides_are_recorded_on_every_row() -> None:
    report = next(r for r in reports() if r["id"] in PRODUCT_TYPE)
    result = _assess(report, OralMethod.PLAIN_NOAEL)
    assert result.exposure.override is not None
    for item in result.ingredients:
        assert item.dap is not None and item.dap.override is not None, item.name
        assert item.exposure.override is not None


def _stated_mos_rows() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (report, ing)
        for report in reports()
        for ing in report["ingredients"]
        if ing.get("mos") is not None and ing.get("noael_mg_kg_bw_d") is not None
    ]


def test_which_reports_state_a_noael_and_mos() -> None:
    # INDEX.md: "none of these six gives a numeric MoS"; the check below runs for any that do.
    assert all(not r["mos_values_present"] for r in reports())
    assert _stated_mos_rows() == []


def test_mos_agrees_with_every_report_that_states_one() -> None:
    """Runs over whatever the reports state (none of these six; the blind set may)."""
    for report, ing in _stated_mos_rows():
        result = _assess(report, OralMethod.PLAIN_NOAEL)
        item = next(i for i in result.ingredients if i.name == ing["inci"])
        assert item.mos is not None and item.mos.mos is not None, ing["inci"]
        assert abs(item.mos.mos - ing["mos"]) / ing["mos"] <= TOLERANCE, ing["inci"]


def test_the_mos_check_itself_catches_a_disagreement() -> None:
    """The comparison above is not vacuous: a report row with a NOAEL and a MoS is judged."""
    report = next(r for r in reports() if r["id"] in PRODUCT_TYPE)
    row = dict(next(i for i in report["ingredients"] if compared(i)))
    row.update(noael_mg_kg_bw_d=1000.0, noael_source="synthetic check", mos=None)
    fake = {**report, "ingredients": [row]}
    item = _assess(fake, OralMethod.PLAIN_NOAEL).ingredients[0]
    assert item.sed is not None and item.mos is not None and item.mos.mos is not None
    assert item.mos.mos == pytest.approx(1000.0 / item.sed.mg_kg_bw_d)
    assert item.pod is not None and item.pod.oral.pct == 100  # plain NOAEL, as the reports
