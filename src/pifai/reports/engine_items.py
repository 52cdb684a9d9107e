"""Items 3, 9 and 10 as report blocks, read from the engines' stored reports.

Item 3 holds ``{"formula": <formula check report>}`` (``formulas.check_report``), item 9
``{"kind": "ingredient_properties", "ingredients": [...], "product": {...}}`` and item 10
``{"kind": "toxicology", **<assessment report>}`` (``toxicology.assessment_report``). Only
what is stored is printed; an absent value stays ``None`` and prints as "—".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.reports import blocks
from pifai.reports.blocks import Block
from pifai.reports.generic import data_blocks
from pifai.reports.i18n import pick, text
from pifai.reports.vocabulary import VOCABULARY


def records(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def shown_name(row: Mapping[str, Any]) -> str | None:
    """The name as written, when it differs from the INCI printed beside it."""
    name, inci = row.get("name"), row.get("inci")
    if not name or (inci and str(name).casefold() == str(inci).casefold()):
        return None
    return str(name)


def _code(value: Any, lang: str) -> str:
    pair = VOCABULARY.get(str(value))
    return pick(pair, lang) if pair else str(value)


def _counts(counts: Mapping[str, Any], lang: str) -> str:
    return text("list_sep", lang).join(f"{_code(k, lang)} {v}" for k, v in counts.items())


# ---- item 3 -------------------------------------------------------------------------------


def formula_report(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    report = data.get("formula")
    return report if isinstance(report, Mapping) and "ingredients" in report else None


def ingredient_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Item 3's table: INCI, CAS, % w/w, function and the TFDA status (verdict)."""
    rows = []
    for number, row in enumerate(records(report.get("ingredients")), start=1):
        amount = mapping(row.get("amount"))
        pct = row.get("judged_pct")
        rows.append(
            {
                "no": number,
                "inci": row.get("inci"),
                "name": shown_name(row),
                "cas": list(row.get("cas") or []),
                "pct": pct if pct is not None else (amount.get("text") or None),
                "function": row.get("function"),
                "verdict": row.get("verdict"),
                "blocking": bool(row.get("blocking")),
            }
        )
    return rows


def formula_blocks(report: Mapping[str, Any], lang: str) -> list[Block]:
    summary = mapping(report.get("summary"))
    product = mapping(report.get("product_type"))
    total = mapping(summary.get("total_pct"))
    low, high = total.get("low"), total.get("high")
    product_name = product.get("name_en") if lang == "en" else product.get("name_zh")
    info = [
        blocks.field(text("source_file", lang), report.get("source")),
        blocks.field(text("product_type", lang), product_name or product.get("key")),
        blocks.field(text("checked_as_of", lang), report.get("as_of"), "date"),
        blocks.field(text("ingredient_count", lang), summary.get("ingredients"), "number"),
        blocks.field(
            text("total_pct", lang),
            high if low == high else f"{low:g}–{high:g}" if low is not None else None,
            "pct",
        ),
        blocks.field(
            text("verdict_counts", lang), _counts(mapping(summary.get("verdicts")), lang) or None
        ),
    ]
    columns = [
        blocks.column("no", text("col_no", lang), "number", width="5%"),
        blocks.column("inci", text("col_inci", lang), sub="name", width="29%"),
        blocks.column("cas", text("col_cas", lang), "mono", width="16%"),
        blocks.column("pct", text("col_pct", lang), "pct", width="11%"),
        blocks.column("function", text("col_function", lang), width="19%"),
        blocks.column("verdict", text("col_tfda", lang), "verdict", width="20%"),
    ]
    return [
        blocks.fields(info, text("formula_summary", lang)),
        blocks.table(
            "ingredients", text("ingredient_table", lang), columns, ingredient_rows(report)
        ),
        blocks.notes(text("formula_problems", lang), _problems(report, lang)),
        blocks.notes(text("label_requirements", lang), _label_lines(report)),
    ]


def _problems(report: Mapping[str, Any], lang: str) -> list[str]:
    lines = []
    for problem in records(report.get("problems")):
        severity = _code(problem.get("severity"), lang)
        lines.append(f"[{severity}] {problem.get('where')}: {problem.get('message')}")
    for row in records(report.get("ingredients")):
        name = row.get("inci") or row.get("name")
        for finding in records(row.get("findings")):
            if finding.get("verdict") == "compliant":
                continue
            cited = mapping(finding.get("citation")).get("label")
            suffix = f" ({cited})" if cited else ""
            lines.append(
                f"{name} — {_code(finding.get('verdict'), lang)}: {finding.get('message')}{suffix}"
            )
        lines.extend(f"{name}: {note}" for note in row.get("review_notes") or [])
    return lines


def _label_lines(report: Mapping[str, Any]) -> list[str]:
    lines = []
    for requirement in records(report.get("label_requirements")):
        cited = mapping(requirement.get("citation")).get("label")
        suffix = f" ({cited})" if cited else ""
        lines.append(f"{requirement.get('ingredient')}: {requirement.get('text')}{suffix}")
    return lines


# ---- item 9 -------------------------------------------------------------------------------


