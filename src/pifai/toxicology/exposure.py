"""Daily exposure to the product, E_product in mg/kg bw/day (SPEC §10).

Implements SCCS/1647/22 §3-3.4.2.1 (Tables 3A/3B) for the rows the basis register sources,
looked up through the product type's ``exposure_class``. A type without a sourced class gets
the SPEC §10 fallback, the largest sourced value in the register, flagged so the report says
so. No row is ever invented here: the numbers live in :mod:`pifai.toxicology.basis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pifai.product_types.taxonomy import ProductType, find_product_type
from pifai.toxicology.basis import ToxicologyError, basis, exposure_classes

if TYPE_CHECKING:
    from pifai.toxicology.overrides import Override


@dataclass(frozen=True)
class Exposure:
    """The exposure value an SED uses, with where it came from.

    ``fallback`` is True when the product type has no sourced class; ``reason`` is the
    sentence the report prints. ``override``/``replaced`` are set when the SA replaced the
    default for one product (see :mod:`pifai.toxicology.overrides`).
    """

    product_type: str | None
    exposure_class: str | None
    e_product_mg_kg_bw_d: float
    amount_g_d: float | None
    retention_factor: float | None
    source: str
    citation: str
    grade: str
    basis_keys: tuple[str, ...]
    fallback: bool = False
    reason: str = ""
    override: Override | None = None
    replaced: Exposure | None = None

    @property
    def overridden(self) -> bool:
        return self.override is not None


def exposure_of_class(exposure_class: str, product_type: str | None = None) -> Exposure:
    """The sourced SCCS row for one exposure class; unknown classes are refused."""
    if exposure_class not in exposure_classes():
        raise ToxicologyError(f"no sourced SCCS exposure row for class {exposure_class!r}")
    keys = tuple(
        f"exposure.{exposure_class}.{part}" for part in ("e_product", "amount", "retention")
    )
    e_product, amount, retention = (basis(key) for key in keys)
    return Exposure(
        product_type=product_type,
        exposure_class=exposure_class,
        e_product_mg_kg_bw_d=e_product.value,
        amount_g_d=amount.value,
        retention_factor=retention.value,
        source=e_product.why,
        citation=e_product.citation,
        grade=e_product.grade,
        basis_keys=keys,
        reason=f"SCCS exposure class {exposure_class!r}",
    )


def fallback_exposure(product_type: str | None = None) -> Exposure:
    """SPEC §10: no sourced class → the largest sourced value, flagged and explained."""
    rule = basis("exposure.fallback")
    whose = f"product type {product_type!r}" if product_type else "this product"
    reason = (
        f"No sourced SCCS exposure class for {whose}: using the largest sourced value in the "
        f"basis register, {rule.value:g} mg/kg bw/day ({rule.citation}). It is not known to "
        "be conservative for this type (an unsourced SCCS row, e.g. sunscreen, may be higher), "
        "so it is never a pass by itself: the SA must confirm it or replace it with a cited "
        "value for the product."
    )
    aggregate = rule.value == basis("exposure.aggregate.e_product").value
    return Exposure(
        product_type=product_type,
        exposure_class=None,
        e_product_mg_kg_bw_d=rule.value,
        amount_g_d=basis("exposure.aggregate.amount").value if aggregate else None,
        retention_factor=None,
        source=rule.why,
        citation=rule.citation,
        grade=rule.grade,
        basis_keys=("exposure.fallback",),
        fallback=True,
        reason=reason,
    )


def exposure_for(product_type: ProductType | str) -> Exposure:
    """E_product for a product type (a :class:`ProductType`, its key, name or alias)."""
    kind = (
        product_type if isinstance(product_type, ProductType) else find_product_type(product_type)
    )
    if kind.exposure_class is None:
        return fallback_exposure(kind.key)
    return exposure_of_class(kind.exposure_class, kind.key)
