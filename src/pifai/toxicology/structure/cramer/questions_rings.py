"""Cramer Q23-Q33: carbocycles, substituted aromatics, their esters/acetals, and the
sulphonate question Q33. (Q27-Q29 reuse the Q13-Q15 predicates.)

Q24 and Q33 are asked of the parent salt, as in Toxtree's ``CramerRules``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pifai.toxicology.structure.cramer.groups import (
    SULPHO,
    aromatic_rings,
    components,
    count,
    covered,
    has_double_bond,
    rings,
    symbols,
    uncovered,
)
from pifai.toxicology.structure.cramer.residues import azo_split, hydrolysed
from pifai.toxicology.structure.cramer.result import Reply, Subject, no, subject_of, yes
from pifai.toxicology.structure.molecules import Mol, canonical, has, matches

# Numbers from the wording of the 1978 questions. They define the tree, they are not safety
# constants, so they are not in the basis register; each is quoted from its question.
_Q25_MAX_RINGS = 2  # Q25(b) "a mono- or bicyclic sulphide"; Q26 "a bicyclic compound"
_Q33_MAX_CARBONS = 20  # Q33 "at least one ... sulphonate ... for every 20 or fewer carbon atoms"

_Q24_GROUPS = (
    "alcohol",
    "aldehyde",
    "acyclic acetal",
    "side-chain ketone",
    "acid",
    "ester",
    "sulphonate",
    "sulphamate",
    "counter-ion",
)
_Q30_GROUPS = ("ring hydroxy", "ring methoxy", "alcohol", "ketone", "aldehyde", "acid", "ester")
_SIX_CARBON_CHAIN = "[#6]~[#6]~[#6]~[#6]~[#6]~[#6]"  # Q30 allows "1-5-carbon" groups
_POE_5 = "[#8][CH2][CH2][#8][CH2][CH2][#8][CH2][CH2][#8][CH2][CH2][#8][CH2][CH2]"


def q23(s: Subject) -> Reply:
    if has(s.molecule, "a"):
        return yes("has an aromatic ring")
    return no("no aromatic ring")


def _single_carbocycle(m: Mol) -> bool:
    return m.GetRingInfo().NumRings() == 1 and not has(m, "[!#6;!#1;R]")


def q24(s: Subject) -> Reply:
    m = s.parent  # Toxtree asks Q24 of the parent salt
    if not _single_carbocycle(m) or has(m, "[r3,r4]") or has(m, "a"):
        return no("not a single non-aromatic carbocycle of five or more atoms")
    others = uncovered(m, _Q24_GROUPS)
    if others:
        return no("ring or side chains carry other groups (atoms " + ", ".join(others) + ")")
    return yes("monocarbocyclic with only the listed simple groups")


def q25(s: Subject) -> Reply:
    m = s.molecule
    if _single_carbocycle(m) and has(m, "[r3,r4]") and not uncovered(m, _Q24_GROUPS):
        return yes("a cyclopropane or cyclobutane with only the groups of Q24")
    sulphur = count(m, "mercaptan") + count(m, "sulphide")
    ring_count = m.GetRingInfo().NumRings()
    groups = (*_Q24_GROUPS, "mercaptan", "sulphide")
    if sulphur and ring_count <= _Q25_MAX_RINGS and not uncovered(m, groups):
        return yes("a mono- or bicyclic sulphide or mercaptan")
    return no("neither a substituted cyclopropane/cyclobutane nor a cyclic sulphide/mercaptan")


def q26(s: Subject) -> Reply:
    m = s.molecule
    others = uncovered(m, (*_Q24_GROUPS, "ring ketone"))
    if others:
        return no("groups beyond those of Q24 (atoms " + ", ".join(others) + ")")
    ring_count = m.GetRingInfo().NumRings()
    if ring_count == 1 and not has(m, "[!#6;!#1;R]") and count(m, "ring ketone"):
        return yes("a monocycloalkanone")
    if ring_count == _Q25_MAX_RINGS:
        return yes("a bicyclic compound")
    return no("neither a monocycloalkanone nor bicyclic")


def _q30_complex(m: Mol) -> str | None:
    """Why the aromatic ring bears a substituent beyond Q30's list, or None."""
    ring = {i for r in aromatic_rings(m) for i in r}
    allowed = covered(m, _Q30_GROUPS)
    chains = [set(chain) for chain in matches(m, _SIX_CARBON_CHAIN)]
    for piece in components(m, ring):
        if _is_ring_hydroxy_or_methoxy(m, piece, ring):
            continue
        if any(m.GetAtomWithIdx(i).IsInRing() for i in piece):
            return "a cyclic substituent"
        if any(chain <= piece for chain in chains):
            return "an aliphatic chain longer than 5 carbons"
        hetero = {i for i in piece if m.GetAtomWithIdx(i).GetSymbol() != "C"}
        if not hetero <= allowed:
            return "a substituent group other than alcohol, ketone, aldehyde, acid or ester"
    return None


