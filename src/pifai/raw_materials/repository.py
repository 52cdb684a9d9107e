"""All SQL of the raw-material library; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import RawMaterial


async def get_raw_material_for_org(
    session: AsyncSession, org_id: uuid.UUID, material_id: uuid.UUID
) -> RawMaterial | None:
    result = await session.execute(
        select(RawMaterial).where(RawMaterial.id == material_id, RawMaterial.org_id == org_id)
    )
    return result.scalar_one_or_none()


async def find_raw_material_for_org(
    session: AsyncSession, org_id: uuid.UUID, name_key: str
) -> RawMaterial | None:
    result = await session.execute(
        select(RawMaterial).where(RawMaterial.org_id == org_id, RawMaterial.name_key == name_key)
    )
    return result.scalar_one_or_none()


async def list_raw_materials_for_org(
    session: AsyncSession, org_id: uuid.UUID, *, offset: int = 0, limit: int | None = None
) -> tuple[list[RawMaterial], int]:
    total = (
        await session.execute(
            select(func.count()).select_from(RawMaterial).where(RawMaterial.org_id == org_id)
        )
    ).scalar_one()
    query = select(RawMaterial).where(RawMaterial.org_id == org_id).order_by(RawMaterial.name_key)
    if limit is not None:
        query = query.offset(offset).limit(limit)
    return list((await session.execute(query)).scalars()), int(total)
