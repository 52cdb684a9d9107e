"""DAp: 100 % default, the 10 % rule with strict bounds, and its exclusions."""

from __future__ import annotations

import pytest

from pifai.toxicology.absorption import UNKNOWN, CitedValue, dermal_absorption
from pifai.toxicology.basis import ToxicologyError


def cited(value: float) -> CitedValue:
    return CitedValue(value, "PubChem CID 1 (test)")


@pytest.mark.parametrize(
    ("mw", "log_pow", "pct"),
    [
        (750, 5.2, 10),
        (750, -1.5, 10),
        (500.01, 4.01, 10),
        (500, 5.2, 100),  # MW exactly 500 Da: not above
        (750, 4, 100),  # log Pow exactly 4: not above
        (750, -1, 100),  # log Pow exactly -1: not below
        (750, 2.0, 100),
        (300, 6.0, 100),
    ],
)
def test_ten_percent_rule_boundaries(mw: float, log_pow: float, pct: float) -> None:
    assert dermal_absorption(cited(mw), cited(log_pow)).pct == pct


def test_rule_result_names_both_values_and_their_citations() -> None:
    result = dermal_absorption(CitedValue(750, "PubChem MW"), CitedValue(5.2, "ECHA log Kow"))
    assert result.pct == 10
    assert "PubChem MW" in result.basis and "ECHA log Kow" in result.basis
    assert "E, B" in result.citation


@pytest.mark.parametrize(("mw", "log_pow"), [(None, None), (750.0, None), (None, 5.2)])
def test_unknown_values_give_100(mw: float | None, log_pow: float | None) -> None:
    result = dermal_absorption(
        cited(mw) if mw is not None else None, cited(log_pow) if log_pow is not None else None
    )
    assert result.pct == 100
    assert UNKNOWN in result.basis


def test_nanomaterial_never_gets_10() -> None:
    result = dermal_absorption(cited(750), cited(5.2), nanomaterial=True)
    assert result.pct == 100 and "nanomaterial" in result.basis


def test_penetration_enhancers_block_the_rule() -> None:
    result = dermal_absorption(cited(750), cited(5.2), penetration_enhancers=True)
    assert result.pct == 100 and "penetration enhancers" in result.basis


def test_reason_says_which_condition_failed() -> None:
    assert "MW 500 Da is not above 500 Da" in dermal_absorption(cited(500), cited(5.2)).basis
    assert "log Pow 4" in dermal_absorption(cited(750), cited(4)).basis


def test_a_value_without_citation_is_refused() -> None:
    with pytest.raises(ToxicologyError, match="needs a citation"):
        CitedValue(750, "  ")


def test_a_non_finite_value_is_refused() -> None:
    with pytest.raises(ToxicologyError, match="finite"):
        CitedValue(float("nan"), "x")


def test_default_is_frozen() -> None:
    result = dermal_absorption(None, None)
    with pytest.raises(AttributeError):
        result.pct = 10  # type: ignore[misc]
