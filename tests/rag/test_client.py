"""The knowledge base client (SPEC §15): headers, naming, metadata, errors with their
status, idempotent delete, refused empty ids, ``from_wiki``; all through MockTransport."""

from __future__ import annotations

import uuid

import httpx
import pytest

from pifai.rag.client import RagError, kb_name
from pifai.rag.settings import RagSettings
from tests.rag._fake import KEY, TENANT, FakeRag, created, rag_settings, raises, status

ORG = uuid.UUID("0f0e0d0c-0b0a-4909-8807-060504030201")
PRODUCT = uuid.UUID("a1a2a3a4-b1b2-4c1c-8d1d-e1e2e3e4e5e6")


def _answer(**data: object) -> FakeRag:
    body = {"status": "success", "data": {"answer": "Store below 25 °C.", **data}}
    return FakeRag(ask=lambda _r: httpx.Response(200, json=body))


async def test_create_sends_both_headers() -> None:
    fake = FakeRag()

    await fake.client().create_kb(ORG, PRODUCT, "保濕乳霜", "pifai")

    (request,) = fake.requests
    assert request.headers["x-rag-api-key"] == KEY
    assert request.headers["x-tenant-id"] == TENANT


async def test_delete_and_ask_send_both_headers_too() -> None:
    fake = _answer(from_wiki=True)
    client = fake.client()

    await client.delete_kb("kb_1")
    await client.ask("kb_1", "How is it stored?")

    assert [r.headers["x-rag-api-key"] for r in fake.requests] == [KEY, KEY]
    assert [r.headers["x-tenant-id"] for r in fake.requests] == [TENANT, TENANT]


def test_kb_name_is_pif_org_product() -> None:
    assert kb_name(ORG, PRODUCT) == f"pif_{ORG}_{PRODUCT}"


async def test_create_posts_the_name_and_metadata_and_returns_the_id() -> None:
    fake = FakeRag(create=created("kb_new_xyz"))

    kb = await fake.client().create_kb(ORG, PRODUCT, "保濕乳霜", "pifai")

    assert (kb.id, kb.name) == ("kb_new_xyz", f"pif_{ORG}_{PRODUCT}")
    (request,) = fake.requests
    assert (request.method, request.url.path) == ("POST", "/api/v1/knowledge-bases")
    assert fake.bodies() == [
        {
            "name": f"pif_{ORG}_{PRODUCT}",
            "metadata": {
                "org": str(ORG),
                "product": str(PRODUCT),
                "name": "保濕乳霜",
                "source": "pifai",
            },
        }
    ]


async def test_create_reads_an_id_without_the_data_envelope() -> None:
    fake = FakeRag(create=lambda _r: httpx.Response(200, json={"id": "kb_flat"}))

    kb = await fake.client().create_kb(ORG, PRODUCT, "P", "pifai")

    assert kb.id == "kb_flat"


@pytest.mark.parametrize("code", [400, 401, 409, 500, 503])
async def test_non_2xx_raises_with_the_status(code: int) -> None:
    fake = FakeRag(create=status(code))

    with pytest.raises(RagError) as caught:
        await fake.client().create_kb(ORG, PRODUCT, "P", "pifai")

    assert caught.value.status == code
    assert caught.value.message == f"RAG: HTTP {code}"


async def test_a_create_answer_without_an_id_is_an_error() -> None:
    fake = FakeRag(create=lambda _r: httpx.Response(201, json={"status": "success", "data": {}}))

    with pytest.raises(RagError, match="no knowledge base id"):
        await fake.client().create_kb(ORG, PRODUCT, "P", "pifai")


async def test_delete_of_a_missing_kb_is_already_done() -> None:
    fake = FakeRag(delete=status(404))

    deleted = await fake.client().delete_kb("kb_gone")

    assert deleted is False
    (request,) = fake.requests
    assert (request.method, request.url.path) == ("DELETE", "/api/v1/knowledge-bases/kb_gone")


async def test_delete_answers_true_and_quotes_the_id_into_one_segment() -> None:
    fake = FakeRag()

    deleted = await fake.client().delete_kb("kb/../other")

    assert deleted is True
    assert fake.requests[0].url.raw_path == b"/api/v1/knowledge-bases/kb%2F..%2Fother"


async def test_delete_failing_otherwise_raises_with_the_status() -> None:
    fake = FakeRag(delete=status(500))

    with pytest.raises(RagError) as caught:
        await fake.client().delete_kb("kb_1")

    assert caught.value.status == 500


