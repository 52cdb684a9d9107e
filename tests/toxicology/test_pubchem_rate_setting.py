"""`pubchem_max_rps` can never be set above PubChem's published limit of 5 requests/second."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.conftest import make_settings


@pytest.mark.parametrize("rps", [0.5, 1, 5])
def test_rates_up_to_the_limit_are_accepted(rps: float) -> None:
    assert make_settings(pubchem_max_rps=rps).pubchem_max_rps == rps


def test_the_default_is_the_limit() -> None:
    assert make_settings().pubchem_max_rps == 5


@pytest.mark.parametrize("rps", [5.01, 6, 100])
def test_a_rate_above_the_limit_is_refused(rps: float) -> None:
    with pytest.raises(ValidationError, match="pubchem_max_rps"):
        make_settings(pubchem_max_rps=rps)


@pytest.mark.parametrize("rps", [0, -1])
def test_a_rate_of_zero_or_less_is_refused(rps: float) -> None:
    with pytest.raises(ValidationError, match="pubchem_max_rps"):
        make_settings(pubchem_max_rps=rps)


def test_the_environment_cannot_raise_it_either(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIFAI_PUBCHEM_MAX_RPS", "10")
    with pytest.raises(ValidationError, match="pubchem_max_rps"):
        make_settings()
    monkeypatch.setenv("PIFAI_PUBCHEM_MAX_RPS", "2")
    assert make_settings().pubchem_max_rps == 2
