"""Canonical JSON of a PIF snapshot: the exact bytes that are hashed and, later, signed.

Rules (the signature depends on every one of them, so they never change silently):
object keys sorted (by code point), no whitespace (``,`` and ``:`` separators), UTF-8 with
non-ASCII characters written as themselves, dates and datetimes as ISO 8601 strings
(``date.isoformat()``; datetimes converted to UTC first), UUIDs as their lowercase hex
string, tuples as arrays, floats as Python's shortest round-trip ``repr`` (``0.1`` stays
``0.1``), and NaN or infinity refused because JSON cannot represent them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any


class NotCanonical(ValueError):
    """A value that has no canonical JSON form (a set, bytes, NaN, a non-string key...)."""


def plain(value: Any) -> Any:
    """``value`` with dates, UUIDs and tuples turned into JSON's own types."""
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            raise NotCanonical("object keys must be strings")
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise NotCanonical("a naive datetime has no canonical form")
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    raise NotCanonical(f"{type(value).__name__} has no canonical JSON form")


def canonical_json(snapshot: Mapping[str, Any]) -> bytes:
    """The canonical bytes of ``snapshot``: equal content gives equal bytes."""
    try:
        text = json.dumps(
            plain(snapshot),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )
    except ValueError as exc:  # NaN or infinity
        raise NotCanonical(str(exc)) from exc
    return text.encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot_hash(snapshot: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON; what a signature covers (SPEC §12.6)."""
    return sha256_hex(canonical_json(snapshot))
