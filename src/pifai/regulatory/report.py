"""What the compliance check says about each ingredient and about the product."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pifai.regulatory.model import Authority, Citation


class Verdict(StrEnum):
    COMPLIANT = "compliant"
    PROHIBITED = "prohibited"
    OVER_LIMIT = "over_limit"
    NOT_PERMITTED = "not_permitted"  # outside the entry's product scope or conditions
    NOT_ON_POSITIVE_LIST = "not_on_positive_list"
    INCOMPLETE = "incomplete"  # no usable amount: nothing can be judged
    UNKNOWN = "unknown"  # in no list or dictionary: always on the SA's review list


# SPEC §9: these block signing and make `pifai check` exit 3.
BLOCKING = frozenset(
    {
        Verdict.PROHIBITED,
        Verdict.OVER_LIMIT,
        Verdict.NOT_PERMITTED,
        Verdict.NOT_ON_POSITIVE_LIST,
        Verdict.INCOMPLETE,
    }
)
# Worst first: the ingredient's verdict is the worst binding finding.
SEVERITY_ORDER = (
    Verdict.PROHIBITED,
    Verdict.OVER_LIMIT,
    Verdict.NOT_PERMITTED,
    Verdict.NOT_ON_POSITIVE_LIST,
    Verdict.INCOMPLETE,
    Verdict.UNKNOWN,
    Verdict.COMPLIANT,
)


@dataclass(frozen=True)
class Finding:
    """One rule's result for one ingredient, with the entry it rests on."""

    verdict: Verdict
    message: str
    authority: Authority | None = None
    citation: Citation | None = None
    actual_pct: float | None = None
    allowed_pct: float | None = None
    binding: bool = True  # False: an advisory note (e.g. an EU limit when TFDA's is met)


@dataclass(frozen=True)
class LabelRequirement:
    """Something item 4 (the label) must carry because of an ingredient (R4, SPEC §11)."""

    ingredient: str
    text: str
    reason: str  # "mandatory warning", "allergen above disclosure threshold", ...
    citation: Citation | None = None


@dataclass(frozen=True)
class IngredientVerdict:
    name: str
    inci: str | None
    actual_pct: float | None  # the upper bound judged
    verdict: Verdict
    findings: tuple[Finding, ...]
    label_requirements: tuple[LabelRequirement, ...] = ()
    review_notes: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        return self.verdict in BLOCKING

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(f.citation for f in self.findings if f.citation is not None)


@dataclass(frozen=True)
class ComplianceResult:
    product_type: str
    as_of: date
    ingredients: tuple[IngredientVerdict, ...]
    label_requirements: tuple[LabelRequirement, ...] = field(default=())

    @property
    def blocking(self) -> tuple[IngredientVerdict, ...]:
        return tuple(i for i in self.ingredients if i.blocking)

    @property
    def review(self) -> tuple[IngredientVerdict, ...]:
        return tuple(i for i in self.ingredients if i.verdict == Verdict.UNKNOWN or i.review_notes)
