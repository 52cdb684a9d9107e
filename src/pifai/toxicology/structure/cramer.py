"""Cramer classification from a SMILES: the 1978 decision tree, for the TTC tier (SPEC §10).

Implements the 33 questions of Cramer GM, Ford RA, Hall RL (1978) "Estimation of toxic hazard -
a decision tree approach", Food Cosmet. Toxicol. 16:255-276, with the branch table and helper
steps of Toxtree's implementation (``toxTree.tree.cramer.CramerRules``, repository
ideaconsult/toxtree-mirror): after Q4, Q9, Q15, Q29 and Q31 the tree goes on with the salt-free,
hydrolysed or ring-opened residues, and a substance takes the highest class any residue reaches.

Questions that need a list (Q1 normal body constituent, Q16/Q17 common terpene, Q22 common
food component, the "common carbohydrate" of Q5) and the undefined qualifier "simply branched"
(Q5, Q20, for branched skeletons only) cannot be answered from a structure: they take the
branch toward the higher class and are reported in ``unanswered``. ``docs/cramer.md`` lists
how every question is decided. Results are frozen and cached per SMILES.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from rdkit import Chem

from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.margin import TtcClass
from pifai.toxicology.structure.molecules import Mol, canonical, has, matches, parse_smiles

CITATION = (
    "Cramer, Ford & Hall 1978, Food Cosmet. Toxicol. 16:255-276; branch table of Toxtree "
    "CramerRules (ideaconsult/toxtree-mirror)"
)

# Numbers from the wording of the 1978 questions. They define the tree, they are not safety
# constants, so they are not in the basis register; each is quoted from its question.
_Q20_MAX_EACH = 4  # Q20(a) "four or less, each, of alcohol, aldehyde, ... acid or esters";
#                    Q20(b) "polyoxyethylene [(-OCH2CH2-)x with x no greater than 4]"
_Q21_MIN_TYPES = 3  # Q21 "three or more different functional groups"
_Q25_MAX_RINGS = 2  # Q25(b) "a mono- or bicyclic sulphide"; Q26 "a bicyclic compound"
_Q33_MAX_CARBONS = 20  # Q33 "at least one ... sulphonate ... for every 20 or fewer carbon atoms"

_ORDER = (TtcClass.CRAMER_I, TtcClass.CRAMER_II, TtcClass.CRAMER_III)  # low to high concern
_RANK = {cramer_class: rank for rank, cramer_class in enumerate(_ORDER)}
_ROMAN = {TtcClass.CRAMER_I: "I", TtcClass.CRAMER_II: "II", TtcClass.CRAMER_III: "III"}


@dataclass(frozen=True)
class CramerAnswer:
    """One question on the path: ``answer`` is None when it could not be answered."""

    question: int
    text: str
    answer: bool | None
    reason: str


@dataclass(frozen=True)
class CramerResult:
    cramer_class: TtcClass
    answers: tuple[CramerAnswer, ...]
    unanswered: tuple[str, ...]
    explanation: str


# --------------------------------------------------------------------------- functional groups
# SMARTS written for this module after the group definitions of Toxtree's FunctionalGroups;
# the first atom of each pattern is the key used to count groups.
_G: dict[str, tuple[str, ...]] = {
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

_BRANCH = "[#6]([#6])([#6])[#6]"  # a carbon bonded to three carbons: the chain is branched
_POE_5 = "[#8][CH2][CH2][#8][CH2][CH2][#8][CH2][CH2][#8][CH2][CH2][#8][CH2][CH2]"
_SIX_CARBON_CHAIN = "[#6]~[#6]~[#6]~[#6]~[#6]~[#6]"  # Q30 allows "1-5-carbon" groups
_LACTONE = "[#6;R](=[#8;!R])@[#8;R]"  # ring carbonyl carbon, its oxygen, ring oxygen
_SULPHO = "[#16X4;$([#16]([#6,#7])(=[#8X1])(=[#8X1])[#8X1-,#8X2H1,$([#8X2][Na,K,Ca])])]"
_AMINE = "[$([#7X3;!$([#7][#6]=[#8,#16,#7]);!$([#7]-[!#6;!#1])]),$([#7+;!H0]),$([nH+])]"


def _heteroatoms(molecule: Mol) -> set[int]:
    return {a.GetIdx() for a in molecule.GetAtoms() if a.GetSymbol() not in ("C", "H")}


def _covered(molecule: Mol, groups: Iterable[str]) -> set[int]:
    """Heteroatoms that belong to an occurrence of one of ``groups``."""
    out: set[int] = set()
    for group in groups:
        for pattern in _G[group]:
            for match in matches(molecule, pattern):
                out.update(i for i in match if molecule.GetAtomWithIdx(i).GetSymbol() != "C")
    return out


def _count(molecule: Mol, group: str) -> int:
    return len({m[0] for pattern in _G[group] for m in matches(molecule, pattern)})


def _sulphide_count(molecule: Mol) -> int:
    """Mono- and polysulphides, an S-S chain counting once (Q20(b))."""
    atoms = {m[0] for m in matches(molecule, _G["sulphide"][0])}
    linked = sum(
        1
        for b in molecule.GetBonds()
        if b.GetBeginAtomIdx() in atoms and b.GetEndAtomIdx() in atoms
    )
    return len(atoms) - linked


def _uncovered(molecule: Mol, groups: Iterable[str], ignore: set[int] | None = None) -> list[str]:
    rest = _heteroatoms(molecule) - _covered(molecule, groups) - (ignore or set())
    return sorted({molecule.GetAtomWithIdx(i).GetSymbol() for i in rest})


def _rings(molecule: Mol) -> list[frozenset[int]]:
    return [frozenset(r) for r in molecule.GetRingInfo().AtomRings()]


def _aromatic_rings(molecule: Mol) -> list[frozenset[int]]:
    return [
        r for r in _rings(molecule) if all(molecule.GetAtomWithIdx(i).GetIsAromatic() for i in r)
    ]


def _has_substituents(molecule: Mol) -> bool:
    """A ring atom with a bond outside any ring to a heavy atom (Toxtree hasSubstituents)."""
    return any(
        not b.IsInRing() and (b.GetBeginAtom().IsInRing() or b.GetEndAtom().IsInRing())
        for b in molecule.GetBonds()
    )


def _components(molecule: Mol, removed: set[int]) -> list[set[int]]:
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


def _symbols(molecule: Mol, atoms: Iterable[int]) -> set[str]:
    return {molecule.GetAtomWithIdx(i).GetSymbol() for i in atoms}


def _fragments(molecule: Mol) -> tuple[Mol, ...]:
    frags: tuple[Mol, ...] = Chem.GetMolFrags(molecule, asMols=True)
    return frags


def _organic(molecule: Mol) -> bool:
    return any(a.GetSymbol() == "C" for a in molecule.GetAtoms())


# --------------------------------------------------------------------------- edits (residues)
def _edited(molecule: Mol, edit: Callable[[Chem.RWMol], bool]) -> tuple[Mol, ...] | None:
    """Apply ``edit`` to a kekulized copy; the sanitized pieces, or None if nothing changed."""
    editable = Chem.RWMol(molecule)
    try:
        Chem.Kekulize(editable, clearAromaticFlags=True)
        if not edit(editable):
            return None
        Chem.SanitizeMol(editable)
    except (ValueError, RuntimeError):  # RDKit's sanitization errors
        return None
    unique = {canonical(f): f for f in _fragments(editable.GetMol()) if _organic(f)}
    return tuple(unique.values())


def _open(editable: Chem.RWMol, carbon: int, oxygen: int, order: Chem.BondType) -> None:
    """Break carbon-oxygen and give the carbon a new oxygen (hydrolysis)."""
    editable.RemoveBond(carbon, oxygen)
    new = editable.AddAtom(Chem.Atom("O"))
    editable.AddBond(carbon, new, order)


def _hydrolysed(molecule: Mol, *, esters: bool, acetals: bool) -> tuple[Mol, ...] | None:
    """Residues of hydrolysing acyclic ester and acetal links; None when there is none."""
    ester_links = [
        (c, o) for c, _, o, _ in matches(molecule, "[#6X3](=[#8X1])!@[#8X2][#6]") if esters
    ]
    acetal_links = [m for m in matches(molecule, "[#6X4]([#8X2;!R][#6])[#8X2;!R][#6]") if acetals]

    def edit(editable: Chem.RWMol) -> bool:
        for carbon, oxygen in ester_links:
            _open(editable, carbon, oxygen, Chem.BondType.SINGLE)
        done: set[int] = set()
        for carbon, first, _, second, _ in acetal_links:
            if carbon in done or first in done or second in done:
                continue
            done |= {carbon, first, second}
            editable.RemoveBond(carbon, second)
            _open(editable, carbon, first, Chem.BondType.DOUBLE)
        return bool(ester_links or acetal_links)

    return _edited(molecule, edit)


def _ring_opened(molecule: Mol) -> tuple[Mol, ...] | None:
    """The hydroxy acid(s) of a lactone or cyclic diester (Q9 'treat as the hydroxy acid')."""
    links = [(carbon, oxygen) for carbon, _, oxygen in matches(molecule, _LACTONE)]

    def edit(editable: Chem.RWMol) -> bool:
        for carbon, oxygen in links:
            _open(editable, carbon, oxygen, Chem.BondType.SINGLE)
        return bool(links)

    return _edited(molecule, edit)


def _salt_free(fragment: Mol) -> Mol | None:
    """Q4: the free acid / amine, unsulphonated / unsulphated, of one salt fragment."""
    sulpho = [m for m in matches(fragment, "[#6,#7]-[#16X4](=[#8X1])(=[#8X1])-[#8]")]
    sulphate = [m for m in matches(fragment, "[#6]-[#8X2]-[#16X4](=[#8X1])(=[#8X1])-[#8]")]

    def edit(editable: Chem.RWMol) -> bool:
        doomed: set[int] = set()
        for _, s, o1, o2, o3 in sulpho:
            doomed |= {s, o1, o2, o3}
        for _, _, s, o1, o2, o3 in sulphate:
            doomed |= {s, o1, o2, o3}
        for atom in editable.GetAtoms():
            if atom.GetSymbol() in ("Na", "K", "Ca", "Mg"):
                doomed.add(atom.GetIdx())
            elif atom.GetFormalCharge() and atom.GetIdx() not in doomed:
                _neutralise(atom)
        for index in sorted(doomed, reverse=True):
            editable.RemoveAtom(index)
        return True

    pieces = _edited(fragment, edit)
    return pieces[0] if pieces and len(pieces) == 1 else None


def _neutralise(atom: Chem.Atom) -> None:
    charge = atom.GetFormalCharge()
    if atom.GetSymbol() == "O" and charge < 0:
        atom.SetFormalCharge(0)
        atom.SetNoImplicit(False)
        atom.SetNumExplicitHs(0)
    elif atom.GetSymbol() == "N" and charge > 0 and atom.GetTotalNumHs() > 0:
        atom.SetFormalCharge(0)
        atom.SetNumExplicitHs(max(atom.GetNumExplicitHs() - 1, 0))


# --------------------------------------------------------------------------- the questions
@dataclass(frozen=True, eq=False)
class _Subject:
    """The structure a question is asked about, and the salt it came from (Q24, Q33)."""

    molecule: Mol
    parent: Mol
    smiles: str


def _subject(molecule: Mol, parent: Mol | None = None) -> _Subject:
    return _Subject(molecule, parent if parent is not None else molecule, canonical(molecule))


@dataclass(frozen=True)
class _Reply:
    answer: bool | None
    reason: str
    residues: tuple[_Subject, ...] = ()


def _yes(reason: str, residues: tuple[_Subject, ...] = ()) -> _Reply:
    return _Reply(True, reason, residues)


def _no(reason: str, residues: tuple[_Subject, ...] = ()) -> _Reply:
    return _Reply(False, reason, residues)


def _unknown(reason: str) -> _Reply:
    return _Reply(None, reason)


def _q1(s: _Subject) -> _Reply:
    return _unknown("needs a list of normal body constituents; no cited list is implemented")


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


def _q2(s: _Subject) -> _Reply:
    found = [
        name for name, patterns in _Q2_GROUPS.items() if any(has(s.molecule, p) for p in patterns)
    ]
    if found:
        return _yes("contains " + ", ".join(found))
    return _no(
        "no secondary aliphatic amine, cyano, N-nitroso, nitro, diazo, triazeno or "
        "quaternary nitrogen (>C=N+R2 and amine salts excepted)"
    )


_OTHER_ELEMENT = "[!#1;!#6;!#7;!#8;!$([#16;v2])]"


def _q3(s: _Subject) -> _Reply:
    others = sorted(
        {s.molecule.GetAtomWithIdx(m[0]).GetSymbol() for m in matches(s.molecule, _OTHER_ELEMENT)}
    )
    if others:
        return _yes("contains " + ", ".join(others) + " (S counts only when not divalent)")
    pieces = _organic_fragments(s.molecule)
    several = len(_fragments(s.molecule)) > 1
    residues = tuple(_subject(f) for f in pieces) if several else ()
    note = "; each organic component classified on its own" if residues else ""
    return _no("only C, H, O, N and divalent S" + note, residues)


def _organic_fragments(molecule: Mol) -> list[Mol]:
    unique: dict[str, Mol] = {}
    for fragment in _fragments(molecule):
        if _organic(fragment):
            unique.setdefault(canonical(fragment), fragment)
    return list(unique.values())


def _q4(s: _Subject) -> _Reply:
    molecule = s.molecule
    has_acid = any(has(molecule, p) for p in _G["acid"])
    has_sulpho = has(molecule, _SULPHO) or has(
        molecule, "[#16X4](=[#8X1])(=[#8X1])([#8X2][#6])[#8X1-,#8X2H1]"
    )
    has_amine = has(molecule, _AMINE)
    refused: set[str] = set()
    for (index,) in matches(molecule, _OTHER_ELEMENT):
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
        return _no(
            ", ".join(sorted(refused)) + " not only as a Na/K/Ca/Mg salt of an acid, "
            "an amine sulphate or hydrochloride, or a sulphonate/sulphamate/sulphate"
        )
    residues = []
    for fragment in _organic_fragments(molecule):
        free = _salt_free(fragment)
        if free is None:
            return _no(f"could not form the free acid/amine of {canonical(fragment)}")
        residues.append(_subject(free, fragment))
    unique = {r.smiles: r for r in residues}
    return _yes(
        "salt / sulphonate / sulphate forms only; treated as the free compound "
        + ", ".join(unique),
        tuple(unique.values()),
    )


def _allowed_sulphur(molecule: Mol, index: int, has_amine: bool) -> bool:
    atom_patterns = (
        _SULPHO,
        "[#16X4;$([#16](=[#8X1])(=[#8X1])([#8X2][#6])[#8X1-,#8X2H1,$([#8X2][Na,K,Ca])])]",
    )
    if any((index,) in matches(molecule, p) for p in atom_patterns):
        return True
    acid = "[#16X4;$([#16](=[#8X1])(=[#8X1])([#8X2H1,#8X1-])[#8X2H1,#8X1-])]"
    return has_amine and (index,) in matches(molecule, acid)


def _q5(s: _Subject) -> _Reply:
    m = s.molecule
    symbols = _symbols(m, range(m.GetNumAtoms()))
    if symbols == {"C"}:
        if m.GetRingInfo().NumRings() or has(m, "[#6]#[#6]") or has(m, "a"):
            return _no("a hydrocarbon, but cyclic, aromatic or acetylenic")
        if has(m, _BRANCH):
            return _unknown(
                "branched acyclic hydrocarbon: 'simply branched' is not defined operationally"
            )
        return _yes("a linear acyclic aliphatic hydrocarbon")
    if (
        symbols == {"C", "O"}
        and _count(m, "alcohol") > 1
        and not _uncovered(m, ("alcohol", "ether", "acetal", "ketal", "aldehyde", "ketone"))
    ):
        return _unknown(
            "a polyhydroxy compound of C, H, O: whether it is a *common* carbohydrate needs a list"
        )
    return _no("not a hydrocarbon and not a carbohydrate by structure")


def _q6(s: _Subject) -> _Reply:
    m = s.molecule
    benzene = {frozenset(match) for match in matches(m, "c1ccccc1")}
    if len(benzene) != 1:
        return _no("not a single benzene ring")
    ring = set(next(iter(benzene)))
    kinds: dict[int, str] = {}
    for piece in _components(m, ring):
        kind = _benzene_substituent(m, piece, ring)
        if kind is None:
            return _no("a substituent other than hydrocarbon chains, hydroxy/ester chains, alkoxy")
        kinds.update(dict.fromkeys(piece, kind))
    for oxygen, *_, carbon in matches(m, "[#8X2;H0]-c1:c:c:c(:c:c:1)-[#6;!a]"):
        if kinds.get(oxygen) == "alkoxy" and kinds.get(carbon) == "chain":
            return _yes("alkoxy group para to a hydrocarbon (or hydroxy/ester) chain")
    return _no("no alkoxy group para to a hydrocarbon chain")


def _benzene_substituent(m: Mol, piece: set[int], ring: set[int]) -> str | None:
    symbols = _symbols(m, piece)
    attached = {
        i for i in piece if any(n.GetIdx() in ring for n in m.GetAtomWithIdx(i).GetNeighbors())
    }
    in_ring = any(m.GetAtomWithIdx(i).IsInRing() for i in piece)
    if symbols == {"C"}:
        return None if in_ring else "chain"
    if symbols != {"C", "O"}:
        return None
    oxygens = {i for i in piece if m.GetAtomWithIdx(i).GetSymbol() == "O"}
    if attached <= oxygens:
        alkoxy = oxygens <= attached and all(
            m.GetAtomWithIdx(i).GetTotalNumHs() == 0 for i in oxygens
        )
        return "alkoxy" if alkoxy and not _has_double_bond(m, piece) else None
    covered = _covered(m, ("alcohol", "ester"))
    return "chain" if oxygens <= covered and not in_ring else None


def _has_double_bond(m: Mol, piece: set[int]) -> bool:
    return any(
        b.GetBondType() == Chem.BondType.DOUBLE and b.GetBeginAtomIdx() in piece
        for a in piece
        for b in m.GetAtomWithIdx(a).GetBonds()
    )


def _q7(s: _Subject) -> _Reply:
    if has(s.molecule, "[!#6;!#1;R]"):
        return _yes("a ring contains a heteroatom")
    return _no("no heterocyclic ring")


def _lactone_rings(m: Mol) -> list[frozenset[int]]:
    hits = [(carbon, oxygen) for carbon, _, oxygen in matches(m, _LACTONE)]
    ester_oxygens = {oxygen for _, oxygen in hits}
    rings = []
    for ring in _rings(m):
        if not any(carbon in ring and oxygen in ring for carbon, oxygen in hits):
            continue
        if all(m.GetAtomWithIdx(i).GetSymbol() == "C" or i in ester_oxygens for i in ring):
            rings.append(ring)
    return rings


def _q8(s: _Subject) -> _Reply:
    if has(s.molecule, "[#6](=[#8])[#8][#6](=[#8])"):
        return _no("an anhydride, not a lactone (as in Toxtree)")
    if _lactone_rings(s.molecule):
        return _yes("a lactone or cyclic diester ring")
    return _no("no lactone or cyclic diester")


def _q9(s: _Subject) -> _Reply:
    m = s.molecule
    info = m.GetRingInfo()
    for ring in _lactone_rings(m):
        if any(info.NumAtomRings(i) > 1 for i in ring):
            return _yes("the lactone ring is fused to (shares atoms with) another ring")
    unsaturated = (
        "[#6;r5,r6](=[#8;!R])(@[#8;R])@[#6]=,:[#6]",
        "[#6;r5,r6](=[#8;!R])(@[#8;R])@[#6]=[#6;!R]",
    )
    if any(has(m, p) for p in unsaturated):
        return _yes("a 5- or 6-membered alpha,beta-unsaturated lactone")
    opened = _ring_opened(m) or (m,)
    residues = tuple(_subject(f, s.parent) for f in opened)
    return _no(
        "treated from here as its hydroxy acid " + ", ".join(r.smiles for r in residues), residues
    )


def _q10(s: _Subject) -> _Reply:
    if has(s.molecule, "[!#6;!#1;r3]"):
        return _yes("a three-membered heterocycle")
    return _no("no three-membered heterocycle")


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


def _q11(s: _Subject) -> _Reply:
    m = s.molecule
    ring_heteroatoms = {i for r in _rings(m) for i in r if m.GetAtomWithIdx(i).GetSymbol() != "C"}
    others = _uncovered(m, _Q11_GROUPS, ignore=ring_heteroatoms)
    if others:
        return _yes("bears groups beyond those listed (atoms " + ", ".join(others) + ")")
    return _no("only the listed simple groups besides the ring heteroatoms")


def _q12(s: _Subject) -> _Reply:
    if has(s.molecule, "[a;!c]"):
        return _yes("an aromatic ring contains a heteroatom")
    return _no("not heteroaromatic")


def _q13(s: _Subject) -> _Reply:
    if _has_substituents(s.molecule):
        return _yes("the ring bears substituents")
    return _no("an unsubstituted ring")


def _many_aromatic(s: _Subject) -> _Reply:
    count = len(_aromatic_rings(s.molecule))
    if count > 1:
        return _yes(f"{count} aromatic rings")
    return _no("one aromatic ring")


def _readily_hydrolysed(s: _Subject) -> _Reply:
    pieces = _hydrolysed(s.molecule, esters=True, acetals=True)
    if pieces is None:
        return _no("no ester or acetal link to hydrolyse")
    if any(p.GetRingInfo().NumRings() > 1 for p in pieces):
        return _no("hydrolysis leaves a residue with more than one ring")
    residues = tuple(_subject(p, s.parent) for p in pieces)
    return _yes("hydrolysed to " + ", ".join(r.smiles for r in residues), residues)


def _q16(s: _Subject) -> _Reply:
    return _unknown("needs a list of common terpenes; no cited list is implemented")


def _q17(s: _Subject) -> _Reply:
    return _unknown("depends on Q16 (common terpene), which needs a list")


_Q18 = {
    "(a) vicinal diketone": ("[#6][#6X3](=[#8])[#6X3](=[#8])[#6]",),
    "(a) ketone or ketal on a terminal vinyl": (
        "[CH2]=[CH1][CX3](=O)[!#8;!#16;!#7;!#1]",
        "[CH2]=[CH1][CX4]([OX2][#6])([OX2][#6])[#6]",
    ),
    "(b) secondary alcohol or its ester on a terminal vinyl": (
        "[OX2H1][CX4H1]([#6])[CH1]=[CH2]",
        "[#6][CX3](=O)[OX2][CX4H1]([#6])[CH1]=[CH2]",
        "[CH2]=[CH1][CX4H1]([CH3])[CX3](=O)[OX2][#6]",
    ),
    "(c) allyl alcohol, its acetal, ketal or ester": (
        "[OX2H1][CH2][CH1]=[CH2]",
        "[CX4]([OX2][CH2][CH1]=[CH2])[OX2][CH2][CH1]=[CH2]",
        "[CX3](=O)[OX2][CH2][CH1]=[CH2]",
    ),
    "(d) allyl mercaptan, sulphide, thioester or amine": (
        "[SX2][CH2][CH1]=[CH2]",
        "[NX3][CH2][CH1]=[CH2]",
    ),
    "(e) acrolein, methacrolein or their acetals": (
        "[CH2]=[CH1][CX3H1]=O",
        "[CH2]=[CX3]([CH3])[CX3H1]=O",
        "[CH2]=[CH1][CX4H1]([OX2][#6])[OX2][#6]",
        "[CH2]=[CX3]([CH3])[CX4H1]([OX2][#6])[OX2][#6]",
    ),
    "(f) acrylic or methacrylic acid": (
        "[CH2]=[CH1][CX3](=O)[OX2H1,OX1-]",
        "[CH2]=[CX3]([CH3])[CX3](=O)[OX2H1,OX1-]",
    ),
    "(g) acetylenic": ("[#6]#[#6]",),
    "(i) sterically hindered functional group": (
        "[!#1;!#6]-[#6](~[#6]-[CX4]([#6])([#6])[#6])~[#6]-[CX4]([#6])([#6])[#6]",
    ),
}


def _q18(s: _Subject) -> _Reply:
    m = s.molecule
    found = [name for name, patterns in _Q18.items() if any(has(m, p) for p in patterns)]
    if _long_chain_ketone(m):
        found.append("(h) acyclic ketone/ketal/ketoalcohol with >= 4 carbons on one side")
    if found:
        return _yes("; ".join(found))
    return _no("none of features (a)-(i)")


def _long_chain_ketone(m: Mol) -> bool:
    """Q18(h), as Toxtree: 4 carbons on one side and no other groups (an alcohol allowed)."""
    if m.GetRingInfo().NumRings() or has(m, "a"):
        return False
    ketone = has(m, "[#6]-[#6]-[#6]-[#6]-[#6X3](=[#8X1])[#6]") and not _uncovered(
        m, ("ketone", "alcohol")
    )
    ketal = has(m, "[#6]-[#6]-[#6]-[#6]-[#6X4]([#8X2][#6])([#8X2][#6])[#6]") and not _uncovered(
        m, ("ketal",)
    )
    return ketone or ketal


def _q19(s: _Subject) -> _Reply:
    if s.molecule.GetRingInfo().NumRings() == 0:
        return _yes("no ring")
    return _no("has a ring")


_Q20_GROUPS = (
    "alcohol",
    "aldehyde",
    "acid",
    "ester",
    "acetal",
    "ketal",
    "ketone",
    "mercaptan",
    "sulphide",
    "thioester",
    "polyoxyethylene",
    "primary amine",
    "tertiary amine",
)


def _q20(s: _Subject) -> _Reply:
    m = s.molecule
    if has(m, "a"):
        return _no("not aliphatic")
    others = _uncovered(m, _Q20_GROUPS)
    if others:
        return _no("contains groups not listed (atoms " + ", ".join(others) + ")")
    too_many = [g for g in ("alcohol", "aldehyde", "acid", "ester") if _count(m, g) > _Q20_MAX_EACH]
    too_many += [
        g
        for g in (
            "acetal",
            "ketal",
            "ketone",
            "mercaptan",
            "thioester",
            "primary amine",
            "tertiary amine",
        )
        if _count(m, g) > 1
    ]
    if _sulphide_count(m) > 1:
        too_many.append("sulphide")
    if _count(m, "polyoxyethylene") > _Q20_MAX_EACH:
        too_many.append("polyoxyethylene")
    if _count(m, "ketone") and _count(m, "ketal"):
        too_many.append("both ketone and ketal")
    if too_many:
        return _no("too many of: " + ", ".join(too_many))
    if has(m, _BRANCH):
        return _unknown("branched chain: 'simply branched' is not defined operationally")
    return _yes("a linear aliphatic compound with only the listed groups")


def _q21(s: _Subject) -> _Reply:
    m = s.molecule
    types = {
        "alcohol": _count(m, "alcohol"),
        "aldehyde": _count(m, "aldehyde"),
        "acid/ester": _count(m, "acid") + _count(m, "ester"),
        "acetal": _count(m, "acetal"),
        "ketal": _count(m, "ketal"),
        "ketone": _count(m, "ketone"),
        "mercaptan": _count(m, "mercaptan"),
        "sulphide": _sulphide_count(m),
        "thioester": _count(m, "thioester"),
        "ether (not methoxy)": len(_ether_oxygens(m)),
        "amine": _count(m, "primary amine") + _count(m, "tertiary amine"),
        "acetylenic": int(has(m, "[#6]#[#6]")),
    }
    present = [name for name, n in types.items() if n]
    if len(present) >= _Q21_MIN_TYPES:
        return _yes(f"{len(present)} types: " + ", ".join(present))
    return _no(f"{len(present)} type(s): " + (", ".join(present) or "none"))


def _ether_oxygens(m: Mol) -> set[int]:
    ethers = {match[0] for match in matches(m, _G["ether"][0])}
    return ethers - {match[0] for match in matches(m, _G["methoxy"][0])}


def _q22(s: _Subject) -> _Reply:
    return _unknown("needs a list of common food components; no cited list is implemented")


def _q23(s: _Subject) -> _Reply:
    if has(s.molecule, "a"):
        return _yes("has an aromatic ring")
    return _no("no aromatic ring")


def _single_carbocycle(m: Mol) -> bool:
    return m.GetRingInfo().NumRings() == 1 and not has(m, "[!#6;!#1;R]")


def _q24(s: _Subject) -> _Reply:
    m = s.parent  # Toxtree asks Q24 of the parent salt
    if not _single_carbocycle(m) or has(m, "[r3,r4]") or has(m, "a"):
        return _no("not a single non-aromatic carbocycle of five or more atoms")
    others = _uncovered(m, _Q24_GROUPS)
    if others:
        return _no("ring or side chains carry other groups (atoms " + ", ".join(others) + ")")
    return _yes("monocarbocyclic with only the listed simple groups")


def _q25(s: _Subject) -> _Reply:
    m = s.molecule
    if _single_carbocycle(m) and has(m, "[r3,r4]") and not _uncovered(m, _Q24_GROUPS):
        return _yes("a cyclopropane or cyclobutane with only the groups of Q24")
    sulphur = _count(m, "mercaptan") + _count(m, "sulphide")
    rings = m.GetRingInfo().NumRings()
    groups = (*_Q24_GROUPS, "mercaptan", "sulphide")
    if sulphur and rings <= _Q25_MAX_RINGS and not _uncovered(m, groups):
        return _yes("a mono- or bicyclic sulphide or mercaptan")
    return _no("neither a substituted cyclopropane/cyclobutane nor a cyclic sulphide/mercaptan")


def _q26(s: _Subject) -> _Reply:
    m = s.molecule
    others = _uncovered(m, (*_Q24_GROUPS, "ring ketone"))
    if others:
        return _no("groups beyond those of Q24 (atoms " + ", ".join(others) + ")")
    rings = m.GetRingInfo().NumRings()
    if rings == 1 and not has(m, "[!#6;!#1;R]") and _count(m, "ring ketone"):
        return _yes("a monocycloalkanone")
    if rings == _Q25_MAX_RINGS:
        return _yes("a bicyclic compound")
    return _no("neither a monocycloalkanone nor bicyclic")


def _q30_complex(m: Mol) -> str | None:
    """Why the aromatic ring bears a substituent beyond Q30's list, or None."""
    ring = {i for r in _aromatic_rings(m) for i in r}
    allowed = _covered(m, _Q30_GROUPS)
    chains = [set(chain) for chain in matches(m, _SIX_CARBON_CHAIN)]
    for piece in _components(m, ring):
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
    if len(oxygens) != 1 or _symbols(m, piece) - {"O", "C"}:
        return False
    oxygen = m.GetAtomWithIdx(oxygens[0])
    on_ring = any(n.GetIdx() in ring for n in oxygen.GetNeighbors())
    hydroxy = piece == set(oxygens) and oxygen.GetTotalNumHs() == 1
    carbons = [m.GetAtomWithIdx(i) for i in piece if i not in oxygens]
    methoxy = len(carbons) == 1 and carbons[0].GetDegree() == 1 and not _has_double_bond(m, piece)
    return on_ring and (hydroxy or methoxy)


