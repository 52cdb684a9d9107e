"""Functional groups as SMARTS, and the structure helpers the Cramer questions share.

The group SMARTS were written for this package after the group definitions of Toxtree's
``FunctionalGroups`` (ideaconsult/toxtree-mirror); the first atom of each pattern is the key
used to count groups. Questions ask whether every heteroatom is *covered* by a listed group.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdkit import Chem

from pifai.toxicology.structure.molecules import Mol, canonical, matches

GROUPS: dict[str, tuple[str, ...]] = {
    "alcohol": ("[#8X2H1][#6;!a;!$([#6]=[#8,#16,#7])]",),
    "ring hydroxy": ("[#8X2H1][#6;R]",),
    "ring methoxy": ("[#8X2]([CH3])[#6;R]",),
    "aldehyde": ("[#6X3;H1,H2;!$([#6]-[!#6;!#1])]=[#8X1]",),
    "ketone": ("[#6X3;$([#6]([#6])[#6])]=[#8X1]",),
    "side-chain ketone": ("[#6X3;!R;$([#6]([#6])[#6])]=[#8X1]",),
    "ring ketone": ("[#6X3;R;$([#6]([#6])[#6])]=[#8X1]",),
    "acid": ("[#6X3;!$([#6][#7,#16])](=[#8X1])[#8X2H1,#8X1-]",),
    "ester": ("[#6X3;!$([#6][#7,#16])](=[#8X1])[#8X2][#6]",),
    "acetal": ("[#6X4;!H0]([#8X2][#6])[#8X2][#6]",),
    "ketal": ("[#6X4;H0]([#8X2][#6])[#8X2][#6]",),
    "acyclic acetal": ("[#6X4]([#8X2;!R][#6])[#8X2;!R][#6]",),
    "ether": ("[#8X2;!$([#8][#6]=[#8,#16,#7]);!$([#8][#6X4][#8X2])]([#6])[#6]",),
    "polyoxyethylene": (
        "[#8X2;!$([#8][#6]=[#8,#16,#7]);!$([#8][#6X4][#8X2]);$([#8][CX4][CX4])]([#6])[#6]",
    ),
    "methoxy": ("[#8X2;$([#8][CH3]);!$([#8][#6]=[#8,#16,#7])]([#6])[#6]",),
    "mercaptan": ("[#16X2H1][#6]",),
    "sulphide": ("[#16X2;H0;!$([#16][#6]=[#8,#16]);$([#16]([#6,#16])[#6,#16])]",),
    "thioester": ("[#6X3](=[#8X1])[#16X2][#6]", "[#6X3](=[#16X1])[#8X2][#6]"),
    "primary amine": ("[#7X3;H2;!$([#7][#6]=[#8,#16,#7]);!$([#7]a)][#6]",),
    "tertiary amine": ("[#7X3;H0;!$([#7][#6]=[#8,#16,#7]);!$([#7]a)]([#6])([#6])[#6]",),
    "sulphonate": ("[#16X4](=[#8X1])(=[#8X1])([#6])[#8X1-,#8X2H1,$([#8X2][Na,K,Ca])]",),
    "sulphamate": ("[#16X4](=[#8X1])(=[#8X1])([#7X3])[#8X1-,#8X2H1,$([#8X2][Na,K,Ca])]",),
    "counter-ion": ("[Na,K,Ca,Mg]",),
}

BRANCH = "[#6]([#6])([#6])[#6]"  # a carbon bonded to three carbons: the chain is branched
LACTONE = "[#6;R](=[#8;!R])@[#8;R]"  # ring carbonyl carbon, its oxygen, ring oxygen
SULPHO = "[#16X4;$([#16]([#6,#7])(=[#8X1])(=[#8X1])[#8X1-,#8X2H1,$([#8X2][Na,K,Ca])])]"
OTHER_ELEMENT = "[!#1;!#6;!#7;!#8;!$([#16;v2])]"  # Q3: not C, H, O, N or divalent S


def covered(molecule: Mol, groups: Iterable[str]) -> set[int]:
    """Heteroatoms that belong to an occurrence of one of ``groups``."""
    out: set[int] = set()
    for group in groups:
        for pattern in GROUPS[group]:
            for match in matches(molecule, pattern):
                out.update(i for i in match if molecule.GetAtomWithIdx(i).GetSymbol() != "C")
    return out


def uncovered(molecule: Mol, groups: Iterable[str], ignore: set[int] | None = None) -> list[str]:
    """Element symbols of the heteroatoms outside every occurrence of ``groups``."""
    rest = _heteroatoms(molecule) - covered(molecule, groups) - (ignore or set())
    return sorted({molecule.GetAtomWithIdx(i).GetSymbol() for i in rest})


def _heteroatoms(molecule: Mol) -> set[int]:
    return {a.GetIdx() for a in molecule.GetAtoms() if a.GetSymbol() not in ("C", "H")}


def count(molecule: Mol, group: str) -> int:
    return len({m[0] for pattern in GROUPS[group] for m in matches(molecule, pattern)})


def sulphide_count(molecule: Mol) -> int:
    """Mono- and polysulphides, an S-S chain counting once (Q20(b))."""
    atoms = {m[0] for m in matches(molecule, GROUPS["sulphide"][0])}
    linked = sum(
        1
        for b in molecule.GetBonds()
        if b.GetBeginAtomIdx() in atoms and b.GetEndAtomIdx() in atoms
    )
    return len(atoms) - linked


def rings(molecule: Mol) -> list[frozenset[int]]:
    return [frozenset(r) for r in molecule.GetRingInfo().AtomRings()]


def aromatic_rings(molecule: Mol) -> list[frozenset[int]]:
    return [
        r for r in rings(molecule) if all(molecule.GetAtomWithIdx(i).GetIsAromatic() for i in r)
    ]


def has_substituents(molecule: Mol) -> bool:
    """A ring atom with a bond outside any ring to a heavy atom (Toxtree hasSubstituents)."""
    return any(
        not b.IsInRing() and (b.GetBeginAtom().IsInRing() or b.GetEndAtom().IsInRing())
        for b in molecule.GetBonds()
    )


def components(molecule: Mol, removed: set[int]) -> list[set[int]]:
    """Connected pieces left when ``removed`` atoms are taken out (ring substituents)."""
    seen: set[int] = set()
    pieces: list[set[int]] = []
    for atom in molecule.GetAtoms():
        start = atom.GetIdx()
        if start in removed or start in seen:
            continue
        piece, stack = set(), [start]
        while stack:
            i = stack.pop()
            if i in piece:
                continue
            piece.add(i)
            stack.extend(
                n.GetIdx()
                for n in molecule.GetAtomWithIdx(i).GetNeighbors()
                if n.GetIdx() not in removed
            )
        seen |= piece
        pieces.append(piece)
    return pieces


def symbols(molecule: Mol, atoms: Iterable[int]) -> set[str]:
    return {molecule.GetAtomWithIdx(i).GetSymbol() for i in atoms}


def has_double_bond(m: Mol, piece: set[int]) -> bool:
    return any(
        b.GetBondType() == Chem.BondType.DOUBLE and b.GetBeginAtomIdx() in piece
        for a in piece
        for b in m.GetAtomWithIdx(a).GetBonds()
    )


def fragments(molecule: Mol) -> tuple[Mol, ...]:
    frags: tuple[Mol, ...] = Chem.GetMolFrags(molecule, asMols=True)
    return frags


def organic(molecule: Mol) -> bool:
    return any(a.GetSymbol() == "C" for a in molecule.GetAtoms())


def organic_fragments(molecule: Mol) -> list[Mol]:
    """The distinct carbon-bearing components of a salt or mixture."""
    unique: dict[str, Mol] = {}
    for fragment in fragments(molecule):
        if organic(fragment):
            unique.setdefault(canonical(fragment), fragment)
    return list(unique.values())
