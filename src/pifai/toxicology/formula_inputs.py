"""From a checked formula to the assessment's inputs, and SA overrides read from JSON.

The assessment always starts from the formula check, so the ingredient identities, summed
amounts and regulatory verdicts it judges are exactly the ones item 3 shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pifai.formulas.check import (
    LOOKUP_CONFIDENCE,
    TRUSTED_CONFIDENCE,
    CheckedIngredient,
    FormulaCheck,
)
from pifai.formulas.model import Severity
from pifai.toxicology.assess import AssessmentInput
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.overrides import Judgement, Override, ProductOverrides, Target


def inputs_from_check(check: FormulaCheck) -> list[AssessmentInput]:
    return [
        AssessmentInput(
            name=item.ingredient.name,
            inci=_inci(item),
            cas=tuple(dict.fromkeys(c for c in (item.ingredient.cas, *_cas(item)) if c)),
            concentration_pct=item.verdict.actual_pct,
            function=item.function,
            compliance=item.verdict,
            identity_note=_identity_note(item),
        )
        for item in check.ingredients
    ]


def formula_problems(check: FormulaCheck, severity: Severity = Severity.ERROR) -> list[str]:
    """The formula's own problems of one severity (row errors, totals; or warnings such as
    an incomplete raw-material breakdown), where and why."""
    return [
        f"{p.location.describe()}: {p.message}" for p in check.problems if p.severity is severity
    ]


def formula_warnings(check: FormulaCheck) -> list[str]:
    return formula_problems(check, Severity.WARNING)


def _inci(item: CheckedIngredient) -> str | None:
    """The identity the toxicology may rely on: below the look-up confidence a guess does
    not steer anything (the name as written is used)."""
    match = item.match
    return match.inci if match.entry is not None and match.confidence >= LOOKUP_CONFIDENCE else None


def _identity_note(item: CheckedIngredient) -> str | None:
    match = item.match
    if match.entry is None or match.confidence < LOOKUP_CONFIDENCE:
        if any(f.citation is not None for f in item.verdict.findings):
            return None  # a list entry knows it by this name (e.g. a prohibited substance)
        # No list entry names it either: a finding without an entry (e.g. "declared as
        # preservative but not on the list" for a trade name) does not identify it.
        return (
            f"identity unconfirmed: {item.ingredient.name!r} is not in the INCI dictionary or "
            "the list entries by this name; the SA must confirm what it is (give its CAS)"
        )
    if match.cas_conflict:
        return (
            f"identity uncertain: {item.ingredient.name!r} was read as {match.inci} but its CAS "
            "belongs to another ingredient; the SA must confirm the identity"
        )
    if match.confidence < TRUSTED_CONFIDENCE:
        return (
            f"identity uncertain: {item.ingredient.name!r} was matched to {match.inci} "
            f"({match.explanation}, confidence {match.confidence:.2f}); the SA must confirm it"
        )
    return None


def _cas(item: CheckedIngredient) -> tuple[str, ...]:
    entry = item.match.entry
    if entry is None or item.match.confidence < TRUSTED_CONFIDENCE:
        return ()
    return tuple(entry.cas_numbers)


_OVERRIDE_FIELDS = ("value", "reason", "citation", "scope")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ToxicologyError(f"{where}.{key}: expected text, got {type(value).__name__}")
    return value


def _override(target: Target, raw: Any, where: str) -> Override:
    if not isinstance(raw, Mapping):
        raise ToxicologyError(f"{where}: expected an object with value and reason")
    unknown = sorted(set(raw) - set(_OVERRIDE_FIELDS))
    if unknown:
        raise ToxicologyError(
            f"{where}.{unknown[0]}: unknown field (use value, reason, citation, scope)"
        )
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToxicologyError(f"{where}.value: expected a number, got {value!r}")
    try:
        return Override(
            target,
            float(value),
            _text(raw, "reason", where),
            _text(raw, "citation", where),
            _text(raw, "scope", where),
        )
    except ToxicologyError as exc:
        raise ToxicologyError(f"{where}: {exc}") from None


def _judgement(raw: Any, where: str) -> Judgement:
    if not isinstance(raw, Mapping):
        raise ToxicologyError(f"{where}: expected an object with reason and citation")
    unknown = sorted(set(raw) - {"reason", "citation"})
    if unknown:
        raise ToxicologyError(f"{where}.{unknown[0]}: unknown field (use reason, citation)")
    try:
        return Judgement(_text(raw, "reason", where), _text(raw, "citation", where))
    except ToxicologyError as exc:
        raise ToxicologyError(f"{where}: {exc}") from None


def _overrides(
    raw: Mapping[str, Any], where: str, allowed: tuple[Target, ...], extra: tuple[str, ...] = ()
) -> ProductOverrides:
    unknown = set(raw) - {t.value for t in allowed}
    if unknown:
        names = ", ".join([*(t.value for t in allowed), *extra])
        raise ToxicologyError(f"{where}: unknown override {sorted(unknown)[0]!r} (use {names})")
    found = {t: _override(t, raw[t.value], f"{where}.{t.value}") for t in allowed if t.value in raw}
    return ProductOverrides(
        exposure=found.get(Target.EXPOSURE),
        dap=found.get(Target.DAP),
        noael=found.get(Target.NOAEL),
        oral_absorption=found.get(Target.ORAL_ABSORPTION),
    )


def parse_overrides(raw: Any) -> tuple[ProductOverrides, dict[str, ProductOverrides]]:
    """``{"exposure": {...}, "oral_absorption": {...}, "ingredients": {INCI: {"dap": {...},
    "noael": {...}, "basis": {"reason", "citation"}}}}`` → product-wide and per-ingredient
    overrides; errors name the field."""
    if not isinstance(raw, Mapping):
        raise ToxicologyError("overrides: expected a JSON object")
    product_part = {k: v for k, v in raw.items() if k != "ingredients"}
    product = _overrides(
        product_part, "overrides", (Target.EXPOSURE, Target.ORAL_ABSORPTION), ("ingredients",)
    )
    ingredients_raw = raw.get("ingredients", {})
    if not isinstance(ingredients_raw, Mapping):
        raise ToxicologyError("overrides.ingredients: expected an object keyed by INCI")
    per_ingredient = {}
    for name, value in ingredients_raw.items():
        where = f"overrides.ingredients[{name!r}]"
        if not isinstance(value, Mapping):
            raise ToxicologyError(f'{where}: expected an object such as {{"noael": {{...}}}}')
        numeric = {k: v for k, v in value.items() if k != "basis"}
        found = _overrides(
            numeric, where, (Target.DAP, Target.NOAEL, Target.ORAL_ABSORPTION), ("basis",)
        )
        if "basis" in value:
            found = replace(found, judgement=_judgement(value["basis"], f"{where}.basis"))
        per_ingredient[str(name)] = found
    return product, per_ingredient
