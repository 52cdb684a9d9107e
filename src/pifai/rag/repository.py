"""All SQL of the knowledge base client; every product query is scoped by ``org_id``.

Writes of ``rag_kb_id`` keep ``updated_at``: linking a knowledge base is bookkeeping, not
an edit of the product (lists are ordered by it)."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Organization, Product

_NO_KB = or_(Product.rag_kb_id.is_(None), Product.rag_kb_id == "")


async def list_organization_ids(session: AsyncSession) -> list[uuid.UUID]:
    """Every organisation: back-fill walks them one by one (operator CLI, admin role on
    PostgreSQL)."""
    result = await session.execute(select(Organization.id).order_by(Organization.created_at))
    return list(result.scalars())


async def products_without_kb_for_org(session: AsyncSession, org_id: uuid.UUID) -> list[Product]:
    """Active products of one organisation whose knowledge base was never created."""
    result = await session.execute(
        select(Product)
        .where(Product.org_id == org_id, Product.archived_at.is_(None), _NO_KB)
        .order_by(Product.created_at, Product.id)
    )
    return list(result.scalars())


async def set_rag_kb_id_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, kb_id: str
) -> bool:
    """Link the knowledge base unless the product already has one (a concurrent back-fill or
    hook got there first); False when nothing was written."""
    result = await session.execute(
        update(Product)
        .where(Product.org_id == org_id, Product.id == product_id, _NO_KB)
        .values(rag_kb_id=kb_id, updated_at=Product.updated_at)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def clear_rag_kb_id_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, kb_id: str
) -> None:
    """Forget a deleted knowledge base (only if the product still points at that one)."""
    await session.execute(
        update(Product)
        .where(Product.org_id == org_id, Product.id == product_id, Product.rag_kb_id == kb_id)
        .values(rag_kb_id=None, updated_at=Product.updated_at)
        .execution_options(synchronize_session=False)
    )