def _aromatic_part(pieces: Iterable[Mol]) -> Mol | None:
    return next((p for p in pieces if has(p, "a")), None)


def _q30(s: _Subject) -> _Reply:
    m = s.molecule
    hydrolysed = _hydrolysed(m, esters=True, acetals=False)
    target = _aromatic_part(hydrolysed or ()) or m
    why = _q30_complex(target)
    note = f" (esters hydrolysed: {canonical(target)})" if hydrolysed else ""
    if why:
        return _yes("the ring bears " + why + note)
    return _no("only ring hydroxy/methoxy and small aliphatic groups with listed groups" + note)


def _q31(s: _Subject) -> _Reply:
    m = s.molecule
    pieces = _hydrolysed(m, esters=True, acetals=True)
    if pieces is None:
        return _no("not an acyclic acetal, ketal or ester")
    aromatic = _aromatic_part(pieces)
    if aromatic is None or _q30_complex(aromatic):
        return _no("hydrolysis does not give a substance of Q30")
    residues = tuple(_subject(p, s.parent) for p in pieces)
    return _yes("hydrolysed to " + ", ".join(r.smiles for r in residues), residues)


def _q32(s: _Subject) -> _Reply:
    m = s.molecule
    groups = (*_Q30_GROUPS, "acyclic acetal", "polyoxyethylene")
    others = _uncovered(m, groups)
    if others:
        return _no("groups beyond those of Q30/Q31 (atoms " + ", ".join(others) + ")")
    if has(m, _POE_5):
        return _no("a polyoxyethylene chain longer than 4 units")
    aromatic = _aromatic_rings(m)
    extra = [r for r in _rings(m) if r not in aromatic]
    if len(extra) > 1:
        return _no("more than one non-aromatic ring")
    for ring in extra:
        hetero = any(m.GetAtomWithIdx(i).GetSymbol() != "C" for i in ring)
        fused = any(ring & other for other in aromatic)
        if hetero or not fused:
            return _no("a ring other than a single fused non-aromatic carbocycle")
    return _yes(
        "only Q30/Q31 groups with a fused carbocycle, longer chains or short polyoxyethylene"
    )


