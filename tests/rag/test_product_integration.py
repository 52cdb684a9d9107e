"""Product operations never depend on the knowledge base service (SPEC §15), through the API:
a failing or silent service neither fails nor delays them, and an unconfigured one is never
contacted. The knowledge base work runs in the in-process worker (``rag.sync_product``)."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pifai.models import Task
from pifai.products import repository as products_repo
from pifai.rag.hooks import SYNC_PRODUCT
from tests.factories.accounts import register
from tests.factories.products import create_product
from tests.factories.tasks import finished, wait_for_task
from tests.rag._fake import FakeRag, created, status
from tests.rag._guard import guard_outbound, unconfigure_rag

LIVENESS_SECONDS = 20.0  # a bound for "eventually", never a timing assertion


async def _sync_tasks(app: FastAPI, org_id: uuid.UUID) -> list[Task]:
    async with app.state.db.session(org_id=org_id) as session:
        rows = await session.scalars(
            select(Task)
            .where(Task.org_id == org_id, Task.kind == SYNC_PRODUCT)
            .order_by(Task.created_at)
        )
        return list(rows)


async def _finished_tasks(app: FastAPI, org_id: uuid.UUID) -> list[Task]:
    return [
        await wait_for_task(app.state.db, org_id, task.id, finished, within=LIVENESS_SECONDS)
        for task in await _sync_tasks(app, org_id)
    ]


async def _kb_id(app: FastAPI, org_id: uuid.UUID, product_id: str) -> str | None:
    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, uuid.UUID(product_id))
        assert product is not None
        return product.rag_kb_id


async def test_creating_and_deleting_a_product_succeeds_while_rag_answers_500(
    served_app: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    app, client = served_app
    fake = FakeRag(create=status(500), delete=status(500), ask=status(500))
    owner = await register(client)

    with fake.installed():
        created_ = await client.post(
            "/api/v1/products",
            json={"name": "保濕乳霜", "product_type": "face_cream"},
            headers=owner.headers,
        )
        product_id = created_.json()["id"]
        tasks = await _finished_tasks(app, owner.org_id)
        deleted = await client.delete(f"/api/v1/products/{product_id}", headers=owner.headers)
    shown = await client.get(f"/api/v1/products/{product_id}", headers=owner.headers)

    assert created_.status_code == 201
    assert deleted.status_code == 204
    assert shown.json()["archived_at"] is not None
    # The service was really asked (and failed): the product did not depend on it.
    assert [(r.method, r.url.path) for r in fake.requests] == [("POST", "/api/v1/knowledge-bases")]
    assert fake.bodies()[0]["name"] == f"pif_{owner.org_id}_{uuid.UUID(product_id)}"
    assert [(t.status, t.attempts) for t in tasks] == [("failed", 1)]
    assert "HTTP 500" in (tasks[0].error or "")
    assert await _kb_id(app, owner.org_id, product_id) is None  # left for back-fill


async def test_a_silent_rag_service_does_not_delay_the_product_create(
    served_app: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    """The service accepts the request and never answers until released: the API answers
    while the worker's request is still waiting."""
    app, client = served_app
    reached, release = asyncio.Event(), asyncio.Event()

    async def silent(request: httpx.Request) -> httpx.Response:
        reached.set()
        await release.wait()
        return created("kb_late")(request)  # type: ignore[return-value]

    fake = FakeRag(create=silent)
    owner = await register(client)

    with fake.installed():
        try:
            response = await asyncio.wait_for(
                client.post(
                    "/api/v1/products",
                    json={"name": "Slow", "product_type": "face_cream"},
                    headers=owner.headers,
                ),
                LIVENESS_SECONDS,  # before the fix the request waited on the service
            )
            answered_while_waiting = not release.is_set()
            await asyncio.wait_for(reached.wait(), LIVENESS_SECONDS)
            kb_before_release = await _kb_id(app, owner.org_id, response.json()["id"])
        finally:
            release.set()
        tasks = await _finished_tasks(app, owner.org_id)

    assert response.status_code == 201
    assert answered_while_waiting
    assert kb_before_release is None
    assert [(t.status, t.result) for t in tasks] == [
        ("done", {"action": "create", "outcome": "created", "kb_id": "kb_late"})
    ]
    assert await _kb_id(app, owner.org_id, response.json()["id"]) == "kb_late"


async def test_archiving_a_linked_product_deletes_its_kb_in_the_worker(
    served_app: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    app, client = served_app
    fake = FakeRag(create=created("kb_gone"))
    owner = await register(client)

    with fake.installed():
        product = await create_product(client, owner)
        await _finished_tasks(app, owner.org_id)
        deleted = await client.delete(f"/api/v1/products/{product['id']}", headers=owner.headers)
        tasks = await _finished_tasks(app, owner.org_id)

    assert deleted.status_code == 204
    assert [t.status for t in tasks] == ["done", "done"]
    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("POST", "/api/v1/knowledge-bases"),
        ("DELETE", "/api/v1/knowledge-bases/kb_gone"),
    ]
    assert await _kb_id(app, owner.org_id, product["id"]) is None


async def test_with_nothing_configured_product_create_and_delete_send_nothing(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    unconfigure_rag(monkeypatch)
    owner = await register(client)
    attempts = guard_outbound(monkeypatch)

    product = await create_product(client, owner)
    deleted = await client.delete(f"/api/v1/products/{product['id']}", headers=owner.headers)

    assert deleted.status_code == 204
    assert attempts == []
    assert await _sync_tasks(app, owner.org_id) == []  # no task either
