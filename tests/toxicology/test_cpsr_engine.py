"""The real safety reports again, this time through the whole assessment engine.

Every report in ../shared/data/cpsr goes in as an assessor would enter it: its product type
(read from its own fields through the taxonomy), its exposure as a product-wide SA override,
its dermal penetration factor per ingredient, its concentrations (a range's upper bound),
and, where it states one, its NOAEL. The SED the engine reports for every row must equal the
arithmetic check of test_cpsr_validation (itself within 1 % of the printed value, or the
printed value rounded, or explained there).

Where a report states both a NOAEL and a MoS, the engine's MoS with the report's NOAEL and
the report's PoD method (the oral absorption the report states, read from its text; plain
NOAEL, i.e. 100 %, when it states none) must agree within 1 % or be the printed MoS rounded.
The six developer reports state none; synthetic rows below show the check is not vacuous.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from pifai.toxicology.assess import AssessmentInput, assess_product
from pifai.toxicology.assessment_model import IngredientAssessment
from pifai.toxicology.margin import OralMethod
from pifai.toxicology.overrides import Override, ProductOverrides, Target
from tests.toxicology.cpsr_reports import (
    CPSR,
    SedRow,
    Status,
    comparisons,
    dap_override,
    exposure_override,
    judge,
    printed_number,
    product_type_for,
    reports,
    sed_rows,
)
from tests.toxicology.test_cpsr_validation import KNOWN

pytestmark = pytest.mark.skipif(not CPSR.is_dir(), reason=f"reports not found at {CPSR}")

_CAS = re.compile(r"\b\d{2,7}-\d{2}-\d\b")
# "oral absorption 50 %", "orally bioavailable: 20 %", "50 % oral absorption"
_ORAL_AFTER = re.compile(r"\boral(?:ly)?\b[^%\d]{0,40}?(\d+(?:\.\d+)?)\s*%", re.IGNORECASE)
_ORAL_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*oral(?:ly)?\b", re.IGNORECASE)
_LOWER_BOUND = re.compile(r"[>≥]|greater than|more than|at least", re.IGNORECASE)


# --- the report's inputs as overrides ------------------------------------------------------


def stated_oral_absorption(report: dict[str, Any], ing: dict[str, Any]) -> tuple[float, str] | None:
    """The oral absorption (%) the report states for this ingredient's PoD, and where."""
    raw = ing.get("raw") or {}
    texts = [
        raw.get("noael_raw"), raw.get("mos_raw"), ing.get("noael_source"),
        ing.get("assessor_note"), report.get("pod_method"),
    ]  # fmt: skip
    for text in filter(None, texts):
        match = _ORAL_AFTER.search(str(text)) or _ORAL_BEFORE.search(str(text))
        if match and 0 < float(match.group(1)) <= 100:
            return float(match.group(1)), str(text)
    return None


def _ingredient_overrides(report: dict[str, Any], row: SedRow) -> ProductOverrides:
    ing = report["ingredients"][row.index]
    noael = oral = None
    if ing.get("noael_mg_kg_bw_d") is not None:
        source = ing.get("noael_source") or (ing.get("raw") or {}).get("noael_raw") or "NOAEL"
        noael = Override(
            Target.NOAEL, float(ing["noael_mg_kg_bw_d"]), "the report's NOAEL",
            f"{report['id']}: {source}",
        )  # fmt: skip
    stated = stated_oral_absorption(report, ing)
    if stated is not None:
        oral = Override(
            Target.ORAL_ABSORPTION, stated[0], "the report's PoD method",
            f"{report['id']}: {stated[1]}",
        )  # fmt: skip
    return ProductOverrides(dap=dap_override(report, row), noael=noael, oral_absorption=oral)


def _batches(rows: list[SedRow]) -> Iterator[list[SedRow]]:
    """Rows that can share one assessment: one exposure value, each INCI once (overrides
    are keyed by INCI)."""
    batches: list[list[SedRow]] = []
    for row in rows:
        home = next(
            (b for b in batches
             if b[0].exposure == row.exposure and all(r.inci != row.inci for r in b)),
            None,
        )  # fmt: skip
        if home is None:
            batches.append([row])
        else:
            home.append(row)
    yield from batches


def assess_report(report: dict[str, Any]) -> list[tuple[SedRow, IngredientAssessment]]:
    rows = [r for r in sed_rows(report) if r.problem is None]
    found: list[tuple[SedRow, IngredientAssessment]] = []
    for batch in _batches(rows):
        assert batch[0].exposure is not None
        inputs = []
        for row in batch:
            assert row.concentration_pct is not None
            cas = tuple(_CAS.findall(str(report["ingredients"][row.index].get("cas") or "")))
            inputs.append(AssessmentInput(row.inci, row.inci, cas, row.concentration_pct))
        result = assess_product(
            inputs,
            product_type_for(report),
            overrides=ProductOverrides(exposure=exposure_override(report, batch[0].exposure)),
            ingredient_overrides={r.inci: _ingredient_overrides(report, r) for r in batch},
            oral_method=OralMethod.PLAIN_NOAEL,
        )
        assert len(result.ingredients) == len(batch)
        found.extend(zip(batch, result.ingredients, strict=True))
    return found


