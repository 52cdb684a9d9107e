"""The in-memory PIF snapshot of a formula built without a server (``pifai build``), in the
shape the API stores (``pif-snapshot/1``, ``pif.versions.service.state_of``).

Item 1 holds the name and product type given on the command line, item 3 the formula check,
items 9 and 10 the assessment (as the toxicology worker writes them), item 16 the draft; the
other items are missing, because nothing about them is known.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from pifai.models.enums import ItemStatus
from pifai.reports.document import ITEM_NUMBERS

SNAPSHOT_FORMAT = "pif-snapshot/1"
# What the engines' items carry in the API (formulas.tasks, toxicology.worker.tasks).
DETERMINISTIC = "deterministic"


def has_han(name: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("CJK") for ch in name)


def basic_data(name: str, product_type: str) -> dict[str, Any]:
    """Item 1 from what the command line says: a Chinese name is ``name_zh`` (Art. 7
    requires one); any other name is only the English name, never a made-up Chinese one."""
    key = "name_zh" if has_han(name) else "name_en"
    return {key: name, "product_type": product_type}


def _item(status: ItemStatus, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {"status": status.value, "not_applicable_justification": None, "data": dict(data or {})}


def build_snapshot(
    *,
    name: str,
    product_type: str,
    source_file: str,
    formula: Mapping[str, Any],
    properties: Sequence[Mapping[str, Any]],
    assessment: Mapping[str, Any],
    draft: Mapping[str, Any],
) -> dict[str, Any]:
    engine = {"source_file": source_file, "path": DETERMINISTIC}
    filled = {
        1: _item(ItemStatus.UPLOADED, basic_data(name, product_type)),
        3: _item(ItemStatus.AI_DRAFT_READY, {"formula": dict(formula), **engine}),
        9: _item(
            ItemStatus.AI_DRAFT_READY,
            {"kind": "ingredient_properties", "ingredients": list(properties), **engine},
        ),
        10: _item(ItemStatus.AI_DRAFT_READY, {"kind": "toxicology", **assessment, **engine}),
        16: _item(ItemStatus.AI_DRAFT_READY, draft),
    }
    return {
        "format": SNAPSHOT_FORMAT,
        "product": {
            "id": None,
            "name": name,
            "name_en": None if has_han(name) else name,
            "product_type": product_type,
        },
        "items": {str(n): filled.get(n, _item(ItemStatus.MISSING)) for n in ITEM_NUMBERS},
    }
