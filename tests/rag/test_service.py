"""Asking goes through the ACL gate (the kb id comes from the caller's own product only);
back-fill creates the missing knowledge bases organisation by organisation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from pifai.app import create_app
from pifai.kit.errors import Conflict, NotFound
from pifai.products import repository as products_repo
from pifai.rag import repository as rag_repo
from pifai.rag import service
from pifai.rag.backfill import backfill
from pifai.rag.endpoints import router as rag_router
from pifai.rag.service import RagUnavailable
from tests.conftest import Backend
from tests.factories.accounts import Account, register
from tests.factories.products import create_product
from tests.rag._fake import FakeRag, created, rag_settings, status
from tests.rag._guard import unconfigure_rag

ANSWER = {"data": {"answer": "Yes.", "from_wiki": False, "sources": [{"title": "Item 3"}]}}


def _answering() -> FakeRag:
    return FakeRag(ask=lambda _r: httpx.Response(200, json=ANSWER))


async def _with_kb(app: FastAPI, org_id: uuid.UUID, product_id: uuid.UUID, kb_id: str) -> None:
    async with app.state.db.session(org_id=org_id) as session:
        assert await rag_repo.set_rag_kb_id_for_org(session, org_id, product_id, kb_id)


async def _owner_with_product(client: httpx.AsyncClient) -> tuple[Account, uuid.UUID]:
    owner = await register(client)
    product = await create_product(client, owner)
    return owner, uuid.UUID(product["id"])


async def test_ask_uses_the_kb_id_of_the_callers_own_product(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, product_id = await _owner_with_product(client)
    await _with_kb(app, owner.org_id, product_id, "kb_own")
    fake = _answering()

    async with app.state.db.session(org_id=owner.org_id) as session:
        answer = await service.ask_about_product(
            session, owner.org_id, product_id, "Is it stable?", client=fake.client()
        )

    assert (answer.answer, answer.tier) == ("Yes.", "retrieval")
    assert [r.url.path for r in fake.requests] == ["/api/v1/knowledge-bases/kb_own/ask"]


async def test_another_organisations_product_is_404_and_nothing_is_sent(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, product_id = await _owner_with_product(client)
    await _with_kb(app, owner.org_id, product_id, "kb_secret")
    intruder = await register(client)
    fake = _answering()

    with pytest.raises(NotFound):
        async with app.state.db.session(org_id=intruder.org_id) as session:
            await service.ask_about_product(
                session, intruder.org_id, product_id, "Q?", client=fake.client()
            )

    assert fake.requests == []


async def test_a_product_without_a_kb_is_a_conflict(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, product_id = await _owner_with_product(client)

    with pytest.raises(Conflict) as caught:
        async with app.state.db.session(org_id=owner.org_id) as session:
            await service.ask_about_product(
                session, owner.org_id, product_id, "Q?", client=_answering().client()
            )

    assert caught.value.code == "no_knowledge_base"


async def test_a_failing_service_is_503_unavailable(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, product_id = await _owner_with_product(client)
    await _with_kb(app, owner.org_id, product_id, "kb_x")

    with pytest.raises(RagUnavailable, match="HTTP 500"):
        async with app.state.db.session(org_id=owner.org_id) as session:
            await service.ask_about_product(
                session, owner.org_id, product_id, "Q?", client=FakeRag(ask=status(500)).client()
            )


@pytest.fixture
async def ask_api(backend: Backend) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """An app with the ask route mounted (the lead mounts it in api/v1/router.py)."""
    application = create_app(backend.settings, configure_logs=False)
    application.include_router(rag_router, prefix="/api/v1")
    transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield application, c
    await application.state.db.dispose()


async def test_the_ask_route_takes_only_a_question_and_404s_across_organisations(
    ask_api: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    application, api = ask_api
    owner, product_id = await _owner_with_product(api)
    await _with_kb(application, owner.org_id, product_id, "kb_route")
    intruder = await register(api)
    fake = _answering()
    application.state.rag_client = fake.client()
    url = f"/api/v1/products/{product_id}/knowledge-base/ask"

    mine = await api.post(url, json={"question": "Q?", "kb_id": "kb_other"}, headers=owner.headers)
    theirs = await api.post(url, json={"question": "Q?"}, headers=intruder.headers)

    assert mine.status_code == 200, mine.text
    assert mine.json() == {
        "answer": "Yes.",
        "from_wiki": False,
        "tier": "retrieval",
        "sources": [{"title": "Item 3", "url": None, "snippet": None, "score": None}],
    }
    assert theirs.status_code == 404
    assert [r.url.path for r in fake.requests] == ["/api/v1/knowledge-bases/kb_route/ask"]


async def test_asking_with_nothing_configured_is_503_not_a_backfill_hint(
    ask_api: tuple[FastAPI, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Back-fill exits 2 when unconfigured: telling to run it would be a dead end."""
    unconfigure_rag(monkeypatch)
    _application, api = ask_api
    owner, product_id = await _owner_with_product(api)

    response = await api.post(
        f"/api/v1/products/{product_id}/knowledge-base/ask",
        json={"question": "Q?"},
        headers=owner.headers,
    )

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "rag_unavailable"
    assert "PIFAI_RAG_BASE_URL" in response.json()["error"]["message"]


async def test_backfill_creates_missing_kbs_org_by_org_and_reports_counts(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first, linked = await _owner_with_product(client)
    await _with_kb(app, first.org_id, linked, "kb_existing")
    missing_a = uuid.UUID((await create_product(client, first, name="A"))["id"])
    second = await register(client)
    missing_b = uuid.UUID((await create_product(client, second, name="B"))["id"])
    archived = uuid.UUID((await create_product(client, second, name="Old"))["id"])
    await client.delete(f"/api/v1/products/{archived}", headers=second.headers)
    counter = iter(range(100))
    fake = FakeRag(create=lambda _r: created(f"kb_fill_{next(counter)}")(_r))
    seen: list[str] = []

    report = await backfill(
        app.state.db,
        rag_settings(),
        [first.org_id, second.org_id],
        client=fake.client(),
        progress=lambda item, outcome: seen.append(f"{item.name}:{outcome}"),
    )

    assert (report.organizations, report.candidates, report.created, report.failed) == (2, 2, 2, 0)
    assert sorted(seen) == ["A:created", "B:created"]
    names = sorted(body["metadata"]["name"] for body in fake.bodies())
    assert names == ["A", "B"]
    assert {b["metadata"]["source"] for b in fake.bodies()} == {"pifai-backfill"}
    async with app.state.db.session(org_id=first.org_id) as session:
        a = await products_repo.get_product_for_org(session, first.org_id, missing_a)
        kept = await products_repo.get_product_for_org(session, first.org_id, linked)
    async with app.state.db.session(org_id=second.org_id) as session:
        b = await products_repo.get_product_for_org(session, second.org_id, missing_b)
        old = await products_repo.get_product_for_org(session, second.org_id, archived)
    assert a is not None and (a.rag_kb_id or "").startswith("kb_fill_")
    assert b is not None and (b.rag_kb_id or "").startswith("kb_fill_")
    assert old is not None and old.rag_kb_id is None
    assert kept is not None and kept.rag_kb_id == "kb_existing"


async def test_backfill_counts_failures_and_leaves_those_ids_empty(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, product_id = await _owner_with_product(client)

    report = await backfill(
        app.state.db, rag_settings(), [owner.org_id], client=FakeRag(create=status(503)).client()
    )

    assert (report.candidates, report.created, report.failed) == (1, 0, 1)
    assert report.errors == [f"{product_id}: RAG: HTTP 503"]
