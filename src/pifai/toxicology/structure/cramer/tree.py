"""The Cramer branch table and the walk through it.

The table is Toxtree's ``CramerRules`` (ideaconsult/toxtree-mirror): question number to its
"no" and "yes" targets, a target being another question, a class, or a routing step for
residues (Toxtree's Q34-Q39). A question that cannot be answered from the structure is
followed both ways and the branch reaching the higher class is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pifai.toxicology.margin import TtcClass
from pifai.toxicology.structure.cramer import questions_chains as chains
from pifai.toxicology.structure.cramer import questions_heterocycles as hetero
from pifai.toxicology.structure.cramer import questions_opening as opening
from pifai.toxicology.structure.cramer import questions_rings as ringed
from pifai.toxicology.structure.cramer.result import CramerAnswer, Reply, Subject
from pifai.toxicology.structure.molecules import has

_ORDER = (TtcClass.CRAMER_I, TtcClass.CRAMER_II, TtcClass.CRAMER_III)  # low to high concern
_RANK = {cramer_class: rank for rank, cramer_class in enumerate(_ORDER)}
ROMAN = {TtcClass.CRAMER_I: "I", TtcClass.CRAMER_II: "II", TtcClass.CRAMER_III: "III"}

Target = int | TtcClass | Callable[[Subject], int]


def _after_lactone(r: Subject) -> int:  # Toxtree Q34/Q35
    if r.molecule.GetRingInfo().NumRings() == 0:
        return 20
    return 10 if has(r.molecule, "[!#6;!#1;R]") else 23


def _heterocyclic_residue(r: Subject) -> int:  # Toxtree Q37
    return 22 if has(r.molecule, "[!#6;!#1;R]") else 16


def _aromatic_residue_to(aromatic: int) -> Callable[[Subject], int]:  # Toxtree Q36, Q39
    def route(r: Subject) -> int:
        return aromatic if has(r.molecule, "a") else 19

    return route


@dataclass(frozen=True)
class _Question:
    text: str
    ask: Callable[[Subject], Reply]
    no: Target
    yes: Target
    assume: bool = False  # the branch taken when it cannot be answered (toward the higher class)
    label: str = field(default="")


_I, _II, _III = TtcClass.CRAMER_I, TtcClass.CRAMER_II, TtcClass.CRAMER_III

_TREE: dict[int, _Question] = {
    1: _Question(
        "Normal constituent of the body?", opening.q1, 2, _I, label="normal body constituent"
    ),
    2: _Question("Functional groups associated with enhanced toxicity?", opening.q2, 3, _III),
    3: _Question("Elements other than C, H, O, N, divalent S?", opening.q3, 5, 4),
    4: _Question(
        "Other elements only as Na/K/Ca/Mg/N salts, sulphonates, sulphates, amine hydrochlorides?",
        opening.q4,
        _III,
        7,
    ),
    5: _Question(
        "Simply branched acyclic aliphatic hydrocarbon or common carbohydrate?",
        opening.q5,
        6,
        _I,
        label="simply branched hydrocarbon / common carbohydrate",
    ),
    6: _Question(
        "Benzene derivative with hydrocarbon chains and a para alkoxy group?", opening.q6, 7, _III
    ),
    7: _Question("Heterocyclic?", hetero.q7, 16, 8),
    8: _Question("Lactone or cyclic diester?", hetero.q8, 10, 9),
    9: _Question(
        "Lactone fused to another ring, or 5/6-membered a,b-unsaturated lactone?",
        hetero.q9,
        _after_lactone,
        _III,
    ),
    10: _Question("Three-membered heterocycle?", hetero.q10, 11, _III),
    11: _Question("Heterocyclic ring with substituents beyond simple groups?", hetero.q11, 12, 33),
    12: _Question("Heteroaromatic?", hetero.q12, 22, 13),
    13: _Question("Does the ring bear substituents?", hetero.ring_substituted, _III, 14),
    14: _Question("More than one aromatic ring?", hetero.many_aromatic, 22, 15),
    15: _Question(
        "Readily hydrolysed to mononuclear residues?",
        hetero.readily_hydrolysed,
        33,
        _heterocyclic_residue,
    ),
    16: _Question("Common terpene?", chains.q16, 17, _I, label="common terpene"),
    17: _Question(
        "Readily hydrolysed to a common terpene?",
        chains.q17,
        19,
        18,
        label="hydrolysed to a common terpene",
    ),
    18: _Question("One of the features of Q18 (a)-(i)?", chains.q18, _I, _II),
    19: _Question("Open chain?", chains.q19, 23, 20),
    20: _Question(
        "Linear or simply branched aliphatic with only the listed groups?",
        chains.q20,
        22,
        21,
        label="simply branched aliphatic",
    ),
    21: _Question("Three or more different functional groups?", chains.q21, 18, _III),
    22: _Question(
        "Common component of food?", chains.q22, 33, _II, label="common component of food"
    ),
    23: _Question("Aromatic?", ringed.q23, 24, 27),
    24: _Question("Monocarbocyclic with simple substituents?", ringed.q24, 25, 18),
    25: _Question(
        "Cyclopropane/cyclobutane with simple substituents, or cyclic sulphide or mercaptan?",
        ringed.q25,
        26,
        _II,
    ),
    26: _Question("Monocycloalkanone or bicyclic with simple groups?", ringed.q26, 22, _II),
    27: _Question("Does the ring bear substituents?", hetero.ring_substituted, _III, 28),
    28: _Question("More than one aromatic ring?", hetero.many_aromatic, 30, 29),
    29: _Question(
        "Readily hydrolysed to mononuclear residues?",
        hetero.readily_hydrolysed,
        33,
        _aromatic_residue_to(30),
    ),
    30: _Question(
        "Ring substituents beyond small aliphatic groups with simple groups?",
        ringed.q30,
        _aromatic_residue_to(18),
        31,
    ),
    31: _Question(
        "Acyclic acetal, ketal or ester of a substance of Q30?",
        ringed.q31,
        32,
        _aromatic_residue_to(18),
    ),
    32: _Question(
        "Only Q30/Q31 groups with a fused carbocycle, long chains or short polyoxyethylene?",
        ringed.q32,
        22,
        _II,
    ),
    33: _Question("Sufficient Na/K/Ca sulphonate or sulphamate groups?", ringed.q33, _III, _I),
}


@dataclass
class Trail:
    """The answers given and the unanswerable questions met, in the order of the walk."""

    answers: list[CramerAnswer] = field(default_factory=list)
    unanswered: dict[str, None] = field(default_factory=dict)

    def merge(self, other: Trail) -> None:
        self.answers.extend(other.answers)
        self.unanswered.update(other.unanswered)


def walk(subject: Subject, node: int, trail: Trail, where: str) -> tuple[TtcClass, str]:
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
        branch_trail = Trail()
        target = question.yes if value else question.no
        outcomes[value] = (*_follow(subject, target, reply, branch_trail, where), branch_trail)
    value = max(outcomes, key=lambda v: _RANK[outcomes[v][0]])  # first (assume) wins ties
    cramer_class, rest, branch_trail = outcomes[value]
    other = ROMAN[outcomes[not value][0]]
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
    subject: Subject, target: Target, reply: Reply, trail: Trail, where: str
) -> tuple[TtcClass, str]:
    if isinstance(target, TtcClass):
        return target, ""
    if reply.residues or callable(target):
        return _branch(subject, reply.residues, target, trail, where)
    return walk(subject, target, trail, where)


def _branch(
    subject: Subject,
    residues: tuple[Subject, ...],
    target: int | Callable[[Subject], int],
    trail: Trail,
    where: str,
) -> tuple[TtcClass, str]:
    """Go on with each residue (or the subject itself); the highest class reached wins."""
    outcomes = []
    for residue in residues or (subject,):
        start = target(residue) if callable(target) else target
        label = f"[{residue.smiles}] " if residues else ""
        cramer_class, path = walk(residue, start, trail, where + label)
        outcomes.append((cramer_class, f"({label}{path})" if residues else path))
    worst = max(outcomes, key=lambda o: _RANK[o[0]])[0]
    return worst, ",".join(path for _, path in outcomes)


def _join(token: str, rest: str) -> str:
    return f"{token},{rest}" if rest else token
