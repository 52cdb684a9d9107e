"""The values passed along the Cramer tree: what a question is asked about, its reply, and the
public per-question answer and final result (all frozen, so cached results cannot be altered).
"""

from __future__ import annotations

from dataclasses import dataclass

from pifai.toxicology.margin import TtcClass
from pifai.toxicology.structure.molecules import Mol, canonical


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


@dataclass(frozen=True, eq=False)
class Subject:
    """The structure a question is asked about, and the salt it came from (Q24, Q33)."""

    molecule: Mol
    parent: Mol
    smiles: str


def subject_of(molecule: Mol, parent: Mol | None = None) -> Subject:
    return Subject(molecule, parent if parent is not None else molecule, canonical(molecule))


@dataclass(frozen=True)
class Reply:
    """A question's answer (None: not answerable), why, and the residues to go on with."""

    answer: bool | None
    reason: str
    residues: tuple[Subject, ...] = ()


def yes(reason: str, residues: tuple[Subject, ...] = ()) -> Reply:
    return Reply(True, reason, residues)


def no(reason: str, residues: tuple[Subject, ...] = ()) -> Reply:
    return Reply(False, reason, residues)


def unknown(reason: str) -> Reply:
    return Reply(None, reason)
