"""From a checked formula to the assessment's inputs, and SA overrides read from JSON.

The assessment always starts from the formula check, so the ingredient identities, summed
amounts and regulatory verdicts it judges are exactly the ones item 3 shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.formulas.check import TRUSTED_CONFIDENCE, CheckedIngredient, FormulaCheck
from pifai.toxicology.assess import AssessmentInput
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.overrides import Override, ProductOverrides, Target


def inputs_from_check(check: FormulaCheck) -> list[AssessmentInput]:
    return [
        AssessmentInput(
            name=item.ingredient.name,
            inci=item.verdict.inci or item.match.inci,
            cas=tuple(dict.fromkeys(c for c in (item.ingredient.cas, *_cas(item)) if c)),
            concentration_pct=item.verdict.actual_pct,
            function=item.function,
            compliance=item.verdict,
        )
        for item in check.ingredients
    ]


def _cas(item: CheckedIngredient) -> tuple[str, ...]:
    entry = item.match.entry
    if entry is None or item.match.confidence < TRUSTED_CONFIDENCE:
        return ()
    return tuple(entry.cas_numbers)


def _override(target: Target, raw: Any, where: str) -> Override:
    if not isinstance(raw, Mapping):
        raise ToxicologyError(f"{where}: expected an object with value and reason")
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToxicologyError(f"{where}.value: expected a number, got {value!r}")
    try:
        return Override(
            target,
            float(value),
            str(raw.get("reason", "")),
            str(raw.get("citation", "")),
            str(raw.get("scope", "")),
        )
    except ToxicologyError as exc:
        raise ToxicologyError(f"{where}: {exc}") from None


def _overrides(raw: Mapping[str, Any], where: str, allowed: tuple[Target, ...]) -> ProductOverrides:
    unknown = set(raw) - {t.value for t in allowed}
    if unknown:
        names = ", ".join(t.value for t in allowed)
        raise ToxicologyError(f"{where}: unknown override {sorted(unknown)[0]!r} (use {names})")
    found = {
        t.value: _override(t, raw[t.value], f"{where}.{t.value}") for t in allowed if t.value in raw
    }
    return ProductOverrides(**found)


def parse_overrides(raw: Any) -> tuple[ProductOverrides, dict[str, ProductOverrides]]:
    """``{"exposure": {...}, "oral_absorption": {...}, "ingredients": {INCI: {"dap": {...},
    "noael": {...}}}}`` → product-wide and per-ingredient overrides; errors name the field."""
    if not isinstance(raw, Mapping):
        raise ToxicologyError("overrides: expected a JSON object")
    product_part = {k: v for k, v in raw.items() if k != "ingredients"}
    product = _overrides(product_part, "overrides", (Target.EXPOSURE, Target.ORAL_ABSORPTION))
    ingredients_raw = raw.get("ingredients", {})
    if not isinstance(ingredients_raw, Mapping):
        raise ToxicologyError("overrides.ingredients: expected an object keyed by INCI")
    per_ingredient = {
        str(name): _overrides(
            value if isinstance(value, Mapping) else {"?": value},
            f"overrides.ingredients[{name!r}]",
            (Target.DAP, Target.NOAEL, Target.ORAL_ABSORPTION),
        )
        for name, value in ingredients_raw.items()
    }
    return product, per_ingredient
