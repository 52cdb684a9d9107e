"""Fail-soft wrappers, product hooks and the ``rag.sync_product`` task: None instead of an
error, nothing sent when not configured, the product's transaction only creates a task,
and the task does the HTTP call."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pifai.models import Product, Task
from pifai.products import repository as products_repo
from pifai.rag import hooks
from pifai.rag import repository as rag_repo
from pifai.rag.client import RagError
from pifai.rag.tasks import sync_product
from pifai.tasks.context import TaskContext
from pifai.tasks.messages import TaskMessage
from pifai.tasks.registry import PermanentTaskError
from tests.factories.accounts import register
from tests.factories.products import create_product
from tests.rag._fake import FakeRag, created, raises, status
from tests.rag._guard import guard_outbound, unconfigure_rag

ORG, PRODUCT = uuid.uuid4(), uuid.uuid4()


async def test_create_kb_soft_returns_none_and_logs_on_a_server_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeRag(create=status(500))

    with caplog.at_level(logging.WARNING, logger="pifai.rag.hooks"):
        kb = await hooks.create_kb_soft(ORG, PRODUCT, "P", client=fake.client())

    assert kb is None
    assert "RAG: HTTP 500" in caplog.text


async def test_create_kb_soft_returns_the_kb_when_the_service_answers() -> None:
    kb = await hooks.create_kb_soft(
        ORG, PRODUCT, "P", client=FakeRag(create=created("kb_9")).client()
    )

    assert kb is not None and kb.id == "kb_9"


@pytest.mark.parametrize(
    ("handler", "expected"),
    [(raises(httpx.ConnectError), None), (status(502), None), (status(404), False)],
)
async def test_delete_kb_soft_swallows_failures_and_counts_404_as_done(
    handler: object, expected: bool | None
) -> None:
    fake = FakeRag(delete=handler)  # type: ignore[arg-type]

    assert await hooks.delete_kb_soft("kb_1", client=fake.client()) is expected


async def test_unconfigured_wrappers_and_hooks_open_no_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unconfigure_rag(monkeypatch)
    attempts = guard_outbound(monkeypatch)
    product = Product(id=PRODUCT, org_id=ORG, name="P", rag_kb_id="kb_1")
    queue = RecordingQueue()

    class Session:  # the hooks must not even create a task (nor register an action)
        def __init__(self) -> None:
            self.info: dict[str, object] = {}

    created_kb = await hooks.create_kb_soft(ORG, PRODUCT, "P")
    deleted = await hooks.delete_kb_soft("kb_1")
    session = Session()
    db: Any = object()
    on_created = await hooks.on_product_created(session, product, db=db, queue=queue)  # type: ignore[arg-type]
    on_deleted = await hooks.on_product_deleted(session, product, db=db, queue=queue)  # type: ignore[arg-type]

    assert (created_kb, deleted, on_created, on_deleted) == (None, None, None, None)
    assert session.info == {}
    assert queue.published == []
    assert attempts == []


class RecordingQueue:
    def __init__(self) -> None:
        self.published: list[TaskMessage] = []

    async def publish(self, message: TaskMessage) -> None:
        self.published.append(message)

    async def publish_at(self, message: TaskMessage, due: object) -> None:
        self.published.append(message)

    async def close(self) -> None:
        return None


async def _product_in_db(app: FastAPI, client: httpx.AsyncClient) -> tuple[uuid.UUID, uuid.UUID]:
    owner = await register(client)
    product = await create_product(client, owner)
    return owner.org_id, uuid.UUID(product["id"])


async def _kb_id(app: FastAPI, org_id: uuid.UUID, product_id: uuid.UUID) -> str | None:
    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None
        return product.rag_kb_id


async def _link(app: FastAPI, org_id: uuid.UUID, product_id: uuid.UUID, kb_id: str) -> None:
    async with app.state.db.session(org_id=org_id) as session:
        assert await rag_repo.set_rag_kb_id_for_org(session, org_id, product_id, kb_id)


async def _sync_tasks(app: FastAPI, org_id: uuid.UUID, *, remove: bool = False) -> list[Task]:
    """This organisation's ``rag.sync_product`` rows; ``remove`` deletes them, so that no
    later test's worker finds them pending (nothing here ever publishes them for real)."""
    async with app.state.db.session(org_id=org_id) as session:
        rows = list(
            await session.scalars(
                select(Task).where(Task.org_id == org_id, Task.kind == hooks.SYNC_PRODUCT)
            )
        )
        for row in rows if remove else []:
            await session.delete(row)
        return rows


