"""Which limits of an entry apply to a product, and whether the entry applies at all on a
date. Pure helpers of the rule engine."""

from __future__ import annotations

from datetime import date

from pifai.product_types.scopes import Scope
from pifai.product_types.taxonomy import ProductType
from pifai.regulatory.limit_text import is_other_products
from pifai.regulatory.model import Limit, ListType, RegulatedEntry


def applicable_limits(entry: RegulatedEntry, product: ProductType) -> tuple[list[Limit], bool]:
    """Numeric limits that apply to the product's scopes, and whether any limit's scope
    could not be understood (then it is applied anyway, conservatively, and flagged)."""
    applying: list[Limit] = []
    fallbacks: list[Limit] = []
    unparsed = False
    for limit in entry.limits:
        if limit.max_pct is None:
            continue
        if limit.scope is None and is_other_products(limit.scope_text):
            fallbacks.append(limit)  # "other products": only where no scoped limit applies
        elif limit.scope is None:
            if limit.scope_text.strip():
                unparsed = True
            applying.append(limit)
        elif limit.scope in product.scopes:
            applying.append(limit)
    scoped_match = any(limit.scope is not None for limit in applying)
    if not scoped_match:
        applying.extend(fallbacks)
    return applying, unparsed


def prohibition_applies(entry: RegulatedEntry, product: ProductType) -> bool:
    """Most prohibitions are total; some are written for one use only ("not in hair dye
    products"), which the importer records as the entry's excluded scopes."""
    if not entry.excluded_scopes:
        return True
    return bool(entry.excluded_scopes & product.scopes)


def scope_refusal(entry: RegulatedEntry, product: ProductType) -> str | None:
    """Why the entry does not allow the ingredient in this product at all, if it does not."""
    excluded = entry.excluded_scopes & product.scopes
    if excluded:
        names = ", ".join(sorted(s.value for s in excluded))
        return f"not allowed in {names} products"
    if entry.allowed_scopes and not (entry.allowed_scopes & product.scopes):
        names = ", ".join(sorted(s.value for s in entry.allowed_scopes))
        return f"allowed only in {names} products"
    scoped = [limit for limit in entry.limits if limit.scope is not None]
    unscoped = [limit for limit in entry.limits if limit.scope is None]  # incl. "other products"
    if scoped and not unscoped and not any(limit.scope in product.scopes for limit in scoped):
        names = ", ".join(sorted({limit.scope.value for limit in scoped if limit.scope}))
        return f"permitted only in {names} products"
    return None


def uv_filter_applies(entry: RegulatedEntry, product: ProductType, function: str | None) -> bool:
    """UV-filter limits bind when the product protects from the sun or the row declares the
    ingredient as a UV filter; otherwise (e.g. titanium dioxide as a pigment) they do not."""
    if entry.list_type is not ListType.UV_FILTER:
        return True
    if Scope.SUNSCREEN in product.scopes:
        return True
    declared = (function or "").lower()
    return any(word in declared for word in ("uv", "sunscreen", "防曬", "紫外線"))


def date_status(entry: RegulatedEntry, as_of: date) -> str | None:
    """None when in force on ``as_of``; otherwise why not (yet)."""
    if entry.effective_from and as_of < entry.effective_from:
        return f"applies from {entry.effective_from.isoformat()}"
    return None


def unconfirmed_scope(entry: RegulatedEntry, product: ProductType) -> str | None:
    """The list allows the ingredient only in products it describes in words we could not
    map (e.g. triclosan: "toothpaste, hand wash, soap …"), and nothing shows this product is
    one of them: refuse until someone confirms (a false alarm beats a false "safe")."""
    numeric = [lim for lim in entry.limits if lim.max_pct is not None]
    if not numeric:
        return None
    general = any(lim.scope is None and not lim.scope_text.strip() for lim in numeric)
    fallback = any(lim.scope is None and is_other_products(lim.scope_text) for lim in numeric)
    matched = any(lim.scope is not None and lim.scope in product.scopes for lim in numeric)
    if general or fallback or matched:
        return None
    described = [lim.scope_text for lim in numeric if lim.scope is None and lim.scope_text.strip()]
    return "; ".join(described) if described else None


_UNDER_3 = ("三歲以下", "三歲以下", "under 3", "under three", "children under 3 years")
_FORBIDS = ("不得", "not to be used", "must not", "shall not")


def children_exclusion(entry: RegulatedEntry, product: ProductType) -> str | None:
    """Conditions written as text: "除洗髮產品外，不得使用於三歲以下孩童之產品" (not in
    products for children under 3, shampoos excepted)."""
    if Scope.CHILDREN_UNDER_3 not in product.scopes:
        return None
    for text in (entry.conditions, *entry.label_warnings):
        lowered = text.lower()
        if any(m in lowered for m in _UNDER_3) and any(f in lowered for f in _FORBIDS):
            shampoo_excepted = "洗髮" in text or "shampoo" in lowered
            if (
                shampoo_excepted
                and Scope.HAIR in product.scopes
                and Scope.RINSE_OFF in product.scopes
            ):
                return None
            return text
    return None
