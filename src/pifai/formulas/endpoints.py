from __future__ import annotations

import uuid

from fastapi import APIRouter

from pifai.api.deps import PrincipalDep, SessionDep
from pifai.formulas import repository as repo
from pifai.formulas.schemas import ProductIngredientOut
from pifai.products import service as products

router = APIRouter(prefix="/products/{product_id}/ingredients", tags=["formulas"])


@router.get("")
async def list_product_ingredients(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> list[ProductIngredientOut]:
    """The product's formula after the last analysis of item 3, by descending amount."""
    await products.get_product(session, principal.org_id, product_id)
    rows = await repo.list_ingredients_for_org(session, principal.org_id, product_id)
    return [ProductIngredientOut.model_validate(r) for r in rows]
