"""All SQL of rendered PDFs; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import RenderedReport


async def find_rendered_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, state_hash: str, lang: str
) -> RenderedReport | None:
    result = await session.execute(
        select(RenderedReport).where(
            RenderedReport.org_id == org_id,
            RenderedReport.product_id == product_id,
            RenderedReport.state_hash == state_hash,
            RenderedReport.lang == lang,
        )
    )
    return result.scalar_one_or_none()
