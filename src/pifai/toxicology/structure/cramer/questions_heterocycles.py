"""Cramer Q7-Q15: heterocycles, lactones, heteroaromatics and their hydrolysis.

``ring_substituted``, ``many_aromatic`` and ``readily_hydrolysed`` are asked again as Q27,
Q28 and Q29 of the carbocyclic aromatic branch (the 1978 wording is the same).
"""

from __future__ import annotations

from pifai.toxicology.structure.cramer.groups import (
    LACTONE,
    aromatic_rings,
    has_substituents,
    rings,
    uncovered,
)
from pifai.toxicology.structure.cramer.residues import hydrolysed, ring_opened
from pifai.toxicology.structure.cramer.result import Reply, Subject, no, subject_of, yes
from pifai.toxicology.structure.molecules import Mol, has, matches


def q7(s: Subject) -> Reply:
    if has(s.molecule, "[!#6;!#1;R]"):
        return yes("a ring contains a heteroatom")
    return no("no heterocyclic ring")


def _lactone_rings(m: Mol) -> list[frozenset[int]]:
    """Rings holding a lactone link and, besides carbons, only lactone oxygens."""
    hits = [(carbon, oxygen) for carbon, _, oxygen in matches(m, LACTONE)]
    ester_oxygens = {oxygen for _, oxygen in hits}
    found = []
    for ring in rings(m):
        if not any(carbon in ring and oxygen in ring for carbon, oxygen in hits):
            continue
        if all(m.GetAtomWithIdx(i).GetSymbol() == "C" or i in ester_oxygens for i in ring):
            found.append(ring)
    return found


def q8(s: Subject) -> Reply:
    if has(s.molecule, "[#6](=[#8])[#8][#6](=[#8])"):
        return no("an anhydride, not a lactone (as in Toxtree)")
    if _lactone_rings(s.molecule):
        return yes("a lactone or cyclic diester ring")
    return no("no lactone or cyclic diester")


def q9(s: Subject) -> Reply:
    m = s.molecule
    info = m.GetRingInfo()
    for ring in _lactone_rings(m):
        if any(info.NumAtomRings(i) > 1 for i in ring):
            return yes("the lactone ring is fused to (shares atoms with) another ring")
    unsaturated = (
        "[#6;r5,r6](=[#8;!R])(@[#8;R])@[#6]=,:[#6]",
        "[#6;r5,r6](=[#8;!R])(@[#8;R])@[#6]=[#6;!R]",
    )
    if any(has(m, p) for p in unsaturated):
        return yes("a 5- or 6-membered alpha,beta-unsaturated lactone")
    opened = ring_opened(m) or (m,)
    residues = tuple(subject_of(f, s.parent) for f in opened)
    return no(
        "treated from here as its hydroxy acid " + ", ".join(r.smiles for r in residues), residues
    )


def q10(s: Subject) -> Reply:
    if has(s.molecule, "[!#6;!#1;r3]"):
        return yes("a three-membered heterocycle")
    return no("no three-membered heterocycle")


_Q11_GROUPS = (
    "alcohol",
    "ring hydroxy",
    "aldehyde",
    "acetal",
    "ketal",
    "ketone",
    "acid",
    "ester",
    "mercaptan",
    "sulphide",
    "methoxy",
)


def q11(s: Subject) -> Reply:
    m = s.molecule
    ring_heteroatoms = {i for r in rings(m) for i in r if m.GetAtomWithIdx(i).GetSymbol() != "C"}
    others = uncovered(m, _Q11_GROUPS, ignore=ring_heteroatoms)
    if others:
        return yes("bears groups beyond those listed (atoms " + ", ".join(others) + ")")
    return no("only the listed simple groups besides the ring heteroatoms")


def q12(s: Subject) -> Reply:
    if has(s.molecule, "[a;!c]"):
        return yes("an aromatic ring contains a heteroatom")
    return no("not heteroaromatic")


def ring_substituted(s: Subject) -> Reply:
    """Q13 and Q27."""
    if has_substituents(s.molecule):
        return yes("the ring bears substituents")
    return no("an unsubstituted ring")


def many_aromatic(s: Subject) -> Reply:
    """Q14 and Q28."""
    n = len(aromatic_rings(s.molecule))
    if n > 1:
        return yes(f"{n} aromatic rings")
    return no("one aromatic ring")


def readily_hydrolysed(s: Subject) -> Reply:
    """Q15 and Q29: acyclic ester and acetal links hydrolysed, every residue mononuclear."""
    pieces = hydrolysed(s.molecule, esters=True, acetals=True)
    if pieces is None:
        return no("no ester or acetal link to hydrolyse")
    if any(p.GetRingInfo().NumRings() > 1 for p in pieces):
        return no("hydrolysis leaves a residue with more than one ring")
    residues = tuple(subject_of(p, s.parent) for p in pieces)
    return yes("hydrolysed to " + ", ".join(r.smiles for r in residues), residues)
