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

Modules: ``classifier`` (entry point, cache), ``tree`` (branch table, walk), ``questions_*``
(the predicates, by part of the tree), ``groups`` (functional-group SMARTS and structure
helpers), ``residues`` (hydrolysis, ring opening, salt removal), ``result`` (dataclasses).
Only the names below are the public API.
"""

from pifai.toxicology.structure.cramer.classifier import CITATION, classify
from pifai.toxicology.structure.cramer.result import CramerAnswer, CramerResult

__all__ = ["CITATION", "CramerAnswer", "CramerResult", "classify"]
