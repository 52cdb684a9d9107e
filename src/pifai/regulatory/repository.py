"""All SQL of the imported reference lists (global data: no organisation scope)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import ReferenceDataset


async def latest_datasets(session: AsyncSession) -> Sequence[ReferenceDataset]:
    """The newest import of every (authority, list)."""
    newest = (
        select(
            ReferenceDataset.authority,
            ReferenceDataset.list_type,
            func.max(ReferenceDataset.imported_at).label("at"),
        )
        .group_by(ReferenceDataset.authority, ReferenceDataset.list_type)
        .subquery()
    )
    result = await session.execute(
        select(ReferenceDataset)
        .join(
            newest,
            (ReferenceDataset.authority == newest.c.authority)
            & (ReferenceDataset.list_type == newest.c.list_type)
            & (ReferenceDataset.imported_at == newest.c.at),
        )
        .order_by(ReferenceDataset.authority, ReferenceDataset.list_type)
    )
    return result.scalars().all()


async def latest_dataset(
    session: AsyncSession, authority: str, list_type: str
) -> ReferenceDataset | None:
    result = await session.execute(
        select(ReferenceDataset)
        .where(ReferenceDataset.authority == authority, ReferenceDataset.list_type == list_type)
        .order_by(ReferenceDataset.imported_at.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def newest_import_time(session: AsyncSession) -> object:
    return (await session.execute(select(func.max(ReferenceDataset.imported_at)))).scalar()
