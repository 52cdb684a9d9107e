"""The safety assessment of one formula (SPEC §10): every ingredient ends with a basis.

Per ingredient: hard gates first (they override any MoS), then the DAp and SED, then the
NOAEL cascade (tiers 0 → 1 → 1.5 → 2), then TTC (tier 3), else a data gap handed to the
SA with the reason. Pure: the curated dataset, the hazard index and any external facts are
passed in, so the CLI, the API and the worker give the same answer for the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from pifai.product_types.taxonomy import ProductType
from pifai.regulatory.report import IngredientVerdict
from pifai.toxicology.absorption import DermalAbsorption, dermal_absorption
from pifai.toxicology.assessment_model import (
    Gate,
    IngredientAssessment,
    ProductAssessment,
    Properties,
    SafetyVerdict,
    Tier,
    worst,
)
from pifai.toxicology.basis import basis
from pifai.toxicology.cascade import (
    PointOfDeparture,
    authority_noael,
    curated_read_across,
    qualitative_conclusion,
    structural_read_across,
)
from pifai.toxicology.dataset import CuratedSubstance, ToxicologyDataset, load_dataset
from pifai.toxicology.exposure import Exposure, exposure_for
from pifai.toxicology.external_facts import NO_FACTS, ExternalFacts
from pifai.toxicology.gates import decisive, hazard_gates, nanomaterial_gate, regulatory_gates
from pifai.toxicology.hazards import HazardIndex, load_hazards
from pifai.toxicology.margin import (
    MarginOfSafety,
    Noael,
    OralAbsorption,
    OralMethod,
    PodSys,
    Sed,
    TtcComparison,
    margin_of_safety,
    oral_absorption,
    sed,
    systemic_pod,
)
from pifai.toxicology.overrides import (
    ProductOverrides,
    apply_dap,
    apply_exposure,
    apply_oral_absorption,
)
from pifai.toxicology.ttc_tier import TtcOutcome, ttc_exclusion, ttc_outcome

_ENHANCER_WORDS = ("penetration enhancer", "absorption enhancer", "skin penetration")


@dataclass(frozen=True)
class AssessmentInput:
    """One ingredient as the formula check left it."""

    name: str
    inci: str | None
    cas: tuple[str, ...]
    concentration_pct: float | None  # the upper bound of a range
    function: str | None = None
    compliance: IngredientVerdict | None = None
    # Set when the name was matched to its INCI with less than trusted confidence: the
    # identity itself is for the SA to confirm, so the verdict is never better than review.
    identity_note: str | None = None


def override_key(name: str) -> str:
    """Ingredient overrides are keyed by INCI (or name) regardless of case and spacing."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class _Context:
    dataset: ToxicologyDataset
    hazards: HazardIndex
    exposure: Exposure
    oral: OralAbsorption
    oral_method: OralMethod
    leave_on: bool
    penetration_enhancers: bool
    overrides: Mapping[str, ProductOverrides] = field(default_factory=dict)


# SCCS exposure classes whose product is swallowed in part or put on the lips: the amount is
# taken as absorbed, so no dermal-absorption reduction (rule, study or override) applies.
ORAL_EXPOSURE_CLASSES = frozenset({"lipstick", "toothpaste", "mouthwash"})


def _dap(
    curated: CuratedSubstance | None, nano: bool, ctx: _Context, ov: ProductOverrides
) -> DermalAbsorption:
    if ctx.exposure.exposure_class in ORAL_EXPOSURE_CLASSES:
        entry = basis("dap.default_pct")
        reason = (
            f"{entry.value:g} %: lip/oral product, exposure by ingestion; no dermal-absorption "
            "reduction applies" + ("; the SA's DAp override is not used" if ov.dap else "")
        )
        return DermalAbsorption(entry.value, reason, entry.citation)
    if curated is not None and curated.dermal_absorption is not None and not nano:
        study = curated.dermal_absorption
        default = DermalAbsorption(
            study.value, f"measured {study.value:g} % ({study.scope})", study.citation
        )
    else:
        default = dermal_absorption(
            curated.mw if curated else None,
            curated.log_pow if curated else None,
            nanomaterial=nano,
            penetration_enhancers=ctx.penetration_enhancers,
        )
    return apply_dap(default, ov.dap)


