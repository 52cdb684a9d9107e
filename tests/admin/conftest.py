"""The operator's tests run on databases of their own: bootstrap succeeds only once per
database, and the operator's reads span every organisation in it."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from pifai.app import create_app
from tests.admin.operator import SECRET, bootstrap, operator_account
from tests.conftest import (
    Backend,
    create_pg_database,
    create_sqlite_database,
    drop_pg_database,
    pg_db_name,
)
from tests.factories.accounts import Account


@dataclass
class Platform:
    backend: Backend
    app: FastAPI
    client: httpx.AsyncClient
    operator: Account


def operator_app(backend: Backend, **overrides: object) -> FastAPI:
    """The app with the bootstrap secret configured (unless overridden)."""
    settings = backend.settings.model_copy(update={"admin_bootstrap_secret": SECRET, **overrides})
    return create_app(settings, configure_logs=False)


def client_for(app: FastAPI, ip: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 50000))
    return httpx.AsyncClient(
        transport=transport, base_url="http://t", headers={"User-Agent": "pytest-admin/1"}
    )


async def dispose(app: FastAPI) -> None:
    if app.state.metrics_db not in (None, app.state.db):
        await app.state.metrics_db.dispose()
    await app.state.db.dispose()


async def _own_database(backend: Backend) -> tuple[Backend, str | None]:
    if backend.name == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="pifai-admin-")) / "pifai.db"
        return Backend("sqlite", await create_sqlite_database(path), None), None
    name = pg_db_name()
    settings = await create_pg_database(name)
    assert backend.superuser_url
    superuser_url = backend.superuser_url.rsplit("/", 1)[0] + f"/{name}"
    return Backend("postgresql", settings, superuser_url), name


@pytest.fixture(scope="module")
async def platform(backend: Backend) -> AsyncIterator[Platform]:
    """A database of this module's own, bootstrapped once through the API."""
    own, pg_name = await _own_database(backend)
    app = operator_app(own)
    try:
        async with client_for(app) as client:
            response = await bootstrap(client)
            assert response.status_code == 201, response.text
            yield Platform(own, app, client, operator_account(response))
    finally:
        await dispose(app)
        if pg_name:
            await drop_pg_database(pg_name)


@pytest.fixture
async def unbootstrapped(fresh_backend: Backend) -> AsyncIterator[FastAPI]:
    """A new database with no super-admin yet, and the secret configured."""
    app = operator_app(fresh_backend)
    yield app
    await dispose(app)
