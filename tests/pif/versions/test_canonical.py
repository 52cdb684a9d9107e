"""Canonical JSON: equal content gives equal bytes, whatever the key order."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from pifai.pif.versions.canonical import NotCanonical, canonical_json, snapshot_hash

STATE = {"items": {"1": {"data": {"name_zh": "保濕乳霜", "b": 1}}, "10": {"data": {}}}, "a": [3, 1]}


def test_key_order_does_not_change_the_bytes() -> None:
    reordered = {
        "a": [3, 1],
        "items": {"10": {"data": {}}, "1": {"data": {"b": 1, "name_zh": "保濕乳霜"}}},
    }

    assert canonical_json(STATE) == canonical_json(reordered)
    assert snapshot_hash(STATE) == snapshot_hash(reordered)


def test_sorted_keys_no_whitespace_utf8() -> None:
    out = canonical_json({"b": 1, "a": {"z": "乳霜", "y": None}})

    assert out == '{"a":{"y":null,"z":"乳霜"},"b":1}'.encode()


def test_list_order_is_content() -> None:
    assert canonical_json({"a": [1, 3]}) != canonical_json({"a": [3, 1]})


def test_dates_uuids_and_floats() -> None:
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    moment = datetime(2026, 1, 2, 11, 0, tzinfo=timezone(timedelta(hours=8)))

    out = canonical_json({"d": date(2026, 1, 2), "t": moment, "id": ident, "f": 0.1, "g": 2.0})

    assert json.loads(out) == {
        "d": "2026-01-02",
        "t": "2026-01-02T03:00:00+00:00",
        "id": str(ident),
        "f": 0.1,
        "g": 2.0,
    }
    assert b'"f":0.1,' in out and b'"g":2.0' in out


def test_the_hash_is_sha256_of_the_bytes() -> None:
    import hashlib

    assert snapshot_hash(STATE) == hashlib.sha256(canonical_json(STATE)).hexdigest()


@pytest.mark.parametrize(
    "bad",
    [
        {"x": float("nan")},
        {"x": float("inf")},
        {"x": {1, 2}},
        {"x": b"raw"},
        {"x": {1: "int key"}},
        {"x": datetime(2026, 1, 1)},
    ],
)
def test_values_without_a_canonical_form_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(NotCanonical):
        canonical_json(bad)


def test_aware_datetimes_in_any_zone_are_equal() -> None:
    utc = datetime(2026, 1, 2, 3, 0, tzinfo=UTC)
    taipei = utc.astimezone(timezone(timedelta(hours=8)))

    assert canonical_json({"t": utc}) == canonical_json({"t": taipei})