def _oral(curated: CuratedSubstance | None, ctx: _Context, ov: ProductOverrides) -> OralAbsorption:
    if ov.oral_absorption is not None:
        return apply_oral_absorption(ctx.oral, ov.oral_absorption)
    if (
        curated is not None
        and curated.oral_absorption is not None
        and ctx.oral_method is OralMethod.SCCS_DEFAULT
        and ctx.oral.override is None
    ):
        cited = curated.oral_absorption
        return OralAbsorption(
            cited.value, f"{cited.value:g} % oral absorption (cited)", cited.citation
        )
    return ctx.oral


def _point_of_departure(
    inp: AssessmentInput,
    curated: CuratedSubstance | None,
    smiles: str | None,
    facts: ExternalFacts,
    ctx: _Context,
    ov: ProductOverrides,
) -> PointOfDeparture | None:
    found = authority_noael(curated, facts, ov.noael)
    if found is None:
        link = ctx.dataset.analogue_for(inp.inci or inp.name, inp.cas)
        found = curated_read_across(link, curated, facts) if link else None
    if found is None and ov.judgement is not None:  # the SA's basis replaces tiers 1.5–3
        judgement = ov.judgement
        reasons = (f"SA judgement: {judgement.reason} — {judgement.citation}",)
        return PointOfDeparture(
            Tier.SA_JUDGEMENT, f"SA judgement: {judgement.reason}", reasons=reasons
        )
    if found is None:
        found = structural_read_across(smiles, ctx.dataset, curated.key if curated else None)
    if found is None:
        found = qualitative_conclusion(curated, inp.concentration_pct, ctx.leave_on)
    return found


def _gates(
    inp: AssessmentInput, curated: CuratedSubstance | None, facts: ExternalFacts, ctx: _Context
) -> tuple[list[Gate], tuple[str, ...], tuple[str, ...]]:
    classifications = ctx.hazards.for_cas(inp.cas)
    notified = (*facts.notified_codes, *facts.harmonised_codes)
    source = "; ".join(s for s in (facts.notified_source, facts.harmonised_source) if s)
    # Identified: resolved to an INCI name or given a CAS number. Otherwise "not on the
    # positive list" says nothing about the substance, only about its (trade) name.
    gates = regulatory_gates(inp.compliance, identified=bool(inp.inci or inp.cas))
    gates += hazard_gates(
        classifications, inp.compliance, notified_codes=notified, notified_source=source
    )
    nano = nanomaterial_gate(
        inp.name, inp.inci, curated_nano=bool(curated and curated.nanomaterial)
    )
    if nano is not None:
        gates.append(nano)
    codes = tuple(sorted({c for h in classifications for c in h.h_codes}))
    return gates, codes, tuple(h.citation for h in classifications)


