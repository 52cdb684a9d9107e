"""Diffing two snapshots of the lists, keyed by entry_id."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from pifai.regulatory.diff import changed_fields, diff
from pifai.regulatory.model import Authority, Citation, Limit, ListType, RegulatedEntry
from tests.regulatory._data import COSING_NEW, COSING_OLD, cosing, needs_data


def _entry(entry_id: str, pct: float, version: str = "v1") -> RegulatedEntry:
    return RegulatedEntry(
        entry_id=entry_id,
        authority=Authority.EU,
        list_type=ListType.RESTRICTED,
        names=(entry_id,),
        limits=(Limit(pct),),
        citation=Citation(Authority.EU, "Annex III", entry_id, f"{version}.txt", version),
    )


def test_added_removed_changed() -> None:
    old = [_entry("a", 1), _entry("b", 1), _entry("c", 1)]
    new = [_entry("b", 1, "v2"), _entry("c", 2, "v2"), _entry("d", 1, "v2")]
    result = diff(old, new)
    assert [e.entry_id for e in result.added] == ["d"]
    assert [e.entry_id for e in result.removed] == ["a"]
    assert [(c.entry_id, c.fields) for c in result.changed] == [("c", ("limits",))]
    assert diff(old, old).empty


def test_a_new_export_version_alone_is_no_change() -> None:
    assert changed_fields(_entry("a", 1), _entry("a", 1, "v2")) == ()
    moved = replace(_entry("a", 1), citation=Citation(Authority.EU, "Annex V", "a", "x", "v"))
    assert changed_fields(_entry("a", 1), moved) == ("citation",)


@needs_data
def test_cosing_2025_11_11_to_2026_06_18() -> None:
    """PROVENANCE §2: +14 Annex II, +8 Annex III, +1 Annex V; no Annex IV in the new set."""
    old = [e for key, e in cosing(COSING_OLD).items() if not key.startswith("EU:IV:")]
    result = diff(old, cosing(COSING_NEW).values())
    added = Counter(e.entry_id.split(":")[1] for e in result.added)
    removed = Counter(e.entry_id.split(":")[1] for e in result.removed)
    net = {annex: added[annex] - removed[annex] for annex in ("II", "III", "V", "VI")}
    assert net == {"II": 14, "III": 8, "V": 1, "VI": 0}
    assert [e.entry_id for e in result.removed] == ["EU:II:1398", "EU:II:1399"]
    assert [e.entry_id for e in result.added if e.entry_id.startswith("EU:V:")] == ["EU:V:61"]
    assert "EU:III:386" in {e.entry_id for e in result.added}
    changes = {c.entry_id: c.fields for c in result.changed}
    assert "limits" in changes["EU:III:24"]  # zinc salts: new toothpaste limits
    assert changes["EU:VI:28"] == ("conditions",)
