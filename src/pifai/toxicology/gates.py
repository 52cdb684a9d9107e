"""Hard gates (SPEC §10): findings that override any margin of safety.

A prohibited substance, one over its statutory limit, or outside its permitted scope is
decided by the regulatory engine's verdict. Hazard classes add gates of their own: a CMR
1A/1B substance (H340/H350/H360) is prohibited unless a list entry permits it by name, in
which case the SA must confirm the exemption; CMR 2, skin sensitisers, corrosives (H314),
strong irritants (H318, serious eye damage; an H314 substance is already gated as corrosive)
and nanomaterials always go to the SA. None of these can be turned into "acceptable" by a
large MoS.

Every gate that decides a verdict carries its citation. A positive-list finding ("declared
as preservative but not on the list") rests on the list's entries, so it is cited to the list
itself; and it can only prohibit an ingredient whose identity is known. For a name that was
not identified (a trade name such as "Euxyl PE 9010" with no INCI or CAS) absence from the
list proves nothing: that gate sends it to the SA, naming why, instead of prohibiting it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pifai.regulatory.model import Authority, ListType
from pifai.regulatory.report import Finding, IngredientVerdict
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


# The positive lists (SPEC §9 list types; names as the shipped reference index cites them):
# a substance used for one of these functions must be on the list.
POSITIVE_LISTS: dict[tuple[Authority, ListType], str] = {
    (Authority.EU, ListType.COLORANT): "EU Regulation (EC) 1223/2009 Annex IV",
    (Authority.EU, ListType.PRESERVATIVE): "EU Regulation (EC) 1223/2009 Annex V",
    (Authority.EU, ListType.UV_FILTER): "EU Regulation (EC) 1223/2009 Annex VI",
    (Authority.TFDA, ListType.COLORANT): "TFDA 化粧品色素成分使用限制表",
    (Authority.TFDA, ListType.PRESERVATIVE): "TFDA 化粧品防腐劑成分名稱及使用限制表",
    (Authority.TFDA, ListType.UV_FILTER): "TFDA 化粧品防曬劑成分使用限制表",
}


def _positive_list(finding: Finding) -> tuple[str, str]:
    """(list type, the list cited) that a not-on-positive-list finding is about."""
    for (authority, list_type), name in POSITIVE_LISTS.items():
        if finding.authority is authority and f"declared as {list_type.value} " in finding.message:
            return list_type.value.replace("_", " "), name
    # A list this module does not name: cite what the finding says, never nothing.
    who = finding.authority.value if finding.authority else "the"
    return "a regulated function", f"{who} positive list ({finding.message})"


def regulatory_gates(
    compliance: IngredientVerdict | None, *, identified: bool = True
) -> list[Gate]:
    """The regulatory engine's blocking findings, each with its list entry or list.

    ``identified`` False: the ingredient was resolved to no INCI and no CAS, so "not on the
    positive list" only means its name is not there; that becomes a review gate.
    """
    if compliance is None:
        return []
    gates = []
    for finding in compliance.findings:
        mapped = _REGULATORY.get(finding.verdict)
        if mapped is None or not finding.binding:
            continue
        kind, verdict = mapped
        citation = finding.citation.label() if finding.citation else ""
        if finding.verdict is Compliance.NOT_ON_POSITIVE_LIST:
            function, listed = _positive_list(finding)
            citation = citation or listed
            if not identified:
                reason = (
                    f"identity unknown: {compliance.name!r} is declared as {function} but is "
                    f"not identified (no INCI name or CAS number resolved, e.g. a trade name), "
                    f"so whether it is on the {listed} positive list cannot be checked; the SA "
                    "must identify it (its INCI breakdown from the supplier, or the "
                    "raw-materials file) — if it is not on the list it may not be used"
                )
                gates.append(Gate("identity_unknown", SafetyVerdict.REVIEW, reason, citation))
                continue
        gates.append(Gate(kind, verdict, finding.message, citation))
    return gates


# Findings of an entry that permits the substance up to a limit (a restricted-substance or
# positive-list entry). A prohibition also carries an "allowed" 0 %; it permits nothing.
_PERMITTING = frozenset({Compliance.COMPLIANT, Compliance.OVER_LIMIT})


def _permitted_by_name(compliance: IngredientVerdict | None) -> str | None:
    """A list entry that restricts (so permits) the substance by name, if any."""
    if compliance is None:
        return None
    for finding in compliance.findings:
        if (
            finding.binding
            and finding.verdict in _PERMITTING
            and finding.allowed_pct is not None
            and finding.allowed_pct > 0
            and finding.citation is not None
        ):
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
        elif HazardFlag.SERIOUS_EYE_DAMAGE in hazard.flags:
            gates.append(
                Gate(
                    "strong_irritant",
                    SafetyVerdict.REVIEW,
                    f"strong irritant: serious eye damage as a substance (H318; {codes}); "
                    "neither the systemic MoS nor the TTC covers local irritation: SA to "
                    "confirm the final product is not an eye or skin irritant at this "
                    "concentration (e.g. pH, concentration, use near the eyes)",
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
        HazardFlag.SERIOUS_EYE_DAMAGE,
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
