"""Item 10's synthesis text: a narrative of the safety engine's results per ingredient.

The AI writes it when a key is available; otherwise (or when the AI fails) a fixed
template does, from the same results. Either way the text explains the engine's numbers
and never recomputes them, and the citations stored with each paragraph are only those
the engine's results carry (NOAEL sources, exposure table, gate citations, CLP entries).
A paragraph of the AI citing none of them is kept but flagged ``uncited`` and shown red.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from pifai.ai.results import AiResult
from pifai.ai.schemas import SynthesisText
from pifai.ai.service import AiService
from pifai.ai_uses.markers import NO_KEY, deterministic, failed_after_trying, markers
from pifai.reports.formatting import number

UNCITED_CAP = 0.49  # below 0.5: red, first in the SA's queue (SPEC §14)
# The synthesis must not eat the assessment's time limit (300 s, 200 s for the sources).
BUDGET_SECONDS = 80.0
_INGREDIENT_FIELDS = (
    "name",
    "inci",
    "cas",
    "concentration_pct",
    "function",
    "tier",
    "basis",
    "verdict",
    "blocking",
    "reasons",
    "review",
    "noael",
    "sed_mg_kg_bw_d",
    "mos",
    "mos_threshold",
    "ttc",
    "gates",
    "hazard_codes",
    "hazard_citations",
    "sources_missing",
)


def engine_view(report: Mapping[str, Any]) -> dict[str, Any]:
    """What the model is shown: the engine's results, without the bulky internals."""
    return {
        "product_type": report.get("product_type"),
        "verdict": report.get("verdict"),
        "blocking": report.get("blocking"),
        "exposure": report.get("exposure"),
        "mos_threshold": report.get("mos_threshold"),
        "ingredients": [
            {k: i.get(k) for k in _INGREDIENT_FIELDS} for i in _records(report.get("ingredients"))
        ],
        "review_list": report.get("review_list"),
        "sources_missing": report.get("sources_missing"),
    }


def _records(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def ingredient_citations(item: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    noael = item.get("noael")
    if isinstance(noael, Mapping) and noael.get("source"):
        found.append(str(noael["source"]))
    found += [str(g["citation"]) for g in _records(item.get("gates")) if g.get("citation")]
    found += [str(c) for c in item.get("hazard_citations") or [] if c]
    return list(dict.fromkeys(found))


def product_citations(report: Mapping[str, Any]) -> list[str]:
    exposure = report.get("exposure")
    cited = exposure.get("citation") if isinstance(exposure, Mapping) else None
    return [str(cited)] if cited else []


def all_citations(report: Mapping[str, Any]) -> list[str]:
    found = product_citations(report)
    for item in _records(report.get("ingredients")):
        found += ingredient_citations(item)
    return list(dict.fromkeys(found))


def _ingredient_text(item: Mapping[str, Any]) -> str:
    parts = [
        f"{item.get('inci') or item.get('name')} at {number(item.get('concentration_pct'), 6)} %: "
        f"{item.get('basis') or 'no basis'}; verdict {item.get('verdict')}."
    ]
    noael = item.get("noael")
    if isinstance(noael, Mapping) and noael.get("mg_kg_bw_d") is not None:
        parts.append(f"NOAEL {number(noael['mg_kg_bw_d'])} mg/kg bw/day.")
    if item.get("mos") is not None:
        parts.append(
            f"MoS {number(item.get('mos'))} (threshold {number(item.get('mos_threshold'))})."
        )
    if item.get("reasons"):
        parts.append(" ".join(str(r) for r in item["reasons"]))
    if item.get("review"):
        parts.append("For the Safety Assessor: " + " ".join(str(r) for r in item["review"]))
    return " ".join(parts)


def template(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The deterministic synthesis: one paragraph per ingredient, then the product."""
    paragraphs = [
        {
            "subject": str(item.get("inci") or item.get("name")),
            "text": _ingredient_text(item),
            "confidence": None,
            "citations": ingredient_citations(item),
        }
        for item in _records(report.get("ingredients"))
    ]
    raw = report.get("exposure")
    exposure: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    paragraphs.append(
        {
            "subject": "product",
            "text": (
                f"Exposure class {exposure.get('exposure_class')}, E_product "
                f"{number(exposure.get('e_product_mg_kg_bw_d'))} mg/kg bw/day. Computed "
                f"product verdict: {report.get('verdict')}."
            ),
            "confidence": None,
            "citations": product_citations(report),
        }
    )
    return paragraphs


def _ai_paragraphs(text: SynthesisText, allowed: Sequence[str]) -> list[dict[str, Any]]:
    paragraphs = []
    for paragraph in text.paragraphs:
        said = f"{paragraph.text.source}\n{paragraph.text.value or ''}"
        cited = [c for c in allowed if c and c in said]
        confidence = (
            paragraph.text.confidence if cited else min(paragraph.text.confidence, UNCITED_CAP)
        )
        paragraphs.append(
            {
                "subject": paragraph.subject,
                "text": paragraph.text.value,
                "confidence": confidence,
                "source": paragraph.text.source,
                "citations": cited,
                "uncited": not cited,
            }
        )
    return paragraphs


async def synthesise(ai: AiService, key_source: str, report: Mapping[str, Any]) -> dict[str, Any]:
    """Item 10's ``synthesis`` block; never raises for an AI problem."""
    if not ai.available:
        return {**deterministic(NO_KEY), "paragraphs": template(report), "open_questions": []}
    try:
        result = await asyncio.wait_for(
            ai.toxicology_synthesis(engine_view(report)), timeout=BUDGET_SECONDS
        )
    except TimeoutError:
        result = AiResult[SynthesisText].degraded(
            "toxicology_synthesis", f"no answer within {BUDGET_SECONDS:g} s"
        )
    if result.value is None:
        reason = result.reason
        if failed_after_trying(result, ai.available):
            reason = f"AI path failed ({reason}); deterministic template used"
        return {
            **deterministic(reason, key_source),
            "paragraphs": template(report),
            "open_questions": [],
        }
    return {
        **markers(result, key_source),
        "paragraphs": _ai_paragraphs(result.value, all_citations(report)),
        "open_questions": result.value.open_questions,
    }