def properties_blocks(data: Mapping[str, Any], lang: str) -> list[Block]:
    product = mapping(data.get("product"))
    out: list[Block] = []
    if product:
        for block in data_blocks(product, lang):
            out.append({**block, "title": block.get("title") or text("product_properties", lang)})
    rows, lines = [], []
    for number, row in enumerate(records(data.get("ingredients")), start=1):
        mw, log_pow = mapping(row.get("mw")), mapping(row.get("log_pow"))
        rows.append(
            {
                "no": number,
                "inci": row.get("inci") or row.get("name"),
                "cas": list(row.get("cas") or []),
                "pubchem_cid": row.get("pubchem_cid"),
                "mw": mw.get("value"),
                "log_pow": log_pow.get("value"),
            }
        )
        lines.append(_property_sources(row, mw, log_pow, lang))
    columns = [
        blocks.column("inci", text("col_inci", lang), width="46%"),
        blocks.column("pubchem_cid", text("col_cid", lang), "mono", width="18%"),
        blocks.column("mw", text("col_mw", lang), "number", width="18%"),
        blocks.column("log_pow", text("col_log_pow", lang), "number", width="18%"),
    ]
    out.append(blocks.table("properties", text("ingredient_properties", lang), columns, rows))
    out.append(blocks.notes(text("citations", lang), lines))
    return out


def _property_sources(
    row: Mapping[str, Any], mw: Mapping[str, Any], log_pow: Mapping[str, Any], lang: str
) -> str:
    parts = [
        f"{text('col_mw', lang)}: {mw['citation']}" if mw.get("citation") else "",
        f"log Pow: {log_pow['citation']}" if log_pow.get("citation") else "",
        f"SMILES {row['smiles']} ({row.get('structure_citation') or '—'})"
        if row.get("smiles")
        else "",
    ]
    found = "; ".join(p for p in parts if p)
    return f"{row.get('inci') or row.get('name')}: {found}" if found else ""


# ---- item 10 ------------------------------------------------------------------------------


def assessment_report(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    return data if isinstance(data.get("ingredients"), list) and "exposure" in data else None


def toxicology_blocks(report: Mapping[str, Any], lang: str) -> list[Block]:
    info = [
        blocks.field(text("dataset", lang), report.get("dataset")),
        blocks.field(text("hazards_source", lang), report.get("hazards_source")),
        blocks.field(text("oral_method", lang), report.get("oral_method")),
        blocks.field(
            text("sources_missing", lang), list(report.get("sources_missing") or []) or None, "list"
        ),
    ]
    rows, lines = [], []
    for number, row in enumerate(records(report.get("ingredients")), start=1):
        noael = mapping(row.get("noael"))
        rows.append(
            {
                "no": number,
                "inci": row.get("inci") or row.get("name"),
                "tier": row.get("tier"),
                "method": row.get("method"),
                "noael": noael.get("mg_kg_bw_d"),
                "ttc_class": mapping(row.get("ttc")).get("class"),
                "hazard_codes": list(row.get("hazard_codes") or []),
                "gates": [g.get("kind") for g in records(row.get("gates"))],
            }
        )
        lines.extend(_toxicology_sources(row, lang))
    columns = [
        blocks.column("inci", text("col_inci", lang), width="30%"),
        blocks.column("tier", text("col_tier", lang), "code", width="11%"),
        blocks.column("noael", text("col_noael", lang), "number", width="14%"),
        blocks.column("ttc_class", text("col_ttc", lang), "code", width="12%"),
        blocks.column("hazard_codes", text("col_hazards", lang), "list", width="18%"),
        blocks.column("gates", text("col_gates", lang), "codes", width="15%"),
    ]
    return [
        blocks.fields(info),
        blocks.table("toxicology", text("toxicology_table", lang), columns, rows),
        blocks.notes(text("toxicology_sources", lang), lines),
    ]


def _cramer(value: str, lang: str) -> str:
    """The engine writes ``cramer_iii: <path explanation>``: the class by its name, the
    explanation as written."""
    code, sep, rest = value.partition(": ")
    return f"{_code(code, lang)}{sep}{rest}" if code in VOCABULARY else value


def _toxicology_sources(row: Mapping[str, Any], lang: str) -> list[str]:
    """Read-across, gates, hazard classifications and Cramer class; the NOAEL sources are
    printed once, beside the NOAELs used in item 16."""
    name = row.get("inci") or row.get("name")
    lines = []
    analogue = mapping(row.get("analogue"))
    if analogue:
        lines.append(
            f"{name} — read-across: {analogue.get('name')} "
            f"(NOAEL {analogue.get('noael_mg_kg_bw_d')}, AF {analogue.get('factor')}; "
            f"{analogue.get('citation')})"
        )
    for gate in records(row.get("gates")):
        cited = gate.get("citation") or "—"
        lines.append(f"{name} — {_code(gate.get('kind'), lang)}: {gate.get('reason')} ({cited})")
    if row.get("hazard_citations"):
        lines.append(f"{name} — {text('col_hazards', lang)}: {'; '.join(row['hazard_citations'])}")
    if row.get("cramer"):
        lines.append(f"{name} — {_cramer(str(row['cramer']), lang)}")
    return lines
