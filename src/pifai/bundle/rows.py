"""Table rows as JSON and back, column by column, so every stored value survives a bundle.

The organisation and storage keys are not part of a row: a bundle is imported into a
target organisation, whose installation keeps the bytes under keys of its own.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import inspect

from pifai.models.base import Base

M = TypeVar("M", bound=Base)
ORG_COLUMN = "org_id"
LOCAL_COLUMNS = frozenset({ORG_COLUMN, "storage_key"})


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_to_json(row: Base) -> dict[str, Any]:
    mapper = inspect(type(row))
    return {
        column.key: _plain(getattr(row, column.key))
        for column in mapper.columns
        if column.key not in LOCAL_COLUMNS
    }


def _python_type(model: type[Base], key: str) -> type | None:
    column = inspect(model).columns[key]
    # A TypeDecorator reports ``object``: its implementation type knows better.
    for kind in (getattr(column.type, "impl", None), column.type):
        if kind is None:
            continue
        try:
            python_type: type = kind.python_type
        except (NotImplementedError, AttributeError):
            continue
        if python_type is not object:
            return python_type
    return None


def _value(model: type[Base], key: str, value: Any) -> Any:
    if value is None:
        return None
    kind = _python_type(model, key)
    if kind is uuid.UUID:
        return uuid.UUID(str(value))
    if kind is datetime:
        return datetime.fromisoformat(str(value))
    if kind is date:
        return date.fromisoformat(str(value))
    return value


def row_from_json(
    model: type[M], data: dict[str, Any], org_id: uuid.UUID, users: dict[uuid.UUID, uuid.UUID]
) -> M:
    """A new row of ``model`` in ``org_id``; user references are mapped through ``users``
    (an imported signer whose email already has another account here)."""
    mapper = inspect(model)
    values: dict[str, Any] = {}
    for column in mapper.columns:
        if column.key == ORG_COLUMN:
            values[column.key] = org_id
        elif column.key in data:
            value = _value(model, column.key, data[column.key])
            if isinstance(value, uuid.UUID) and _references_users(column):
                value = users.get(value, value)
            values[column.key] = value
    return model(**values)


def _references_users(column: Any) -> bool:
    return any(fk.column.table.name == "users" for fk in column.foreign_keys)


def user_references(rows: list[Base]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for row in rows:
        for column in inspect(type(row)).columns:
            if _references_users(column):
                value = getattr(row, column.key)
                if isinstance(value, uuid.UUID):
                    found.add(value)
    return found
