"""Entries ⇄ JSON round-trip exactly."""

from __future__ import annotations

import json
from datetime import date

from pifai.product_types.scopes import Scope
from pifai.regulatory.curated import curated_entries
from pifai.regulatory.model import Authority, Citation, Disclosure, Limit, ListType, RegulatedEntry
from pifai.regulatory.serialization import (
    entries_from_json,
    entries_to_json,
    entry_from_dict,
    entry_to_dict,
)
from tests.regulatory._data import COSING_NEW, cosing, needs_data, tfda

FULL = RegulatedEntry(
    entry_id="EU:VI:3",
    authority=Authority.EU,
    list_type=ListType.UV_FILTER,
    names=("Homosalate",),
    inci_names=("HOMOSALATE",),
    cas_numbers=("118-56-9",),
    limits=(Limit(7.34, Scope.FACE, "Face products", None, "7,34 %"), Limit(None)),
    allowed_scopes=frozenset({Scope.FACE, Scope.BODY}),
    excluded_scopes=frozenset({Scope.SPRAY, Scope.CHILDREN_UNDER_3}),
    group="EU:g",
    group_max_pct=1.5,
    conditions="c",
    label_warnings=("w",),
    disclosures=(Disclosure(0.001, Scope.LEAVE_ON, "t"), Disclosure(0.01, None, "u")),
    name_roots=("r",),
    exceptions=("EU:V:1",),
    trace_limit_ppm=1.0,
    effective_from=date(2025, 1, 1),
    transition_until=date(2025, 7, 1),
    citation=Citation(Authority.EU, "Annex VI", "VI/3", "s", "v", "https://example.org"),
    curated=True,
    verified=False,
    notes=("n",),
)


def test_every_field_round_trips() -> None:
    data = json.loads(json.dumps(entry_to_dict(FULL)))
    assert data["effective_from"] == "2025-01-01"
    assert data["allowed_scopes"] == ["body", "face"]
    assert data["excluded_scopes"] == ["children_under_3", "spray"]
    assert entry_from_dict(data) == FULL


def test_defaults_are_omitted() -> None:
    minimal = RegulatedEntry("x", Authority.TFDA, ListType.PROHIBITED, ("X",))
    assert entry_to_dict(minimal) == {
        "entry_id": "x",
        "authority": "TFDA",
        "list_type": "prohibited",
        "names": ["X"],
    }
    assert entry_from_dict(entry_to_dict(minimal)) == minimal


def test_curated_round_trip() -> None:
    entries = list(curated_entries())
    assert entries_from_json(json.loads(json.dumps(entries_to_json(entries)))) == entries


@needs_data
def test_imported_lists_round_trip() -> None:
    entries = [*tfda().values(), *cosing(COSING_NEW).values()]
    text = json.dumps(entries_to_json(entries), ensure_ascii=False)
    assert entries_from_json(json.loads(text)) == entries
