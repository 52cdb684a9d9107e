"""SED, systemic point of departure, margin of safety and TTC comparison (SPEC §10).

SED (mg/kg bw/day) = E_product × C/100 × DAp/100; PoD_sys = NOAEL × oral absorption/100;
MoS = PoD_sys / SED, acceptable when MoS ≥ the register's threshold. Every result is a frozen
value carrying its inputs and their citations, and ``explain()`` gives the line an SA checks.
Concentration ranges are judged at their upper bound: pass the upper bound as ``C``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from pifai.toxicology.absorption import DermalAbsorption
from pifai.toxicology.basis import BasisEntry, ToxicologyError, basis
from pifai.toxicology.exposure import Exposure

if TYPE_CHECKING:
    from pifai.toxicology.overrides import Override


def _check_pct(name: str, pct: float) -> None:
    if not (math.isfinite(pct) and 0 <= pct <= 100):
        raise ToxicologyError(f"{name} must be between 0 and 100 %, got {pct!r}")


def _check_non_negative(name: str, number: float) -> None:
    if not (math.isfinite(number) and number >= 0):
        raise ToxicologyError(f"{name} must be a non-negative number, got {number!r}")


@dataclass(frozen=True)
class Sed:
    """Systemic exposure dosage of one ingredient, mg/kg bw/day."""

    mg_kg_bw_d: float
    concentration_pct: float
    exposure: Exposure
    dap: DermalAbsorption

    def explain(self) -> str:
        e, c, d = self.exposure.e_product_mg_kg_bw_d, self.concentration_pct, self.dap.pct
        return f"SED = {e:g} × {c:g}/100 × {d:g}/100 = {self.mg_kg_bw_d:.6g} mg/kg bw/day"


def sed(exposure: Exposure, concentration_pct: float, dap: DermalAbsorption) -> Sed:
    """SED for an ingredient at ``concentration_pct`` (the upper bound of a range)."""
    _check_pct("concentration", concentration_pct)
    _check_pct("DAp", dap.pct)
    _check_non_negative("E_product", exposure.e_product_mg_kg_bw_d)
    value = exposure.e_product_mg_kg_bw_d * concentration_pct / 100 * dap.pct / 100
    return Sed(value, concentration_pct, exposure, dap)


@dataclass(frozen=True)
class Noael:
    """An oral NOAEL (mg/kg bw/day) and the authority or study it comes from."""

    mg_kg_bw_d: float
    source: str
    override: Override | None = None
    replaced: Noael | None = None

    def __post_init__(self) -> None:
        _check_non_negative("NOAEL", self.mg_kg_bw_d)
        if not self.source.strip():
            raise ToxicologyError("a NOAEL needs its source")


class OralMethod(StrEnum):
    SCCS_DEFAULT = "sccs_default"  # the register's default oral absorption (50 %)
    PLAIN_NOAEL = "plain_noael"  # no oral-absorption step, as many published reports do


@dataclass(frozen=True)
class OralAbsorption:
    pct: float
    method: str
    citation: str
    override: Override | None = None
    replaced: OralAbsorption | None = None


def oral_absorption(method: OralMethod = OralMethod.SCCS_DEFAULT) -> OralAbsorption:
    """The oral absorption used for PoD_sys, with the method label the report prints."""
    entry = basis("oral_absorption.default_pct")
    if method is OralMethod.SCCS_DEFAULT:
        return OralAbsorption(
            entry.value, f"SCCS {entry.value:g} % oral absorption", entry.citation
        )
    plain = next(a for a in entry.alternatives if a.label.startswith("plain NOAEL"))
    return OralAbsorption(plain.value, f"plain NOAEL ({plain.value:g} %)", plain.citation)


@dataclass(frozen=True)
class PodSys:
    """Systemic point of departure, mg/kg bw/day."""

    mg_kg_bw_d: float
    noael: Noael
    oral: OralAbsorption

    def explain(self) -> str:
        n, o = self.noael.mg_kg_bw_d, self.oral.pct
        return (
            f"PoD_sys = NOAEL {n:g} × {o:g}/100 = {self.mg_kg_bw_d:.6g} mg/kg bw/day "
            f"({self.oral.method}; NOAEL: {self.noael.source})"
        )


def systemic_pod(noael: Noael, oral: OralAbsorption | None = None) -> PodSys:
    oral = oral if oral is not None else oral_absorption()
    _check_pct("oral absorption", oral.pct)
    value = noael.mg_kg_bw_d * oral.pct / 100
    if not math.isfinite(value):
        raise ToxicologyError(f"PoD_sys is not a finite number (NOAEL {noael.mg_kg_bw_d!r})")
    return PodSys(value, noael, oral)


class Verdict(StrEnum):
    ACCEPTABLE = "acceptable"
    INSUFFICIENT_MARGIN = "insufficient_margin"


@dataclass(frozen=True)
class MarginOfSafety:
    """MoS = PoD_sys / SED. ``mos`` is None when SED is 0 (no systemic exposure)."""

    mos: float | None
    threshold: float
    verdict: Verdict
    pod: PodSys
    sed: Sed
    citation: str
    note: str = ""

    def explain(self) -> str:
        if self.mos is None:
            return f"MoS not defined: {self.note} → {self.verdict.value}"
        return (
            f"MoS = {self.pod.mg_kg_bw_d:.6g} / {self.sed.mg_kg_bw_d:.6g} = {self.mos:.4g} "
            f"(threshold ≥ {self.threshold:g}) → {self.verdict.value}"
        )


def margin_of_safety(pod: PodSys, exposure: Sed) -> MarginOfSafety:
    """Judge PoD_sys against the SED; the threshold comes from the register."""
    entry = basis("mos.threshold")
    if exposure.mg_kg_bw_d == 0:
        note = "SED is 0 (no systemic exposure at this concentration/DAp)"
        return MarginOfSafety(
            None, entry.value, Verdict.ACCEPTABLE, pod, exposure, entry.citation, note
        )
    mos = pod.mg_kg_bw_d / exposure.mg_kg_bw_d
    if not math.isfinite(mos):
        raise ToxicologyError(f"MoS is not a finite number ({pod.explain()}; {exposure.explain()})")
    verdict = Verdict.ACCEPTABLE if mos >= entry.value else Verdict.INSUFFICIENT_MARGIN
    return MarginOfSafety(mos, entry.value, verdict, pod, exposure, entry.citation)


class TtcClass(StrEnum):
    CRAMER_I = "cramer_i"
    CRAMER_II = "cramer_ii"  # the SCCS treats class II as class III for cosmetics (V)
    CRAMER_III = "cramer_iii"
    GENOTOXIC_ALERT = "genotoxic_alert"


@dataclass(frozen=True)
class TtcComparison:
    """An SED against a TTC class threshold, both shown in µg/kg bw/day."""

    ttc_class: TtcClass
    sed_mg_kg_bw_d: float
    sed_ug_kg_bw_d: float
    threshold_ug_kg_bw_d: float
    below: bool
    threshold_basis: BasisEntry

    def explain(self) -> str:
        word = "below" if self.below else "not below"
        return (
            f"SED {self.sed_mg_kg_bw_d:.6g} mg/kg bw/day = {self.sed_ug_kg_bw_d:.6g} µg/kg bw/day "
            f"is {word} the TTC {self.ttc_class.value} {self.threshold_ug_kg_bw_d:g} µg/kg bw/day "
            f"({self.threshold_basis.citation})"
        )


def ttc_threshold(ttc_class: TtcClass) -> BasisEntry:
    """The register entry (µg/kg bw/day) for a TTC class."""
    return basis(f"ttc.{ttc_class.value}")


def compare_to_ttc(sed_mg_kg_bw_d: float, ttc_class: TtcClass) -> TtcComparison:
    """Convert the SED to µg/kg bw/day and compare; 'below' is strict."""
    _check_non_negative("SED", sed_mg_kg_bw_d)
    entry = ttc_threshold(ttc_class)
    if entry.unit != "µg/kg bw/day":
        raise ToxicologyError(f"TTC entry {entry.key} is in {entry.unit}, not µg/kg bw/day")
    sed_ug = sed_mg_kg_bw_d * basis("unit.ug_per_mg").value
    return TtcComparison(
        ttc_class, sed_mg_kg_bw_d, sed_ug, entry.value, sed_ug < entry.value, entry
    )
