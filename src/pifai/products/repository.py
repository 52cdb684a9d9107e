"""All SQL of the products domain; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Product


async def get_product_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, *, for_update: bool = False
) -> Product | None:
    """``for_update`` serialises writers of one product's PIF (signing against edits)."""
    query = select(Product).where(Product.id == product_id, Product.org_id == org_id)
    result = await session.execute(query.with_for_update() if for_update else query)
    return result.scalar_one_or_none()


async def list_products_for_org(
    session: AsyncSession,
    org_id: uuid.UUID,
    *,
    offset: int,
    limit: int,
    q: str | None = None,
    status: str | None = None,
    product_type: str | None = None,
) -> tuple[list[Product], int]:
    """Active products; ``q`` is a case-insensitive substring of the name or English name
    (``%`` and ``_`` match themselves), ``status`` a pif_status, ``product_type`` a key."""
    conditions: list[ColumnElement[bool]] = [
        Product.org_id == org_id,
        Product.archived_at.is_(None),
    ]
    if q:
        needle = q.lower()
        conditions.append(
            or_(
                func.lower(Product.name).contains(needle, autoescape=True),
                func.lower(Product.name_en).contains(needle, autoescape=True),
            )
        )
    if status is not None:
        conditions.append(Product.pif_status == status)
    if product_type is not None:
        conditions.append(Product.product_type == product_type)
    total = (
        await session.execute(select(func.count()).select_from(Product).where(*conditions))
    ).scalar_one()
    result = await session.execute(
        select(Product)
        .where(*conditions)
        .order_by(Product.updated_at.desc(), Product.id)
        .offset(offset)
        .limit(limit)
    )
    return list(result.scalars()), int(total)
