"""Where upload ids sit inside item data, with the path a 422 names."""

from __future__ import annotations

import uuid

from pifai.pif.item_data.file_refs import file_references

A = uuid.UUID("11111111-1111-4111-8111-111111111111")
B = uuid.UUID("22222222-2222-4222-8222-222222222222")


def test_top_level_and_nested_lists_are_found_with_their_paths() -> None:
    data = {
        "file_ids": [str(A)],
        "migration": [{"analyte": "Pb", "file_ids": []}, {"analyte": "Cd", "file_ids": [str(B)]}],
        "evidence_file_ids": [str(B), str(A)],
    }

    assert list(file_references(data)) == [
        ("data.file_ids.0", A),
        ("data.migration.1.file_ids.0", B),
        ("data.evidence_file_ids.0", B),
        ("data.evidence_file_ids.1", A),
    ]


def test_other_fields_holding_uuids_are_not_file_references() -> None:
    data = {"product_id": str(A), "steps": [{"description": str(B)}], "notes": "file_ids"}

    assert list(file_references(data)) == []
