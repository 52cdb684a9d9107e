"""The building blocks of a report section, as plain JSON-ready dicts.

A section's content is a list of blocks, each a ``kind`` the template knows how to draw:
``fields`` (label/value rows), ``table`` (columns with a display format, rows of raw
values), ``checklist``, ``register`` (basis-register entries), ``alerts``, ``text`` and ``notes``
(a titled list of lines). Values stay raw
(numbers as numbers, codes as codes, ``None`` when absent); the template formats them, so
``report.json`` readers get the data and the PDF gets the same data printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Block = dict[str, Any]

# Display formats a column or field may carry (see reports.formatting).
FORMATS = frozenset(
    {"text", "number", "pct", "code", "codes", "list", "bool", "mono", "verdict", "date"}
)


def field(label: str, value: Any, fmt: str = "text", *, key: str | None = None) -> dict[str, Any]:
    return {"key": key, "label": label, "value": value, "format": _checked(fmt)}


def fields(rows: Sequence[dict[str, Any]], title: str | None = None) -> Block:
    return {"kind": "fields", "title": title, "rows": list(rows)}


def column(
    key: str, label: str, fmt: str = "text", *, sub: str | None = None, width: str | None = None
) -> dict[str, Any]:
    """``sub`` names a second row key printed small under the value (e.g. a basis)."""
    return {"key": key, "label": label, "format": _checked(fmt), "sub": sub, "width": width}


def table(
    table_id: str,
    title: str | None,
    columns: Sequence[dict[str, Any]],
    rows: Sequence[dict[str, Any]],
) -> Block:
    return {
        "kind": "table",
        "id": table_id,
        "title": title,
        "columns": list(columns),
        "rows": list(rows),
    }


def checklist(table_id: str, title: str, rows: Sequence[dict[str, Any]]) -> Block:
    """Rows of ``{"key", "label", "value"}`` with value true, false or None (not checked)."""
    return {"kind": "checklist", "id": table_id, "title": title, "rows": list(rows)}


def register(table_id: str, title: str, rows: Sequence[dict[str, Any]]) -> Block:
    """Basis-register entries (``key, value, unit, why, citation, grade, alternatives``),
    drawn as paragraphs: long prose reads better, and lays out faster, than a table."""
    return {"kind": "register", "id": table_id, "title": title, "rows": list(rows)}


def alerts(table_id: str, rows: Sequence[dict[str, Any]]) -> Block:
    """Cross-item alerts (``severity, rule, target_item, message, article, penalty…``), one
    paragraph each: the penalty texts are long and read badly in narrow columns."""
    return {"kind": "alerts", "id": table_id, "rows": list(rows)}


def text(body: str, title: str | None = None) -> Block:
    return {"kind": "text", "title": title, "text": body}


def notes(title: str, lines: Sequence[str]) -> Block:
    return {"kind": "notes", "title": title, "lines": [line for line in lines if line]}


def _checked(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown display format {fmt!r}")
    return fmt
