"""Table rows as JSON and back, column by column, so every stored value survives a bundle.

The organisation and storage keys are not part of a row: a bundle is imported into a
target organisation, whose installation keeps the bytes under keys of its own.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import inspect

from pifai.bundle.manifest import BundleError
from pifai.kit.input import json_safety_problem
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


_TYPE_NAMES: dict[type | None, str] = {
    uuid.UUID: "an id",
    datetime: "an ISO 8601 date-time",
    date: "an ISO 8601 date (YYYY-MM-DD)",
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
}


def _value(model: type[Base], key: str, value: Any) -> Any:
    """The column's Python value; ValueError (naming what was expected) when it is not one."""
    if value is None:
        return None
    kind = _python_type(model, key)
    try:
        if kind is uuid.UUID:
            return uuid.UUID(str(value))
        if kind is datetime:
            return datetime.fromisoformat(_text(value))
        if kind is date:
            return date.fromisoformat(_text(value))
    except (ValueError, TypeError):
        raise ValueError(f"{value!r} is not {_TYPE_NAMES.get(kind, 'a valid value')}") from None
    if kind is str and not isinstance(value, str):
        raise ValueError(f"{value!r} is not {_TYPE_NAMES[str]}")
    if kind is bool and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not {_TYPE_NAMES[bool]}")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{value!r} is not {_TYPE_NAMES[int]}")
    if kind is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ValueError(f"{value!r} is not {_TYPE_NAMES[float]}")
    problem = json_safety_problem(value)
    if problem:
        raise ValueError(problem)
    length = getattr(inspect(model).columns[key].type, "length", None)
    if isinstance(value, str) and length is not None and len(value) > length:
        raise ValueError(f"{len(value)} characters; at most {length} are stored")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def row_from_json(
    model: type[M],
    data: Any,
    org_id: uuid.UUID,
    users: dict[uuid.UUID, uuid.UUID],
    *,
    where: str,
) -> M:
    """A new row of ``model`` in ``org_id``; user references are mapped through ``users``
    (an imported signer whose email already has another account here). ``where`` names the
    row in errors ("versions.json row 2"): a value that is not what its column stores, or
    a required value that is absent, is a ``BundleError`` naming the row and the field."""
    if not isinstance(data, dict):
        raise BundleError(f"{where}: must be an object of column values")
    mapper = inspect(model)
    values: dict[str, Any] = {}
    for column in mapper.columns:
        if column.key == ORG_COLUMN:
            values[column.key] = org_id
        elif column.key in data:
            try:
                value = _value(model, column.key, data[column.key])
            except ValueError as exc:
                raise BundleError(f"{where}: field {column.key!r}: {exc}") from None
            if isinstance(value, uuid.UUID) and _references_users(column):
                value = users.get(value, value)
            values[column.key] = value
        if values.get(column.key) is None and _required(column):
            raise BundleError(f"{where}: field {column.key!r} is required")
    return model(**values)


def _required(column: Any) -> bool:
    """NOT NULL with no default: the row cannot be stored without it."""
    return (
        not column.nullable
        and column.default is None
        and column.server_default is None
        and column.key not in LOCAL_COLUMNS
    )


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
