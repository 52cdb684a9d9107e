"""The shared cache on both databases, reached as the application role: fresh hits send
nothing, stale hits are served and refreshed once, failures are never stored, and one
organisation's lookup serves another's."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.exc import IntegrityError

from pifai.core.database import Database
from pifai.models import ToxicologyCacheEntry
from pifai.models.base import utcnow
from pifai.toxicology.sources import repository as repo
from pifai.toxicology.sources.cache import ToxicologyCache, drain_refreshes
from pifai.toxicology.sources.http import RateLimiter
from pifai.toxicology.sources.lookup import ExternalLookup, lookup_external
from pifai.toxicology.sources.result import SourceResult, failed, ok
from tests.conftest import Backend
from tests.toxicology.sources._transport import Recorder, reply, settings, status

PUBCHEM_ONLY = {"echa_enabled": False, "epa_enabled": False}
ROUTES = {
    "/property/": reply("pubchem_properties_aspirin.json"),
    "/pug_view/": reply("pubchem_ghs_aspirin.json"),
}


@pytest.fixture
async def db(backend: Backend) -> AsyncIterator[Database]:
    database = Database(backend.settings.resolved_database_url)
    yield database
    await drain_refreshes()
    await database.dispose()


def _name() -> str:
    """A substance name no other test uses (the database is shared by the session)."""
    return f"test substance {uuid.uuid4().hex}"


async def _no_sleep(_seconds: float) -> None:
    return None


async def _lookup_with(db: Database, client: httpx.AsyncClient, name: str) -> ExternalLookup:
    return await lookup_external(
        cas=None,
        name=name,
        settings=settings(**PUBCHEM_ONLY),
        session_factory=db.sessionmaker,
        client=client,
        pubchem_limiter=RateLimiter(1000.0, sleep=_no_sleep),
    )


async def _lookup(db: Database, recorder: Recorder, name: str) -> ExternalLookup:
    async with recorder.client() as client:
        found = await _lookup_with(db, client, name)
        await drain_refreshes()  # refreshes use this client: finish before it closes
    return found


def _aged(result: SourceResult) -> SourceResult:
    """The same answer as fetched 31 days ago, past the 30-day cache period."""
    return replace(result, fetched_at=utcnow() - timedelta(days=31))


def _cache(db: Database) -> ToxicologyCache:
    return ToxicologyCache(db.sessionmaker, max_age=timedelta(days=30))


async def test_a_fresh_hit_sends_no_request(db: Database) -> None:
    name = _name()
    first = await _lookup(db, Recorder(ROUTES), name)
    silent = Recorder({})

    again = await _lookup(db, silent, name)

    assert silent.requests == []
    cached = again.results["pubchem"]
    assert (cached.status, cached.from_cache, cached.stale) == ("ok", True, False)
    assert cached.data == first.results["pubchem"].data


async def test_not_found_is_cached_too(db: Database) -> None:
    name = _name()
    await _lookup(db, Recorder({"/property/": reply("pubchem_not_found.json", 404)}), name)
    silent = Recorder({})

    again = await _lookup(db, silent, name)

    assert (again.results["pubchem"].status, silent.requests) == ("not_found", [])


async def test_a_stale_hit_is_served_marked_and_refreshed_exactly_once(db: Database) -> None:
    """Two stale hits while the refresh is still waiting for PubChem: both get the old
    answer marked stale, and only one refresh reaches PubChem."""
    name = _name()
    await _cache(db).put(f"name:{name}", _aged(ok("pubchem", {"cid": 1, "note": "old"})))
    pubchem_answers = asyncio.Event()

    async def slow_properties(request: httpx.Request) -> httpx.Response:
        await pubchem_answers.wait()
        response = ROUTES["/property/"](request)
        assert isinstance(response, httpx.Response)
        return response

    recorder = Recorder({**ROUTES, "/property/": slow_properties})
    async with recorder.client() as client:
        served = [await _lookup_with(db, client, name) for _ in range(2)]
        pubchem_answers.set()
        await drain_refreshes()

    for found in served:
        result = found.results["pubchem"]
        assert (result.data["note"], result.from_cache, result.stale) == ("old", True, True)
    assert len(recorder.paths("/property/")) == 1
    refreshed = await _cache(db).get("pubchem", f"name:{name}")
    assert refreshed is not None
    assert (refreshed.stale, refreshed.data["cid"]) == (False, 2244)


async def test_a_failed_refresh_keeps_the_stale_answer(db: Database) -> None:
    name = _name()
    await _cache(db).put(f"name:{name}", _aged(ok("pubchem", {"cid": 1})))

    await _lookup(db, Recorder({"/property/": status(500)}), name)

    kept = await _cache(db).get("pubchem", f"name:{name}")
    assert kept is not None
    assert (kept.data, kept.stale) == ({"cid": 1}, True)


async def test_failures_are_never_cached(db: Database) -> None:
    name = _name()
    down = Recorder({"/property/": status(500)})

    first = await _lookup(db, down, name)
    second = await _lookup(db, down, name)

    assert first.missing == second.missing == ("pubchem",)
    assert len(down.requests) == 4  # two attempts each time: nothing was stored
    assert await _cache(db).get("pubchem", f"name:{name}") is None


async def test_put_ignores_failed_results(db: Database) -> None:
    key = f"name:{_name()}"

    await _cache(db).put(key, failed("pubchem", "PubChem: HTTP 500"))

    assert await _cache(db).get("pubchem", key) is None


async def test_the_table_refuses_a_failure_row(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.sessionmaker.begin() as session:
            await repo.upsert_entry(
                session,
                source="pubchem",
                query_key=f"name:{_name()}",
                status="failed",
                payload={},
                fetched_at=utcnow(),
                expires_at=utcnow(),
            )


async def test_one_organisations_lookup_serves_another(db: Database) -> None:
    assert "org_id" not in ToxicologyCacheEntry.__table__.columns
    key = f"name:{_name()}"
    async with db.session(org_id=uuid.uuid4()) as session:
        await repo.upsert_entry(
            session,
            source="pubchem",
            query_key=key,
            status="ok",
            payload={"cid": 7},
            fetched_at=utcnow(),
            expires_at=utcnow() + timedelta(days=30),
        )

    async with db.session(org_id=uuid.uuid4()) as other:
        seen = await repo.get_entry(other, "pubchem", key)

    assert seen is not None and seen.payload == {"cid": 7}


async def test_an_unreachable_database_degrades_to_fetching(tmp_path: Path) -> None:
    broken = Database(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'no.db'}")
    recorder = Recorder(ROUTES)
    try:
        async with recorder.client() as client:
            found = await lookup_external(
                cas="50-78-2",
                name=None,
                settings=settings(**PUBCHEM_ONLY),
                session_factory=broken.sessionmaker,
                client=client,
                pubchem_limiter=RateLimiter(1000.0, sleep=_no_sleep),
            )
    finally:
        await broken.dispose()

    assert found.ok == ("pubchem",)
    assert len(recorder.requests) == 2
