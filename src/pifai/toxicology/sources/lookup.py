"""One substance through every enabled external source at once (SPEC §10 "External data").

Sources run concurrently, each under its own time budget; a source that is off is
``disabled`` without any request, one that fails is ``failed`` and named in
:attr:`ExternalLookup.missing`, and the lookup itself never raises — the assessment goes
on from embedded data. With a session factory the shared cache is consulted first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pifai.core.config import Settings
from pifai.ingredients.cas import normalise_cas
from pifai.toxicology.sources import echa, epa, pubchem
from pifai.toxicology.sources.cache import ToxicologyCache
from pifai.toxicology.sources.http import RateLimiter
from pifai.toxicology.sources.result import SourceResult, disabled, not_found

SOURCES = ("echa", "epa", "pubchem")  # the order every tuple below is reported in
MAX_KEY_LENGTH = 300  # the width of toxicology_cache.query_key

SourceCall = Callable[[httpx.AsyncClient], Awaitable[SourceResult]]


@dataclass(frozen=True)
class Query:
    """What is sent to the sources (``text``) and what the cache is keyed by (``key``)."""

    text: str
    key: str
    cas: str | None


def make_query(cas: str | None, name: str | None) -> Query | None:
    """A CAS number wins over a name; names are keyed case- and space-insensitively."""
    if cas and cas.strip():
        number = normalise_cas(cas) or cas.strip()
        return Query(number, f"cas:{number}"[:MAX_KEY_LENGTH], number)
    if name and name.strip():
        text = " ".join(name.split())
        return Query(text, f"name:{text.casefold()}"[:MAX_KEY_LENGTH], None)
    return None


@dataclass(frozen=True)
class ExternalLookup:
    results: Mapping[str, SourceResult]

    def _with(self, *statuses: str) -> tuple[str, ...]:
        return tuple(s for s in SOURCES if s in self.results and self.results[s].status in statuses)

    @property
    def missing(self) -> tuple[str, ...]:
        """Sources that were enabled but gave no answer (the report names them)."""
        return self._with("failed")

    @property
    def disabled(self) -> tuple[str, ...]:
        return self._with("disabled")

    @property
    def ok(self) -> tuple[str, ...]:
        return self._with("ok")


def _enabled(settings: Settings) -> dict[str, bool]:
    return {
        "echa": settings.echa_enabled,
        "epa": settings.epa_enabled,
        "pubchem": settings.pubchem_enabled,
    }


def _calls(query: Query, settings: Settings, limiter: RateLimiter | None) -> dict[str, SourceCall]:
    return {
        "echa": lambda c: echa.fetch(c, query.text, settings, cas=query.cas),
        "epa": lambda c: epa.fetch(c, query.text, settings, cas=query.cas),
        "pubchem": lambda c: pubchem.fetch(c, query.text, settings, limiter=limiter),
    }


def _with_client(
    call: SourceCall, client: httpx.AsyncClient | None
) -> Callable[[], Awaitable[SourceResult]]:
    """Use the caller's client, or open one per call (a background refresh outlives the
    lookup that started it, so it cannot borrow a client the lookup will close)."""

    async def run() -> SourceResult:
        if client is not None:
            return await call(client)
        async with httpx.AsyncClient(follow_redirects=True) as own:
            return await call(own)

    return run


async def lookup_external(
    *,
    cas: str | None,
    name: str | None,
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession] | None,
    client: httpx.AsyncClient | None = None,
    pubchem_limiter: RateLimiter | None = None,
) -> ExternalLookup:
    """Ask every enabled source about one substance, concurrently; never raises."""
    enabled = _enabled(settings)
    query = make_query(cas, name)
    results = {s: disabled(s) for s in SOURCES if not enabled[s]}
    active = [s for s in SOURCES if enabled[s]]
    if query is None:
        return ExternalLookup({**results, **{s: not_found(s) for s in active}})
    cache = (
        ToxicologyCache(session_factory, max_age=timedelta(days=settings.toxicology_cache_days))
        if session_factory is not None
        else None
    )
    calls = _calls(query, settings, pubchem_limiter)

    async def one(source: str) -> SourceResult:
        fetch = _with_client(calls[source], client)
        if cache is None:
            return await fetch()
        return await cache.get_or_fetch(source, query.key, fetch)

    answers = await asyncio.gather(*(one(s) for s in active))
    return ExternalLookup({**results, **dict(zip(active, answers, strict=True))})