def _ctx(app: FastAPI, org_id: uuid.UUID, payload: dict[str, Any]) -> TaskContext:
    async def progress(_percent: int) -> None:
        return None

    return TaskContext(
        task_id=uuid.uuid4(),
        org_id=org_id,
        kind=hooks.SYNC_PRODUCT,
        payload=payload,
        attempt=1,
        max_attempts=4,
        db=app.state.db,
        report_progress=progress,
    )


def _create(product_id: uuid.UUID) -> dict[str, str]:
    return {"action": "create", "product_id": str(product_id)}


def _delete(product_id: uuid.UUID, kb_id: str) -> dict[str, str]:
    return {"action": "delete", "product_id": str(product_id), "kb_id": kb_id}


async def test_on_created_creates_a_task_published_only_after_the_commit(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    queue, fake = RecordingQueue(), FakeRag()

    with fake.installed():
        async with app.state.db.session(org_id=org_id) as session:
            product = await products_repo.get_product_for_org(session, org_id, product_id)
            assert product is not None
            task = await hooks.on_product_created(session, product, db=app.state.db, queue=queue)
            assert queue.published == []  # nothing leaves while the transaction is open

    assert task is not None
    assert [m.task_id for m in queue.published] == [task.id]
    assert [t.payload for t in await _sync_tasks(app, org_id, remove=True)] == [_create(product_id)]
    assert fake.requests == []  # the request itself never talks to the service


async def test_on_created_leaves_no_task_when_the_transaction_rolls_back(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    queue = RecordingQueue()

    with FakeRag().installed(), pytest.raises(RuntimeError):
        async with app.state.db.session(org_id=org_id) as session:
            product = await products_repo.get_product_for_org(session, org_id, product_id)
            assert product is not None
            await hooks.on_product_created(session, product, db=app.state.db, queue=queue)
            raise RuntimeError("creation failed")

    assert queue.published == []
    assert await _sync_tasks(app, org_id) == []


async def test_the_create_task_stores_the_kb_id(app: FastAPI, client: httpx.AsyncClient) -> None:
    org_id, product_id = await _product_in_db(app, client)
    fake = FakeRag(create=created("kb_by_worker"))

    with fake.installed():
        result = await sync_product(_ctx(app, org_id, _create(product_id)))

    assert result == {"action": "create", "outcome": "created", "kb_id": "kb_by_worker"}
    assert fake.methods() == ["POST"]
    assert fake.bodies()[0]["metadata"]["source"] == "pifai"
    assert await _kb_id(app, org_id, product_id) == "kb_by_worker"


async def test_a_failed_create_is_final_and_leaves_the_id_empty_for_backfill(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    fake = FakeRag(create=status(500))

    with fake.installed(), pytest.raises(PermanentTaskError, match=r"HTTP 500.*backfill"):
        await sync_product(_ctx(app, org_id, _create(product_id)))

    assert fake.methods() == ["POST"]
    assert await _kb_id(app, org_id, product_id) is None


async def test_the_create_task_sends_nothing_for_an_already_linked_product(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    await _link(app, org_id, product_id, "kb_first")
    fake = FakeRag()

    with fake.installed():
        result = await sync_product(_ctx(app, org_id, _create(product_id)))

    assert result["outcome"] == "already_linked"
    assert fake.requests == []
    assert await _kb_id(app, org_id, product_id) == "kb_first"


@pytest.mark.parametrize("answer", [204, 404])
async def test_the_delete_task_deletes_the_kb_and_forgets_its_id(
    app: FastAPI, client: httpx.AsyncClient, answer: int
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    await _link(app, org_id, product_id, "kb_d")
    fake = FakeRag(delete=status(answer) if answer == 404 else None)

    with fake.installed():
        await sync_product(_ctx(app, org_id, _delete(product_id, "kb_d")))

    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("DELETE", "/api/v1/knowledge-bases/kb_d")
    ]
    assert await _kb_id(app, org_id, product_id) is None


async def test_a_failed_delete_is_retried_and_keeps_the_id(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    await _link(app, org_id, product_id, "kb_k")

    with FakeRag(delete=status(500)).installed(), pytest.raises(RagError):
        await sync_product(_ctx(app, org_id, _delete(product_id, "kb_k")))

    assert await _kb_id(app, org_id, product_id) == "kb_k"
