from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from pifai.app import create_app
from pifai.core.provisioning import provision, role_url
from pifai.migrations.runner import head_revision, migrate
from pifai.migrations.startup_steps import STEPS
from pifai.models import Base
from tests.conftest import (
    PG_SUPERUSER_URL,
    ROLE_PASSWORD,
    ROLES,
    Backend,
    drop_pg_database,
    make_settings,
    pg_db_name,
)


async def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.connect() as conn:
        rows = [tuple(r) for r in (await conn.execute(text(sql))).all()]
    await engine.dispose()
    return rows


async def test_models_and_migrations_agree(backend: Backend) -> None:
    """A model change without a migration fails here."""
    engine = create_async_engine(backend.settings.resolved_owner_url, poolclass=NullPool)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata)
        )
    await engine.dispose()
    assert diff == []


async def test_migrate_twice_changes_nothing(fresh_backend: Backend) -> None:
    report = await migrate(fresh_backend.settings)

    assert report.revision_before == report.revision_after == head_revision()
    assert report.steps_applied == [] and report.steps_present == []


async def test_a_step_found_in_place_is_recorded_as_present(tmp_path: Path) -> None:
    settings = make_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    await migrate(settings)
    engine = create_async_engine(settings.resolved_owner_url, poolclass=NullPool)
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM schema_steps"))
    await engine.dispose()

    report = await migrate(settings)

    assert report.steps_present == [s.step_id for s in STEPS]
    outcomes = await _rows(settings.resolved_owner_url, "SELECT outcome FROM schema_steps")
    assert {o for (o,) in outcomes} == {"present"}


async def test_readyz_reports_missing_start_up_steps(tmp_path: Path) -> None:
    settings = make_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    await migrate(settings)
    app = create_app(settings, configure_logs=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        ready = await c.get("/readyz")
        engine = create_async_engine(settings.resolved_owner_url, poolclass=NullPool)
        async with engine.begin() as conn:
            await conn.execute(
                text("DELETE FROM schema_steps WHERE step_id = :s"), {"s": STEPS[0].step_id}
            )
        await engine.dispose()
        not_ready = await c.get("/readyz")
    await app.state.db.dispose()

    assert ready.status_code == 200
    assert not_ready.status_code == 503
    assert not_ready.json()["error"]["details"]["missing_steps"] == [STEPS[0].step_id]


async def test_readyz_is_503_on_an_unmigrated_database(tmp_path: Path) -> None:
    settings = make_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    app = create_app(settings, configure_logs=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/readyz")
        health = await c.get("/healthz")
    await app.state.db.dispose()

    assert response.status_code == 503 and response.json()["error"]["code"] == "not_ready"
    assert health.status_code == 200


def _migrate_process(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pifai.cli.main", "migrate"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.postgres_only
async def test_two_processes_migrating_at_once_both_succeed_and_apply_each_step_once(
    pg: Backend,
) -> None:
    name = pg_db_name()
    await provision(PG_SUPERUSER_URL, name, ROLES, password=ROLE_PASSWORD)
    owner_url = role_url(PG_SUPERUSER_URL, name, ROLES.owner, ROLE_PASSWORD)
    env = {
        **os.environ,
        "PIFAI_ENV": "test",
        "PIFAI_SECRET_KEY": pg.settings.secret_key,
        "PIFAI_DATABASE_URL": role_url(PG_SUPERUSER_URL, name, ROLES.app, ROLE_PASSWORD),
        "PIFAI_DATABASE_OWNER_URL": owner_url,
    }
    try:
        procs = [_migrate_process(env) for _ in range(3)]
        outputs = [await asyncio.to_thread(p.communicate, None, 120) for p in procs]
        steps = await _rows(owner_url, "SELECT step_id, outcome FROM schema_steps ORDER BY step_id")
        version = await _rows(owner_url, "SELECT version_num FROM alembic_version")
    finally:
        await drop_pg_database(name)

    assert [p.returncode for p in procs] == [0, 0, 0], [o[1][-500:] for o in outputs]
    assert sorted(s for s, _ in steps) == sorted(s.step_id for s in STEPS)
    assert {o for _, o in steps} == {"applied"}
    assert version == [(head_revision(),)]
    assert sum("steps applied: 2" in out for out, _ in outputs) == 1
