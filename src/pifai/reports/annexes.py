"""The parts after the 16 items (SPEC §13): cross-item alerts with their article and
penalty, the version history with signature metadata, expiring documents, and the basis
register as an appendix. Each is a section whose table rows are the full data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pifai.pif.lint.model import Alert, Penalty
from pifai.pif.versions.expiry import ExpiringDocument
from pifai.reports import blocks
from pifai.reports.i18n import EN, text
from pifai.sa.gates import alert_key
from pifai.toxicology.basis import SOURCES, BasisEntry, register


def _section(
    anchor: str, title: str, body: list[dict[str, Any]], intro: str | None = None
) -> dict[str, Any]:
    return {"anchor": anchor, "title": title, "intro": intro, "blocks": body}


def _penalty(penalty: Penalty | str) -> dict[str, Any]:
    if isinstance(penalty, Penalty):
        return {
            "penalty_article": penalty.article,
            "penalty": penalty.text,
            "penalty_citation": penalty.citation,
        }
    return {"penalty_article": None, "penalty": penalty, "penalty_citation": None}


def alert_rows(
    alerts: Sequence[Alert], notes: Mapping[str, Any], lang: str
) -> list[dict[str, Any]]:
    rows = []
    for alert in alerts:
        key = alert_key(alert)
        rows.append(
            {
                "key": key,
                "rule": alert.rule,
                "severity": alert.severity.value,
                "target_item": alert.target_item,
                "message": alert.message_en if lang == EN else alert.message_zh,
                "message_zh": alert.message_zh,
                "message_en": alert.message_en,
                "article": alert.article,
                **_penalty(alert.penalty),
                "evidence": list(alert.evidence),
                "sa_note": notes.get(key),
            }
        )
    return rows


def alerts_section(alerts: Sequence[Alert], notes: Mapping[str, Any], lang: str) -> dict[str, Any]:
    rows = alert_rows(alerts, notes, lang)
    body = [blocks.alerts("alerts", rows)] if rows else [blocks.text(text("no_alerts", lang))]
    return _section("alerts", text("alerts", lang), body)


def version_display(entry: Mapping[str, Any]) -> str:
    label, sequence = entry.get("label"), entry.get("sequence")
    if not label:
        return "—"
    return f"{label} #{sequence}" if sequence is not None else str(label)


def versions_section(versions: Sequence[Mapping[str, Any]], lang: str) -> dict[str, Any]:
    columns = [
        blocks.column("display", text("col_version", lang), width="9%"),
        blocks.column("created_at", text("col_created_at", lang), "date", width="13%"),
        blocks.column("signed_at", text("col_signed_at", lang), "date", width="13%"),
        blocks.column("signed_by", text("col_signed_by", lang), "mono", width="16%"),
        blocks.column("method", text("col_sig_method", lang), width="11%"),
        blocks.column("certificate_ref", text("col_certificate", lang), width="12%"),
        blocks.column("signature_hash", text("col_hash", lang), "mono", width="26%"),
    ]
    rows = [{**dict(v), "display": version_display(v)} for v in versions]
    body = (
        [blocks.table("versions", None, columns, rows)]
        if rows
        else [blocks.text(text("no_versions", lang))]
    )
    return _section("versions", text("versions", lang), body)


def expiring_rows(documents: Sequence[ExpiringDocument]) -> list[dict[str, Any]]:
    return [
        {
            "kind": d.kind.value,
            "item_number": d.item_number,
            "reference": d.reference,
            "start_date": d.start_date.isoformat(),
            "due_date": d.due_date.isoformat(),
            "days_left": d.days_left,
            "state": d.state.value,
        }
        for d in documents
    ]


def expiring_section(documents: Sequence[ExpiringDocument], lang: str) -> dict[str, Any]:
    columns = [
        blocks.column("kind", text("col_kind", lang), "code", width="16%"),
        blocks.column("item_number", text("col_item", lang), "number", width="7%"),
        blocks.column("reference", text("col_reference", lang), width="29%"),
        blocks.column("start_date", text("col_start", lang), "date", width="13%"),
        blocks.column("due_date", text("col_due", lang), "date", width="13%"),
        blocks.column("days_left", text("col_days_left", lang), "number", width="10%"),
        blocks.column("state", text("col_state", lang), "verdict", width="12%"),
    ]
    rows = expiring_rows(documents)
    body = (
        [blocks.table("expiring", None, columns, rows)]
        if rows
        else [blocks.text(text("no_expiring", lang))]
    )
    return _section("expiring", text("expiring", lang), body)


_EXPOSURE_PREFIX = "exposure."
_EXPOSURE_PARTS = ("e_product", "amount", "retention")


def _exposure_rows(entries: Sequence[BasisEntry]) -> list[dict[str, Any]]:
    """One row per SCCS exposure class: its E_product, amount and retention entries."""
    rows: dict[str, dict[str, Any]] = {}
    for e in entries:
        name, _, part = e.key.removeprefix(_EXPOSURE_PREFIX).partition(".")
        row = rows.setdefault(name, {"class": name, "keys": [], "alternatives": []})
        row["keys"].append(e.key)
        row[part] = e.value
        row["alternatives"] += _alternatives(e)
        if part == "e_product" or "why" not in row:
            row.update(why=e.why, citation=e.citation, grade=e.grade)
            row["label"] = e.why.split(":", 1)[0]
    for row in rows.values():
        row["note"] = "; ".join([row["grade"], *row["alternatives"]])
    return list(rows.values())


def _alternatives(entry: BasisEntry) -> list[str]:
    return [f"{a.value:g} {a.unit} — {a.label} ({a.citation})" for a in entry.alternatives]


def _is_exposure_row(entry: BasisEntry) -> bool:
    parts = entry.key.split(".")
    return (
        entry.key.startswith(_EXPOSURE_PREFIX) and len(parts) == 3 and parts[2] in _EXPOSURE_PARTS
    )


def basis_section(lang: str) -> dict[str, Any]:
    """The register as this software holds it (SPEC §10: printed as an appendix): the
    exposure classes one row each, then every other constant."""
    entries = register()
    exposure = [e for e in entries if _is_exposure_row(e)]
    general = [
        {
            "key": e.key,
            "value": e.value,
            "unit": e.unit,
            "why": e.why,
            "citation": e.citation,
            "grade": e.grade,
            "alternatives": _alternatives(e),
        }
        for e in entries
        if not _is_exposure_row(e)
    ]
    exposure_columns = [
        blocks.column("class", text("col_class", lang), "mono", sub="label", width="27%"),
        blocks.column("e_product", text("col_e_product", lang), "number", width="13%"),
        blocks.column("amount", text("col_amount", lang), "number", width="10%"),
        blocks.column("retention", text("col_retention", lang), "number", width="9%"),
        blocks.column("citation", text("col_citation", lang), sub="note", width="41%"),
    ]
    legend = [f"{key}: {source}" for key, source in SOURCES.items()]
    body = [
        blocks.table(
            "basis_exposure",
            text("exposure_register", lang),
            exposure_columns,
            _exposure_rows(exposure),
        ),
        blocks.register("basis_register", text("general_register", lang), general),
        blocks.notes(text("source_keys", lang), legend),
    ]
    return _section("basis-register", text("basis_register", lang), body, text("basis_intro", lang))
