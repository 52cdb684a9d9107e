"""The assessment as JSON-ready dicts: the CLI's --format json, the API, and items 9 and 10.

Item 9 holds each ingredient's identity and physico-chemistry (structure, MW, log Pow, each
with its citation); item 10 the toxicology (tier, method, NOAEL and source, exposure, DAp,
SED, MoS or TTC, gates, verdict and reasons) and the product-level verdict with the SA's list.
"""

from __future__ import annotations

from typing import Any

from pifai.toxicology.absorption import CitedValue
from pifai.toxicology.assessment_model import IngredientAssessment, ProductAssessment
from pifai.toxicology.basis import basis
from pifai.toxicology.exposure import Exposure
from pifai.toxicology.overrides import Override


def _cited(value: CitedValue | None) -> dict[str, Any] | None:
    return None if value is None else {"value": value.value, "citation": value.citation}


def _override(override: Override | None) -> dict[str, Any] | None:
    if override is None:
        return None
    return {
        "value": override.value,
        "reason": override.reason,
        "citation": override.citation,
        "scope": override.scope,
    }


def exposure_dict(exposure: Exposure) -> dict[str, Any]:
    return {
        "product_type": exposure.product_type,
        "exposure_class": exposure.exposure_class,
        "e_product_mg_kg_bw_d": exposure.e_product_mg_kg_bw_d,
        "amount_g_d": exposure.amount_g_d,
        "retention_factor": exposure.retention_factor,
        "citation": exposure.citation,
        "fallback": exposure.fallback,
        "reason": exposure.reason,
        "override": _override(exposure.override),
        "body_weight_kg": basis("body_weight_kg").value,
    }


def properties_dict(item: IngredientAssessment) -> dict[str, Any]:
    """One row of item 9."""
    props = item.properties
    return {
        "name": item.name,
        "inci": item.inci,
        "cas": list(item.cas),
        "pubchem_cid": props.pubchem_cid,
        "smiles": props.smiles,
        "structure_citation": props.structure_citation,
        "mw": _cited(props.mw),
        "log_pow": _cited(props.log_pow),
    }


def ingredient_dict(item: IngredientAssessment) -> dict[str, Any]:
    """One row of item 10."""
    dap = item.dap
    return {
        "name": item.name,
        "inci": item.inci,
        "cas": list(item.cas),
        "concentration_pct": item.concentration_pct,
        "function": item.function,
        "tier": item.tier.value,
        "method": item.method,
        "basis": item.basis,
        "verdict": item.verdict.value,
        "blocking": item.blocking,
        "reasons": list(item.reasons),
        "review": list(item.review),
        "noael": None
        if item.noael is None
        else {
            "mg_kg_bw_d": item.noael.mg_kg_bw_d,
            "source": item.noael.source,
            "override": _override(item.noael.override),
        },
        "analogue": None
        if item.analogue is None
        else {
            "name": item.analogue.name,
            "noael_mg_kg_bw_d": item.analogue.noael_mg_kg_bw_d,
            "citation": item.analogue.citation,
            "factor": item.analogue.factor,
            "factor_basis": item.analogue.factor_basis,
            "tanimoto": item.analogue.tanimoto,
        },
        "exposure_class": item.exposure.exposure_class,
        "e_product_mg_kg_bw_d": item.exposure.e_product_mg_kg_bw_d,
        "dap": None
        if dap is None
        else {
            "pct": dap.pct,
            "basis": dap.basis,
            "citation": dap.citation,
            "override": _override(dap.override),
        },
        "sed_mg_kg_bw_d": item.sed.mg_kg_bw_d if item.sed else None,
        "pod_sys_mg_kg_bw_d": item.pod.mg_kg_bw_d if item.pod else None,
        "oral_absorption": None
        if item.pod is None
        else {
            "pct": item.pod.oral.pct,
            "method": item.pod.oral.method,
            "citation": item.pod.oral.citation,
            "override": _override(item.pod.oral.override),
        },
        "mos": item.mos.mos if item.mos else None,
        "mos_threshold": item.mos.threshold if item.mos else None,
        "ttc": None
        if item.ttc is None
        else {
            "class": item.ttc.ttc_class.value,
            "threshold_ug_kg_bw_d": item.ttc.threshold_ug_kg_bw_d,
            "sed_ug_kg_bw_d": item.ttc.sed_ug_kg_bw_d,
            "below": item.ttc.below,
        },
        "cramer": item.cramer,
        "gates": [
            {"kind": g.kind, "verdict": g.verdict.value, "reason": g.reason, "citation": g.citation}
            for g in item.gates
        ],
        "hazard_codes": list(item.hazard_codes),
        "hazard_citations": list(item.hazard_citations),
        "sources_missing": list(item.sources_missing),
    }


def assessment_dict(assessment: ProductAssessment) -> dict[str, Any]:
    """The whole assessment; ``items`` holds the data of PIF items 9 and 10."""
    return {
        "product_type": assessment.product_type,
        "verdict": assessment.verdict.value,
        "blocking": assessment.blocks_signing,
        "formula_problems": list(assessment.formula_problems),
        "formula_warnings": list(assessment.formula_warnings),
        "unused_overrides": list(assessment.unused_overrides),
        "exposure": exposure_dict(assessment.exposure),
        "oral_method": assessment.oral_method,
        "mos_threshold": basis("mos.threshold").value,
        "dataset": assessment.dataset,
        "hazards_source": assessment.hazards_source,
        "sources_used": list(assessment.sources_used),
        "sources_missing": list(assessment.sources_missing),
        "ingredients": [ingredient_dict(i) for i in assessment.ingredients],
        "review_list": [
            {"ingredient": r.ingredient, "verdict": r.verdict.value, "reason": r.reason}
            for r in assessment.review_list
        ],
        "summary": {
            verdict: sum(1 for i in assessment.ingredients if i.verdict.value == verdict)
            for verdict in sorted({i.verdict.value for i in assessment.ingredients})
        },
    }
