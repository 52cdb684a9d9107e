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
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, item_number: int
) -> PifDocument | None:
    result = await session.execute(
        select(PifDocument).where(
            PifDocument.org_id == org_id,
            PifDocument.product_id == product_id,
            PifDocument.item_number == item_number,
        )
    )
    return result.scalar_one_or_none()
