"""Item data for lint tests: small valid documents, each rule test changes one thing."""

from __future__ import annotations

from datetime import date
from typing import Any

from pifai.pif.lint import Alert, ItemSnapshot, lint

TODAY = date(2026, 6, 1)


def snap(data: dict[str, Any], *, not_applicable: bool = False) -> ItemSnapshot:
    return ItemSnapshot(status="uploaded", not_applicable=not_applicable, data=data)


def run(items: dict[int, dict[str, Any]], *, na: tuple[int, ...] = ()) -> list[Alert]:
    snapshots = {n: snap(d) for n, d in items.items()}
    snapshots |= {n: snap(items.get(n, {}), not_applicable=True) for n in na}
    return lint(snapshots, today=TODAY)


def fired(alerts: list[Alert], rule: str) -> list[Alert]:
    return [a for a in alerts if a.rule == rule]


def label(**fields: Any) -> dict[str, Any]:
    return {"label_text": "保濕乳霜", **fields}


def stability(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "report_date": "2026-03-01",
        "laboratory": "Lab A",
        "result": "pass",
        "conditions": [{"study": "long_term", "temperature_c": 25, "duration_days": 90}],
        "parameters": ["appearance"],
    }
    return base | fields


def formula(*ingredients: dict[str, Any], label_requirements: Any = ()) -> dict[str, Any]:
    return {
        "formula": {
            "ingredients": list(ingredients),
            "label_requirements": list(label_requirements),
        }
    }


def toxicology(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "toxicology", "ingredients": list(rows)}