@pytest.mark.parametrize("kb_id", ["", "   ", None])
async def test_an_empty_kb_id_is_refused_before_anything_is_sent(kb_id: str) -> None:
    fake = _answer(from_wiki=True)
    client = fake.client()

    with pytest.raises(ValueError, match="knowledge base id is required"):
        await client.ask(kb_id, "What is in it?")
    with pytest.raises(ValueError, match="knowledge base id is required"):
        await client.delete_kb(kb_id)

    assert fake.requests == []


async def test_ask_parses_an_answer_from_the_wiki_tier_with_its_sources() -> None:
    fake = _answer(
        from_wiki=True,
        sources=[
            {"title": "Item 3 formula", "url": "https://x/3", "snippet": "Aqua 90%", "score": 0.92}
        ],
    )

    answer = await fake.client().ask("kb_1", "What is the water content?")

    assert (answer.answer, answer.from_wiki, answer.tier) == ("Store below 25 °C.", True, "wiki")
    assert [(s.title, s.url, s.snippet, s.score) for s in answer.sources] == [
        ("Item 3 formula", "https://x/3", "Aqua 90%", 0.92)
    ]
    assert fake.requests[0].url.path == "/api/v1/knowledge-bases/kb_1/ask"
    assert fake.bodies() == [{"question": "What is the water content?"}]


@pytest.mark.parametrize(
    ("from_wiki", "tier"), [(False, "retrieval"), ("true", "wiki"), (None, "unknown")]
)
async def test_from_wiki_names_the_tier_that_answered(from_wiki: object, tier: str) -> None:
    fake = _answer(from_wiki=from_wiki, sources=[])

    answer = await fake.client().ask("kb_1", "Q?")

    assert answer.tier == tier


async def test_an_unreadable_from_wiki_is_an_error_not_a_guess() -> None:
    fake = _answer(from_wiki="maybe")

    with pytest.raises(RagError, match="from_wiki"):
        await fake.client().ask("kb_1", "Q?")


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (raises(httpx.ReadTimeout), "RAG: timed out after 2 s"),
        (raises(httpx.ConnectError), "RAG: connection failed (ConnectError)"),
        (lambda _r: httpx.Response(200, content=b"<html>"), "RAG: malformed JSON"),
    ],
)
async def test_timeouts_and_transport_failures_are_rag_errors(
    handler: object, message: str
) -> None:
    fake = FakeRag(ask=handler)  # type: ignore[arg-type]

    with pytest.raises(RagError) as caught:
        await fake.client(timeout_seconds=2).ask("kb_1", "Q?")

    assert caught.value.message == message


def test_configured_only_with_url_key_and_tenant(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BASE_URL", "API_KEY", "TENANT_ID"):
        monkeypatch.delenv(f"PIFAI_RAG_{name}", raising=False)
    monkeypatch.setenv("PIFAI_RAG_BASE_URL", "https://rag.example.com/api/v1/")
    monkeypatch.setenv("PIFAI_RAG_API_KEY", "k")

    partial = RagSettings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("PIFAI_RAG_TENANT_ID", "t")
    full = RagSettings(_env_file=None)  # type: ignore[call-arg]

    assert partial.configured is False
    assert full.configured is True
    assert full.base_url == "https://rag.example.com/api/v1"
    assert rag_settings(tenant_id="  ").configured is False


def test_a_client_cannot_be_made_without_configuration() -> None:
    with pytest.raises(ValueError, match="PIFAI_RAG_BASE_URL"):
        FakeRag().client(api_key=None)


async def test_health_lists_the_tenants_knowledge_bases_with_both_headers() -> None:
    fake = FakeRag()

    await fake.client().health()

    (request,) = fake.requests
    assert (request.method, request.url.path) == ("GET", "/api/v1/knowledge-bases")
    assert (request.headers["x-rag-api-key"], request.headers["x-tenant-id"]) == (KEY, TENANT)


async def test_health_raises_with_the_status_when_the_key_is_refused() -> None:
    with pytest.raises(RagError) as caught:
        await FakeRag(listing=status(401)).client().health()

    assert caught.value.status == 401


async def test_a_key_a_header_cannot_carry_is_a_rag_error_not_a_crash() -> None:
    fake = FakeRag()

    with pytest.raises(RagError, match="could not be sent"):
        await fake.client(api_key="éééééééééé").health()

    assert fake.requests == []
