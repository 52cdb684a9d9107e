"""All SQL of the toxicology cache (global data: no organisation scope, no RLS)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import ToxicologyCacheEntry


async def get_entry(
    session: AsyncSession, source: str, query_key: str
) -> ToxicologyCacheEntry | None:
    result = await session.execute(
        select(ToxicologyCacheEntry).where(
            ToxicologyCacheEntry.source == source, ToxicologyCacheEntry.query_key == query_key
        )
    )
    return result.scalar_one_or_none()


async def upsert_entry(
    session: AsyncSession,
    *,
    source: str,
    query_key: str,
    status: str,
    payload: dict[str, Any],
    fetched_at: datetime,
    expires_at: datetime,
) -> None:
    """Insert or replace the answer for (source, query_key) in one statement, so two
    workers refreshing the same entry at once cannot hit the unique constraint."""
    values = {
        "source": source,
        "query_key": query_key,
        "status": status,
        "payload": payload,
        "fetched_at": fetched_at,
        "expires_at": expires_at,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ToxicologyCacheEntry).values(id=uuid.uuid4(), **values)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["source", "query_key"], set_=values)
    )