def _q33(s: _Subject) -> _Reply:
    m = s.parent  # Toxtree asks Q33 of the parent salt
    if not has(m, _SULPHO):
        return _no("no Na, K or Ca sulphonate or sulphamate")
    for piece in _azo_split(m):
        groups = len(matches(piece, _SULPHO))
        carbons = sum(1 for a in piece.GetAtoms() if a.GetSymbol() == "C")
        if groups == 0:
            return _no(f"component {canonical(piece)} bears no sulphonate or sulphamate")
        if carbons > _Q33_MAX_CARBONS * groups:
            return _no(
                f"component {canonical(piece)} has more than {_Q33_MAX_CARBONS} carbons "
                "per sulphonate"
            )
    free = [a for (a,) in matches(m, "[#7X3;H2]") if (a,) not in matches(m, "[#7X3;H2]a:a[#16X4]")]
    if free:
        return _no("a free primary amine not adjacent to the sulphonate")
    return _yes("every component carries a sulphonate/sulphamate per 20 or fewer carbons")


def _azo_split(m: Mol) -> tuple[Mol, ...]:
    """Major components after reductive cleavage of azo links (each N=N bond broken)."""
    links = [(a, b) for a, b in matches(m, "[#7X2]=[#7X2]")]

    def edit(editable: Chem.RWMol) -> bool:
        for a, b in links:
            editable.RemoveBond(a, b)
        return True

    return (_edited(m, edit) or ()) if links else tuple(f for f in _fragments(m) if _organic(f))


