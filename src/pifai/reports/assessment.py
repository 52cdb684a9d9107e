"""Item 16, the product safety assessment (SPEC §13): the exposure, each ingredient's
exposure class, DAp and its basis, NOAEL with the method label, SED, MoS and verdict (read
from item 10's stored assessment), the assessment text, the conclusion and the signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.reports import blocks
from pifai.reports.blocks import Block
from pifai.reports.engine_items import mapping, records
from pifai.reports.generic import data_blocks
from pifai.reports.i18n import field_label, pick, text
from pifai.reports.vocabulary import VOCABULARY

_SA_FIELDS = frozenset({"assessment_text"})
_SIGNATURE_FIELDS = (
    ("signed_at", "date"),
    ("signer_email", "text"),
    ("certificate_ref", "text"),
    ("qualified_until", "date"),
    ("method", "text"),
    ("signature_hash", "mono"),
)


def dap_bases(report: Mapping[str, Any]) -> list[str]:
    """The distinct DAp bases with their citations, in order: each row refers to one by
    number, so thirty "default 100 %" rows do not repeat the same sentence."""
    bases: list[str] = []
    for row in records(report.get("ingredients")):
        dap = mapping(row.get("dap"))
        if dap.get("basis"):
            line = f"{dap['basis']} ({dap.get('citation') or '—'})"
            if line not in bases:
                bases.append(line)
    return bases


def _dap_shown(dap: Mapping[str, Any], bases: list[str]) -> str | None:
    if dap.get("pct") is None:
        return None
    line = f"{dap.get('basis')} ({dap.get('citation') or '—'})"
    ref = f" [{bases.index(line) + 1}]" if dap.get("basis") and line in bases else ""
    return f"{dap['pct']:g} %{ref}"


def safety_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    bases = dap_bases(report)
    for number, row in enumerate(records(report.get("ingredients")), start=1):
        dap, noael = mapping(row.get("dap")), mapping(row.get("noael"))
        rows.append(
            {
                "no": number,
                "inci": row.get("inci") or row.get("name"),
                "pct": row.get("concentration_pct"),
                "exposure_class": row.get("exposure_class"),
                "dap": dap.get("pct"),
                "dap_basis": dap.get("basis"),
                "dap_shown": _dap_shown(dap, bases),
                "noael": noael.get("mg_kg_bw_d"),
                "method": row.get("method"),
                "sed": row.get("sed_mg_kg_bw_d"),
                "mos": row.get("mos"),
                "verdict": row.get("verdict"),
            }
        )
    return rows


def _exposure(report: Mapping[str, Any], lang: str) -> Block:
    exposure = mapping(report.get("exposure"))
    override = mapping(exposure.get("override"))
    verdict = report.get("verdict")
    rows = [
        blocks.field(text("product_type", lang), exposure.get("product_type"), "code"),
        blocks.field(text("exposure_class", lang), exposure.get("exposure_class"), "code"),
        blocks.field(text("e_product", lang), exposure.get("e_product_mg_kg_bw_d"), "number"),
        blocks.field(text("amount_g_d", lang), exposure.get("amount_g_d"), "number"),
        blocks.field(text("retention_factor", lang), exposure.get("retention_factor"), "number"),
        blocks.field(text("body_weight", lang), exposure.get("body_weight_kg"), "number"),
        blocks.field(text("exposure_citation", lang), exposure.get("citation")),
        blocks.field(text("exposure_reason", lang), exposure.get("reason")),
        blocks.field(
            text("exposure_override", lang),
            f"{override.get('value')} — {override.get('reason')}" if override else None,
        ),
        blocks.field(text("oral_method", lang), report.get("oral_method")),
        blocks.field(text("mos_threshold", lang), report.get("mos_threshold"), "number"),
        blocks.field(text("product_verdict", lang), verdict, "verdict"),
    ]
    return blocks.fields(rows, text("exposure", lang))


def _noael_sources(report: Mapping[str, Any]) -> list[str]:
    """Where each NOAEL was read (the table carries the value and its method label)."""
    lines = []
    for row in records(report.get("ingredients")):
        source = mapping(row.get("noael")).get("source")
        if source:
            lines.append(f"{row.get('inci') or row.get('name')}: {source}")
    return lines


def _review(report: Mapping[str, Any], lang: str) -> list[str]:
    """The SA's review list, worst first; ingredients with the very same reason share one
    line (thirty "no NOAEL in the curated dataset" lines read as one finding)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for entry in records(report.get("review_list")):
        key = (str(entry.get("verdict")), str(entry.get("reason")))
        grouped.setdefault(key, []).append(str(entry.get("ingredient")))
    lines = []
    for (verdict, reason), names in grouped.items():
        pair = VOCABULARY.get(verdict)
        lines.append(f"[{pick(pair, lang) if pair else verdict}] {', '.join(names)}: {reason}")
    return lines


def safety_blocks(report: Mapping[str, Any], lang: str) -> list[Block]:
    columns = [
        blocks.column("inci", text("col_inci", lang), width="20%"),
        blocks.column("pct", text("col_pct", lang), "pct", width="7%"),
        blocks.column("exposure_class", text("exposure_class", lang), "code", width="10%"),
        blocks.column("dap_shown", text("col_dap", lang), width="10%"),
        blocks.column("noael", text("col_noael_basis", lang), "number", sub="method", width="24%"),
        blocks.column("sed", text("col_sed", lang), "number", width="9%"),
        blocks.column("mos", text("col_mos", lang), "number", width="8%"),
        blocks.column("verdict", text("col_verdict", lang), "verdict", width="12%"),
    ]
    return [
        _exposure(report, lang),
        blocks.table("safety", text("safety_table", lang), columns, safety_rows(report)),
        blocks.notes(
            text("dap_bases", lang), [f"[{n}] {b}" for n, b in enumerate(dap_bases(report), 1)]
        ),
        blocks.notes(text("noael_sources", lang), _noael_sources(report)),
        blocks.notes(text("review_list", lang), _review(report, lang)),
    ]


def signature_block(signature: Mapping[str, Any] | None, lang: str) -> Block:
    if not signature:
        return blocks.text(text("not_signed_yet", lang), text("sa_signature", lang))
    rows = [
        blocks.field(field_label(key, lang), signature.get(key), fmt, key=key)
        for key, fmt in _SIGNATURE_FIELDS
    ]
    if signature.get("sa_final_assessment"):
        rows.append(
            blocks.field(text("sa_final_assessment", lang), signature["sa_final_assessment"])
        )
    return blocks.fields(rows, text("sa_signature", lang))


def item16_blocks(
    data: Mapping[str, Any],
    toxicology: Mapping[str, Any] | None,
    signature: Mapping[str, Any] | None,
    lang: str,
) -> list[Block]:
    """The computed safety assessment, then what the SA wrote, then the signature."""
    out: list[Block] = (
        safety_blocks(toxicology, lang)
        if toxicology is not None
        else [blocks.text(text("no_assessment", lang))]
    )
    if data.get("assessment_text"):
        out.append(blocks.text(str(data["assessment_text"]), text("assessment_text", lang)))
    out.extend(data_blocks(data, lang, skip=_SA_FIELDS))
    out.append(signature_block(signature, lang))
    return out
