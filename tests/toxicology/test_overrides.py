"""SA overrides: a reason is mandatory, and the result records what was replaced and why."""

from __future__ import annotations

import pytest

from pifai.toxicology.absorption import dermal_absorption
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.exposure import exposure_for
from pifai.toxicology.margin import Noael, OralMethod, oral_absorption, sed
from pifai.toxicology.overrides import (
    Override,
    ProductOverrides,
    Target,
    apply_dap,
    apply_exposure,
    apply_noael,
    apply_oral_absorption,
)


@pytest.mark.parametrize("target", list(Target))
@pytest.mark.parametrize("reason", ["", "   "])
def test_empty_reason_is_refused(target: Target, reason: str) -> None:
    with pytest.raises(ToxicologyError, match="needs a reason"):
        Override(target, 10, reason, citation="c", scope="s")


def test_dap_override_needs_citation_and_scope() -> None:
    with pytest.raises(ToxicologyError, match="cited basis and a bounded scope"):
        Override(Target.DAP, 5, "triglyceride oil", citation="study 1")
    with pytest.raises(ToxicologyError, match="cited basis and a bounded scope"):
        Override(Target.DAP, 5, "triglyceride oil", scope="this product")


@pytest.mark.parametrize("target", [Target.DAP, Target.ORAL_ABSORPTION])
def test_percentages_above_100_are_refused(target: Target) -> None:
    with pytest.raises(ToxicologyError, match="percentage"):
        Override(target, 101, "r", citation="c", scope="s")


@pytest.mark.parametrize("value", [-5, 0])
def test_a_value_not_above_zero_is_refused(value: float) -> None:
    with pytest.raises(ToxicologyError, match="above 0"):
        Override(Target.NOAEL, value, "r", citation="c")


@pytest.mark.parametrize("target", [Target.NOAEL, Target.EXPOSURE])
def test_a_noael_or_exposure_override_needs_its_source(target: Target) -> None:
    with pytest.raises(ToxicologyError, match=f"override of {target.value} needs its source"):
        Override(target, 5, "r")


def test_exposure_override_replaces_a_fallback_and_records_it() -> None:
    default = exposure_for("sunscreen")
    override = Override(Target.EXPOSURE, 300, "product use study", citation="Study 2024-07")
    result = apply_exposure(default, override)
    assert result.e_product_mg_kg_bw_d == 300 and result.overridden
    assert not result.fallback and result.replaced == default
    assert "product use study" in result.reason and "Study 2024-07" in result.reason


def test_dap_override() -> None:
    default = dermal_absorption(None, None)
    override = Override(
        Target.DAP, 7.5, "in vitro study", citation="OECD 428 report X", scope="this oil"
    )
    result = apply_dap(default, override)
    assert result.pct == 7.5 and result.overridden and result.replaced == default
    assert result.citation == "OECD 428 report X"
    assert "in vitro study" in result.basis and "scope: this oil" in result.basis


def test_noael_override() -> None:
    default = Noael(100, "ECHA")
    result = apply_noael(
        default, Override(Target.NOAEL, 250, "newer study", citation="SCCS/1600/19")
    )
    assert result.mg_kg_bw_d == 250 and result.source == "SCCS/1600/19"
    assert result.replaced == default and result.override is not None


def test_oral_absorption_override() -> None:
    default = oral_absorption(OralMethod.SCCS_DEFAULT)
    result = apply_oral_absorption(default, Override(Target.ORAL_ABSORPTION, 10, "poorly absorbed"))
    assert result.pct == 10 and "SA override" in result.method and result.replaced == default


def test_no_override_returns_the_default() -> None:
    default = exposure_for("shampoo")
    assert apply_exposure(default, None) is default


def test_override_applied_to_the_wrong_value_is_refused() -> None:
    with pytest.raises(ToxicologyError, match="applied to"):
        apply_exposure(exposure_for("shampoo"), Override(Target.NOAEL, 5, "r", citation="c"))


def test_product_overrides_check_their_slots() -> None:
    with pytest.raises(ToxicologyError):
        ProductOverrides(exposure=Override(Target.NOAEL, 5, "r", citation="c"))


def test_overrides_flow_into_the_sed() -> None:
    exposure = apply_exposure(
        exposure_for("body_lotion"),
        Override(Target.EXPOSURE, 130.33, "7.82 g ÷ 60 kg", citation="R"),
    )
    result = sed(exposure, 5, dermal_absorption(None, None))
    assert result.mg_kg_bw_d == pytest.approx(6.5165)
    assert result.exposure.replaced is not None
    assert result.exposure.replaced.e_product_mg_kg_bw_d == 123.20