# --------------------------------------------------------------------------- the tree
Target = int | TtcClass | Callable[[_Subject], int]


def _after_lactone(r: _Subject) -> int:  # Toxtree Q34/Q35
    if r.molecule.GetRingInfo().NumRings() == 0:
        return 20
    return 10 if has(r.molecule, "[!#6;!#1;R]") else 23


def _heterocyclic_residue(r: _Subject) -> int:  # Toxtree Q37
    return 22 if has(r.molecule, "[!#6;!#1;R]") else 16


def _aromatic_residue_to(aromatic: int) -> Callable[[_Subject], int]:  # Toxtree Q36, Q39
    def route(r: _Subject) -> int:
        return aromatic if has(r.molecule, "a") else 19

    return route


@dataclass(frozen=True)
class _Question:
    text: str
    ask: Callable[[_Subject], _Reply]
    no: Target
    yes: Target
    assume: bool = False  # the branch taken when it cannot be answered (toward the higher class)
    label: str = field(default="")


_I, _II, _III = TtcClass.CRAMER_I, TtcClass.CRAMER_II, TtcClass.CRAMER_III

_TREE: dict[int, _Question] = {
    1: _Question("Normal constituent of the body?", _q1, 2, _I, label="normal body constituent"),
    2: _Question("Functional groups associated with enhanced toxicity?", _q2, 3, _III),
    3: _Question("Elements other than C, H, O, N, divalent S?", _q3, 5, 4),
    4: _Question(
        "Other elements only as Na/K/Ca/Mg/N salts, sulphonates, sulphates, amine hydrochlorides?",
        _q4,
        _III,
        7,
    ),
    5: _Question(
        "Simply branched acyclic aliphatic hydrocarbon or common carbohydrate?",
        _q5,
        6,
        _I,
        label="simply branched hydrocarbon / common carbohydrate",
    ),
    6: _Question(
        "Benzene derivative with hydrocarbon chains and a para alkoxy group?", _q6, 7, _III
    ),
    7: _Question("Heterocyclic?", _q7, 16, 8),
    8: _Question("Lactone or cyclic diester?", _q8, 10, 9),
    9: _Question(
        "Lactone fused to another ring, or 5/6-membered a,b-unsaturated lactone?",
        _q9,
        _after_lactone,
        _III,
    ),
    10: _Question("Three-membered heterocycle?", _q10, 11, _III),
    11: _Question("Heterocyclic ring with substituents beyond simple groups?", _q11, 12, 33),
    12: _Question("Heteroaromatic?", _q12, 22, 13),
    13: _Question("Does the ring bear substituents?", _q13, _III, 14),
    14: _Question("More than one aromatic ring?", _many_aromatic, 22, 15),
    15: _Question(
        "Readily hydrolysed to mononuclear residues?",
        _readily_hydrolysed,
        33,
        _heterocyclic_residue,
    ),
    16: _Question("Common terpene?", _q16, 17, _I, label="common terpene"),
    17: _Question(
        "Readily hydrolysed to a common terpene?",
        _q17,
        19,
        18,
        label="hydrolysed to a common terpene",
    ),
    18: _Question("One of the features of Q18 (a)-(i)?", _q18, _I, _II),
    19: _Question("Open chain?", _q19, 23, 20),
    20: _Question(
        "Linear or simply branched aliphatic with only the listed groups?",
        _q20,
        22,
        21,
        label="simply branched aliphatic",
    ),
    21: _Question("Three or more different functional groups?", _q21, 18, _III),
    22: _Question("Common component of food?", _q22, 33, _II, label="common component of food"),
    23: _Question("Aromatic?", _q23, 24, 27),
    24: _Question("Monocarbocyclic with simple substituents?", _q24, 25, 18),
    25: _Question(
        "Cyclopropane/cyclobutane with simple substituents, or cyclic sulphide or mercaptan?",
        _q25,
        26,
        _II,
    ),
    26: _Question("Monocycloalkanone or bicyclic with simple groups?", _q26, 22, _II),
    27: _Question("Does the ring bear substituents?", _q13, _III, 28),
    28: _Question("More than one aromatic ring?", _many_aromatic, 30, 29),
    29: _Question(
        "Readily hydrolysed to mononuclear residues?",
        _readily_hydrolysed,
        33,
        _aromatic_residue_to(30),
    ),
    30: _Question(
        "Ring substituents beyond small aliphatic groups with simple groups?",
        _q30,
        _aromatic_residue_to(18),
        31,
    ),
    31: _Question(
        "Acyclic acetal, ketal or ester of a substance of Q30?", _q31, 32, _aromatic_residue_to(18)
    ),
    32: _Question(
        "Only Q30/Q31 groups with a fused carbocycle, long chains or short polyoxyethylene?",
        _q32,
        22,
        _II,
    ),
    33: _Question("Sufficient Na/K/Ca sulphonate or sulphamate groups?", _q33, _III, _I),
}


