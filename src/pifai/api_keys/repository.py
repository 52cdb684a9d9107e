"""All SQL of ``org_api_keys``; every function takes the caller's organisation."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import OrgApiKey


async def list_keys_for_org(session: AsyncSession, org_id: uuid.UUID) -> list[OrgApiKey]:
    rows = await session.scalars(select(OrgApiKey).where(OrgApiKey.org_id == org_id))
    return list(rows)


async def get_key_for_org(
    session: AsyncSession, org_id: uuid.UUID, name: str, *, for_update: bool = False
) -> OrgApiKey | None:
    query = select(OrgApiKey).where(OrgApiKey.org_id == org_id, OrgApiKey.name == name)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def delete_key_for_org(session: AsyncSession, org_id: uuid.UUID, row: OrgApiKey) -> None:
    if row.org_id != org_id:
        raise ValueError("the key belongs to another organisation")
    await session.delete(row)
    await session.flush()
