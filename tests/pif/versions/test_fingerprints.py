"""Each fingerprint changes exactly when the items it covers change (SPEC §12.2)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from pifai.pif.versions.fingerprints import Fingerprint, Fingerprints, fingerprints


def _state() -> dict[str, Any]:
    items: dict[str, Any] = {str(n): {"status": "missing", "data": {}} for n in range(1, 17)}
    items["1"]["data"] = {
        "name_zh": "保濕乳霜",
        "name_en": "Moisturising Cream",
        "manufacturer_name": "美研生技",
        "manufacturer_address": "桃園市",
        "launch_date": "2025-01-01",
    }
    items["3"]["data"] = {
        "formula": {
            "ingredients": [
                {"inci": "AQUA", "name": "Water", "judged_pct": 80.0, "verdict": "ok"},
                {"inci": "GLYCERIN", "name": "Glycerin", "judged_pct": 5.0},
                {
                    "inci": None,
                    "name": "Secret blend",
                    "judged_pct": None,
                    "amount": {"kind": "range", "low": 0.1, "high": 1.0, "text": "0.1-1"},
                },
            ]
        },
        "source_file_id": str(uuid.uuid4()),
    }
    items["4"]["data"] = {"label_text": "品名:保濕乳霜", "artwork_file_ids": [str(uuid.uuid4())]}
    items["5"]["data"] = {"site_name": "桃園廠", "issue_date": "2024-06-01", "issuer": "TFDA"}
    items["6"]["data"] = {"steps": [{"description": "油相加熱", "temperature_c": 80}]}
    items["7"]["data"] = {"method": "塗抹", "target_population": "成人"}
    items["15"]["data"] = {"components": [{"name": "bottle", "material": "pet", "results": []}]}
    return {"format": "pif-snapshot/1", "items": items}


def _data(state: dict[str, Any], n: int) -> dict[str, Any]:
    data: dict[str, Any] = state["items"][str(n)]["data"]
    return data


def _changed(before: Fingerprints, after: Fingerprints) -> set[Fingerprint]:
    return {k for k in Fingerprint if before.of(k) != after.of(k)}


Edit = Callable[[dict[str, Any]], None]
EDITS: list[tuple[str, Edit, set[Fingerprint]]] = [
    (
        "concentration",
        lambda s: _data(s, 3)["formula"]["ingredients"][1].update(judged_pct=6.0),
        {Fingerprint.FORMULA},
    ),
    (
        "new ingredient",
        lambda s: _data(s, 3)["formula"]["ingredients"].append(
            {"inci": "PHENOXYETHANOL", "judged_pct": 0.9}
        ),
        {Fingerprint.FORMULA},
    ),
    (
        "process step",
        lambda s: _data(s, 6)["steps"][0].update(temperature_c=85),
        {Fingerprint.PROCESS_MAKER},
    ),
    (
        "manufacturer",
        lambda s: _data(s, 1).update(manufacturer_name="新廠"),
        {Fingerprint.PROCESS_MAKER},
    ),
    ("site", lambda s: _data(s, 5).update(site_name="新竹廠"), {Fingerprint.PROCESS_MAKER}),
    (
        "material",
        lambda s: _data(s, 15)["components"][0].update(material="hdpe"),
        {Fingerprint.PACKAGING},
    ),
    (
        "component",
        lambda s: _data(s, 15)["components"].append({"name": "cap", "material": "pp"}),
        {Fingerprint.PACKAGING},
    ),
    ("chinese name", lambda s: _data(s, 1).update(name_zh="保濕霜"), {Fingerprint.LABEL_NAME}),
    (
        "label text",
        lambda s: _data(s, 4).update(label_text="品名:保濕霜"),
        {Fingerprint.LABEL_NAME},
    ),
    (
        "label warning",
        lambda s: _data(s, 4).update(warnings=["避免接觸眼睛"]),
        {Fingerprint.LABEL_NAME},
    ),
    (
        "target population",
        lambda s: _data(s, 7).update(target_population="孩童"),
        {Fingerprint.USE},
    ),
    ("use frequency", lambda s: _data(s, 7).update(frequency="每日兩次"), {Fingerprint.USE}),
]
UNCOVERED: list[tuple[str, Edit]] = [
    ("artwork re-upload", lambda s: _data(s, 4).update(artwork_file_ids=[str(uuid.uuid4())])),
    ("formula row order", lambda s: _data(s, 3)["formula"]["ingredients"].reverse()),
    ("formula file", lambda s: _data(s, 3).update(source_file_id=str(uuid.uuid4()))),
    ("formula verdict", lambda s: _data(s, 3)["formula"]["ingredients"][0].update(verdict="x")),
    ("gmp renewal", lambda s: _data(s, 5).update(issue_date="2025-06-01")),
    ("launch date", lambda s: _data(s, 1).update(launch_date="2025-02-01")),
    ("migration results", lambda s: _data(s, 15)["components"][0].update(results=[{"x": 1}])),
    ("item status", lambda s: s["items"]["7"].update(status="approved")),
    ("a test report", lambda s: _data(s, 11).update(report_date="2025-01-01")),
]


@pytest.mark.parametrize(("name", "edit", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_each_change_moves_exactly_its_fingerprint(
    name: str, edit: Edit, expected: set[Fingerprint]
) -> None:
    state = _state()
    before = fingerprints(state)
    edited = copy.deepcopy(state)
    edit(edited)

    assert _changed(before, fingerprints(edited)) == expected


@pytest.mark.parametrize(("name", "edit"), UNCOVERED, ids=[e[0] for e in UNCOVERED])
def test_changes_outside_the_fingerprints_move_none(name: str, edit: Edit) -> None:
    state = _state()
    edited = copy.deepcopy(state)
    edit(edited)

    assert fingerprints(edited) == fingerprints(state)


def test_fingerprints_are_distinct_hex_sha256() -> None:
    values = fingerprints(_state()).as_dict()

    assert set(values) == {k.value for k in Fingerprint}
    assert all(len(v) == 64 and int(v, 16) >= 0 for v in values.values())
    assert len(set(values.values())) == len(values)


def test_an_empty_state_still_has_fingerprints_that_change_when_filled() -> None:
    empty = fingerprints({})

    assert empty == fingerprints({"items": {}})
    assert empty.use != fingerprints(_state()).use


def test_the_product_records_maker_counts_where_item_1_leaves_it_empty() -> None:
    state = _state()
    for key in ("manufacturer_name", "manufacturer_address"):
        del _data(state, 1)[key]
    state["product"] = {"name": "保濕乳霜", "manufacturer_name": "美研生技"}
    moved = copy.deepcopy(state)
    moved["product"]["manufacturer_name"] = "新廠"

    assert _changed(fingerprints(state), fingerprints(moved)) == {Fingerprint.PROCESS_MAKER}


def test_the_product_records_maker_is_ignored_where_item_1_names_one() -> None:
    state = _state()
    state["product"] = {"name": "保濕乳霜", "manufacturer_name": "美研生技"}
    moved = copy.deepcopy(state)
    moved["product"]["manufacturer_name"] = "新廠"

    assert fingerprints(moved) == fingerprints(state)