@dataclass
class _Trail:
    answers: list[CramerAnswer] = field(default_factory=list)
    unanswered: dict[str, None] = field(default_factory=dict)

    def merge(self, other: _Trail) -> None:
        self.answers.extend(other.answers)
        self.unanswered.update(other.unanswered)


def _walk(subject: _Subject, node: int, trail: _Trail, where: str) -> tuple[TtcClass, str]:
    """Follow the tree from ``node``: the class reached and the path as 'nY'/'nN' tokens.

    A question that cannot be answered is followed both ways and the branch reaching the
    higher class is kept (ties: the question's ``assume`` branch).
    """
    question = _TREE[node]
    reply = question.ask(subject)
    if reply.answer is not None:
        trail.answers.append(CramerAnswer(node, question.text, reply.answer, where + reply.reason))
        target = question.yes if reply.answer else question.no
        cramer_class, rest = _follow(subject, target, reply, trail, where)
        return cramer_class, _join(f"{node}{'Y' if reply.answer else 'N'}", rest)
    outcomes = {}
    for value in (question.assume, not question.assume):
        branch_trail = _Trail()
        target = question.yes if value else question.no
        outcomes[value] = (*_follow(subject, target, reply, branch_trail, where), branch_trail)
    value = max(outcomes, key=lambda v: _RANK[outcomes[v][0]])  # first (assume) wins ties
    cramer_class, rest, branch_trail = outcomes[value]
    other = _ROMAN[outcomes[not value][0]]
    reason = (
        f"{where}{reply.reason}; not answerable from the structure: branch "
        f"'{'yes' if value else 'no'}' taken as the more conservative "
        f"(the other gives class {other})"
    )
    trail.answers.append(CramerAnswer(node, question.text, None, reason))
    trail.unanswered[f"Q{node} {question.label or question.text}"] = None
    trail.merge(branch_trail)
    return cramer_class, _join(f"{node}{'Y' if value else 'N'}*", rest)


