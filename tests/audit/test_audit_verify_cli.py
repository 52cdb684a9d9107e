"""`pifai audit verify` on real databases, after tampering done behind the app's back."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from pifai.app import create_app
from pifai.core.database import Database
from tests.conftest import Backend
from tests.factories.accounts import register
from tests.factories.plans import set_plan
from tests.factories.products import create_product


def _verify(backend: Backend) -> subprocess.CompletedProcess[str]:
    s = backend.settings
    env = {
        **os.environ,
        "PIFAI_ENV": "test",
        "PIFAI_SECRET_KEY": s.secret_key,
        "PIFAI_DATABASE_URL": s.resolved_database_url,
        "PIFAI_DATABASE_ADMIN_URL": s.resolved_admin_url or "",
    }
    return subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def _activity(backend: Backend) -> None:
    app = create_app(backend.settings, configure_logs=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        owner = await register(client)
        for i in range(3):
            await create_product(client, owner, name=f"P{i}")
    await app.state.db.dispose()


async def _tamper(backend: Backend, sql: str) -> str:
    url = backend.superuser_url or backend.settings.resolved_database_url
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.begin() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT id FROM audit_logs WHERE action = 'product.created' "
                    "ORDER BY seq LIMIT 1 OFFSET 1"
                )
            )
        ).one()
        await conn.execute(text(sql), {"id": row.id})
    await engine.dispose()
    return str(row.id).replace("-", "")


async def test_verify_passes_on_intact_chains(fresh_backend: Backend) -> None:
    await _activity(fresh_backend)

    result = await asyncio.to_thread(_verify, fresh_backend)

    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout


async def test_verify_names_an_edited_row(fresh_backend: Backend) -> None:
    await _activity(fresh_backend)
    row_id = await _tamper(
        fresh_backend, "UPDATE audit_logs SET resource = 'product:forged' WHERE id = :id"
    )

    result = await asyncio.to_thread(_verify, fresh_backend)

    assert result.returncode == 1
    assert "BROKEN" in result.stderr
    assert row_id in result.stderr.replace("-", "")


async def test_verify_detects_a_deleted_row(fresh_backend: Backend) -> None:
    await _activity(fresh_backend)
    await _tamper(fresh_backend, "DELETE FROM audit_logs WHERE id = :id")

    result = await asyncio.to_thread(_verify, fresh_backend)

    assert result.returncode == 1
    assert "sequence gap" in result.stderr


@pytest.mark.postgres_only
async def test_app_role_cannot_update_or_delete_audit_rows(
    pg: Backend, client: httpx.AsyncClient
) -> None:
    owner = await register(client)
    db = Database(pg.settings.resolved_database_url)
    try:
        for statement in (
            "UPDATE audit_logs SET action = 'x' WHERE org_id = :o",
            "DELETE FROM audit_logs WHERE org_id = :o",
        ):
            with pytest.raises(DBAPIError, match="permission denied"):
                async with db.session(org_id=owner.org_id) as session:
                    await session.execute(text(statement), {"o": owner.org_id})
    finally:
        await db.dispose()


@pytest.mark.postgres_only
async def test_concurrent_appends_keep_one_unbroken_chain(fresh_backend: Backend) -> None:
    app = create_app(fresh_backend.settings, configure_logs=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        owner = await register(c)
        await set_plan(app, owner.org_id, "pro")
        results = await asyncio.gather(*(create_product(c, owner, name=f"C{i}") for i in range(20)))
    await app.state.db.dispose()

    result = await asyncio.to_thread(_verify, fresh_backend)

    assert len(results) == 20
    assert result.returncode == 0, result.stderr
