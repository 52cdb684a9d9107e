"""Parsing structures for the structure-based tiers: one cached, quiet entry point (SPEC §10).

The Cramer tree, the genotoxicity alerts and the read-across all start from a SMILES. Parsing
is cached on the SMILES string because a formula assessment asks about the same ingredients
again and again (the < 50 ms budget for a 30-ingredient formula). RDKit's own logging is
blocked while parsing so a bad SMILES gives one ``ToxicologyError``, not a screenful of stderr.

Cached molecules are shared: callers must treat them as read-only and copy (``Chem.RWMol``)
before editing. The caches are unbounded on purpose: their keys are ingredient structures and
SMARTS written in this package, a vocabulary that stays small.
"""

from __future__ import annotations

from functools import cache

from rdkit import Chem, rdBase

from pifai.toxicology.basis import ToxicologyError

Mol = Chem.Mol


def parse_smiles(smiles: str) -> Mol:
    """The molecule for ``smiles``; a ``ToxicologyError`` naming the SMILES if RDKit refuses it."""
    text = smiles.strip()
    if not text:
        raise ToxicologyError("empty SMILES: no structure to assess")
    molecule = _parse(text)
    if molecule is None:
        raise ToxicologyError(f"RDKit cannot parse the SMILES {smiles!r}")
    return molecule


@cache
def _parse(smiles: str) -> Mol | None:
    with rdBase.BlockLogs():
        return Chem.MolFromSmiles(smiles)


@cache
def with_hydrogens(smiles: str) -> Mol:
    """The molecule with explicit hydrogens, for SMARTS written with ``[#1]`` (as Toxtree's are)."""
    return Chem.AddHs(parse_smiles(smiles))


@cache
def smarts(pattern: str) -> Mol:
    """A compiled SMARTS query; a bad pattern is a programming error, so it raises ValueError."""
    with rdBase.BlockLogs():
        query = Chem.MolFromSmarts(pattern)
    if query is None:
        raise ValueError(f"invalid SMARTS {pattern!r}")
    return query


def has(molecule: Mol, pattern: str) -> bool:
    return bool(molecule.HasSubstructMatch(smarts(pattern)))


def matches(molecule: Mol, pattern: str) -> tuple[tuple[int, ...], ...]:
    """Every match of ``pattern`` (atom indices in pattern order), each atom set counted once."""
    found: tuple[tuple[int, ...], ...] = molecule.GetSubstructMatches(smarts(pattern))
    return found


def canonical(molecule: Mol) -> str:
    return str(Chem.MolToSmiles(molecule))
