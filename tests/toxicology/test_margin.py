"""SED, PoD_sys, MoS and TTC comparisons."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pifai.toxicology.absorption import dermal_absorption
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.exposure import exposure_for
from pifai.toxicology.margin import (
    Noael,
    OralMethod,
    TtcClass,
    Verdict,
    compare_to_ttc,
    margin_of_safety,
    oral_absorption,
    sed,
    systemic_pod,
)

DEFAULT_DAP = dermal_absorption(None, None)


def test_sed_formula() -> None:
    result = sed(exposure_for("body_lotion"), 5, DEFAULT_DAP)
    assert result.mg_kg_bw_d == pytest.approx(123.20 * 0.05)
    assert result.explain() == "SED = 123.2 × 5/100 × 100/100 = 6.16 mg/kg bw/day"


def test_sed_keeps_its_inputs() -> None:
    exposure = exposure_for("face_cream")
    result = sed(exposure, 1.5, DEFAULT_DAP)
    assert (result.exposure, result.concentration_pct, result.dap) == (exposure, 1.5, DEFAULT_DAP)


def test_sed_of_zero_concentration_gives_no_division_error() -> None:
    exposure = sed(exposure_for("face_cream"), 0, DEFAULT_DAP)
    result = margin_of_safety(systemic_pod(Noael(100, "test")), exposure)
    assert exposure.mg_kg_bw_d == 0
    assert result.mos is None and result.verdict is Verdict.ACCEPTABLE
    assert "SED is 0" in result.explain()


@pytest.mark.parametrize("pct", [-0.1, 100.1, float("nan")])
def test_sed_refuses_impossible_concentrations(pct: float) -> None:
    with pytest.raises(ToxicologyError, match="concentration"):
        sed(exposure_for("face_cream"), pct, DEFAULT_DAP)


def test_sccs_oral_absorption_halves_the_noael() -> None:
    pod = systemic_pod(Noael(1000, "ECHA dossier (test)"), oral_absorption(OralMethod.SCCS_DEFAULT))
    assert pod.mg_kg_bw_d == 500
    assert pod.oral.method == "SCCS 50 % oral absorption"
    assert "ECHA dossier (test)" in pod.explain()


def test_plain_noael_method() -> None:
    pod = systemic_pod(Noael(1000, "CIR (test)"), oral_absorption(OralMethod.PLAIN_NOAEL))
    assert pod.mg_kg_bw_d == 1000
    assert pod.oral.method == "plain NOAEL (100 %)"


def test_default_method_is_sccs() -> None:
    assert systemic_pod(Noael(10, "x")).oral.method.startswith("SCCS")


def _verdict(pod_mg: float, sed_mg: float) -> Verdict:
    # E_product 100 mg/kg bw/day at C % and DAp 100 % gives an SED of exactly C.
    exposure = replace(exposure_for("body_lotion"), e_product_mg_kg_bw_d=100)
    pod = systemic_pod(Noael(pod_mg, "x"), oral_absorption(OralMethod.PLAIN_NOAEL))
    return margin_of_safety(pod, sed(exposure, sed_mg, DEFAULT_DAP)).verdict


@pytest.mark.parametrize(
    ("pod", "sed_value", "verdict"),
    [
        (100.0, 1.0, Verdict.ACCEPTABLE),  # MoS exactly 100
        (99.9, 1.0, Verdict.INSUFFICIENT_MARGIN),
        (1000.0, 1.0, Verdict.ACCEPTABLE),
    ],
)
def test_mos_threshold(pod: float, sed_value: float, verdict: Verdict) -> None:
    assert _verdict(pod, sed_value) is verdict


def test_mos_result_explains_itself() -> None:
    exposure = sed(exposure_for("face_cream"), 1, DEFAULT_DAP)  # 0.2414
    result = margin_of_safety(systemic_pod(Noael(40, "x")), exposure)  # 20 / 0.2414
    assert result.mos == pytest.approx(20 / 0.2414)
    assert result.verdict is Verdict.INSUFFICIENT_MARGIN
    assert result.threshold == 100 and "G" in result.citation
    assert "insufficient_margin" in result.explain()


def test_negative_noael_is_refused() -> None:
    with pytest.raises(ToxicologyError):
        Noael(-1, "x")


def test_noael_needs_a_source() -> None:
    with pytest.raises(ToxicologyError, match="source"):
        Noael(100, "")


def test_ttc_target_cellulite_negative_example() -> None:
    # The report calls 0.147 mg/kg bw/day 'lower' than Cramer I (30 µg/kg bw/day): it is not.
    result = compare_to_ttc(0.147, TtcClass.CRAMER_I)
    assert result.sed_ug_kg_bw_d == pytest.approx(147)
    assert not result.below
    assert "not below" in result.explain()


def test_ttc_below() -> None:
    result = compare_to_ttc(0.001, TtcClass.CRAMER_III)
    assert result.sed_ug_kg_bw_d == pytest.approx(1.0) and result.below


def test_ttc_equal_is_not_below() -> None:
    assert not compare_to_ttc(0.030, TtcClass.CRAMER_I).below


def test_cramer_ii_is_treated_as_iii() -> None:
    two, three = (
        compare_to_ttc(0.001, TtcClass.CRAMER_II),
        compare_to_ttc(0.001, TtcClass.CRAMER_III),
    )
    assert two.threshold_ug_kg_bw_d == three.threshold_ug_kg_bw_d == 1.5


def test_genotoxic_alert_threshold_in_ug() -> None:
    result = compare_to_ttc(0.000002, TtcClass.GENOTOXIC_ALERT)  # 0.002 µg/kg bw/day
    assert result.threshold_ug_kg_bw_d == 0.0025 and result.below


def test_ttc_refuses_negative_sed() -> None:
    with pytest.raises(ToxicologyError):
        compare_to_ttc(-1, TtcClass.CRAMER_I)
