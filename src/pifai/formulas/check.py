"""`pifai check` and POST /ingredients/check-formula: one formula through intake,
normalisation and the regulatory rules (SPEC §3 steps intake → normalise → comply).

Pure: the caller supplies the raw-material library, the list index and the date; the
result is a frozen report that the CLI prints and the API returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from pifai.formulas import totals
from pifai.formulas.amounts import add
from pifai.formulas.model import (
    AmountKind,
    Component,
    Location,
    ParsedFormula,
    RowProblem,
    Severity,
)
from pifai.formulas.raw_materials import ResolvedIngredient, resolve
from pifai.ingredients.dictionary import IngredientDictionary, load_dictionary
from pifai.ingredients.model import Match, MatchMethod
from pifai.ingredients.normalise import normalise
from pifai.product_types.taxonomy import ProductType
from pifai.regulatory.engine import CheckIngredient, check_formula
from pifai.regulatory.index import ReferenceIndex
from pifai.regulatory.report import ComplianceResult, IngredientVerdict

TRUSTED_CONFIDENCE = 0.8  # SPEC §14 colour bands: ≥ 0.8 green, 0.5–0.8 yellow, < 0.5 red
# Below this, a guessed identity does not even steer the list look-up (only the name as
# written does): a wrong guess must not hide the real substance's entry.
LOOKUP_CONFIDENCE = 0.5


@dataclass(frozen=True)
class CheckedIngredient:
    ingredient: ResolvedIngredient
    match: Match
    function: str | None
    verdict: IngredientVerdict


@dataclass(frozen=True)
class FormulaCheck:
    formula: ParsedFormula
    product: ProductType
    as_of: date
    ingredients: tuple[CheckedIngredient, ...]
    problems: tuple[RowProblem, ...]
    compliance: ComplianceResult

    @property
    def blocking(self) -> bool:
        blocked_rows = any(p.severity is Severity.ERROR for p in self.problems)
        return bool(self.compliance.blocking) or blocked_rows

    @property
    def total_pct(self) -> tuple[float, float]:
        check = totals.check_total(self.formula)
        return check.low, check.high


def check_parsed_formula(
    formula: ParsedFormula,
    product: ProductType,
    index: ReferenceIndex,
    *,
    as_of: date,
    library: Mapping[str, Sequence[Component]] | None = None,
    dictionary: IngredientDictionary | None = None,
) -> FormulaCheck:
    dictionary = dictionary or load_dictionary()
    reviewed = totals.review(formula)
    resolved = resolve(reviewed, library or {})
    functions = {row.location: row.function for row in reviewed.rows}
    identified = [(ing, _identify(ing, dictionary)) for ing in resolved.ingredients]
    merged, merge_notes = _merge_same_ingredient(identified)
    ingredients = [ing for ing, _m in merged]
    matches = [m for _i, m in merged]
    inputs = [
        _check_input(ing, match, _function(ing, functions))
        for ing, match in zip(ingredients, matches, strict=True)
    ]
    compliance = check_formula(inputs, product, index, as_of=as_of)
    checked = tuple(
        CheckedIngredient(ing, match, inp.function, verdict)
        for ing, match, inp, verdict in zip(
            ingredients, matches, inputs, compliance.ingredients, strict=True
        )
    )
    problems = (*_drop_identified_raw_material_warnings(resolved.problems, checked), *merge_notes)
    return FormulaCheck(reviewed, product, as_of, checked, problems, compliance)


def _identify(ing: ResolvedIngredient, dictionary: IngredientDictionary) -> Match:
    return normalise(ing.name, ing.cas, dictionary=dictionary)


def _function(ing: ResolvedIngredient, functions: Mapping[Location, str | None]) -> str | None:
    declared = [functions.get(src.location) for src in ing.sources if src.share is None]
    return next((f for f in declared if f), None)


def _merge_same_ingredient(
    identified: list[tuple[ResolvedIngredient, Match]],
) -> tuple[list[tuple[ResolvedIngredient, Match]], list[RowProblem]]:
    """One substance listed under several spellings ("Phenoxyethanol", "苯氧乙醇", a raw
    material's share) is one ingredient: its amounts are summed before any limit is
    applied. Only trusted identities are merged."""
    merged: dict[str, tuple[ResolvedIngredient, Match]] = {}
    order: list[str] = []
    notes: list[RowProblem] = []
    for ing, match in identified:
        key = (
            f"inci:{match.inci}"
            if match.inci and match.confidence >= TRUSTED_CONFIDENCE
            else f"row:{id(ing)}"
        )
        if key not in merged:
            merged[key] = (ing, match)
            order.append(key)
            continue
        first, first_match = merged[key]
        total = replace(
            first,
            amount=add(first.amount, ing.amount),
            sources=(*first.sources, *ing.sources),
            is_impurity=first.is_impurity and ing.is_impurity,
            unresolved=False,
        )
        merged[key] = (total, first_match)
        notes.append(
            RowProblem(
                ing.sources[0].location,
                f"{ing.name!r} is {match.inci}, also listed as {first.name!r}: amounts summed",
                Severity.WARNING,
                "name",
            )
        )
    return [merged[k] for k in order], notes


def _check_input(ing: ResolvedIngredient, match: Match, function: str | None) -> CheckIngredient:
    cas: list[str] = [c for c in (ing.cas,) if c]
    trusted = match.entry is not None and match.confidence >= TRUSTED_CONFIDENCE
    if match.entry is not None and match.confidence >= LOOKUP_CONFIDENCE:
        cas.extend(c for c in match.entry.cas_numbers if c not in cas)
    usable = ing.amount.kind is not AmountKind.MISSING and ing.amount.upper is not None
    return CheckIngredient(
        name=ing.name,
        amount_pct=ing.amount.upper if usable else None,
        inci=match.inci if match.confidence >= LOOKUP_CONFIDENCE else None,
        cas_numbers=tuple(cas),
        function=function,
        is_impurity=ing.is_impurity,
        identified=trusted and match.method is not MatchMethod.NONE,
    )


def _drop_identified_raw_material_warnings(
    problems: Sequence[RowProblem], checked: Sequence[CheckedIngredient]
) -> tuple[RowProblem, ...]:
    """A line the parser could not break down but the normaliser identified as an
    ingredient (e.g. "Glycerin" in a raw-material column) is not an unknown raw material."""
    identified = {
        src.location
        for c in checked
        if c.ingredient.unresolved
        and c.match.entry is not None
        and c.match.confidence >= TRUSTED_CONFIDENCE
        for src in c.ingredient.sources
    }
    return tuple(
        p
        for p in problems
        if not (p.location in identified and "no INCI breakdown known" in p.message)
    )
