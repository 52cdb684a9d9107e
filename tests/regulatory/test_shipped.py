"""The shipped JSON is what the importers produce now from the official files."""

from __future__ import annotations

import json

from pifai.regulatory.model import Authority, ListType
from pifai.regulatory.shipped import (
    build_payloads,
    load_official,
    load_shipped,
    read_payload,
    shipped_files,
)
from tests.regulatory._data import DATA, needs_data

EXPECTED_FILES = {
    "tfda_prohibited.json": ("TFDA", "prohibited", 659),
    "tfda_restricted.json": ("TFDA", "restricted", 189),
    "tfda_preservative.json": ("TFDA", "preservative", 57),
    "tfda_colorant.json": ("TFDA", "colorant", 152),
    "eu_annex_ii.json": ("EU", "prohibited", 1758),
    "eu_annex_iii.json": ("EU", "restricted", 381),
    "eu_annex_iv.json": ("EU", "colorant", 154),
    "eu_annex_v.json": ("EU", "preservative", 58),
    "eu_annex_vi.json": ("EU", "uv_filter", 34),
}


def test_files_and_headers() -> None:
    files = shipped_files()
    assert set(files) == set(EXPECTED_FILES)
    for name, text in files.items():
        header, entries = read_payload(text)
        authority, list_type, count = EXPECTED_FILES[name]
        assert header["authority"] == authority
        assert header["list_type"] == list_type
        assert header["entry_count"] == count == len(entries)
        assert header["generated_by"] == "scripts/build_reference_data.py"
        assert all(e.citation and e.citation.version == header["version"] for e in entries)
        assert all(e.authority is Authority(authority) for e in entries)
        assert all(e.list_type is ListType(list_type) for e in entries)


def test_newest_export_per_annex() -> None:
    versions = {name: json.loads(text)["version"] for name, text in shipped_files().items()}
    assert versions["eu_annex_iv.json"] == "CosIng export 2025-11-11"  # not in the newer set
    for annex in ("ii", "iii", "v", "vi"):
        assert versions[f"eu_annex_{annex}.json"] == "CosIng export 2026-06-18"


def test_load_shipped_is_cached_and_includes_curated() -> None:
    assert load_shipped() is load_shipped()
    ids = [e.entry_id for e in load_shipped()]
    assert len(ids) == len(set(ids))
    assert "TFDA:uv_filter:27" in ids
    assert len(load_shipped()) == len(load_official()) + 28


@needs_data
def test_shipped_json_equals_importers_now() -> None:
    built = {p.filename: p.to_json() for p in build_payloads(DATA)}
    assert built.keys() == shipped_files().keys()
    for name, text in shipped_files().items():
        assert built[name] == text, f"{name} is stale: run scripts/build_reference_data.py"