def _follow(
    subject: _Subject, target: Target, reply: _Reply, trail: _Trail, where: str
) -> tuple[TtcClass, str]:
    if isinstance(target, TtcClass):
        return target, ""
    if reply.residues or callable(target):
        return _branch(subject, reply.residues, target, trail, where)
    return _walk(subject, target, trail, where)


def _branch(
    subject: _Subject,
    residues: tuple[_Subject, ...],
    target: int | Callable[[_Subject], int],
    trail: _Trail,
    where: str,
) -> tuple[TtcClass, str]:
    """Go on with each residue (or the subject itself); the highest class reached wins."""
    outcomes = []
    for residue in residues or (subject,):
        start = target(residue) if callable(target) else target
        label = f"[{residue.smiles}] " if residues else ""
        cramer_class, path = _walk(residue, start, trail, where + label)
        outcomes.append((cramer_class, f"({label}{path})" if residues else path))
    worst = max(outcomes, key=lambda o: _RANK[o[0]])[0]
    return worst, ",".join(path for _, path in outcomes)


def _join(token: str, rest: str) -> str:
    return f"{token},{rest}" if rest else token


def classify(smiles: str) -> CramerResult:
    """The Cramer class of ``smiles`` with every question asked on the way.

    Never raises for a bad structure: an unparsable or inorganic one is class III with the
    reason (the TTC tier may then decline to use TTC at all).
    """
    return _classify(smiles.strip())


