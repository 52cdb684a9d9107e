"""Residues the Cramer tree goes on with: hydrolysed esters/acetals (Q15, Q29-Q31), opened
lactones (Q9), free acids/amines of salts (Q4) and azo-cleaved components (Q33).

Each edit works on a kekulized copy and returns the sanitized organic pieces, or None when
nothing was changed or RDKit cannot sanitize the result (the question then answers "no").
"""

from __future__ import annotations

from collections.abc import Callable

from rdkit import Chem

from pifai.toxicology.structure.cramer.groups import LACTONE, fragments, organic
from pifai.toxicology.structure.molecules import Mol, canonical, matches


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
    unique = {canonical(f): f for f in fragments(editable.GetMol()) if organic(f)}
    return tuple(unique.values())


def _open(editable: Chem.RWMol, carbon: int, oxygen: int, order: Chem.BondType) -> None:
    """Break carbon-oxygen and give the carbon a new oxygen (hydrolysis)."""
    editable.RemoveBond(carbon, oxygen)
    new = editable.AddAtom(Chem.Atom("O"))
    editable.AddBond(carbon, new, order)


def hydrolysed(molecule: Mol, *, esters: bool, acetals: bool) -> tuple[Mol, ...] | None:
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


def ring_opened(molecule: Mol) -> tuple[Mol, ...] | None:
    """The hydroxy acid(s) of a lactone or cyclic diester (Q9 'treat as the hydroxy acid')."""
    links = [(carbon, oxygen) for carbon, _, oxygen in matches(molecule, LACTONE)]

    def edit(editable: Chem.RWMol) -> bool:
        for carbon, oxygen in links:
            _open(editable, carbon, oxygen, Chem.BondType.SINGLE)
        return bool(links)

    return _edited(molecule, edit)


def salt_free(fragment: Mol) -> Mol | None:
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


def azo_split(m: Mol) -> tuple[Mol, ...]:
    """Major components after reductive cleavage of azo links (each N=N bond broken)."""
    links = [(a, b) for a, b in matches(m, "[#7X2]=[#7X2]")]

    def edit(editable: Chem.RWMol) -> bool:
        for a, b in links:
            editable.RemoveBond(a, b)
        return True

    return (_edited(m, edit) or ()) if links else tuple(f for f in fragments(m) if organic(f))
