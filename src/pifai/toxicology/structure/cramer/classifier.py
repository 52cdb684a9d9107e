"""The entry point: parse a SMILES, refuse what lies outside the tree, walk it, cache the result.

Implements the 33 questions of Cramer GM, Ford RA, Hall RL (1978) "Estimation of toxic hazard -
a decision tree approach", Food Cosmet. Toxicol. 16:255-276, with the branch table and helper
steps of Toxtree's implementation (``toxTree.tree.cramer.CramerRules``, repository
ideaconsult/toxtree-mirror). Results are frozen and cached per SMILES.
"""

from __future__ import annotations

from functools import cache

from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.margin import TtcClass
from pifai.toxicology.structure.cramer.groups import OTHER_ELEMENT, fragments, organic
from pifai.toxicology.structure.cramer.result import CramerResult, subject_of
from pifai.toxicology.structure.cramer.tree import ROMAN, Trail, walk
from pifai.toxicology.structure.molecules import Mol, canonical, has, parse_smiles

CITATION = (
    "Cramer, Ford & Hall 1978, Food Cosmet. Toxicol. 16:255-276; branch table of Toxtree "
    "CramerRules (ideaconsult/toxtree-mirror)"
)


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
    trail = Trail()
    cramer_class, path = walk(subject_of(molecule), 1, trail, "")
    explanation = (
        f"Cramer class {ROMAN[cramer_class]} (path {path}; * = not answerable from the "
        f"structure, the more conservative branch taken) - {CITATION}"
    )
    return CramerResult(cramer_class, tuple(trail.answers), tuple(trail.unanswered), explanation)


def _inorganic_part(molecule: Mol) -> str | None:
    """Why the structure is outside the tree: no carbon, or a carbon-free non-salt component."""
    if not organic(molecule):
        return "inorganic substance (no carbon): outside the Cramer tree"
    harmless = {"O", "[NH4+]", "N"}  # water and ammonia/ammonium beside an organic substance
    for fragment in fragments(molecule):
        smiles = canonical(fragment)
        if organic(fragment) or smiles in harmless:
            continue
        if not has(fragment, OTHER_ELEMENT):
            return f"carbon-free component {smiles}: outside the Cramer tree"
    return None


def _refused(reason: str) -> CramerResult:
    return CramerResult(TtcClass.CRAMER_III, (), (), f"Cramer class III: {reason}")
