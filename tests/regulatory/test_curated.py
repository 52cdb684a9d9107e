"""Curated entries: cited, flagged, and consistent with the official files.

Every curated entry that also appears in an official list (same substance by CAS, same
kind of list) must agree on its limits and scopes, or say where it differs in its notes
(naming the official entry); otherwise this test fails and names the entry.
"""

from __future__ import annotations

import pytest

from pifai.regulatory.curated import NOT_CHECKED, curated_entries
from pifai.regulatory.model import ListType, RegulatedEntry
from pifai.regulatory.shipped import load_official

CURATED = curated_entries()


def _limits(entry: RegulatedEntry) -> set[tuple[float | None, str | None]]:
    return {(lim.max_pct, lim.scope.value if lim.scope else None) for lim in entry.limits}


def _counterparts(entry: RegulatedEntry) -> list[RegulatedEntry]:
    cas = set(entry.cas_numbers)
    return [
        other
        for other in load_official()
        if other.list_type is entry.list_type and cas & set(other.cas_numbers)
    ]


@pytest.mark.parametrize("entry", CURATED, ids=lambda e: e.entry_id)
def test_cited_and_flagged(entry: RegulatedEntry) -> None:
    assert entry.curated
    assert entry.citation is not None and entry.citation.source and entry.citation.version
    assert entry.verified is False and NOT_CHECKED in entry.notes


@pytest.mark.parametrize("entry", CURATED, ids=lambda e: e.entry_id)
def test_agrees_with_official_or_names_the_difference(entry: RegulatedEntry) -> None:
    disagreements = [
        f"{other.entry_id}: official {sorted(_limits(other), key=str)} "
        f"allowed {sorted(other.allowed_scopes)} vs curated {sorted(_limits(entry), key=str)} "
        f"allowed {sorted(entry.allowed_scopes)}"
        for other in _counterparts(entry)
        if (_limits(other), other.allowed_scopes) != (_limits(entry), entry.allowed_scopes)
        and not any(other.entry_id in note for note in entry.notes)
    ]
    assert not disagreements, f"{entry.entry_id} disagrees with " + "; ".join(disagreements)


def test_tfda_uv_filter_table_shape() -> None:
    uv = [e for e in CURATED if e.list_type is ListType.UV_FILTER]
    assert len(uv) == 27
    by_inci = {e.inci_names[0]: e.limits[0].max_pct for e in uv}
    assert by_inci["Titanium dioxide"] == 25
    assert by_inci["Zinc oxide"] == 25
    assert by_inci["Ethylhexyl methoxycinnamate"] == 10
    assert by_inci["Octocrylene"] == 10
    assert by_inci["Butyl methoxydibenzoylmethane"] == 5
    assert by_inci["Benzophenone-3"] == 6


def test_mercury_salts_follow_the_official_category_entry() -> None:
    mercury = next(e for e in CURATED if e.list_type is ListType.PROHIBITED)
    official = {e.entry_id: e for e in load_official()}["TFDA:prohibited:1"]
    assert "7487-94-7" in mercury.cas_numbers
    assert mercury.exceptions == official.exceptions
    assert mercury.trace_limit_ppm == official.trace_limit_ppm
    assert set(mercury.name_roots) == set(official.name_roots)
