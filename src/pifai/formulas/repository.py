"""All SQL of a product's normalised ingredients; scoped by ``org_id``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import ProductIngredient


async def replace_ingredients_for_org(
    session: AsyncSession,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    rows: Sequence[ProductIngredient],
) -> None:
    """Idempotent: a repeated analysis leaves exactly one set of rows."""
    await session.execute(
        delete(ProductIngredient).where(
            ProductIngredient.org_id == org_id, ProductIngredient.product_id == product_id
        )
    )
    session.add_all(rows)
    await session.flush()


async def list_ingredients_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[ProductIngredient]:
    result = await session.execute(
        select(ProductIngredient)
        .where(ProductIngredient.org_id == org_id, ProductIngredient.product_id == product_id)
        .order_by(ProductIngredient.sort_order)
    )
    return list(result.scalars())
