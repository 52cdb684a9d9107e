from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI

from pifai.app import create_app
from tests.conftest import Backend
from tests.factories.sa import Clock, use_clock


@dataclass
class SaHarness:
    app: FastAPI
    client: httpx.AsyncClient
    clock: Clock


@pytest.fixture
async def harness(backend: Backend) -> AsyncIterator[SaHarness]:
    """The app with its lifespan (in-process worker, no Redis) and a hand-moved TOTP clock."""
    settings = backend.settings.model_copy(
        update={"redis_url": None, "worker_block_ms": 50, "reconcile_interval_seconds": 0.5}
    )
    application = create_app(settings, configure_logs=False)
    clock = Clock()
    use_clock(application, clock)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers={"User-Agent": "pytest-sa/1"}
        ) as client:
            yield SaHarness(application, client, clock)
