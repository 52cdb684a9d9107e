"""Structural alerts for genotoxicity (DNA reactivity), for the TTC tier (SPEC §10).

A substance that fires any alert takes the TTC for a structural alert for genotoxicity instead
of its Cramer class. The alerts are a subset of the Benigni/Bossa rulebase (Benigni R, Bossa C,
Jeliazkova N, Netzeva T, Worth A, 2008, "The Benigni/Bossa rulebase for mutagenicity and
carcinogenicity - a module of Toxtree", JRC report EUR 23241 EN), with the SMARTS of Toxtree's
"in vitro mutagenicity (Ames test) alerts by ISS" plugin (repository ideaconsult/toxtree-mirror,
``toxtree-plugins/toxtree-ames/.../rules/SA*_gen.java``). Those SMARTS name hydrogens as
``[#1]``, so they are matched against the molecule with explicit hydrogens.

Where Toxtree refines an alert in Java code beyond its SMARTS (SA_10's exclusion of beta
substituents of six or more carbons), the refinement is not reproduced: the alert fires more
often, never less. See ``docs/cramer.md`` for the alerts left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pifai.toxicology.structure.molecules import Mol, has, with_hydrogens

_REPORT = "Benigni & Bossa 2008 (EUR 23241 EN)"
_TOXTREE = "SMARTS as implemented in Toxtree's ISS Ames ruleset"

# SA_18 / SA_19: "three or more fused rings" (Toxtree SA18_gen: a fused set with > 2 aromatic
# rings). A definition of the alert, not a safety constant.
_MIN_FUSED_AROMATIC_RINGS = 3


@dataclass(frozen=True)
class StructuralAlert:
    """One alert that fired, with the SMARTS (or ring rule) that defines it and its source."""

    name: str
    smarts: str
    citation: str


@dataclass(frozen=True)
class _Rule:
    alert: StructuralAlert
    patterns: tuple[str, ...]  # any of them fires the alert
    unless: str | None = None  # an exclusion that silences it

    def fires(self, molecule: Mol) -> bool:
        if self.unless is not None and has(molecule, self.unless):
            return False
        return any(has(molecule, p) for p in self.patterns)


def _cite(sa: str, title: str, source: str) -> str:
    return f"{_REPORT}, {sa} {title}; {_TOXTREE} ({source})"


def _rule(sa: str, name: str, source: str, *patterns: str, unless: str | None = None) -> _Rule:
    return _Rule(
        StructuralAlert(name, " | ".join(patterns), _cite(sa, name, source)), patterns, unless
    )


# SA_27/SA_28 exclusions: ortho-disubstitution, ortho carboxylic acid, a sulphonic acid group
# on the same ring (Toxtree SA27_gen / SA28_gen ``exclusion_rules``).
_SO3 = "[SX4](=[OX1])(=[OX1])"
_NITRO_EXCLUDED = "!$(a(a[A;!#1;!H])(a[A;!#1;!H]));!$(aa[CX3](=O)[OX2H1])" + "".join(
    f";!$({path}{_SO3}([OX2H1]))" for path in ("aa", "aaa", "aaaa", "aaaaa", "aaaaaa")
)
_AMINE_EXCLUDED = "!$(a(a[A;!#1])(a[A;!#1]));!$(aa[CX3](=O)[OX2H1])" + "".join(
    f";!$({path}{_SO3}([O]))" for path in ("aa", "aaa", "aaaa", "aaaaa", "aaaaaa")
)
_NITRO = "[$([N+]([O-])=O),$([N](=O)=O)]"

# SA_2: methyl to butyl (halogens allowed in place of H) or benzyl (Toxtree SA2_gen).
_H_OR_HAL = "[#1,Cl,Br,I,F]"
_ALKYL_ESTER_GROUPS = (
    f"C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL})",
    f"C({_H_OR_HAL})({_H_OR_HAL})C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL})",
    f"C({_H_OR_HAL})({_H_OR_HAL})C({_H_OR_HAL})({_H_OR_HAL})C({_H_OR_HAL})({_H_OR_HAL})"
    f"({_H_OR_HAL})",
    f"C({_H_OR_HAL})(C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL}))C({_H_OR_HAL})({_H_OR_HAL})"
    f"({_H_OR_HAL})",
    f"C({_H_OR_HAL})({_H_OR_HAL})C({_H_OR_HAL})({_H_OR_HAL})C({_H_OR_HAL})({_H_OR_HAL})"
    f"C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL})",
    f"C({_H_OR_HAL})({_H_OR_HAL})C({_H_OR_HAL})(C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL}))"
    f"C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL})",
    f"C(C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL}))(C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL}))"
    f"C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL})",
    f"C({_H_OR_HAL})(C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL}))C({_H_OR_HAL})({_H_OR_HAL})"
    f"C({_H_OR_HAL})({_H_OR_HAL})({_H_OR_HAL})",
    "[CH2]c1ccccc1",
)
_ALKYL = "[" + ",".join(f"$({g})" for g in _ALKYL_ESTER_GROUPS) + "]"

# SA_8: non-tertiary aliphatic Cl/Br/I, not a mustard (SA_5) nor the alkyl of an SA_2 ester.
_ESTER_CHAINS = ("C", "CC", "CCC", "CCCC", "CCCCC", "CCCCCC")
_ALIPHATIC_HALOGEN = (
    "[$([CX4!H0;R0]);!$(C([#1,C])=[O,C]);"
    "!$([CX4H2]([F,Cl,Br,I])[CX4H2][N,S][CX4H2][CX4H2][F,Cl,Br,I])"
    + "".join(f";!$({c}OP(O)(=O));!$({c}OS(=O)(=O))" for c in _ESTER_CHAINS)
    + "][Cl,Br,I]"
)

# SA_10: alpha,beta-unsaturated carbonyl, not an acid or ester, not a quinone, beta carbon not
# aromatic-substituted (Toxtree SA10_gen). Split here into the aldehydes and the rest.
_QUINONE_RING = "C1(=O)C=CC(=O)C=C1"
_AB_UNSATURATED = f"[!a,#1;!$({_QUINONE_RING})][#6]([!a,#1;!$({_QUINONE_RING})])!:;=[#6][#6](=O)"
_NOT_QUINONE = "!$([#6]1:,=[#6][#6](=O)[#6]:,=[#6][#6](=O)1)"

_RULES: tuple[_Rule, ...] = (
    _rule("SA_1", "acyl halide", "SA1_gen", "[!$([OH1,SH1])]C(=O)[Br,Cl,F,I]"),
    _rule(
        "SA_2",
        "alkyl (C1-C4) or benzyl ester of sulphonic or phosphonic acid",
        "SA2_gen",
        f"S([!$([OH1,SH1])])(=O)(=O)O({_ALKYL})",
        f"P(=O)([!$([OH1,SH1])])(O({_ALKYL}))O({_ALKYL})",
    ),
    _rule(
        "SA_5",
        "nitrogen or sulphur mustard",
        "SA5_gen",
        "[F,Cl,Br,I][CX4H2][CX4H2][N,S][CX4H2][CX4H2][F,Cl,Br,I]",
    ),
    _rule(
        "SA_6",
        "propiolactone or propiosultone",
        "SA6_gen",
        "[O,S]=C1[O,S]CC1",
        "O=S1(=O)(CCCO1)",
    ),
    _rule("SA_7", "epoxide or aziridine", "SA7_gen", "C1[O,N]C1"),
    _rule("SA_8", "aliphatic halogen", "SA8_gen", _ALIPHATIC_HALOGEN),
    _rule("SA_9", "alkyl nitrite", "SA9_gen", "O=[NX2]OC"),
    _rule(
        "SA_10",
        "alpha,beta-unsaturated aldehyde",
        "SA10_gen, aldehyde subset",
        f"{_AB_UNSATURATED}[#1]",
    ),
    _rule(
        "SA_10",
        "alpha,beta-unsaturated carbonyl (Michael acceptor)",
        "SA10_gen",
        f"{_AB_UNSATURATED}[!O;!#1;{_NOT_QUINONE}]",
    ),
    _rule(
        "SA_11",
        "simple aldehyde",
        "SA11_gen; formaldehyde per its tracker note 3138569",
        "[#6][$([CX3H1]);!$(CC=C)](=O)",
        "[CX3H2]=O",
    ),
    _rule(
        "SA_13",
        "hydrazine",
        "SA13_gen, N-nitroso and azo nitrogens excluded as it states",
        "[N+0;!$(N=[O,N])]!@;-[N+0;!$(N=[O,N])]",
    ),
    _rule(
        "SA_14",
        "aliphatic azo or azoxy",
        "SA14_gen",
        "[C,#1]N=[NX2][C,#1]",
        "[$(C=[N+]=[N-]);!$(C=[N+]=[N-]=N);!$(C=[N+]=[N-]N)]",
        "C=[$(N=N);!$(N=N=N);!$(N=NN)]",
        "CN=NO",
    ),
    _rule("SA_15", "isocyanate or isothiocyanate", "SA15_gen", "[NX2]=C=[O,S]"),
    _rule("SA_21", "alkyl or aryl N-nitroso", "SA21_gen", "[C,c]N[NX2;v3]=O"),
    _rule("SA_22", "azide or triazene", "SA22_gen", "[N]=[N]-[N]", "[N]=[N]=[N]"),
    _rule(
        "SA_23",
        "aliphatic N-nitro",
        "SA23_gen, aryl-substituted nitrogen excluded",
        f"[C!r][NX3;!$(Na)]{_NITRO}",
    ),
    _rule("SA_25", "aromatic nitroso", "SA25_gen", f"[a;{_AMINE_EXCLUDED}]!@[$([NX2]=O)]"),
    _rule("SA_26", "aromatic N-oxide", "SA26_gen", "[n+]!@[O-]"),
    _rule("SA_27", "aromatic nitro", "SA27_gen", f"[a;{_NITRO_EXCLUDED}]({_NITRO})"),
    _rule(
        "SA_28",
        "primary aromatic amine, hydroxylamine or its ester",
        "SA28_gen",
        f"[a;{_AMINE_EXCLUDED}]!@[$([NX3;v3]([#1])[#1]),$([NX3;v3]([OX2H])[#1,CX4,CX3]),"
        "$([NX3;v3]([#1,CX4])OC=O)]",
        "aN=C=O",
        "aN=[CH2]",
    ),
    _rule(
        "SA_28bis",
        "aromatic mono- or dialkylamine (methyl, ethyl)",
        "SA28bis_gen",
        f"[a;{_AMINE_EXCLUDED}]!@[$([NX3;v3]([#1,CH3])[CH3]),$([NX3;v3]([#1,CH3])[CH2][CH3]),"
        "$([NX3;v3]([CH2][CH3])[CH2][CH3])]",
    ),
    _rule(
        "SA_29",
        "aromatic azo",
        "SA29_gen, not when both rings carry a sulphonic acid group",
        "a[N]=[N]a",
        unless=(
            "[$(a:a(S(=[OX1])(=[OX1])[O-,OX2H1])),$(a:a:a(S(=[OX1])(=[OX1])[O-,OX2H1])),"
            "$(a:a:a:a(S(=[OX1])(=[OX1])[O-,OX2H1])),$(a:a:a:a:a(S(=[OX1])(=[OX1])[O-,OX2H1]))]"
            "[N]=[N]"
            "[$(a:a(S(=[OX1])(=[OX1])[O-,OX2H1])),$(a:a:a(S(=[OX1])(=[OX1])[O-,OX2H1])),"
            "$(a:a:a:a(S(=[OX1])(=[OX1])[O-,OX2H1])),$(a:a:a:a:a(S(=[OX1])(=[OX1])[O-,OX2H1]))]"
        ),
    ),
)

_PAH = StructuralAlert(
    "polycyclic aromatic hydrocarbon (three or more fused aromatic rings)",
    "ring rule: a fused ring set with >= 3 carbocyclic aromatic rings",
    _cite("SA_18", "polycyclic aromatic hydrocarbon", "SA18_gen"),
)
_HETERO_PAH = StructuralAlert(
    "heterocyclic polycyclic aromatic hydrocarbon (three or more fused aromatic rings)",
    "ring rule: a fused ring set with >= 3 aromatic rings, at least one heteroaromatic",
    _cite("SA_19", "heterocyclic polycyclic aromatic hydrocarbon", "SA19_gen"),
)


def genotoxic_alerts(smiles: str) -> tuple[StructuralAlert, ...]:
    """The genotoxicity alerts ``smiles`` fires, in rulebase order; empty when none does.

    Raises ``ToxicologyError`` when the SMILES cannot be parsed.
    """
    return _alerts(smiles.strip())


@cache
def _alerts(smiles: str) -> tuple[StructuralAlert, ...]:
    molecule = with_hydrogens(smiles)
    fired = [rule.alert for rule in _RULES if rule.fires(molecule)]
    fired.extend(_fused_aromatic_alerts(molecule))
    return tuple(fired)


def _fused_aromatic_alerts(molecule: Mol) -> list[StructuralAlert]:
    """SA_18 / SA_19: aromatic rings counted per set of fused rings (Toxtree SA18/SA19_gen).

    SA_18 counts a ring with at most one non-aromatic atom (so fluorene counts) and needs all
    of them carbocyclic; SA_19 counts fully aromatic rings and needs one heteroaromatic.
    """
    found: list[StructuralAlert] = []
    for ring_set in _fused_ring_sets(molecule):
        nearly = [r for r in ring_set if _aromatic(molecule, r, tolerance=1)]
        if len(nearly) >= _MIN_FUSED_AROMATIC_RINGS and all(
            _carbocyclic(molecule, r) for r in nearly
        ):
            found.append(_PAH)
        fully = [r for r in ring_set if _aromatic(molecule, r, tolerance=0)]
        if len(fully) >= _MIN_FUSED_AROMATIC_RINGS and not all(
            _carbocyclic(molecule, r) for r in fully
        ):
            found.append(_HETERO_PAH)
    return list(dict.fromkeys(found))


def _fused_ring_sets(molecule: Mol) -> list[list[frozenset[int]]]:
    """Rings grouped into sets that share atoms (Toxtree's RingPartitioner)."""
    rings = [frozenset(r) for r in molecule.GetRingInfo().AtomRings()]
    sets: list[list[frozenset[int]]] = []
    for ring in rings:
        joined = [s for s in sets if any(ring & other for other in s)]
        merged = [ring] + [r for s in joined for r in s]
        sets = [s for s in sets if s not in joined] + [merged]
    return sets


def _aromatic(molecule: Mol, ring: frozenset[int], tolerance: int) -> bool:
    """Toxtree counts a ring as aromatic when at most ``tolerance`` atoms are not aromatic."""
    plain = sum(1 for i in ring if not molecule.GetAtomWithIdx(i).GetIsAromatic())
    return plain <= tolerance


def _carbocyclic(molecule: Mol, ring: frozenset[int]) -> bool:
    return all(molecule.GetAtomWithIdx(i).GetSymbol() == "C" for i in ring)
