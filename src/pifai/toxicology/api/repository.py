"""SQL of the ingredient pages: reads of the shared toxicology cache (global data, no
organisation scope and no row-level security; see ``models.toxicology_cache``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import ToxicologyCacheEntry


async def list_cache_entries(
    session: AsyncSession, query_keys: Sequence[str]
) -> list[ToxicologyCacheEntry]:
    """Every source's cached answer for any of these keys, by key then source."""
    if not query_keys:
        return []
    result = await session.execute(
        select(ToxicologyCacheEntry)
        .where(ToxicologyCacheEntry.query_key.in_(list(query_keys)))
        .order_by(ToxicologyCacheEntry.query_key, ToxicologyCacheEntry.source)
    )
    return list(result.scalars())
