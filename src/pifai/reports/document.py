"""The PIF report document (SPEC §13): everything the PDF shows, as one JSON-ready dict.

``build_document`` is pure: it reads a PIF snapshot (``pif-snapshot/1``, as
``pif.versions.service.state_of`` writes it, optionally with the ``signature`` block that
signing adds) and the facts computed around it (live alerts, expiring documents, version
history). ``document_for_snapshot`` computes those alerts and expiring documents from the
snapshot itself, so the current state and a stored version are rendered the same way.
What ``report.json`` holds is exactly this dict; ``reports.pdf`` draws it.

Top-level keys: ``format, lang, as_of, source, generator, product, version, signature,
summary, declarations, contents, vocabulary, labels, items, alerts, versions, expiring,
basis_register``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pifai import __version__
from pifai.models.enums import OrgType
from pifai.pif.item_data.identity import BasicData
from pifai.pif.lint.model import Alert, ItemSnapshot, Severity
from pifai.pif.lint.run import lint
from pifai.pif.versions.canonical import plain
from pifai.pif.versions.expiry import ExpiringDocument, expiring_documents
from pifai.reports import annexes, blocks
from pifai.reports.engine_items import assessment_report, formula_report, mapping
from pifai.reports.formatting import timestamp
from pifai.reports.generic import data_blocks
from pifai.reports.i18n import DECLARATIONS, language, pick, text, vocabulary
from pifai.reports.sections import item_state, section
from pifai.reports.vocabulary import product_type_label

FORMAT = "pif-report/1"
SOURCES = ("current", "version")
ITEM_NUMBERS = range(1, 17)
# Labels the template prints that are not section content (page furniture, cover).
_LABELS = (
    "doc_title", "doc_subtitle", "list_sep", "product_name", "product_name_en",
    "product_type", "company", "company_address", "registration_id", "version", "as_of",
    "source", "declarations", "contents", "summary", "items_complete",
    "items_not_applicable", "items_missing", "alerts_count", "status", "not_applicable",
    "justification", "missing", "suggested_source", "outsourced", "in_house",
    "alerts_on_item", "blocking_stands", "no_blocking", "col_element", "col_present",
    "check_present", "check_missing", "check_unchecked", "col_citation", "col_alternatives",
    "col_item", "col_penalty", "sa_note",
)  # fmt: skip


def snapshot_items(snapshot: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    """The 16 items of a snapshot by number (an item absent from it is missing)."""
    stored = mapping(snapshot.get("items"))
    items: dict[int, dict[str, Any]] = {}
    for number in ITEM_NUMBERS:
        item = mapping(stored.get(str(number)))
        items[number] = {
            "status": item.get("status") or "missing",
            "not_applicable_justification": item.get("not_applicable_justification"),
            "data": dict(mapping(item.get("data"))),
        }
    return items


def lint_items(snapshot: Mapping[str, Any]) -> dict[int, ItemSnapshot]:
    """The snapshot's items as the lint rules and expiry tracking read them."""
    return {
        number: ItemSnapshot(
            status=item["status"],
            not_applicable=item["not_applicable_justification"] is not None,
            data=item["data"],
        )
        for number, item in snapshot_items(snapshot).items()
    }


def _org_type(value: OrgType | str | None) -> OrgType | None:
    return None if value is None else OrgType(value)