# --- SED -----------------------------------------------------------------------------------


def test_engine_sed_with_the_reports_inputs_equals_the_checked_arithmetic() -> None:
    expected = {(c.row.report, c.row.index): c for c in comparisons()}
    rows = [pair for report in reports() for pair in assess_report(report)]
    assert len(rows) == len(expected) > 0
    for row, item in rows:
        check = expected[(row.report, row.index)]
        assert item.name == row.inci
        assert item.sed is not None, row.label
        assert item.sed.mg_kg_bw_d == pytest.approx(check.ours.mg_kg_bw_d, rel=1e-12), row.label
        if row.key not in KNOWN:
            status = judge(item.sed.mg_kg_bw_d, check.printed)
            assert status is not Status.DISAGREES, f"{row.label}: see test_cpsr_validation"


def test_overrides_are_recorded_on_every_row() -> None:
    assessed = [pair for report in reports() for pair in assess_report(report)]
    assert assessed
    for row, item in assessed:
        assert item.dap is not None and item.dap.override is not None, row.label
        assert item.exposure.override is not None, row.label
        assert item.exposure.e_product_mg_kg_bw_d == float(row.exposure or 0)
        assert item.concentration_pct == row.concentration_pct


# --- MoS -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MosCheck:
    ours: float
    printed: Decimal
    lower_bound: bool  # the report says "MoS > x"
    explanation: str  # empty when the rule alone accepts it; else why it still agrees
    ok: bool


def _printed_mos(ing: dict[str, Any]) -> Decimal:
    stated = float(ing["mos"])
    printed = printed_number((ing.get("raw") or {}).get("mos_raw"))
    if printed is not None and abs(float(printed) - stated) <= 1e-9 * max(abs(stated), 1):
        return printed  # the digits as printed
    return Decimal(repr(stated))


def check_mos(report: dict[str, Any], row: SedRow, item: IngredientAssessment) -> MosCheck:
    ing = report["ingredients"][row.index]
    raw = ing.get("raw") or {}
    assert item.mos is not None and item.mos.mos is not None, row.label
    ours, printed = item.mos.mos, _printed_mos(ing)
    if _LOWER_BOUND.search(str(raw.get("mos_raw") or "")):
        ok = ours >= float(printed) * 0.99
        return MosCheck(ours, printed, True, "the report states a lower bound", ok)
    if judge(ours, printed) is not Status.DISAGREES:
        return MosCheck(ours, printed, False, "", True)
    # A SED quoted in the MoS sentence that differs from the SED table (INDEX.md: sed_tox_raw):
    # the report's own inconsistency, accepted only if its MoS follows from that SED exactly
    # while its SED table agrees with ours.
    sed_tox = printed_number(raw.get("sed_tox_raw"))
    table = printed_number(row.printed)
    if sed_tox and table and item.pod is not None and item.sed is not None:
        theirs = item.pod.mg_kg_bw_d / float(sed_tox)
        table_ok = judge(item.sed.mg_kg_bw_d, table) is not Status.DISAGREES
        if table_ok and judge(theirs, printed) is not Status.DISAGREES:
            why = (
                f"report error: its MoS uses the SED of its MoS sentence ({raw['sed_tox_raw']}), "
                f"not its own SED table ({row.printed}), which agrees with ours"
            )
            return MosCheck(ours, printed, False, why, True)
    return MosCheck(ours, printed, False, "", False)


def _diagnose(item: IngredientAssessment, found: MosCheck) -> str:
    assert item.pod is not None and item.sed is not None
    sccs = item.pod.noael.mg_kg_bw_d * 0.5 / item.sed.mg_kg_bw_d
    return (
        f"ours {found.ours:.6g} ({item.mos.explain() if item.mos else ''}; "
        f"{item.pod.explain()}), printed {found.printed}; with 50 % oral absorption it would "
        f"be {sccs:.6g} — if the report used that, it must say so for the check to use it"
    )


def _stated_mos_rows() -> list[tuple[dict[str, Any], SedRow, IngredientAssessment]]:
    return [
        (report, row, item)
        for report in reports()
        for row, item in assess_report(report)
        if report["ingredients"][row.index].get("mos") is not None
        and report["ingredients"][row.index].get("noael_mg_kg_bw_d") is not None
    ]