def _is_ring_hydroxy_or_methoxy(m: Mol, piece: set[int], ring: set[int]) -> bool:
    oxygens = [i for i in piece if m.GetAtomWithIdx(i).GetSymbol() == "O"]
    if len(oxygens) != 1 or symbols(m, piece) - {"O", "C"}:
        return False
    oxygen = m.GetAtomWithIdx(oxygens[0])
    on_ring = any(n.GetIdx() in ring for n in oxygen.GetNeighbors())
    hydroxy = piece == set(oxygens) and oxygen.GetTotalNumHs() == 1
    carbons = [m.GetAtomWithIdx(i) for i in piece if i not in oxygens]
    methoxy = len(carbons) == 1 and carbons[0].GetDegree() == 1 and not has_double_bond(m, piece)
    return on_ring and (hydroxy or methoxy)


def _aromatic_part(pieces: Iterable[Mol]) -> Mol | None:
    return next((p for p in pieces if has(p, "a")), None)


def q30(s: Subject) -> Reply:
    m = s.molecule
    esters_opened = hydrolysed(m, esters=True, acetals=False)
    target = _aromatic_part(esters_opened or ()) or m
    why = _q30_complex(target)
    note = f" (esters hydrolysed: {canonical(target)})" if esters_opened else ""
    if why:
        return yes("the ring bears " + why + note)
    return no("only ring hydroxy/methoxy and small aliphatic groups with listed groups" + note)


def q31(s: Subject) -> Reply:
    m = s.molecule
    pieces = hydrolysed(m, esters=True, acetals=True)
    if pieces is None:
        return no("not an acyclic acetal, ketal or ester")
    aromatic = _aromatic_part(pieces)
    if aromatic is None or _q30_complex(aromatic):
        return no("hydrolysis does not give a substance of Q30")
    residues = tuple(subject_of(p, s.parent) for p in pieces)
    return yes("hydrolysed to " + ", ".join(r.smiles for r in residues), residues)


def q32(s: Subject) -> Reply:
    m = s.molecule
    groups = (*_Q30_GROUPS, "acyclic acetal", "polyoxyethylene")
    others = uncovered(m, groups)
    if others:
        return no("groups beyond those of Q30/Q31 (atoms " + ", ".join(others) + ")")
    if has(m, _POE_5):
        return no("a polyoxyethylene chain longer than 4 units")
    aromatic = aromatic_rings(m)
    extra = [r for r in rings(m) if r not in aromatic]
    if len(extra) > 1:
        return no("more than one non-aromatic ring")
    for ring in extra:
        hetero = any(m.GetAtomWithIdx(i).GetSymbol() != "C" for i in ring)
        fused = any(ring & other for other in aromatic)
        if hetero or not fused:
            return no("a ring other than a single fused non-aromatic carbocycle")
    return yes(
        "only Q30/Q31 groups with a fused carbocycle, longer chains or short polyoxyethylene"
    )


def q33(s: Subject) -> Reply:
    m = s.parent  # Toxtree asks Q33 of the parent salt
    if not has(m, SULPHO):
        return no("no Na, K or Ca sulphonate or sulphamate")
    for piece in azo_split(m):
        groups = len(matches(piece, SULPHO))
        carbons = sum(1 for a in piece.GetAtoms() if a.GetSymbol() == "C")
        if groups == 0:
            return no(f"component {canonical(piece)} bears no sulphonate or sulphamate")
        if carbons > _Q33_MAX_CARBONS * groups:
            return no(
                f"component {canonical(piece)} has more than {_Q33_MAX_CARBONS} carbons "
                "per sulphonate"
            )
    free = [a for (a,) in matches(m, "[#7X3;H2]") if (a,) not in matches(m, "[#7X3;H2]a:a[#16X4]")]
    if free:
        return no("a free primary amine not adjacent to the sulphonate")
    return yes("every component carries a sulphonate/sulphamate per 20 or fewer carbons")
