"""Test databases: a migrated SQLite file and a migrated PostgreSQL database reached as the
non-owner application role, so row-level security is really exercised. PostgreSQL is
required (CI starts it); set PIFAI_TEST_PG_URL to point elsewhere."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from pifai.app import create_app
from pifai.core.config import Settings
from pifai.core.provisioning import RoleNames, provision, role_url
from pifai.migrations.runner import migrate

PG_SUPERUSER_URL = os.environ.get(
    "PIFAI_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
ROLES = RoleNames()
# Set on the test roles so the suite also runs where PostgreSQL asks TCP clients for one.
ROLE_PASSWORD = os.environ.get("PIFAI_TEST_PG_ROLE_PASSWORD", "pifai-test-only")

# Cheap password hashing and a generous per-address login limit: tests share 127.0.0.1.
FAST_SETTINGS: dict[str, object] = {
    "env": "test",
    "secret_key": "test-secret-key-" + "k" * 40,
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 1024,
    "password_hash_parallelism": 1,
    "login_max_failures_per_ip": 100_000,
    "log_json": False,
    "log_level": "WARNING",
}


@dataclass(frozen=True)
class Backend:
    name: str
    settings: Settings
    superuser_url: str | None  # PostgreSQL only: for tampering tests that bypass RLS


def make_settings(**overrides: object) -> Settings:
    return Settings(**{**FAST_SETTINGS, **overrides})  # type: ignore[arg-type]


async def create_pg_database(tmp_name: str) -> Settings:
    await provision(PG_SUPERUSER_URL, tmp_name, ROLES, password=ROLE_PASSWORD)
    settings = make_settings(
        data_dir=Path(tempfile.mkdtemp(prefix="pifai-pg-")),
        database_url=role_url(PG_SUPERUSER_URL, tmp_name, ROLES.app, ROLE_PASSWORD),
        database_owner_url=role_url(PG_SUPERUSER_URL, tmp_name, ROLES.owner, ROLE_PASSWORD),
        database_admin_url=role_url(PG_SUPERUSER_URL, tmp_name, ROLES.admin, ROLE_PASSWORD),
    )
    await migrate(settings)
    return settings


async def drop_pg_database(name: str) -> None:
    engine = create_async_engine(PG_SUPERUSER_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


async def create_sqlite_database(path: Path) -> Settings:
    settings = make_settings(data_dir=path.parent, database_url=f"sqlite+aiosqlite:///{path}")
    await migrate(settings)
    return settings


def pg_db_name() -> str:
    return f"pifai_test_{secrets.token_hex(6)}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "pifai.db"
        yield Backend("sqlite", await create_sqlite_database(path), None)
        return
    name = pg_db_name()
    settings = await create_pg_database(name)
    try:
        yield Backend("postgresql", settings, PG_SUPERUSER_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        await drop_pg_database(name)


@pytest.fixture(scope="session")
async def app(backend: Backend) -> AsyncIterator[FastAPI]:
    application = create_app(backend.settings, configure_logs=False)
    yield application
    await application.state.db.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def served_app(backend: Backend) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app with its lifespan running (no Redis, so tasks run in-process) and a client."""
    settings = backend.settings.model_copy(
        update={"redis_url": None, "worker_block_ms": 50, "reconcile_interval_seconds": 0.5}
    )
    application = create_app(settings, configure_logs=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            yield application, c


@pytest.fixture
def served(served_app: tuple[FastAPI, httpx.AsyncClient]) -> httpx.AsyncClient:
    return served_app[1]


@pytest.fixture
def pg(backend: Backend) -> Backend:
    """The PostgreSQL backend; for tests marked ``postgres_only``."""
    assert backend.name == "postgresql", "mark the test postgres_only"
    return backend


@pytest.fixture
async def superuser_engine(pg: Backend) -> AsyncIterator[AsyncEngine]:
    """Connects as the superuser: bypasses row-level security, as an attacker with DB access."""
    assert pg.superuser_url
    engine = create_async_engine(pg.superuser_url, poolclass=NullPool)
    yield engine
    await engine.dispose()


@pytest.fixture
async def fresh_backend(
    request: pytest.FixtureRequest, tmp_path: Path, backend: Backend
) -> AsyncIterator[Backend]:
    """A database of its own, for tests that corrupt data on purpose."""
    if backend.name == "sqlite":
        yield Backend("sqlite", await create_sqlite_database(tmp_path / "fresh.db"), None)
        return
    name = pg_db_name()
    settings = await create_pg_database(name)
    try:
        yield Backend("postgresql", settings, PG_SUPERUSER_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        await drop_pg_database(name)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres_only`` run only on the PostgreSQL backend (not skipped on
    SQLite: they are not collected there at all)."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_sqlite = callspec is not None and callspec.params.get("backend") == "sqlite"
        (drop if on_sqlite and item.get_closest_marker("postgres_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
