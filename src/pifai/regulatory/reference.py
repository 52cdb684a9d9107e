"""The lists in force: the shipped data, with any newer official import (``pifai lists
import`` or the super-admin chemical-sync routes) replacing its (authority, list)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.regulatory import repository as repo
from pifai.regulatory.index import ReferenceIndex
from pifai.regulatory.model import RegulatedEntry
from pifai.regulatory.serialization import entries_from_json
from pifai.regulatory.shipped import load_shipped

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def shipped_index() -> ReferenceIndex:
    return ReferenceIndex(load_shipped())


def merge(
    shipped: Iterable[RegulatedEntry], imported: dict[tuple[str, str], list[RegulatedEntry]]
) -> list[RegulatedEntry]:
    kept = [e for e in shipped if (e.authority.value, e.list_type.value) not in imported]
    return kept + [e for entries in imported.values() for e in entries]


_cache: dict[str, tuple[object, ReferenceIndex]] = {}


async def active_index(session: AsyncSession) -> ReferenceIndex:
    """Cached until a new import arrives (keyed by the newest import time)."""
    stamp = await repo.newest_import_time(session)
    if stamp is None:
        return shipped_index()
    bind_url = str(session.get_bind().engine.url)
    cached = _cache.get(bind_url)
    if cached and cached[0] == stamp:
        return cached[1]
    imported = {
        (d.authority, d.list_type): entries_from_json(d.entries)
        for d in await repo.latest_datasets(session)
    }
    index = ReferenceIndex(merge(load_shipped(), imported))
    _cache[bind_url] = (stamp, index)
    return index


async def index_for_cli(settings: Settings) -> ReferenceIndex:
    """The CLI works without a database; when the configured one is reachable and holds
    imports, they apply."""
    url = settings.resolved_database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not await asyncio.to_thread(
        Path(parsed.database or "").exists
    ):
        return shipped_index()
    db = Database(url, pool_size=1)
    try:
        async with db.session() as session:
            return await active_index(session)
    except (SQLAlchemyError, OSError) as exc:
        log.warning("reference imports unavailable; using shipped lists", extra={"error": str(exc)})
        return shipped_index()
    finally:
        await db.dispose()
