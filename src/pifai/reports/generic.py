"""Any item's stored data as report blocks, field by field, without interpreting it.

Used for the items people fill in (1, 2, 4–8, 11–15) and for engine items whose data is not
an engine report. Scalars become labelled fields, lists of records become tables, nested
records are printed compactly in one cell. File ids are counted, not printed: the files
travel with the bundle, their ids mean nothing to a reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.reports import blocks
from pifai.reports.blocks import Block
from pifai.reports.i18n import field_label, pick, text
from pifai.reports.vocabulary import CODED_FIELDS, VOCABULARY

FILE_FIELDS = frozenset({"file_ids", "evidence_file_ids", "artwork_file_ids"})


def data_blocks(
    data: Mapping[str, Any], lang: str, *, skip: frozenset[str] = frozenset()
) -> list[Block]:
    """Fields first (in stored order), then one table per list of records."""
    rows: list[dict[str, Any]] = []
    tables: list[Block] = []
    files = 0
    for key, value in data.items():
        if key in skip or value is None:
            continue
        if key in FILE_FIELDS:
            files += len(value) if isinstance(value, list) else 1
        elif _records(value):
            tables.append(_table(key, value, lang))
        elif isinstance(value, Mapping):
            rows.append(blocks.field(field_label(key, lang), compact(value, lang, key), key=key))
        else:
            rows.append(_field(key, value, lang))
    if files:
        rows.append(blocks.field(text("attached_files", lang), files, "number", key="files"))
    return ([blocks.fields(rows)] if rows else []) + tables


def _records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _fmt(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if key in CODED_FIELDS:
        return "codes" if isinstance(value, list) else "code"
    return "list" if isinstance(value, list) else "text"


def _field(key: str, value: Any, lang: str) -> dict[str, Any]:
    return blocks.field(field_label(key, lang), value, _fmt(key, value), key=key)


def _table(key: str, records: list[Mapping[str, Any]], lang: str) -> Block:
    keys: list[str] = []
    for record in records:
        keys.extend(k for k in record if k not in keys)
    columns = []
    for k in keys:
        sample = next((r[k] for r in records if r.get(k) is not None), None)
        fmt = "text" if isinstance(sample, Mapping) or _records(sample) else _fmt(k, sample)
        if k in FILE_FIELDS:
            fmt = "number"
        columns.append(blocks.column(k, field_label(k, lang), fmt))
    rows = [{k: _cell(k, r.get(k), lang) for k in keys} for r in records]
    return blocks.table(key, field_label(key, lang), columns, rows)


def _cell(key: str, value: Any, lang: str) -> Any:
    if key in FILE_FIELDS:
        return len(value) if isinstance(value, list) else value
    if isinstance(value, Mapping) or _records(value):
        return compact(value, lang, key)
    return value


def compact(value: Any, lang: str, key: str | None = None) -> str:
    """A nested value on one line: ``label: value; label: value`` (records joined by ' | ');
    only the values of coded fields are translated, free text never."""
    if isinstance(value, Mapping):
        parts = [
            f"{field_label(k, lang)}: {compact(v, lang, k)}"
            for k, v in value.items()
            if v is not None and k not in FILE_FIELDS
        ]
        return "; ".join(parts)
    if isinstance(value, list):
        sep = " | " if _records(value) else ", "
        return sep.join(compact(v, lang, key) for v in value)
    if isinstance(value, bool):
        return pick(VOCABULARY["true" if value else "false"], lang)
    if isinstance(value, str) and key in CODED_FIELDS and value in VOCABULARY:
        return pick(VOCABULARY[value], lang)
    return str(value)
