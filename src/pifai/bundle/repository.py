"""All SQL of the bundle; every tenant read is scoped by ``org_id`` and the product."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Organization, Product, User
from pifai.models.base import Base

M = TypeVar("M", bound=Base)


async def rows_of_product_for_org(
    session: AsyncSession, model: type[M], org_id: uuid.UUID, product_id: uuid.UUID
) -> list[M]:
    """Rows of a product-owned tenant table, in a stable order (by id)."""
    table: Any = model
    result = await session.execute(
        select(model)
        .where(table.org_id == org_id, table.product_id == product_id)
        .order_by(table.id)
    )
    return list(result.scalars())


async def product_org_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> Product | None:
    result = await session.execute(
        select(Product).where(Product.org_id == org_id, Product.id == product_id)
    )
    return result.scalar_one_or_none()


async def organization_for_org(session: AsyncSession, org_id: uuid.UUID) -> Organization | None:
    result = await session.execute(select(Organization).where(Organization.id == org_id))
    return result.scalar_one_or_none()


async def users_by_ids(session: AsyncSession, ids: Iterable[uuid.UUID]) -> list[User]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    result = await session.execute(select(User).where(User.id.in_(wanted)).order_by(User.id))
    return list(result.scalars())


async def users_by_emails(session: AsyncSession, emails: Iterable[str]) -> list[User]:
    wanted = sorted(set(emails))
    if not wanted:
        return []
    result = await session.execute(select(User).where(User.email.in_(wanted)))
    return list(result.scalars())


async def owning_org_of_product(session: AsyncSession, product_id: uuid.UUID) -> uuid.UUID | None:
    """Operator look-up through the admin role (row-level security bypassed, audited by the
    caller): which organisation a product belongs to."""
    result = await session.execute(select(Product.org_id).where(Product.id == product_id))
    return result.scalar_one_or_none()
