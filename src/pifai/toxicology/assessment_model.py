"""What the safety assessment says about one ingredient and about the product (SPEC §10).

These frozen values are the data shape of PIF items 9 and 10 and of the quantitative core
of item 16: the CLI prints them, the API returns them, the PDF and workflow issues reuse them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pifai.toxicology.absorption import CitedValue, DermalAbsorption
from pifai.toxicology.exposure import Exposure
from pifai.toxicology.margin import MarginOfSafety, Noael, PodSys, Sed, TtcComparison


class SafetyVerdict(StrEnum):
    ACCEPTABLE = "acceptable"
    INSUFFICIENT_MARGIN = "insufficient_margin"
    PROHIBITED = "prohibited"
    OVER_LIMIT = "over_limit"
    REVIEW = "review"
    DATA_GAP = "data_gap"


# Worst first: the product's verdict is its worst ingredient's.
VERDICT_ORDER = (
    SafetyVerdict.PROHIBITED,
    SafetyVerdict.OVER_LIMIT,
    SafetyVerdict.INSUFFICIENT_MARGIN,
    SafetyVerdict.DATA_GAP,
    SafetyVerdict.REVIEW,
    SafetyVerdict.ACCEPTABLE,
)
# These stand in the way of signing; `pifai assess` exits 3 on them.
BLOCKING_VERDICTS = frozenset(
    {SafetyVerdict.PROHIBITED, SafetyVerdict.OVER_LIMIT, SafetyVerdict.INSUFFICIENT_MARGIN}
)


def worst(verdicts: list[SafetyVerdict]) -> SafetyVerdict:
    return min(verdicts, key=VERDICT_ORDER.index, default=SafetyVerdict.ACCEPTABLE)


class Tier(StrEnum):
    """The step of the NOAEL cascade that gave the ingredient its basis."""

    GATE = "gate"  # a hard gate decided: no NOAEL needed
    AUTHORITY = "0"  # numeric NOAEL from an authority
    READ_ACROSS = "1"  # a curated analogue's NOAEL ÷ assessment factor
    STRUCTURAL = "1.5"  # Morgan-fingerprint read-across to an anchor
    QUALITATIVE = "2"  # an authority's qualitative conclusion
    TTC = "3"  # threshold of toxicological concern (Cramer class)
    SA_JUDGEMENT = "sa"  # the safety assessor's own reasoned basis, with its source
    DATA_GAP = "data_gap"  # nothing usable: the SA decides


@dataclass(frozen=True)
class Gate:
    """A hard gate (SPEC §10): it overrides any MoS."""

    kind: str  # "prohibited", "cmr", "nanomaterial", "corrosive", "over_limit", ...
    verdict: SafetyVerdict
    reason: str
    citation: str = ""


@dataclass(frozen=True)
class Analogue:
    """The substance a read-across borrowed its NOAEL from."""

    name: str
    noael_mg_kg_bw_d: float
    citation: str
    factor: float = 1
    factor_basis: str = ""
    tanimoto: float | None = None  # set for structural (tier 1.5) read-across


@dataclass(frozen=True)
class Properties:
    """Item 9's per-ingredient identity and physico-chemistry, each value cited."""

    pubchem_cid: int | None = None
    smiles: str | None = None
    structure_citation: str | None = None
    mw: CitedValue | None = None
    log_pow: CitedValue | None = None


@dataclass(frozen=True)
class IngredientAssessment:
    name: str
    inci: str | None
    cas: tuple[str, ...]
    concentration_pct: float | None  # the upper bound judged
    function: str | None
    tier: Tier
    method: str  # the label the report prints, e.g. "read-across (analogue X, NOAEL Y, AF Z)"
    verdict: SafetyVerdict
    reasons: tuple[str, ...]
    exposure: Exposure
    dap: DermalAbsorption | None = None
    sed: Sed | None = None
    noael: Noael | None = None
    pod: PodSys | None = None
    mos: MarginOfSafety | None = None
    ttc: TtcComparison | None = None
    cramer: str | None = None  # the Cramer class and path, when tier 3 was tried
    analogue: Analogue | None = None
    gates: tuple[Gate, ...] = ()
    hazard_codes: tuple[str, ...] = ()
    hazard_citations: tuple[str, ...] = ()
    properties: Properties = field(default_factory=Properties)
    review: tuple[str, ...] = ()  # what the SA must look at for this ingredient
    sources_missing: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        return self.verdict in BLOCKING_VERDICTS

    @property
    def basis(self) -> str:
        """The one-line basis that is never blank: method and tier."""
        return f"tier {self.tier.value}: {self.method}"


@dataclass(frozen=True)
class ReviewItem:
    ingredient: str
    verdict: SafetyVerdict
    reason: str


@dataclass(frozen=True)
class ProductAssessment:
    product_type: str
    exposure: Exposure
    ingredients: tuple[IngredientAssessment, ...]
    oral_method: str
    dataset: str  # name and version of the curated toxicology dataset used
    hazards_source: str
    sources_missing: tuple[str, ...] = ()
    sources_used: tuple[str, ...] = ()
    # Blocking problems of the formula itself (no rows, totals far from 100 %, unusable
    # amounts): the assessment stands on an unusable formula, so it cannot pass.
    formula_problems: tuple[str, ...] = ()
    # The formula's warnings (an incomplete breakdown, merged rows …): for the SA to confirm.
    formula_warnings: tuple[str, ...] = ()
    # SA overrides keyed to an ingredient the formula does not contain (a typo, a renamed
    # INCI): reported, never silently dropped.
    unused_overrides: tuple[str, ...] = ()

    @property
    def verdict(self) -> SafetyVerdict:
        verdicts = [i.verdict for i in self.ingredients]
        if self.formula_problems or not self.ingredients:
            verdicts.append(SafetyVerdict.DATA_GAP)
        if self.exposure.fallback or self.formula_warnings:  # for the SA to confirm
            verdicts.append(SafetyVerdict.REVIEW)
        return worst(verdicts)

    @property
    def blocking(self) -> tuple[IngredientAssessment, ...]:
        return tuple(i for i in self.ingredients if i.blocking)

    @property
    def blocks_signing(self) -> bool:
        return bool(self.blocking or self.formula_problems)

    @property
    def review_list(self) -> tuple[ReviewItem, ...]:
        """Everything the SA must look at, worst first."""
        items = [
            ReviewItem(i.name, i.verdict, reason)
            for i in self.ingredients
            if i.verdict is not SafetyVerdict.ACCEPTABLE or i.review
            for reason in (i.review or i.reasons[:1] or (i.method,))
        ]
        items += [ReviewItem("(formula)", SafetyVerdict.DATA_GAP, p) for p in self.formula_problems]
        if self.exposure.fallback:
            items.append(ReviewItem("(exposure)", SafetyVerdict.REVIEW, self.exposure.reason))
        items += [ReviewItem("(formula)", SafetyVerdict.REVIEW, w) for w in self.formula_warnings]
        if not self.ingredients:
            items.append(ReviewItem("(formula)", SafetyVerdict.DATA_GAP, "no ingredient to assess"))
        items += [
            ReviewItem(
                key, SafetyVerdict.REVIEW, "SA override for an ingredient not in the formula"
            )
            for key in self.unused_overrides
        ]
        return tuple(sorted(items, key=lambda r: VERDICT_ORDER.index(r.verdict)))
