"""Structure-based tiers of the NOAEL cascade (SPEC §10), computed from a SMILES with RDKit.

``cramer`` classifies by the Cramer decision tree (tier 3, TTC), ``alerts`` finds structural
alerts for genotoxicity (the lowest TTC), ``similarity`` finds the nearest read-across anchor
by Morgan-fingerprint Tanimoto (tier 1.5); ``molecules`` parses and caches structures.
"""

from pifai.toxicology.structure.alerts import StructuralAlert, genotoxic_alerts
from pifai.toxicology.structure.cramer import CramerAnswer, CramerResult, classify
from pifai.toxicology.structure.molecules import parse_smiles
from pifai.toxicology.structure.similarity import Similarity, nearest_anchor, nearest_at

__all__ = [
    "CramerAnswer",
    "CramerResult",
    "Similarity",
    "StructuralAlert",
    "classify",
    "genotoxic_alerts",
    "nearest_anchor",
    "nearest_at",
    "parse_smiles",
]
