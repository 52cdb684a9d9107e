"""Tier 3, the threshold of toxicological concern (SPEC §10).

Only for a defined organic structure with no toxicity data, never for UV filters, hair
dyes or inorganic substances. A genotoxicity alert takes the lowest threshold; otherwise the
Cramer class computed from the structure decides (class II is judged as class III, and a
question the implementation cannot answer falls to the more conservative branch). An SED
below the threshold is acceptable; at or above it, toxicity data are needed: a data gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from pifai.toxicology.assessment_model import SafetyVerdict
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.margin import TtcClass, TtcComparison, compare_to_ttc
from pifai.toxicology.structure.alerts import genotoxic_alerts
from pifai.toxicology.structure.cramer import classify
from pifai.toxicology.structure.molecules import parse_smiles

_EXCLUDED_FUNCTIONS = ("uv filter", "uv absorber", "hair dye", "hair dyeing", "oxidising")


_LABELS = {
    TtcClass.CRAMER_I: "Cramer I",
    TtcClass.CRAMER_II: "Cramer II, judged as III",
    TtcClass.CRAMER_III: "Cramer III",
    TtcClass.GENOTOXIC_ALERT: "genotoxicity alert",
}


@dataclass(frozen=True)
class TtcOutcome:
    verdict: SafetyVerdict
    method: str
    comparison: TtcComparison
    cramer: str
    reasons: tuple[str, ...]


def ttc_exclusion(function: str | None, curated_exclusion: str | None) -> str | None:
    """Why TTC may not be used for this ingredient, or None."""
    if curated_exclusion:
        return f"TTC not applicable: {curated_exclusion}"
    text = (function or "").lower()
    hit = next((f for f in _EXCLUDED_FUNCTIONS if f in text), None)
    return f"TTC not applicable to its function ({function})" if hit else None


def _is_organic(smiles: str) -> bool:
    molecule = parse_smiles(smiles)
    return any(atom.GetSymbol() == "C" for atom in molecule.GetAtoms())


def ttc_outcome(smiles: str, sed_mg_kg_bw_d: float) -> TtcOutcome | str:
    """The TTC judgement, or the reason it cannot be made."""
    try:
        if not _is_organic(smiles):
            return "TTC not applicable: inorganic substance"
        alerts = genotoxic_alerts(smiles)
        cramer = classify(smiles)
    except ToxicologyError as exc:
        return f"TTC not applicable: {exc}"
    if alerts:
        ttc_class = TtcClass.GENOTOXIC_ALERT
        label = "genotoxicity alert (" + ", ".join(a.name for a in alerts) + ")"
    else:
        ttc_class = cramer.cramer_class
        label = _LABELS[ttc_class]
    comparison = compare_to_ttc(sed_mg_kg_bw_d, ttc_class)
    path = cramer.explanation
    reasons = [comparison.explain(), f"Cramer: {path}"]
    if cramer.unanswered:
        reasons.append(
            "questions the tree could not answer fell to the conservative branch: "
            + ", ".join(cramer.unanswered)
        )
    if comparison.below:
        method = f"TTC ({label}, SED below threshold)"
        verdict = SafetyVerdict.ACCEPTABLE
    else:
        method = f"TTC ({label}, SED not below threshold: toxicity data needed)"
        verdict = SafetyVerdict.DATA_GAP
    return TtcOutcome(
        verdict, method, comparison, f"{cramer.cramer_class.value}: {path}", tuple(reasons)
    )