@cache
def _classify(smiles: str) -> CramerResult:
    try:
        molecule = parse_smiles(smiles)
    except ToxicologyError as exc:
        return _refused(f"{exc}: no structure to classify")
    inorganic = _inorganic_part(molecule)
    if inorganic:
        return _refused(inorganic)
    trail = _Trail()
    cramer_class, path = _walk(_subject(molecule), 1, trail, "")
    explanation = (
        f"Cramer class {_ROMAN[cramer_class]} (path {path}; * = not answerable from the "
        f"structure, the more conservative branch taken) - {CITATION}"
    )
    return CramerResult(cramer_class, tuple(trail.answers), tuple(trail.unanswered), explanation)


def _inorganic_part(molecule: Mol) -> str | None:
    """Why the structure is outside the tree: no carbon, or a carbon-free non-salt component."""
    if not _organic(molecule):
        return "inorganic substance (no carbon): outside the Cramer tree"
    harmless = {"O", "[NH4+]", "N"}  # water and ammonia/ammonium beside an organic substance
    for fragment in _fragments(molecule):
        smiles = canonical(fragment)
        if _organic(fragment) or smiles in harmless:
            continue
        if not has(fragment, _OTHER_ELEMENT):
            return f"carbon-free component {smiles}: outside the Cramer tree"
    return None


def _refused(reason: str) -> CramerResult:
    return CramerResult(_III, (), (), f"Cramer class III: {reason}")
