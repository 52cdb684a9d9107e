"""Hard gates (SPEC §10): findings that override any margin of safety.

A prohibited substance, one over its statutory limit, or outside its permitted scope is
decided by the regulatory engine's verdict. Hazard classes add gates of their own: a CMR
1A/1B substance (H340/H350/H360) is prohibited unless a list entry permits it by name, in
which case the SA must confirm the exemption; CMR 2, skin sensitisers, corrosives and
nanomaterials always go to the SA. None of these can be turned into "acceptable" by a large MoS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pifai.regulatory.report import IngredientVerdict
from pifai.regulatory.report import Verdict as Compliance
from pifai.toxicology.assessment_model import Gate, SafetyVerdict
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.hazards import HazardClassification, HazardFlag, flags_for_codes

_REGULATORY = {
    Compliance.PROHIBITED: ("prohibited", SafetyVerdict.PROHIBITED),
    Compliance.OVER_LIMIT: ("over_limit", SafetyVerdict.OVER_LIMIT),
    Compliance.NOT_PERMITTED: ("not_permitted", SafetyVerdict.PROHIBITED),
    Compliance.NOT_ON_POSITIVE_LIST: ("not_on_positive_list", SafetyVerdict.PROHIBITED),
}


def regulatory_gates(compliance: IngredientVerdict | None) -> list[Gate]:
    """The regulatory engine's blocking findings, each with its list entry."""
    if compliance is None:
        return []
    gates = []
    for finding in compliance.findings:
        mapped = _REGULATORY.get(finding.verdict)
        if mapped is None or not finding.binding:
            continue
        kind, verdict = mapped
        citation = finding.citation.label() if finding.citation else ""
        gates.append(Gate(kind, verdict, finding.message, citation))
    return gates


def _permitted_by_name(compliance: IngredientVerdict | None) -> str | None:
    """A list entry that restricts (so permits) the substance by name, if any."""
    if compliance is None:
        return None
    for finding in compliance.findings:
        if finding.binding and finding.allowed_pct is not None and finding.citation is not None:
            return finding.citation.label()
    return None


def hazard_gates(
    classifications: Sequence[HazardClassification],
    compliance: IngredientVerdict | None,
    *,
    notified_codes: Iterable[str] = (),
    notified_source: str = "",
) -> list[Gate]:
    """Gates from harmonised (CLP Annex VI) and notified (e.g. PubChem GHS) classifications."""
    gates: list[Gate] = []
    permitted = _permitted_by_name(compliance)
    for hazard in classifications:
        codes = ", ".join(hazard.h_codes)
        if HazardFlag.CMR_1AB in hazard.flags:
            if permitted:
                gates.append(
                    Gate(
                        "cmr",
                        SafetyVerdict.REVIEW,
                        f"CMR 1A/1B ({codes}) used under {permitted}: the SA must confirm "
                        "the exemption (Regulation 1223/2009 Art. 15) and the conditions",
                        hazard.citation,
                    )
                )
            else:
                gates.append(
                    Gate(
                        "cmr",
                        SafetyVerdict.PROHIBITED,
                        f"CMR 1A/1B ({codes}) with no list entry permitting it",
                        hazard.citation,
                    )
                )
        elif HazardFlag.CMR_2 in hazard.flags:
            gates.append(
                Gate(
                    "cmr",
                    SafetyVerdict.REVIEW,
                    f"CMR 2 ({codes}): usable only where found safe by the SCCS; SA to confirm",
                    hazard.citation,
                )
            )
        if HazardFlag.SKIN_SENSITISER in hazard.flags:
            gates.append(
                Gate(
                    "sensitiser",
                    SafetyVerdict.REVIEW,
                    f"skin sensitiser ({codes}): neither the systemic MoS nor the TTC covers "
                    "sensitisation; SA to check the concentration against a sensitisation "
                    "assessment (e.g. an IFRA standard or a QRA)",
                    hazard.citation,
                )
            )
        if HazardFlag.CORROSIVE in hazard.flags:
            gates.append(
                Gate(
                    "corrosive",
                    SafetyVerdict.REVIEW,
                    f"corrosive as a substance ({codes}): SA to confirm the final product is "
                    "not corrosive or irritant (pH, neutralisation, concentration)",
                    hazard.citation,
                )
            )
    shown = ", ".join(sorted(set(notified_codes)))
    try:
        notified = flags_for_codes(notified_codes)
    except ToxicologyError as exc:  # an external source sent a code CLP does not define
        reason = f"unrecognised notified hazard code ({exc}): SA to check {shown}"
        return [*gates, Gate("notified_hazard", SafetyVerdict.REVIEW, reason, notified_source)]
    flagged = {
        HazardFlag.CMR_1AB,
        HazardFlag.CMR_2,
        HazardFlag.CORROSIVE,
        HazardFlag.SKIN_SENSITISER,
    }
    if notified & flagged and not gates:
        gates.append(
            Gate(
                "notified_hazard",
                SafetyVerdict.REVIEW,
                f"notified (not harmonised) classification {shown}: SA to check",
                notified_source,
            )
        )
    return gates


def nanomaterial_gate(name: str, inci: str | None, *, curated_nano: bool) -> Gate | None:
    labels = f"{name} {inci or ''}".lower()
    if curated_nano or "(nano)" in labels or "nano " in labels:
        return Gate(
            "nanomaterial",
            SafetyVerdict.REVIEW,
            "nanomaterial: needs its own assessment (Regulation 1223/2009 Art. 16); dermal "
            "absorption must be measured, no 10 % rule",
            "Regulation (EC) 1223/2009 Art. 16",
        )
    return None


def decisive(gates: Sequence[Gate]) -> Gate | None:
    """The gate that sets the verdict: prohibited beats over limit beats review."""
    order = (SafetyVerdict.PROHIBITED, SafetyVerdict.OVER_LIMIT, SafetyVerdict.REVIEW)
    ranked = sorted((g for g in gates if g.verdict in order), key=lambda g: order.index(g.verdict))
    return ranked[0] if ranked else None
