"""Structural read-across: the nearest anchor by Morgan Tanimoto, threshold from the register."""

from __future__ import annotations

import dataclasses

import pytest

from pifai.toxicology import basis as basis_module
from pifai.toxicology.basis import BasisEntry, ToxicologyError
from pifai.toxicology.structure import similarity
from pifai.toxicology.structure.similarity import nearest_anchor, nearest_at

METHYLPARABEN = "COC(=O)c1ccc(O)cc1"
PROPYLPARABEN = "CCCOC(=O)c1ccc(O)cc1"
GLYCEROL = "OCC(O)CO"


def test_a_close_analogue_is_found_above_the_threshold() -> None:
    found = nearest_anchor(
        METHYLPARABEN, [("glycerin", GLYCEROL), ("propylparaben", PROPYLPARABEN)]
    )
    assert found is not None
    assert found.anchor_key == "propylparaben"
    assert 0.5 <= found.tanimoto < 1
    assert (found.threshold, found.radius, found.bits) == (0.5, 2, 2048)  # the register's values


def test_an_unrelated_anchor_is_not_used() -> None:
    assert nearest_anchor(METHYLPARABEN, [("glycerin", GLYCEROL)]) is None


def test_identical_structures_score_one() -> None:
    found = nearest_anchor(GLYCEROL, [("glycerin", GLYCEROL)])
    assert found is not None and found.tanimoto == 1.0


def test_ties_go_to_the_first_anchor_given() -> None:
    found = nearest_anchor(GLYCEROL, [("first", GLYCEROL), ("second", GLYCEROL)])
    assert found is not None and found.anchor_key == "first"


def test_the_most_similar_anchor_wins() -> None:
    anchors = [("propylparaben", PROPYLPARABEN), ("methylparaben", METHYLPARABEN)]
    found = nearest_anchor(METHYLPARABEN, anchors)
    assert found is not None and found.anchor_key == "methylparaben"


def test_no_anchors_means_no_read_across() -> None:
    assert nearest_anchor(METHYLPARABEN, []) is None


def test_the_threshold_is_read_from_the_register(monkeypatch: pytest.MonkeyPatch) -> None:
    real = basis_module.basis

    def stricter(key: str) -> BasisEntry:
        entry = real(key)
        return dataclasses.replace(entry, value=0.6) if key == "readacross.tanimoto_min" else entry

    monkeypatch.setattr(similarity, "basis", stricter)
    assert nearest_anchor(METHYLPARABEN, [("propylparaben", PROPYLPARABEN)]) is None


def test_explicit_settings_change_the_outcome() -> None:
    anchors = (("propylparaben", PROPYLPARABEN),)
    assert nearest_at(METHYLPARABEN, anchors, threshold=0.5, radius=2, bits=2048) is not None
    assert nearest_at(METHYLPARABEN, anchors, threshold=0.6, radius=2, bits=2048) is None


def test_an_invalid_query_is_refused() -> None:
    with pytest.raises(ToxicologyError, match="not-a-smiles"):
        nearest_anchor("not-a-smiles", [("glycerin", GLYCEROL)])


def test_an_invalid_anchor_is_refused_with_its_key() -> None:
    with pytest.raises(ToxicologyError, match="anchor broken"):
        nearest_anchor(GLYCEROL, [("broken", "C1CC(")])
