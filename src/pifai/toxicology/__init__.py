"""The quantitative core of the safety assessment (SPEC §10): pure, I/O-free.

``basis`` holds every constant with its citation; ``exposure`` gives E_product per product
type; ``absorption`` the dermal absorption; ``margin`` SED, PoD_sys, MoS and TTC checks;
``overrides`` the SA's per-product overrides with their reasons. (The register lookup is
``pifai.toxicology.basis.basis``; it is not re-exported so the submodule name stays usable.)
"""

from pifai.toxicology.absorption import CitedValue, DermalAbsorption, dermal_absorption
from pifai.toxicology.basis import BasisEntry, ToxicologyError, register
from pifai.toxicology.exposure import Exposure, exposure_for
from pifai.toxicology.margin import (
    MarginOfSafety,
    Noael,
    OralAbsorption,
    OralMethod,
    PodSys,
    Sed,
    TtcClass,
    TtcComparison,
    Verdict,
    compare_to_ttc,
    margin_of_safety,
    oral_absorption,
    sed,
    systemic_pod,
)
from pifai.toxicology.overrides import Override, ProductOverrides, Target

__all__ = [
    "BasisEntry",
    "CitedValue",
    "DermalAbsorption",
    "Exposure",
    "MarginOfSafety",
    "Noael",
    "OralAbsorption",
    "OralMethod",
    "Override",
    "PodSys",
    "ProductOverrides",
    "Sed",
    "Target",
    "ToxicologyError",
    "TtcClass",
    "TtcComparison",
    "Verdict",
    "compare_to_ttc",
    "dermal_absorption",
    "exposure_for",
    "margin_of_safety",
    "oral_absorption",
    "register",
    "sed",
    "systemic_pod",
]
