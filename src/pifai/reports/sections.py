"""One report section per PIF item, in the official order (SPEC §13): its content, its
not-applicable justification, or "missing — provided by …" from the responsibility matrix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pifai.models.enums import ItemStatus, OrgType
from pifai.pif import catalogue, responsibility
from pifai.pif.lint.model import Alert
from pifai.pif.lint.rules_regulatory import ART7_ELEMENTS
from pifai.reports import blocks
from pifai.reports.assessment import item16_blocks
from pifai.reports.blocks import Block
from pifai.reports.engine_items import (
    assessment_report,
    formula_blocks,
    formula_report,
    mapping,
    properties_blocks,
    toxicology_blocks,
)
from pifai.reports.generic import data_blocks
from pifai.reports.i18n import EN, pick, text

# Bookkeeping the engines and the worker store beside the content (SPEC §2.1 fail-soft).
ERROR_KEY = "analysis_error"
PENDING_KEY = "pending_toxicology"
_ENGINE_KEYS = frozenset({"kind", "path", "source_file_id", "source_file", ERROR_KEY, PENDING_KEY})


def item_state(item: Mapping[str, Any]) -> str:
    """``not_applicable`` (declared, with its justification), ``missing`` or ``provided``."""
    if item.get("not_applicable_justification"):
        return "not_applicable"
    if item.get("status", ItemStatus.MISSING.value) == ItemStatus.MISSING.value and not item.get(
        "data"
    ):
        return "missing"
    return "provided"


def provider(org_type: OrgType | None, number: int, lang: str) -> dict[str, Any] | None:
    if org_type is None:
        return None
    cell = responsibility.cell(org_type, number)
    return {
        "org_type": org_type.value,
        "provider": pick((cell.provider_zh, cell.provider_en), lang),
        "source": pick((cell.source_zh, cell.source_en), lang),
        "outsourced": cell.outsourced,
    }


def _label_blocks(data: Mapping[str, Any], lang: str) -> list[Block]:
    checked = mapping(data.get("art7_checklist"))
    rows = [
        {"key": key, "label": pick(names, lang), "value": checked.get(key)}
        for key, names in ART7_ELEMENTS.items()
    ]
    return [
        *data_blocks(data, lang, skip=frozenset({"art7_checklist"})),
        blocks.checklist("art7", text("art7_checklist", lang), rows),
    ]


def content_blocks(
    number: int,
    items: Mapping[int, Mapping[str, Any]],
    signature: Mapping[str, Any] | None,
    lang: str,
) -> list[Block]:
    """What an item shows; engine items fall back to plain fields when not engine reports."""
    data = mapping(items.get(number, {}).get("data"))
    if number == 3 and (report := formula_report(data)) is not None:
        return formula_blocks(report, lang)
    if number == 4:
        return _label_blocks(data, lang)
    if number == 9 and isinstance(data.get("ingredients"), list):
        return properties_blocks(data, lang)
    if number == 10 and (report := assessment_report(data)) is not None:
        return toxicology_blocks(report, lang)
    if number == 16:
        toxicology = assessment_report(mapping(items.get(10, {}).get("data")))
        return item16_blocks(data, toxicology, signature, lang)
    return data_blocks(data, lang, skip=_ENGINE_KEYS if number in (3, 9, 10) else frozenset())


def _notices(data: Mapping[str, Any], lang: str) -> list[str]:
    notices = []
    if data.get(ERROR_KEY):
        notices.append(f"{text('analysis_error', lang)}: {data[ERROR_KEY]}")
    if data.get(PENDING_KEY):
        notices.append(text("pending_review", lang))
    return notices


def _alert_tags(alerts: Sequence[Alert], number: int) -> list[dict[str, Any]]:
    """The alerts on one item, once per rule and severity, with how many there are."""
    tags: dict[tuple[str, str], int] = {}
    for alert in alerts:
        if alert.target_item == number:
            key = (alert.rule, alert.severity.value)
            tags[key] = tags.get(key, 0) + 1
    return [{"rule": r, "severity": s, "count": n} for (r, s), n in tags.items()]


def section(
    number: int,
    items: Mapping[int, Mapping[str, Any]],
    *,
    alerts: Sequence[Alert],
    org_type: OrgType | None,
    signature: Mapping[str, Any] | None,
    lang: str,
) -> dict[str, Any]:
    item = items.get(number, {})
    state = item_state(item)
    meta = catalogue.item(number)
    who = provider(org_type, number, lang) if state == "missing" else None
    if state != "missing":
        missing_text = None
    elif who is None:
        missing_text = text("missing_no_org_type", lang)
    else:
        missing_text = text("missing_provided_by", lang, provider=who["provider"])
    content = (
        content_blocks(number, items, signature, lang)
        if state == "provided" or number == 16
        else []
    )
    if state == "provided" and not content:
        content = [blocks.text(text("no_data", lang))]
    return {
        "number": number,
        "anchor": f"item-{number}",
        "label": text("item", lang, n=number),
        "title": meta.title_en if lang == EN else meta.title_zh,
        "status": item.get("status", ItemStatus.MISSING.value),
        "state": state,
        "justification": item.get("not_applicable_justification"),
        "missing": missing_text,
        "provider": who,
        "alerts": _alert_tags(alerts, number),
        "notices": _notices(mapping(item.get("data")), lang),
        "blocks": content,
    }
