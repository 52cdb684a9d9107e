"""All SQL of uploaded files; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import UploadedFile


async def get_file_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, file_id: uuid.UUID
) -> UploadedFile | None:
    result = await session.execute(
        select(UploadedFile).where(
            UploadedFile.id == file_id,
            UploadedFile.org_id == org_id,
            UploadedFile.product_id == product_id,
        )
    )
    return result.scalar_one_or_none()


async def list_files_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[UploadedFile]:
    result = await session.execute(
        select(UploadedFile)
        .where(UploadedFile.org_id == org_id, UploadedFile.product_id == product_id)
        .order_by(UploadedFile.created_at.desc())
    )
    return list(result.scalars())


async def latest_item_file_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, item_number: int
) -> UploadedFile | None:
    """The newest upload for one item: the one an analysis result may be written for."""
    result = await session.execute(
        select(UploadedFile)
        .where(
            UploadedFile.org_id == org_id,
            UploadedFile.product_id == product_id,
            UploadedFile.item_number == item_number,
        )
        .order_by(UploadedFile.created_at.desc(), UploadedFile.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def existing_file_ids_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, file_ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of ``file_ids`` are uploads of this product."""
    if not file_ids:
        return set()
    result = await session.execute(
        select(UploadedFile.id).where(
            UploadedFile.org_id == org_id,
            UploadedFile.product_id == product_id,
            UploadedFile.id.in_(file_ids),
        )
    )
    return set(result.scalars())
