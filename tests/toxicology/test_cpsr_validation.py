"""Our SED against the SEDs printed in real safety reports (../shared/data/cpsr, read in place).

Each report's own exposure value and dermal penetration factor are given to the engine as SA
overrides (they are not our defaults: RégimA divides by 60 kg and the masques use a 1 % factor
from Api et al. 2007), so the comparison checks the arithmetic, not the choice of inputs.
Agreement is within 1 %. Every disagreement is listed in KNOWN with its explanation, and the
explanation itself is checked (the printed digits, the truncation, the copied row), so the list
can neither hide a new disagreement nor keep a stale one. docs/validation.md lists every row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pifai.toxicology.absorption import dermal_absorption
from pifai.toxicology.exposure import exposure_for
from pifai.toxicology.margin import Sed, sed
from pifai.toxicology.overrides import Override, Target, apply_dap, apply_exposure

CPSR = Path(__file__).resolve().parents[3] / "shared" / "data" / "cpsr"
TOLERANCE = 0.01

pytestmark = pytest.mark.skipif(not CPSR.is_dir(), reason=f"reports not found at {CPSR}")

# Our product type for each report that prints SEDs: the default the overrides replace.
PRODUCT_TYPE = {
    "body-cream_regima-slimming-sculpting-solution": "body_lotion",
    "body-cream_regima-target-cellulite-complex": "body_lotion",
    "face-mask-clay_regima-urban-stress-detox-masque": "face_mask_rinse_off",
    "face-mask_regima-o2-radiance-luminosity-masque": "face_mask_rinse_off",
}


class Kind(StrEnum):
    ROUNDED = "rounded"  # the report is right to the digits it prints
    TRUNCATED = "truncated"  # the report cut digits instead of rounding
    WRONG_ROW = "wrong_row"  # the report printed another row's SED


@dataclass(frozen=True)
class Known:
    kind: Kind
    explanation: str
    same_as: str = ""  # for WRONG_ROW: the ingredient whose SED was printed


_O2 = "face-mask_regima-o2-radiance-luminosity-masque"
_ROUNDED = "printed to {} decimal places; our value rounds to exactly the printed figure"
KNOWN: dict[tuple[str, str], Known] = {
    ("body-cream_regima-target-cellulite-complex", "Ethylhexylglycerin"): Known(
        Kind.ROUNDED, _ROUNDED.format(3) + " (0.0325825 → 0.033)"
    ),
    ("face-mask-clay_regima-urban-stress-detox-masque", "Xanthan Gum"): Known(
        Kind.ROUNDED, _ROUNDED.format(5) + " (0.0003336 → 0.00033)"
    ),
    (_O2, "Xanthan Gum"): Known(Kind.ROUNDED, _ROUNDED.format(5) + " (0.00014595 → 0.00015)"),
    (_O2, "Caprylyl Glycol"): Known(Kind.ROUNDED, _ROUNDED.format(5) + " (0.0000417 → 0.00004)"),
    (_O2, "Tocopherol"): Known(Kind.ROUNDED, _ROUNDED.format(5) + " (0.0000417 → 0.00004)"),
    (_O2, "Potassium Sorbate"): Known(
        Kind.ROUNDED, _ROUNDED.format(7) + " (0.000001251 → 0.0000013)"
    ),
    (_O2, "Olea Europaea Oil Unsaponifiables"): Known(
        Kind.TRUNCATED,
        "report error: 0.3 % × 4.17 × 0.01 = 0.0001251, printed 0.00012 (digits cut); "
        "rounded to the same 5 places it is 0.00013",
    ),
    (_O2, "Carica Papaya Fruit Extract"): Known(
        Kind.WRONG_ROW,
        "report error: 0.05 % × 4.17 × 0.01 = 0.00002085, printed 0.0000188, which is the SED of "
        "the next row (Hydroxyethylcellulose, 0.045 %); the printed value is 10 % low",
        same_as="Hydroxyethylcellulose",
    ),
}


# Within 1 %, but one unit off in the last printed digit (listed in docs/validation.md):
# 2 % and 4.925 % × 4.17 × 0.01 are 0.000834 and 0.002053725; the report prints 0.00084 (while
# Sorbitan Olivate and Persea Gratissima Oil at the same 2 % print 0.00083) and 0.00206.
LAST_DIGIT_OFF = {(_O2, "Cetearyl Olivate"), (_O2, "Propylene Glycol")}


def _to_printed_digits(value: float, printed: str) -> Decimal:
    """``value`` rounded half-up to the decimals the report printed, float noise removed."""
    exact = Decimal(repr(value)).quantize(Decimal("1e-15"), ROUND_HALF_UP)
    return exact.quantize(Decimal(printed), ROUND_HALF_UP)


@dataclass(frozen=True)
class Comparison:
    report: str
    inci: str
    printed: str  # the report's SED cell as printed
    ours: Sed

    @property
    def report_value(self) -> float:
        return float(self.printed)

    @property
    def difference(self) -> float:
        return self.ours.mg_kg_bw_d - self.report_value

    @property
    def relative(self) -> float:
        return self.difference / self.report_value


@cache
def reports() -> tuple[dict[str, Any], ...]:
    files = sorted(CPSR.glob("*.json")) if CPSR.is_dir() else []
    return tuple(json.loads(path.read_text(encoding="utf-8")) for path in files)


def compared(ingredient: dict[str, Any]) -> bool:
    fields = ("concentration_pct", "sed_mg_kg_bw_d", "dap_pct")
    return all(ingredient.get(field) is not None for field in fields)


def report_exposure(report: dict[str, Any]) -> str:
    """The exposure value the report's A.7 SED table used, as printed."""
    daily = report["daily_exposure"]
    used = daily.get("exposure_values_used_in_A7_SED_table") or [str(daily["mg_kg_bw_day"])]
    assert len(used) == 1, f"{report['id']}: several exposure values {used}"
    return str(used[0])


