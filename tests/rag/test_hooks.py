"""Fail-soft wrappers and product hooks: None instead of an error, nothing sent when not
configured, the HTTP call only after the product's transaction committed."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest
from fastapi import FastAPI

from pifai.models import Product
from pifai.products import repository as products_repo
from pifai.rag import hooks
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

    class Session:  # the hooks must not even register an after-commit action
        def __init__(self) -> None:
            self.info: dict[str, object] = {}

    created_kb = await hooks.create_kb_soft(ORG, PRODUCT, "P")
    deleted = await hooks.delete_kb_soft("kb_1")
    session = Session()
    await hooks.on_product_created(session, product)  # type: ignore[arg-type]
    await hooks.on_product_deleted(session, product)  # type: ignore[arg-type]

    assert (created_kb, deleted) == (None, None)
    assert session.info == {}
    assert attempts == []


async def _product_in_db(app: FastAPI, client: httpx.AsyncClient) -> tuple[uuid.UUID, uuid.UUID]:
    owner = await register(client)
    product = await create_product(client, owner)
    return owner.org_id, uuid.UUID(product["id"])


async def _kb_id(app: FastAPI, org_id: uuid.UUID, product_id: uuid.UUID) -> str | None:
    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None
        return product.rag_kb_id


async def test_on_created_stores_the_kb_id_after_the_commit(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    fake = FakeRag(create=created("kb_after_commit"))

    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None
        await hooks.on_product_created(session, product, client=fake.client())
        assert fake.requests == []  # nothing is sent while the transaction is open

    assert fake.methods() == ["POST"]
    assert product.rag_kb_id == "kb_after_commit"
    assert await _kb_id(app, org_id, product_id) == "kb_after_commit"


async def test_on_created_sends_nothing_when_the_transaction_rolls_back(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    fake = FakeRag()

    with pytest.raises(RuntimeError):
        async with app.state.db.session(org_id=org_id) as session:
            product = await products_repo.get_product_for_org(session, org_id, product_id)
            assert product is not None
            await hooks.on_product_created(session, product, client=fake.client())
            raise RuntimeError("creation failed")

    assert fake.requests == []


async def test_on_created_leaves_the_id_empty_when_the_service_fails(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    fake = FakeRag(create=status(500))

    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None
        await hooks.on_product_created(session, product, client=fake.client())

    assert fake.methods() == ["POST"]
    assert await _kb_id(app, org_id, product_id) is None


@pytest.mark.parametrize("answer", [204, 404])
async def test_on_deleted_deletes_the_kb_and_forgets_its_id(
    app: FastAPI, client: httpx.AsyncClient, answer: int
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None
        await hooks.on_product_created(
            session, product, client=FakeRag(create=created("kb_d")).client()
        )
    fake = FakeRag(delete=status(answer) if answer == 404 else None)

    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None and product.rag_kb_id == "kb_d"
        await hooks.on_product_deleted(session, product, client=fake.client())

    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("DELETE", "/api/v1/knowledge-bases/kb_d")
    ]
    assert await _kb_id(app, org_id, product_id) is None


async def test_on_deleted_keeps_the_id_when_the_service_fails(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    org_id, product_id = await _product_in_db(app, client)
    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None
        await hooks.on_product_created(
            session, product, client=FakeRag(create=created("kb_k")).client()
        )

    async with app.state.db.session(org_id=org_id) as session:
        product = await products_repo.get_product_for_org(session, org_id, product_id)
        assert product is not None
        await hooks.on_product_deleted(
            session, product, client=FakeRag(delete=status(500)).client()
        )

    assert await _kb_id(app, org_id, product_id) == "kb_k"