def assess_ingredient(
    inp: AssessmentInput, ctx: _Context, facts: ExternalFacts = NO_FACTS
) -> IngredientAssessment:
    curated = ctx.dataset.find(inp.inci or inp.name, inp.cas)
    ov = ctx.overrides.get(override_key(inp.inci or inp.name), ProductOverrides())
    smiles = curated.smiles if curated and curated.smiles else facts.smiles
    properties = Properties(
        pubchem_cid=(curated.pubchem_cid if curated else None) or facts.pubchem_cid,
        smiles=smiles,
        structure_citation=(curated.structure_citation if curated and curated.smiles else None)
        or (facts.smiles_citation if facts.smiles else None),
        mw=(curated.mw if curated else None) or facts.mw,
        log_pow=curated.log_pow if curated else None,
    )
    gates, codes, hazard_citations = _gates(inp, curated, facts, ctx)
    gate = decisive(gates)
    nano = any(g.kind == "nanomaterial" for g in gates)
    # What the SA reads first: the blocking gates with their citation, then the review ones.
    review = [
        f"{g.kind.replace('_', ' ')}: {g.reason} ({g.citation})"
        for g in gates
        if g.verdict is not SafetyVerdict.REVIEW
    ]
    review += [g.reason for g in gates if g.verdict is SafetyVerdict.REVIEW]
    if facts.missing:
        review.append("external sources unavailable: " + ", ".join(facts.missing))
    if inp.identity_note:
        review.append(inp.identity_note)
    compliance_notes = inp.compliance.review_notes if inp.compliance else ()
    review.extend(compliance_notes)  # e.g. a UV-filter limit not applied: the SA confirms
    base = IngredientAssessment(
        name=inp.name, inci=inp.inci, cas=inp.cas, concentration_pct=inp.concentration_pct,
        function=inp.function, tier=Tier.DATA_GAP, method="", verdict=SafetyVerdict.DATA_GAP,
        reasons=(), exposure=ctx.exposure, gates=tuple(gates), hazard_codes=codes,
        hazard_citations=hazard_citations, properties=properties, sources_missing=facts.missing,
    )  # fmt: skip
    verdict: SafetyVerdict
    if not inp.concentration_pct:  # None, or listed at 0 %: nothing to judge a margin on
        reason = (
            "no usable concentration: the SED cannot be computed"
            if inp.concentration_pct is None
            else "listed at 0 %: check the formula (an ingredient present must have an amount)"
        )
        if gate is not None and gate.verdict is not SafetyVerdict.REVIEW:
            tier, method = _gate_label(gate)
            verdict = gate.verdict
        else:
            tier, method, verdict = Tier.DATA_GAP, f"data gap ({reason})", SafetyVerdict.DATA_GAP
        return replace(
            base, tier=tier, method=method, verdict=verdict,
            reasons=(*(g.reason for g in gates), reason),
            review=tuple(dict.fromkeys([*review, reason])),
        )  # fmt: skip
    dap = _dap(curated, nano, ctx, ov)
    exposure_sed = sed(ctx.exposure, inp.concentration_pct, dap)
    pod = _point_of_departure(inp, curated, smiles, facts, ctx, ov)
    judged = _judge(inp, curated, smiles, pod, exposure_sed, ctx, ov)
    verdict, tier, method = judged.verdict, judged.tier, judged.method
    if inp.identity_note or compliance_notes:
        verdict = worst([verdict, SafetyVerdict.REVIEW])
    if gate is not None:
        verdict = worst([verdict, gate.verdict])
        if gate.verdict is not SafetyVerdict.REVIEW:
            tier, method = _gate_label(gate)
    review.extend(judged.review)
    return replace(
        base, tier=tier, method=method, verdict=verdict,
        reasons=(*(g.reason for g in gates), *judged.reasons),
        dap=dap, sed=exposure_sed, noael=judged.noael, pod=judged.pod, mos=judged.mos,
        ttc=judged.ttc, cramer=judged.cramer, analogue=pod.analogue if pod else None,
        review=tuple(dict.fromkeys(review)),
    )  # fmt: skip


def _gate_label(gate: Gate) -> tuple[Tier, str]:
    where = f" ({gate.citation})" if gate.citation else ""
    return Tier.GATE, f"{gate.kind.replace('_', ' ')} — NOAEL not required{where}"


@dataclass(frozen=True)
class _Judgement:
    tier: Tier
    method: str
    verdict: SafetyVerdict
    reasons: tuple[str, ...]
    review: tuple[str, ...] = ()
    noael: Noael | None = None
    pod: PodSys | None = None
    mos: MarginOfSafety | None = None
    ttc: TtcComparison | None = None
    cramer: str | None = None