def _our_sed(report: dict[str, Any], ingredient: dict[str, Any]) -> Sed:
    exposure = apply_exposure(
        exposure_for(PRODUCT_TYPE[report["id"]]),
        Override(
            Target.EXPOSURE,
            float(report_exposure(report)),
            f"the report's own exposure: {report['daily_exposure']['mg_kg_bw_day_as_stated']}",
            citation=report["id"],
        ),
    )
    dap = apply_dap(
        dermal_absorption(None, None),
        Override(
            Target.DAP,
            ingredient["dap_pct"],
            "the report's dermal penetration factor",
            citation=f"{report['id']}, A.7 factor {ingredient['raw']['dermal_penetration_factor']}",
            scope="validation against this report only",
        ),
    )
    return sed(exposure, ingredient["concentration_pct"], dap)


@cache
def comparisons() -> tuple[Comparison, ...]:
    return tuple(
        Comparison(report["id"], ing["inci"], ing["raw"]["sed"], _our_sed(report, ing))
        for report in reports()
        for ing in report["ingredients"]
        if compared(ing)
    )


def _agreeing() -> list[Comparison]:
    return [c for c in comparisons() if (c.report, c.inci) not in KNOWN]


def _by_key() -> dict[tuple[str, str], Comparison]:
    return {(c.report, c.inci): c for c in comparisons()}


def test_what_is_compared() -> None:
    assert len(comparisons()) == 93
    assert {c.report for c in comparisons()} == set(PRODUCT_TYPE)
    assert len(_by_key()) == len(comparisons())  # one row per (report, INCI)


@pytest.mark.parametrize("row", _agreeing(), ids=lambda c: f"{c.report[:18]}:{c.inci[:30]}")
def test_sed_agrees_within_one_percent(row: Comparison) -> None:
    assert abs(row.relative) <= TOLERANCE, row.ours.explain()


def test_agreeing_rows_equal_ours_rounded_to_the_printed_digits() -> None:
    off = {
        (c.report, c.inci)
        for c in _agreeing()
        if _to_printed_digits(c.ours.mg_kg_bw_d, c.printed) != Decimal(c.printed)
    }
    assert off == LAST_DIGIT_OFF


@pytest.mark.parametrize("key", sorted(KNOWN), ids=lambda k: f"{k[0][:18]}:{k[1]}")
def test_known_disagreement_is_real_and_explained(key: tuple[str, str]) -> None:
    row, known = _by_key()[key], KNOWN[key]
    assert abs(row.relative) > TOLERANCE, "no longer a disagreement: remove it from KNOWN"
    printed = Decimal(row.printed)
    ours = Decimal(repr(row.ours.mg_kg_bw_d))
    if known.kind is Kind.ROUNDED:
        assert _to_printed_digits(row.ours.mg_kg_bw_d, row.printed) == printed
    elif known.kind is Kind.TRUNCATED:
        assert ours.quantize(printed, ROUND_DOWN) == printed
        assert ours.quantize(printed, ROUND_HALF_UP) != printed
    else:
        assert _by_key()[(row.report, known.same_as)].printed == row.printed


def test_each_row_used_the_report_exposure() -> None:
    for report in reports():
        for ing in filter(compared, report["ingredients"]):
            assert ing["raw"]["product_relative_daily_exposure_mg_kg_bw_d"] == report_exposure(
                report
            )


def test_overrides_are_recorded_on_every_comparison() -> None:
    for row in comparisons():
        assert row.ours.exposure.overridden and row.ours.dap.overridden
        assert row.ours.exposure.replaced is not None


def test_without_overrides_the_masques_would_use_the_fallback() -> None:
    # Our engine has no sourced rinse-off mask row: the default is the flagged 269 fallback,
    # where the report used 4.17 mg/kg bw/day with a 1 % factor.
    default = exposure_for(PRODUCT_TYPE[_O2])
    assert default.fallback and default.e_product_mg_kg_bw_d == 269
