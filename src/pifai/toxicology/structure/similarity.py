"""Tier 1.5 structural read-across: the nearest anchor by Morgan-fingerprint Tanimoto (SPEC §10).

An anchor is a curated substance with a cited NOAEL. A query may borrow an anchor's NOAEL only
when their Morgan fingerprints are at least ``readacross.tanimoto_min`` similar; radius and bit
length come from the basis register too, so the numbers the report prints are the numbers used.
Fingerprints are cached (the anchors are a static dataset), using RDKit's fingerprint-generator
API rather than the deprecated ``GetMorganFingerprintAsBitVect``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rdkit import DataStructs
from rdkit.Chem import rdFingerprintGenerator
from rdkit.DataStructs import ExplicitBitVect

from pifai.toxicology.basis import ToxicologyError, basis
from pifai.toxicology.structure.molecules import parse_smiles

Anchors = tuple[tuple[str, str], ...]  # (anchor key, SMILES)


@dataclass(frozen=True)
class Similarity:
    """The anchor a query is read across to, and the settings that made the match."""

    anchor_key: str
    tanimoto: float
    threshold: float
    radius: int
    bits: int

    def explain(self) -> str:
        return (
            f"Tanimoto {self.tanimoto:.2f} >= {self.threshold:g} to {self.anchor_key} "
            f"(Morgan radius {self.radius}, {self.bits} bits)"
        )


def nearest_anchor(smiles: str, anchors: Sequence[tuple[str, str]]) -> Similarity | None:
    """The most similar anchor at or above the register's threshold (ties: first given), or None."""
    return nearest_at(
        smiles,
        tuple(anchors),
        threshold=basis("readacross.tanimoto_min").value,
        radius=int(basis("readacross.morgan_radius").value),
        bits=int(basis("readacross.morgan_bits").value),
    )


def nearest_at(
    smiles: str, anchors: Anchors, *, threshold: float, radius: int, bits: int
) -> Similarity | None:
    """``nearest_anchor`` with explicit settings, for callers and tests that vary them."""
    if not anchors:
        return None
    query = _fingerprint(smiles.strip(), radius, bits)
    scores = DataStructs.BulkTanimotoSimilarity(
        query, list(_anchor_fingerprints(anchors, radius, bits))
    )
    best: int | None = None
    for index, score in enumerate(scores):
        if score >= threshold and (best is None or score > scores[best]):
            best = index
    if best is None:
        return None
    return Similarity(anchors[best][0], float(scores[best]), threshold, radius, bits)


@cache
def _generator(radius: int, bits: int) -> rdFingerprintGenerator.FingerprintGenerator64:
    return rdFingerprintGenerator.GetMorganGenerator(radius=radius, fpSize=bits)


@cache
def _fingerprint(smiles: str, radius: int, bits: int) -> ExplicitBitVect:
    fingerprint: ExplicitBitVect = _generator(radius, bits).GetFingerprint(parse_smiles(smiles))
    return fingerprint


@cache
def _anchor_fingerprints(anchors: Anchors, radius: int, bits: int) -> tuple[ExplicitBitVect, ...]:
    prints = []
    for key, smiles in anchors:
        try:
            prints.append(_fingerprint(smiles.strip(), radius, bits))
        except ToxicologyError as exc:
            raise ToxicologyError(f"read-across anchor {key}: {exc}") from exc
    return tuple(prints)
