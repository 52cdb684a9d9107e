"""From raw materials (trade names) to INCI amounts in the product.

A formula line is often a raw material ("Phenonip", "WSK snow mushroom ext 1% soln.")
whose INCI breakdown — % of each INCI *within the raw material*, impurities and
fragrance allergens included — comes from the supplier. Each INCI's amount in the
product is share × line amount / 100; ranges multiply bound by bound, and the same INCI
from several raw materials is summed (lows with lows, highs with highs). A raw material
whose breakdown is unknown stays a line of its own, flagged `unresolved`, never dropped:
toxicology cannot judge it until someone supplies the breakdown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pifai.formulas.amounts import add, bounds, describe, scale
from pifai.formulas.model import (
    Amount,
    Component,
    Location,
    ParsedFormula,
    ParsedRow,
    RowProblem,
    Severity,
)
from pifai.formulas.parsers.breakdown import BreakdownSheet, parse_breakdown
from pifai.formulas.totals import fill_balance, fold_name

__all__ = [
    "BreakdownSheet",
    "ResolvedFormula",
    "ResolvedIngredient",
    "Source",
    "parse_breakdown",
    "resolve",
]

MIN_COVERAGE = 95.0  # % of a raw material its breakdown should account for (impurities aside)


@dataclass(frozen=True)
class Source:
    """One contribution to an ingredient: which formula line, and how much."""

    raw_material: str  # the formula line's name (trade name or INCI)
    location: Location  # that line in the uploaded file
    amount: Amount  # contribution to the product, % w/w
    share: Amount | None = None  # % of the INCI within the raw material; None: the line itself


@dataclass(frozen=True)
class ResolvedIngredient:
    name: str  # INCI (or the raw material's own name when unresolved)
    cas: str | None
    amount: Amount  # % w/w in the product, summed over all sources
    sources: tuple[Source, ...]
    is_impurity: bool = False  # only ever present as a declared impurity / residue
    unresolved: bool = False  # a raw material with no known INCI breakdown
    may_contain: bool = False


@dataclass(frozen=True)
class ResolvedFormula:
    source: str
    ingredients: tuple[ResolvedIngredient, ...]  # by descending amount (upper bound)
    problems: tuple[RowProblem, ...]


@dataclass
class _Entry:
    name: str
    cas: str | None
    unresolved: bool
    sources: list[Source]
    impurity: list[bool]
    may_contain: list[bool]


def resolve(formula: ParsedFormula, library: Mapping[str, Sequence[Component]]) -> ResolvedFormula:
    """Per-INCI amounts in the product. Breakdowns come from the line itself
    (`ParsedRow.components`) or else from `library` (keys matched case- and
    space-insensitively); a balance row is computed first."""
    formula = fill_balance(formula)
    index = {fold_name(name): tuple(parts) for name, parts in library.items()}
    entries: dict[tuple[bool, str], _Entry] = {}
    problems = list(formula.problems)
    for row in formula.rows:
        # A line given as an INCI is that ingredient, never a library raw material that
        # happens to share its name (which could silently shrink its amount).
        components = row.components or (() if row.inci else index.get(fold_name(row.name), ()))
        if components:
            problems.extend(_coverage(row, components))
            for component in components:
                _add_component(entries, row, component, problems)
        elif row.inci:
            source = Source(row.name, row.location, row.amount)
            _entry(entries, row.inci, row.cas, unresolved=False).sources.append(source)
            _flags(entries, row.inci, False, row.may_contain, unresolved=False)
        else:
            source = Source(row.name, row.location, row.amount)
            _entry(entries, row.name, row.cas, unresolved=True).sources.append(source)
            _flags(entries, row.name, False, row.may_contain, unresolved=True)
            problems.append(
                RowProblem(
                    row.location,
                    f"no INCI breakdown known for the raw material {row.name!r}; it is kept "
                    "as its own line until its breakdown is added",
                    Severity.WARNING,
                    "name",
                )
            )
    ingredients = sorted((_finish(e) for e in entries.values()), key=_order)
    return ResolvedFormula(formula.source, tuple(ingredients), tuple(problems))


def _add_component(
    entries: dict[tuple[bool, str], _Entry],
    row: ParsedRow,
    component: Component,
    problems: list[RowProblem],
) -> None:
    amount = scale(row.amount, component.share)
    if bounds(component.share) is None:
        problems.append(
            RowProblem(
                row.location,
                f"the share of {component.name!r} in {row.name!r} is unknown; its amount in "
                "the product cannot be computed",
                Severity.WARNING,
                "share",
            )
        )
    entry = _entry(entries, component.name, component.cas, unresolved=False)
    entry.sources.append(Source(row.name, row.location, amount, component.share))
    _flags(entries, component.name, component.is_impurity, row.may_contain, unresolved=False)


def _entry(
    entries: dict[tuple[bool, str], _Entry], name: str, cas: str | None, *, unresolved: bool
) -> _Entry:
    key = (unresolved, fold_name(name))
    entry = entries.get(key)
    if entry is None:
        entry = entries[key] = _Entry(name, cas, unresolved, [], [], [])
    elif entry.cas is None:
        entry.cas = cas
    return entry


def _flags(
    entries: dict[tuple[bool, str], _Entry],
    name: str,
    impurity: bool,
    may_contain: bool,
    *,
    unresolved: bool,
) -> None:
    entry = entries[(unresolved, fold_name(name))]
    entry.impurity.append(impurity)
    entry.may_contain.append(may_contain)


def _finish(entry: _Entry) -> ResolvedIngredient:
    total = entry.sources[0].amount
    for source in entry.sources[1:]:
        total = add(total, source.amount)
    return ResolvedIngredient(
        name=entry.name,
        cas=entry.cas,
        amount=total,
        sources=tuple(entry.sources),
        is_impurity=all(entry.impurity),
        unresolved=entry.unresolved,
        may_contain=all(entry.may_contain),
    )


def _order(ingredient: ResolvedIngredient) -> tuple[bool, float]:
    upper = ingredient.amount.upper
    return upper is None, -(upper if upper is not None else 0.0)


def _coverage(row: ParsedRow, components: Sequence[Component]) -> list[RowProblem]:
    """A breakdown that accounts for well under 100 % of its raw material hides INCI."""
    shares = [bounds(c.share) for c in components if not c.is_impurity]
    highs = [b[1] for b in shares if b is not None]
    if len(highs) != len(shares):
        return []  # unknown shares are reported per component
    covered = math.fsum(highs)
    if covered >= MIN_COVERAGE:
        return []
    return [
        RowProblem(
            row.location,
            f"the breakdown of {row.name!r} accounts for only {describe(Amount.exact(covered))} "
            "of it; the rest of the raw material is not in the INCI list",
            Severity.WARNING,
            "share",
        )
    ]
