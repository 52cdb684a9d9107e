"""Cramer Q1-Q6: body constituents, groups of enhanced toxicity, other elements and their
salts, simple hydrocarbons/carbohydrates, and para-alkoxy benzene derivatives.

Wording: Cramer, Ford & Hall 1978; decisions as described per question in ``docs/cramer.md``.
"""

from __future__ import annotations

from pifai.toxicology.structure.cramer.groups import (
    BRANCH,
    GROUPS,
    OTHER_ELEMENT,
    SULPHO,
    components,
    count,
    covered,
    fragments,
    has_double_bond,
    organic_fragments,
    symbols,
    uncovered,
)
from pifai.toxicology.structure.cramer.residues import salt_free
from pifai.toxicology.structure.cramer.result import Reply, Subject, no, subject_of, unknown, yes
from pifai.toxicology.structure.molecules import Mol, canonical, has, matches

_AMINE = "[$([#7X3;!$([#7][#6]=[#8,#16,#7]);!$([#7]-[!#6;!#1])]),$([#7+;!H0]),$([nH+])]"


def q1(s: Subject) -> Reply:
    return unknown("needs a list of normal body constituents; no cited list is implemented")


_Q2_GROUPS = {
    "aliphatic secondary amine": (
        "[#7X3;H1;!$([#7][#6]=[#8,#16,#7]);!$([#7]-[!#6;!#1]);!$([#7]a)]([#6])[#6]",
        "[#7X4+;H2;!$([#7]a)]([#6])[#6]",
    ),
    "cyano": ("[#6X2]#[#7X1]",),
    "N-nitroso": ("[#7][#7X2]=[#8X1]",),
    "nitro": ("[$([#7X3](=[#8])=[#8]),$([#7X3+](=[#8])[#8-])]",),
    "diazo": ("[#6]=[#7+]=[#7-]", "[#6]=[#7X2]=[#7X1]", "[#6][#7+]#[#7X1]"),
    "triazeno": ("[#7X3]-[#7X2]=[#7X2]",),
    "quaternary nitrogen": (
        "[#7X4+;H0;!$([#7][#8-])]",
        "[#7X3+;H0;!$([#7]~[#8]);!$([#7]=[#6]);!$([#7]#*)]",
        "[n+;H0;!$([n][#8-])]",
    ),
}


def q2(s: Subject) -> Reply:
    found = [
        name for name, patterns in _Q2_GROUPS.items() if any(has(s.molecule, p) for p in patterns)
    ]
    if found:
        return yes("contains " + ", ".join(found))
    return no(
        "no secondary aliphatic amine, cyano, N-nitroso, nitro, diazo, triazeno or "
        "quaternary nitrogen (>C=N+R2 and amine salts excepted)"
    )


def q3(s: Subject) -> Reply:
    others = sorted(
        {s.molecule.GetAtomWithIdx(m[0]).GetSymbol() for m in matches(s.molecule, OTHER_ELEMENT)}
    )
    if others:
        return yes("contains " + ", ".join(others) + " (S counts only when not divalent)")
    pieces = organic_fragments(s.molecule)
    several = len(fragments(s.molecule)) > 1
    residues = tuple(subject_of(f) for f in pieces) if several else ()
    note = "; each organic component classified on its own" if residues else ""
    return no("only C, H, O, N and divalent S" + note, residues)


def q4(s: Subject) -> Reply:
    molecule = s.molecule
    has_acid = any(has(molecule, p) for p in GROUPS["acid"])
    has_sulpho = has(molecule, SULPHO) or has(
        molecule, "[#16X4](=[#8X1])(=[#8X1])([#8X2][#6])[#8X1-,#8X2H1]"
    )
    has_amine = has(molecule, _AMINE)
    refused: set[str] = set()
    for (index,) in matches(molecule, OTHER_ELEMENT):
        atom = molecule.GetAtomWithIdx(index)
        symbol = atom.GetSymbol()
        if symbol in ("Na", "K", "Ca") and (has_acid or has_sulpho):
            continue
        if symbol == "Mg" and has_acid:
            continue
        if symbol == "S" and _allowed_sulphur(molecule, index, has_amine):
            continue
        if symbol == "Cl" and atom.GetDegree() == 0 and has_amine:
            continue
        refused.add(symbol)
    if refused:
        return no(
            ", ".join(sorted(refused)) + " not only as a Na/K/Ca/Mg salt of an acid, "
            "an amine sulphate or hydrochloride, or a sulphonate/sulphamate/sulphate"
        )
    residues = []
    for fragment in organic_fragments(molecule):
        free = salt_free(fragment)
        if free is None:
            return no(f"could not form the free acid/amine of {canonical(fragment)}")
        residues.append(subject_of(free, fragment))
    unique = {r.smiles: r for r in residues}
    return yes(
        "salt / sulphonate / sulphate forms only; treated as the free compound "
        + ", ".join(unique),
        tuple(unique.values()),
    )