def test_a_report_without_mos_values_states_none() -> None:
    # INDEX.md: "none of these six gives a numeric MoS"; any report that does is checked below.
    for report in reports():
        if not report.get("mos_values_present"):
            assert all(ing.get("mos") is None for ing in report["ingredients"]), report["id"]


def test_mos_agrees_with_every_report_that_states_one() -> None:
    """Runs over whatever the reports state (none of the six developer reports)."""
    for report, row, item in _stated_mos_rows():
        found = check_mos(report, row, item)
        assert found.ok, f"{row.label}: {_diagnose(item, found)}"


# --- the MoS check itself, on synthetic rows (so it cannot pass by being empty) -----------


def _base() -> tuple[dict[str, Any], SedRow]:
    for report in reports():
        rows = [r for r in sed_rows(report) if r.problem is None and r.key not in KNOWN]
        if rows:
            return report, rows[0]
    pytest.skip("no report with an SED table")


def _with_row(
    changes: dict[str, Any], raw: dict[str, Any] | None = None
) -> tuple[dict[str, Any], SedRow, IngredientAssessment]:
    report, row = _base()
    fake = copy.deepcopy(report)
    ing = fake["ingredients"][row.index]
    ing.update(changes)
    ing["raw"].update(raw or {})
    fake["ingredients"] = [ing]
    fake["id"] = report["id"] + "#synthetic"
    [(fake_row, item)] = assess_report(fake)
    return fake, fake_row, item


def _our_sed(item: IngredientAssessment) -> float:
    assert item.sed is not None
    return item.sed.mg_kg_bw_d


def test_a_stated_noael_and_mos_that_agree_pass() -> None:
    _, _, probe = _with_row({"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic"})
    mos = 1000.0 / _our_sed(probe)
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": round(mos)},
        {"mos_raw": f"MoS = {round(mos)}"},
    )
    assert item.pod is not None and item.pod.oral.pct == 100  # plain NOAEL: none stated
    assert item.noael is not None and item.noael.mg_kg_bw_d == 1000.0
    assert check_mos(report, row, item).ok


def test_a_stated_mos_5_percent_off_fails() -> None:
    _, _, probe = _with_row({"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic"})
    wrong = 1000.0 / _our_sed(probe) * 1.05
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": wrong}
    )
    found = check_mos(report, row, item)
    assert not found.ok
    assert "50 % oral absorption" in _diagnose(item, found)


def test_a_stated_oral_absorption_is_the_pod_method_used() -> None:
    _, _, probe = _with_row({"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic"})
    half = 1000.0 * 0.5 / _our_sed(probe)
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": half},
        {"noael_raw": "NOAEL 1000 mg/kg bw/day (rat, 90 d); oral absorption 50 %"},
    )
    assert item.pod is not None and item.pod.oral.pct == 50
    assert item.pod.oral.override is not None
    assert check_mos(report, row, item).ok
    # The same MoS without the stated method is judged against plain NOAEL, and fails.
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": half}
    )
    assert not check_mos(report, row, item).ok


def test_a_mos_taken_from_a_different_sed_in_the_text_is_explained_only_if_exact() -> None:
    _, _, probe = _with_row({"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic"})
    sed_tox = _our_sed(probe) * 2
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": 1000.0 / sed_tox},
        {"sed_tox_raw": repr(sed_tox)},
    )
    found = check_mos(report, row, item)
    assert found.ok and "MoS sentence" in found.explanation
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": 1000.0 / sed_tox * 1.1},
        {"sed_tox_raw": repr(sed_tox)},
    )
    assert not check_mos(report, row, item).ok


def test_a_lower_bound_mos_is_checked_as_one() -> None:
    _, _, probe = _with_row({"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic"})
    ours = 1000.0 / _our_sed(probe)
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": ours / 2},
        {"mos_raw": f"> {ours / 2:.0f}"},
    )
    assert check_mos(report, row, item).lower_bound and check_mos(report, row, item).ok
    report, row, item = _with_row(
        {"noael_mg_kg_bw_d": 1000.0, "noael_source": "synthetic", "mos": ours * 2},
        {"mos_raw": f"> {ours * 2:.0f}"},
    )
    assert not check_mos(report, row, item).ok


@pytest.mark.parametrize(
    ("text", "pct"),
    [("oral absorption 50 %", 50.0), ("50% oral bioavailability", 50.0),
     ("orally absorbed: 20 %", 20.0), ("NOAEL 1000 mg/kg bw/day (oral, rat, 90 days)", None),
     ("dermal absorption 100 %", None)],
)  # fmt: skip
def test_the_pod_method_is_read_only_when_oral_absorption_is_stated(
    text: str, pct: float | None
) -> None:
    found = stated_oral_absorption({}, {"raw": {"noael_raw": text}})
    assert (found[0] if found else None) == pct
