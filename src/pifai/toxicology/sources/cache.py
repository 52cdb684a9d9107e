"""The shared 30-day cache of external answers, with stale-while-revalidate (SPEC §10).

A fresh hit is returned at once; a stale hit (past ``expires_at``) is returned marked
``stale=True`` while one background refresh runs; a miss fetches. Only answers ("ok",
"not_found") are stored — a failure must not hide the source for a month. The cache is
best-effort: a database error is logged and the lookup proceeds as if it were a miss.

The table is global (no org_id): each lookup runs in its own short unit of work from a
plain session factory, never inside a tenant's request transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pifai.models.base import utcnow
from pifai.models.toxicology_cache import CACHEABLE_STATUSES
from pifai.toxicology.sources import repository as repo
from pifai.toxicology.sources.result import SourceResult

log = logging.getLogger(__name__)

Fetch = Callable[[], Awaitable[SourceResult]]

# Refresh tasks are kept here so they are not garbage-collected mid-flight; the key set
# makes concurrent stale hits on one entry share a single refresh.
_REFRESHES: set[asyncio.Task[None]] = set()
_REFRESHING: set[tuple[int, str, str]] = set()


class ToxicologyCache:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        max_age: timedelta,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = session_factory
        self._max_age = max_age
        self._now = now

    async def get(self, source: str, query_key: str) -> SourceResult | None:
        """The stored answer, marked stale when past its expiry; None on a miss."""
        try:
            async with self._sessions() as session:
                entry = await repo.get_entry(session, source, query_key)
        except Exception:
            log.warning("toxicology cache read failed for %s %s", source, query_key, exc_info=True)
            return None
        if entry is None or entry.status not in CACHEABLE_STATUSES:
            return None
        return SourceResult(
            source=source,
            status="ok" if entry.status == "ok" else "not_found",
            data=dict(entry.payload),
            fetched_at=entry.fetched_at,
            from_cache=True,
            stale=self._now() >= entry.expires_at,
        )

    async def put(self, query_key: str, result: SourceResult) -> None:
        """Store an answer; failures and disabled sources are never stored."""
        if result.status not in CACHEABLE_STATUSES:
            return
        try:
            async with self._sessions.begin() as session:
                await repo.upsert_entry(
                    session,
                    source=result.source,
                    query_key=query_key,
                    status=result.status,
                    payload=result.data,
                    fetched_at=result.fetched_at,
                    expires_at=result.fetched_at + self._max_age,
                )
        except Exception:
            log.warning(
                "toxicology cache write failed for %s %s", result.source, query_key, exc_info=True
            )

    async def get_or_fetch(self, source: str, query_key: str, fetch: Fetch) -> SourceResult:
        cached = await self.get(source, query_key)
        if cached is not None and not cached.stale:
            return cached
        if cached is not None:
            self._refresh_later(source, query_key, fetch)
            return cached
        result = await fetch()
        await self.put(query_key, result)
        return result

    def _refresh_later(self, source: str, query_key: str, fetch: Fetch) -> None:
        key = (id(self._sessions), source, query_key)
        if key in _REFRESHING:
            return
        _REFRESHING.add(key)
        task = asyncio.create_task(self._refresh(key, query_key, fetch))
        _REFRESHES.add(task)
        task.add_done_callback(_REFRESHES.discard)

    async def _refresh(self, key: tuple[int, str, str], query_key: str, fetch: Fetch) -> None:
        try:
            current = await self.get(key[1], query_key)
            if current is not None and not current.stale:
                return  # a refresh that finished since our read already did the work
            result = await fetch()
            if result.status == "failed":
                log.info("toxicology refresh of %s %s failed: %s", key[1], query_key, result.error)
            await self.put(query_key, result)
        except Exception:
            log.exception("toxicology refresh of %s %s crashed", key[1], query_key)
        finally:
            _REFRESHING.discard(key)


async def drain_refreshes() -> None:
    """Wait for the background refreshes under way (graceful shutdown, tests)."""
    while _REFRESHES:
        await asyncio.gather(*_REFRESHES, return_exceptions=True)