def _judge(
    inp: AssessmentInput,
    curated: CuratedSubstance | None,
    smiles: str | None,
    pod: PointOfDeparture | None,
    exposure_sed: Sed,
    ctx: _Context,
    ov: ProductOverrides,
) -> _Judgement:
    if pod is not None and pod.noael is not None:
        pod_sys = systemic_pod(pod.noael, _oral(curated, ctx, ov))
        mos = margin_of_safety(pod_sys, exposure_sed)
        verdict = SafetyVerdict(mos.verdict.value)
        if pod.review and verdict is SafetyVerdict.ACCEPTABLE:
            verdict = SafetyVerdict.REVIEW
        reasons = (*pod.reasons, exposure_sed.explain(), pod_sys.explain(), mos.explain())
        review = pod.review
        if verdict is SafetyVerdict.INSUFFICIENT_MARGIN:
            review = (*review, mos.explain())
        return _Judgement(pod.tier, pod.method, verdict, reasons, review, pod.noael, pod_sys, mos)
    if pod is not None:  # tier 2 or the SA judgement: the conclusion decides
        verdict = SafetyVerdict.REVIEW if pod.review else SafetyVerdict.ACCEPTABLE
        if pod.limit_exceeded:
            verdict = SafetyVerdict.INSUFFICIENT_MARGIN
        reasons = (*pod.reasons, exposure_sed.explain())
        return _Judgement(pod.tier, pod.method, verdict, reasons, pod.review)
    excluded = ttc_exclusion(inp.function, curated.ttc_excluded if curated else None)
    outcome: TtcOutcome | str | None = None
    if excluded is None and smiles:
        outcome = ttc_outcome(smiles, exposure_sed.mg_kg_bw_d)
    if isinstance(outcome, TtcOutcome):
        reasons = (exposure_sed.explain(), *outcome.reasons)
        review = () if outcome.verdict is SafetyVerdict.ACCEPTABLE else (outcome.reasons[0],)
        return _Judgement(
            Tier.TTC, outcome.method, outcome.verdict, reasons, review,
            ttc=outcome.comparison, cramer=outcome.cramer,
        )  # fmt: skip
    why = excluded or outcome or "no defined structure (SMILES) for read-across or TTC"
    gap = (
        f"no authority NOAEL, analogue or conclusion in the curated dataset; {why}: the SA "
        "must provide a basis"
    )
    return _Judgement(
        Tier.DATA_GAP, f"data gap ({why})", SafetyVerdict.DATA_GAP,
        (exposure_sed.explain(), gap), (gap,),
    )  # fmt: skip


def _has_enhancer(inputs: Sequence[AssessmentInput]) -> bool:
    return any(word in (inp.function or "").lower() for inp in inputs for word in _ENHANCER_WORDS)


def assess_product(
    inputs: Sequence[AssessmentInput],
    product: ProductType,
    *,
    overrides: ProductOverrides | None = None,
    ingredient_overrides: Mapping[str, ProductOverrides] | None = None,
    oral_method: OralMethod = OralMethod.SCCS_DEFAULT,
    facts: Mapping[str, ExternalFacts] | None = None,
    dataset: ToxicologyDataset | None = None,
    hazards: HazardIndex | None = None,
    formula_problems: Sequence[str] = (),
    formula_warnings: Sequence[str] = (),
) -> ProductAssessment:
    """Assess every ingredient; ``facts`` and overrides are keyed by :func:`override_key`."""
    product_ov = overrides or ProductOverrides()
    dataset = dataset or load_dataset()
    hazards = hazards or load_hazards()
    ctx = _Context(
        dataset=dataset,
        hazards=hazards,
        exposure=apply_exposure(exposure_for(product), product_ov.exposure),
        oral=apply_oral_absorption(oral_absorption(oral_method), product_ov.oral_absorption),
        oral_method=oral_method,
        leave_on=product.leave_on,
        penetration_enhancers=_has_enhancer(inputs),
        overrides={override_key(k): v for k, v in (ingredient_overrides or {}).items()},
    )
    facts = facts or {}
    assessed = tuple(
        assess_ingredient(inp, ctx, facts.get(override_key(inp.inci or inp.name), NO_FACTS))
        for inp in inputs
    )
    used_keys = {override_key(inp.inci or inp.name) for inp in inputs}
    unused = tuple(k for k in ingredient_overrides or {} if override_key(k) not in used_keys)
    missing = sorted({s for f in facts.values() for s in f.missing})
    used = sorted({s for f in facts.values() for s in f.used})
    return ProductAssessment(
        product_type=product.key,
        exposure=ctx.exposure,
        ingredients=assessed,
        oral_method=ctx.oral.method,
        dataset=f"{dataset.name} {dataset.version}",
        hazards_source=f"{hazards.source} ({hazards.version})",
        sources_missing=tuple(missing),
        sources_used=tuple(used),
        formula_problems=tuple(formula_problems),
        formula_warnings=tuple(formula_warnings),
        unused_overrides=unused,
    )