def _allowed_sulphur(molecule: Mol, index: int, has_amine: bool) -> bool:
    atom_patterns = (
        SULPHO,
        "[#16X4;$([#16](=[#8X1])(=[#8X1])([#8X2][#6])[#8X1-,#8X2H1,$([#8X2][Na,K,Ca])])]",
    )
    if any((index,) in matches(molecule, p) for p in atom_patterns):
        return True
    acid = "[#16X4;$([#16](=[#8X1])(=[#8X1])([#8X2H1,#8X1-])[#8X2H1,#8X1-])]"
    return has_amine and (index,) in matches(molecule, acid)


def q5(s: Subject) -> Reply:
    m = s.molecule
    elements = symbols(m, range(m.GetNumAtoms()))
    if elements == {"C"}:
        if m.GetRingInfo().NumRings() or has(m, "[#6]#[#6]") or has(m, "a"):
            return no("a hydrocarbon, but cyclic, aromatic or acetylenic")
        if has(m, BRANCH):
            return unknown(
                "branched acyclic hydrocarbon: 'simply branched' is not defined operationally"
            )
        return yes("a linear acyclic aliphatic hydrocarbon")
    if (
        elements == {"C", "O"}
        and count(m, "alcohol") > 1
        and not uncovered(m, ("alcohol", "ether", "acetal", "ketal", "aldehyde", "ketone"))
    ):
        return unknown(
            "a polyhydroxy compound of C, H, O: whether it is a *common* carbohydrate needs a list"
        )
    return no("not a hydrocarbon and not a carbohydrate by structure")


def q6(s: Subject) -> Reply:
    m = s.molecule
    benzene = {frozenset(match) for match in matches(m, "c1ccccc1")}
    if len(benzene) != 1:
        return no("not a single benzene ring")
    ring = set(next(iter(benzene)))
    kinds: dict[int, str] = {}
    for piece in components(m, ring):
        kind = _benzene_substituent(m, piece, ring)
        if kind is None:
            return no("a substituent other than hydrocarbon chains, hydroxy/ester chains, alkoxy")
        kinds.update(dict.fromkeys(piece, kind))
    for oxygen, *_, carbon in matches(m, "[#8X2;H0]-c1:c:c:c(:c:c:1)-[#6;!a]"):
        if kinds.get(oxygen) == "alkoxy" and kinds.get(carbon) == "chain":
            return yes("alkoxy group para to a hydrocarbon (or hydroxy/ester) chain")
    return no("no alkoxy group para to a hydrocarbon chain")


def _benzene_substituent(m: Mol, piece: set[int], ring: set[int]) -> str | None:
    """'chain' or 'alkoxy' when the substituent is one Q6 allows, else None."""
    elements = symbols(m, piece)
    attached = {
        i for i in piece if any(n.GetIdx() in ring for n in m.GetAtomWithIdx(i).GetNeighbors())
    }
    in_ring = any(m.GetAtomWithIdx(i).IsInRing() for i in piece)
    if elements == {"C"}:
        return None if in_ring else "chain"
    if elements != {"C", "O"}:
        return None
    oxygens = {i for i in piece if m.GetAtomWithIdx(i).GetSymbol() == "O"}
    if attached <= oxygens:
        alkoxy = oxygens <= attached and all(
            m.GetAtomWithIdx(i).GetTotalNumHs() == 0 for i in oxygens
        )
        return "alkoxy" if alkoxy and not has_double_bond(m, piece) else None
    allowed = covered(m, ("alcohol", "ester"))
    return "chain" if oxygens <= allowed and not in_ring else None
