"""Cramer Q16-Q22: terpenes, the class II features of Q18, open-chain aliphatics and food
components.

Q16, Q17 and Q22 need lists (common terpenes, common food components) that no cited source
implemented here provides, so they are unanswerable; Q20 is unanswerable for branched chains
("simply branched" has no operational definition).
"""

from __future__ import annotations

from pifai.toxicology.structure.cramer.groups import (
    BRANCH,
    GROUPS,
    count,
    sulphide_count,
    uncovered,
)
from pifai.toxicology.structure.cramer.result import Reply, Subject, no, unknown, yes
from pifai.toxicology.structure.molecules import Mol, has, matches

# Numbers from the wording of the 1978 questions. They define the tree, they are not safety
# constants, so they are not in the basis register; each is quoted from its question.
_Q20_MAX_EACH = 4  # Q20(a) "four or less, each, of alcohol, aldehyde, ... acid or esters";
#                    Q20(b) "polyoxyethylene [(-OCH2CH2-)x with x no greater than 4]"
_Q21_MIN_TYPES = 3  # Q21 "three or more different functional groups"


def q16(s: Subject) -> Reply:
    return unknown("needs a list of common terpenes; no cited list is implemented")


def q17(s: Subject) -> Reply:
    return unknown("depends on Q16 (common terpene), which needs a list")


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


def q18(s: Subject) -> Reply:
    m = s.molecule
    found = [name for name, patterns in _Q18.items() if any(has(m, p) for p in patterns)]
    if _long_chain_ketone(m):
        found.append("(h) acyclic ketone/ketal/ketoalcohol with >= 4 carbons on one side")
    if found:
        return yes("; ".join(found))
    return no("none of features (a)-(i)")


def _long_chain_ketone(m: Mol) -> bool:
    """Q18(h), as Toxtree: 4 carbons on one side and no other groups (an alcohol allowed)."""
    if m.GetRingInfo().NumRings() or has(m, "a"):
        return False
    ketone = has(m, "[#6]-[#6]-[#6]-[#6]-[#6X3](=[#8X1])[#6]") and not uncovered(
        m, ("ketone", "alcohol")
    )
    ketal = has(m, "[#6]-[#6]-[#6]-[#6]-[#6X4]([#8X2][#6])([#8X2][#6])[#6]") and not uncovered(
        m, ("ketal",)
    )
    return ketone or ketal


def q19(s: Subject) -> Reply:
    if s.molecule.GetRingInfo().NumRings() == 0:
        return yes("no ring")
    return no("has a ring")


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


def q20(s: Subject) -> Reply:
    m = s.molecule
    if has(m, "a"):
        return no("not aliphatic")
    others = uncovered(m, _Q20_GROUPS)
    if others:
        return no("contains groups not listed (atoms " + ", ".join(others) + ")")
    too_many = [g for g in ("alcohol", "aldehyde", "acid", "ester") if count(m, g) > _Q20_MAX_EACH]
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
        if count(m, g) > 1
    ]
    if sulphide_count(m) > 1:
        too_many.append("sulphide")
    if count(m, "polyoxyethylene") > _Q20_MAX_EACH:
        too_many.append("polyoxyethylene")
    if count(m, "ketone") and count(m, "ketal"):
        too_many.append("both ketone and ketal")
    if too_many:
        return no("too many of: " + ", ".join(too_many))
    if has(m, BRANCH):
        return unknown("branched chain: 'simply branched' is not defined operationally")
    return yes("a linear aliphatic compound with only the listed groups")


def q21(s: Subject) -> Reply:
    m = s.molecule
    types = {
        "alcohol": count(m, "alcohol"),
        "aldehyde": count(m, "aldehyde"),
        "acid/ester": count(m, "acid") + count(m, "ester"),
        "acetal": count(m, "acetal"),
        "ketal": count(m, "ketal"),
        "ketone": count(m, "ketone"),
        "mercaptan": count(m, "mercaptan"),
        "sulphide": sulphide_count(m),
        "thioester": count(m, "thioester"),
        "ether (not methoxy)": len(_ether_oxygens(m)),
        "amine": count(m, "primary amine") + count(m, "tertiary amine"),
        "acetylenic": int(has(m, "[#6]#[#6]")),
    }
    present = [name for name, n in types.items() if n]
    if len(present) >= _Q21_MIN_TYPES:
        return yes(f"{len(present)} types: " + ", ".join(present))
    return no(f"{len(present)} type(s): " + (", ".join(present) or "none"))


def _ether_oxygens(m: Mol) -> set[int]:
    ethers = {match[0] for match in matches(m, GROUPS["ether"][0])}
    return ethers - {match[0] for match in matches(m, GROUPS["methoxy"][0])}


def q22(s: Subject) -> Reply:
    return unknown("needs a list of common food components; no cited list is implemented")