def product_facts(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The item-1 fields the product record holds (``PUT /products/{id}``), as the
    snapshot carries them: English name, type, manufacturer, registration, launch date…"""
    product = mapping(snapshot.get("product"))
    return {
        key: product[key]
        for key in BasicData.model_fields
        if key in product and product[key] not in (None, "")
    }


def _fill_item1(items: dict[int, dict[str, Any]], facts: Mapping[str, Any]) -> None:
    """Item 1's own data wins; the product record fills the fields it leaves empty."""
    own = items[1]["data"]
    gaps = {k: v for k, v in facts.items() if own.get(k) in (None, "")}
    items[1] = {**items[1], "data": {**own, **gaps}}


def _from_record(section: dict[str, Any], facts: Mapping[str, Any], lang: str) -> None:
    """A missing item 1 stays missing, and shows what the product record already says."""
    if facts and section["state"] == "missing":
        section["blocks"] = [
            blocks.text(text("from_product_record", lang)),
            *data_blocks(facts, lang),
        ]


def _product(
    snapshot: Mapping[str, Any], items: Mapping[int, Mapping[str, Any]], lang: str
) -> dict[str, Any]:
    product = mapping(snapshot.get("product"))
    basic, registration = mapping(items[1]["data"]), mapping(items[2]["data"])
    record = product_facts(snapshot)

    def fact(key: str) -> Any:
        return basic.get(key) or record.get(key)

    key = product.get("product_type") or basic.get("product_type")
    return {
        "id": product.get("id"),
        "name": product.get("name") or basic.get("name_zh") or basic.get("name_en"),
        "name_en": product.get("name_en") or basic.get("name_en"),
        "product_type": key,
        "product_type_label": product_type_label(key, lang),
        "company": fact("manufacturer_name"),
        "company_address": fact("manufacturer_address"),
        "registration_id": fact("registration_id") or registration.get("registration_id"),
    }


def _version(source: str, versions: Sequence[Mapping[str, Any]], lang: str) -> dict[str, Any]:
    if source == "version" and versions:
        entry = dict(versions[-1])
        signed = entry.get("signed_at") is not None
        display = annexes.version_display(entry)
        state = text("signed", lang) if signed else text("unsigned", lang)
        return {**entry, "signed": signed, "display": f"{display} ({state})"}
    latest = next((v for v in reversed(versions) if v.get("signed_at")), None)
    display = text("current_unsigned", lang)
    if latest is not None:
        display += f" — {text('after_version', lang)} {annexes.version_display(latest)}"
    return {"label": None, "sequence": None, "signed": False, "display": display}


def _signature(snapshot: Mapping[str, Any], version: Mapping[str, Any]) -> dict[str, Any] | None:
    block = snapshot.get("signature")
    if not isinstance(block, Mapping):
        return None
    signature: dict[str, Any] = plain(block)
    signature.setdefault("signature_hash", version.get("signature_hash"))
    return signature


def _declarations(
    version: Mapping[str, Any],
    signature: Mapping[str, Any] | None,
    source: str,
    as_of: date,
    lang: str,
) -> list[str]:
    lines = [pick(DECLARATIONS[k], lang) for k in ("order", "values", "computed")]
    if version.get("signed"):
        lines.append(
            pick(DECLARATIONS["signed"], lang).format(
                version=version.get("display"),
                signed_at=timestamp(
                    str(version.get("signed_at") or (signature or {}).get("signed_at"))
                ),
                method=version.get("method") or (signature or {}).get("method") or "—",
                hash=version.get("signature_hash") or "—",
            )
        )
    else:
        lines.append(pick(DECLARATIONS["unsigned"], lang))
    kind = "version" if source == "version" else "current"
    lines.append(
        pick(DECLARATIONS[kind], lang).format(
            version=version.get("display"), as_of=as_of.isoformat()
        )
    )
    return lines


def _summary(
    sections: Sequence[Mapping[str, Any]],
    alerts: Sequence[Alert],
    items: Mapping[int, Mapping[str, Any]],
) -> dict[str, Any]:
    states = [s["state"] for s in sections]
    counts = {s.value: sum(1 for a in alerts if a.severity is s) for s in Severity}
    formula = formula_report(mapping(items[3]["data"])) or {}
    safety = assessment_report(mapping(items[10]["data"])) or {}
    return {
        "items_provided": states.count("provided"),
        "items_not_applicable": states.count("not_applicable"),
        "items_missing": states.count("missing"),
        "alerts": counts,
        "formula_blocking": bool(formula.get("blocking")),
        "assessment_blocking": bool(safety.get("blocking")),
        "assessment_verdict": safety.get("verdict"),
        "blocking": bool(counts["blocking"] or formula.get("blocking") or safety.get("blocking")),
    }


def _contents(
    sections: Sequence[Mapping[str, Any]], annex: Sequence[Mapping[str, Any]]
) -> list[dict[str, str]]:
    entries = [{"anchor": s["anchor"], "title": f"{s['number']}. {s['title']}"} for s in sections]
    return entries + [{"anchor": a["anchor"], "title": a["title"]} for a in annex]


def build_document(
    snapshot: Mapping[str, Any],
    *,
    alerts: Sequence[Alert],
    expiring: Sequence[ExpiringDocument],
    versions: Sequence[Mapping[str, Any]] = (),
    org_type: OrgType | str | None = None,
    as_of: date,
    lang: str = "zh-Hant",
    source: str = "current",
) -> dict[str, Any]:
    """The document of one PIF state. ``versions`` is the history up to that state (for a
    stored version, the version itself last); ``source`` says which of the two it is."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    lang = language(lang)
    items = snapshot_items(snapshot)
    facts = product_facts(snapshot)
    if item_state(items[1]) != "missing":
        _fill_item1(items, facts)
    history = [plain(dict(v)) for v in versions]
    version = _version(source, history, lang)
    signature = _signature(snapshot, version)
    kind = _org_type(org_type)
    sections = [
        section(n, items, alerts=alerts, org_type=kind, signature=signature, lang=lang)
        for n in ITEM_NUMBERS
    ]
    _from_record(sections[0], facts, lang)
    notes = mapping((signature or {}).get("alert_notes"))
    annex = [
        annexes.alerts_section(alerts, notes, lang),
        annexes.versions_section(history, lang),
        annexes.expiring_section(expiring, lang),
        annexes.basis_section(lang),
    ]
    document = {
        "format": FORMAT,
        "lang": lang,
        "as_of": as_of.isoformat(),
        "source": source,
        "org_type": kind.value if kind else None,
        "generator": {"name": "PIF AI", "version": __version__},
        "product": _product(snapshot, items, lang),
        "version": version,
        "signature": signature,
        "summary": _summary(sections, alerts, items),
        "declarations": _declarations(version, signature, source, as_of, lang),
        "contents": _contents(sections, annex),
        "vocabulary": vocabulary(lang),
        "labels": {key: text(key, lang) for key in _LABELS},
        "items": sections,
        "alerts": annex[0],
        "versions": annex[1],
        "expiring": annex[2],
        "basis_register": annex[3],
    }
    return dict(plain(document))  # ids and dates from a live state become strings


def document_for_snapshot(
    snapshot: Mapping[str, Any],
    *,
    versions: Sequence[Mapping[str, Any]] = (),
    org_type: OrgType | str | None = None,
    as_of: date,
    lang: str = "zh-Hant",
    source: str = "current",
) -> dict[str, Any]:
    """The document with the lint and expiring documents computed from the snapshot on
    ``as_of``: what the API renders for the current state and for stored versions."""
    items = lint_items(snapshot)
    return build_document(
        snapshot,
        alerts=lint(items, today=as_of),
        expiring=expiring_documents(items, as_of),
        versions=versions,
        org_type=org_type,
        as_of=as_of,
        lang=lang,
        source=source,
    )


__all__ = ["FORMAT", "build_document", "document_for_snapshot", "lint_items", "snapshot_items"]
