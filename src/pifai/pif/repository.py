"""All SQL of the PIF items; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import PifDocument


async def list_items_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[PifDocument]:
    result = await session.execute(
        select(PifDocument)
        .where(PifDocument.org_id == org_id, PifDocument.product_id == product_id)
        .order_by(PifDocument.item_number)
    )
    return list(result.scalars())


async def get_item_for_org(
    session: AsyncSession,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    item_number: int,
    *,
    for_update: bool = False,
) -> PifDocument | None:
    """``for_update`` locks the row until commit (PostgreSQL; SQLite serialises writers)."""
    query = select(PifDocument).where(
        PifDocument.org_id == org_id,
        PifDocument.product_id == product_id,
        PifDocument.item_number == item_number,
    )
    result = await session.execute(query.with_for_update() if for_update else query)
    return result.scalar_one_or_none()
