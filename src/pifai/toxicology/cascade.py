"""The NOAEL cascade, tiers 0 to 2 (SPEC §10): which point of departure an ingredient rests on.

Tier 0 an authority's numeric NOAEL (our curated dataset, an SA override, EPA ToxValDB);
tier 1 a curated analogue's NOAEL ÷ its cited assessment factor; tier 1.5 a structural
analogue (Morgan Tanimoto ≥ the register's threshold to an anchor), always for the SA's
review; tier 2 an authority's qualitative conclusion. ``None`` means none applied and the
caller goes on to TTC or a data gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from pifai.toxicology.assessment_model import Analogue, Tier
from pifai.toxicology.basis import basis
from pifai.toxicology.dataset import (
    AnalogueLink,
    CuratedSubstance,
    QualitativeConclusion,
    ToxicologyDataset,
)
from pifai.toxicology.external_facts import ExternalFacts
from pifai.toxicology.margin import Noael
from pifai.toxicology.overrides import Override, apply_noael
from pifai.toxicology.structure.similarity import nearest_anchor


@dataclass(frozen=True)
class PointOfDeparture:
    tier: Tier
    method: str
    noael: Noael | None = None
    analogue: Analogue | None = None
    review: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    # Tier 2: the conclusion itself decides (no MoS); ``review`` non-empty means conditional.
    qualitative: QualitativeConclusion | None = None
    # Tier 2: used above the concentration the SCCS found safe — the SCCS sets safety limits
    # (CIR "up to x %" figures are reported use levels), so this is a margin failure.
    limit_exceeded: bool = False


def authority_noael(
    curated: CuratedSubstance | None, facts: ExternalFacts, override: Override | None
) -> PointOfDeparture | None:
    """Tier 0, in order: the SA's override, our curated value, EPA ToxValDB's lowest."""
    if curated is not None and curated.noael is not None:
        record = curated.noael
        default = Noael(
            record.value,
            f"{record.authority}: {record.citation} ({record.species}, {record.route}, "
            f"{record.study})",
        )
        noael = apply_noael(default, override)
        method = f"NOAEL {noael.mg_kg_bw_d:g} mg/kg bw/day ({record.authority})"
        if override is not None:
            method = (
                f"NOAEL {override.value:g} mg/kg bw/day (SA override, replacing "
                f"{record.authority}'s {record.value:g})"
            )
        return PointOfDeparture(Tier.AUTHORITY, method, noael)
    if facts.noael is not None:
        found = facts.noael
        noael = apply_noael(Noael(found.mg_kg_bw_d, found.citation), override)
        method = f"NOAEL {noael.mg_kg_bw_d:g} mg/kg bw/day (EPA ToxValDB, lowest oral NOAEL)"
        if override is not None:
            method = (
                f"NOAEL {override.value:g} mg/kg bw/day (SA override, replacing EPA ToxValDB's "
                f"{found.mg_kg_bw_d:g})"
            )
        review = (
            f"NOAEL from EPA ToxValDB (lowest of {found.considered} oral NOAELs): the SA must "
            "confirm the key study",
        )
        return PointOfDeparture(Tier.AUTHORITY, method, noael, None, review)
    if override is not None:
        noael = Noael(
            override.value, override.citation or f"SA override: {override.reason}", override
        )
        return PointOfDeparture(
            Tier.AUTHORITY, f"NOAEL {override.value:g} mg/kg bw/day (SA override)", noael
        )
    return None


def _mw(substance: CuratedSubstance | None, facts: ExternalFacts) -> float | None:
    if substance is not None and substance.mw is not None:
        return substance.mw.value
    return facts.mw.value if facts.mw is not None else None


def curated_read_across(
    link: AnalogueLink, target: CuratedSubstance | None, facts: ExternalFacts
) -> PointOfDeparture | None:
    """Tier 1: the anchor's NOAEL ÷ the cited factor, molar-adjusted only downwards."""
    anchor = link.anchor
    if anchor.noael is None:
        return None
    factor_entry = basis(link.factor_key) if link.factor_key else None
    factor = factor_entry.value if factor_entry else 1
    value = anchor.noael.value / factor
    notes = []
    target_mw, anchor_mw = _mw(target, facts), anchor.mw.value if anchor.mw else None
    if link.mw_adjusted and target_mw and anchor_mw:
        ratio = target_mw / anchor_mw
        if ratio < 1:  # only ever lower the NOAEL: a heavier salt is not credited
            value *= ratio
            notes.append(f"molar adjustment × {ratio:.4g}")
    factor_text = f"AF {factor:g}" + (f" ({factor_entry.citation})" if factor_entry else "")
    analogue = Analogue(anchor.inci, anchor.noael.value, anchor.noael.citation, factor, factor_text)
    label = (
        f"read-across (analogue {anchor.inci}, NOAEL {anchor.noael.value:g} mg/kg bw/day, "
        f"{factor_text}{'; ' + ', '.join(notes) if notes else ''})"
    )
    noael = Noael(
        value, f"read-across from {anchor.inci}: {anchor.noael.citation}; {link.citation}"
    )
    reasons = (f"{link.rationale} ({link.citation})",)
    return PointOfDeparture(Tier.READ_ACROSS, label, noael, analogue, (), reasons)


