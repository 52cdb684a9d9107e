"""All SQL of outsourcings; every function is scoped by ``org_id`` and the product."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Outsourcing, OutsourcingItem


async def list_outsourcings_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[Outsourcing]:
    result = await session.execute(
        select(Outsourcing)
        .where(Outsourcing.org_id == org_id, Outsourcing.product_id == product_id)
        .order_by(Outsourcing.created_at, Outsourcing.id)
    )
    return list(result.scalars())


async def get_outsourcing_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, outsourcing_id: uuid.UUID
) -> Outsourcing | None:
    result = await session.execute(
        select(Outsourcing).where(
            Outsourcing.id == outsourcing_id,
            Outsourcing.org_id == org_id,
            Outsourcing.product_id == product_id,
        )
    )
    return result.scalar_one_or_none()


async def outsourced_items_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, item_numbers: Iterable[int]
) -> dict[int, uuid.UUID]:
    """Which of ``item_numbers`` are already outsourced, and by which outsourcing."""
    result = await session.execute(
        select(OutsourcingItem.item_number, OutsourcingItem.outsourcing_id).where(
            OutsourcingItem.org_id == org_id,
            OutsourcingItem.product_id == product_id,
            OutsourcingItem.item_number.in_(list(item_numbers)),
        )
    )
    return {number: holder for number, holder in result.all()}
