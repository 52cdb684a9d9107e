"""Product operations never depend on the knowledge base service (SPEC §15), through the API:
a failing service does not fail them, and an unconfigured one is never contacted."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from pifai.rag.client import RagClient
from tests.factories.accounts import register
from tests.factories.products import create_product
from tests.rag._fake import FakeRag, status
from tests.rag._guard import guard_outbound, unconfigure_rag


@pytest.fixture
def rag_service(app: FastAPI) -> Iterator[FakeRag]:
    """Installs a MockTransport-backed client as ``app.state.rag_client`` (read by
    ``pifai.rag.deps.get_rag_client``) for one test; the service answers 500 to everything."""
    fake = FakeRag(create=status(500), delete=status(500), ask=status(500))
    app.state.rag_client = fake.client()
    yield fake
    del app.state.rag_client


async def test_creating_and_deleting_a_product_succeeds_while_rag_answers_500(
    client: httpx.AsyncClient, rag_service: FakeRag
) -> None:
    owner = await register(client)

    created = await client.post(
        "/api/v1/products",
        json={"name": "保濕乳霜", "product_type": "face_cream"},
        headers=owner.headers,
    )
    product_id = created.json()["id"]
    deleted = await client.delete(f"/api/v1/products/{product_id}", headers=owner.headers)
    shown = await client.get(f"/api/v1/products/{product_id}", headers=owner.headers)

    assert created.status_code == 201
    assert deleted.status_code == 204
    assert shown.json()["archived_at"] is not None
    # The service was really asked (and failed): the product did not depend on it.
    assert [(r.method, r.url.path) for r in rag_service.requests] == [
        ("POST", "/api/v1/knowledge-bases")
    ]
    body = rag_service.bodies()[0]
    assert body["name"] == f"pif_{owner.org_id}_{uuid.UUID(product_id)}"


async def test_with_nothing_configured_product_create_and_delete_send_nothing(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    unconfigure_rag(monkeypatch)
    assert not isinstance(getattr(app.state, "rag_client", None), RagClient)
    owner = await register(client)
    attempts = guard_outbound(monkeypatch)

    product = await create_product(client, owner)
    deleted = await client.delete(f"/api/v1/products/{product['id']}", headers=owner.headers)

    assert deleted.status_code == 204
    assert attempts == []