def structural_read_across(
    smiles: str | None, dataset: ToxicologyDataset, self_key: str | None
) -> PointOfDeparture | None:
    """Tier 1.5: the most similar anchor at or above the Tanimoto threshold."""
    if not smiles:
        return None
    anchors = tuple((a.key, a.smiles) for a in dataset.anchors() if a.smiles and a.key != self_key)
    found = nearest_anchor(smiles, anchors) if anchors else None
    if found is None:
        return None
    anchor = next(a for a in dataset.anchors() if a.key == found.anchor_key)
    assert anchor.noael is not None  # anchors() holds only substances with a NOAEL
    analogue = Analogue(
        anchor.inci, anchor.noael.value, anchor.noael.citation, tanimoto=found.tanimoto
    )
    label = (
        f"structural read-across (analogue {anchor.inci}, Tanimoto {found.tanimoto:.2f} ≥ "
        f"{found.threshold:g}, NOAEL {anchor.noael.value:g} mg/kg bw/day)"
    )
    noael = Noael(anchor.noael.value, f"structural analogue {anchor.inci}: {anchor.noael.citation}")
    review = (
        f"structural read-across to {anchor.inci} (Tanimoto {found.tanimoto:.2f}): the SA must "
        "judge whether the analogue is relevant",
    )
    return PointOfDeparture(Tier.STRUCTURAL, label, noael, analogue, review)


def qualitative_conclusion(
    substance: CuratedSubstance | None, concentration_pct: float | None, leave_on: bool
) -> PointOfDeparture | None:
    """Tier 2: an authority's conclusion; conditions not met or unclear go to review."""
    if substance is None or not substance.qualitative:
        return None
    conclusion = substance.qualitative[0]
    label = f"{conclusion.authority}: {conclusion.conclusion}"
    review: list[str] = []
    exceeded = False
    if conclusion.conditional:
        review.append(f"conditional conclusion ({conclusion.conclusion}): SA to check the terms")
    if conclusion.max_pct is not None:
        if concentration_pct is None:
            review.append(f"no concentration to compare with the assessed {conclusion.max_pct:g} %")
        elif concentration_pct > conclusion.max_pct:
            review.append(
                f"used at {concentration_pct:g} %, above the {conclusion.max_pct:g} % "
                f"{conclusion.authority} assessed"
            )
            exceeded = conclusion.authority.upper() == "SCCS"
    if conclusion.leave_on is False and leave_on:
        review.append(f"{conclusion.authority} assessed rinse-off use only; this is leave-on")
    reasons = (f"{label} — {conclusion.citation}",)
    return PointOfDeparture(
        Tier.QUALITATIVE,
        label,
        review=tuple(review),
        reasons=reasons,
        qualitative=conclusion,
        limit_exceeded=exceeded,
    )
