"""Organisation API keys: set, list masked, clear, audited, sealed at rest, tested through
the product's own clients (faked), for owners and admins only."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pifai.ai_uses.clients import override
from pifai.api_keys import probes
from pifai.api_keys.sealing import seal
from pifai.core.database import Database
from pifai.files.crypto import FileKeys
from pifai.models import AuditLog, OrgApiKey
from pifai.rag.settings import RagSettings
from tests.ai._anthropic import error, message
from tests.ai._anthropic import text as text_block
from tests.ai_uses.fakes import ORG_KEY, RoutedAnthropic, fake_ai
from tests.conftest import Backend
from tests.factories.accounts import Account, add_member, register

URL = "/api/v1/settings/api-keys"
RAG_KEY = "rag-organisation-secret-9876"


def _db(client: httpx.AsyncClient) -> Database:
    app: FastAPI = client._transport.app  # type: ignore[attr-defined]
    db: Database = app.state.db
    return db


async def _put(client: httpx.AsyncClient, who: Account, key: str, value: Any) -> httpx.Response:
    return await client.put(f"{URL}/{key}", json={"value": value}, headers=who.headers)


async def _listed(client: httpx.AsyncClient, who: Account) -> dict[str, dict[str, Any]]:
    response = await client.get(URL, headers=who.headers)
    assert response.status_code == 200, response.text
    return {row["key"]: row for row in response.json()}


async def test_a_key_is_listed_masked_and_never_returned(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    put = await _put(client, owner, "anthropic", ORG_KEY)
    listed = await _listed(client, owner)

    assert put.status_code == 200 and put.json()["masked"] == "…wxyz"
    assert listed["anthropic"]["configured"] and listed["anthropic"]["masked"] == "…wxyz"
    assert not listed["echa"]["configured"] and not listed["rag"]["configured"]
    assert ORG_KEY not in put.text and ORG_KEY not in json.dumps(listed)


async def test_the_value_is_sealed_in_the_database(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await _put(client, owner, "rag", RAG_KEY)

    async with _db(client).session(org_id=owner.org_id) as session:
        query = select(OrgApiKey.value_encrypted, OrgApiKey.last4)
        raw = (await session.execute(query.where(OrgApiKey.org_id == owner.org_id))).one()

    assert RAG_KEY not in raw.value_encrypted and "secret" not in raw.value_encrypted
    assert raw.last4 == "9876"


async def test_set_and_cleared_are_audited_without_the_value(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await _put(client, owner, "anthropic", ORG_KEY)
    cleared = await _put(client, owner, "anthropic", None)

    async with _db(client).session(org_id=owner.org_id) as session:
        rows = (
            await session.scalars(
                select(AuditLog).where(AuditLog.org_id == owner.org_id).order_by(AuditLog.seq)
            )
        ).all()
    actions = [r.action for r in rows if r.action.startswith("api_key.")]

    assert cleared.status_code == 200 and cleared.json()["configured"] is False
    assert actions == ["api_key.set", "api_key.cleared"]
    assert all(ORG_KEY not in json.dumps(r.details, default=str) for r in rows)


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("openai", "sk-0123456789abcdef", "path.key"),
        ("anthropic", "", "body.value"),
        ("anthropic", "   ", "body.value"),
        ("anthropic", "x" * 501, "body.value"),
        ("rag", "éééééééééé", "body.value"),
        ("anthropic", "sk-ant-clé-0123456789", "body.value"),
        ("echa", "echa key 0123456789", "body.value"),
        ("rag", "rag-key-\u200b-0123456789", "body.value"),
    ],
)
async def test_unknown_names_and_unusable_values_are_422_in_the_shared_shape(
    client: httpx.AsyncClient, key: str, value: str, field: str
) -> None:
    owner = await register(client)

    response = await _put(client, owner, key, value)

    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["message"]
    assert [d["field"] for d in error["details"]] == [field]
    assert all(set(d) == {"field", "message"} for d in error["details"])
    if key == "openai":
        assert "anthropic, echa, rag" in error["message"]


async def _member(client: httpx.AsyncClient, owner: Account, role: str) -> Account:
    user = await register(client)
    await add_member(client, owner, user.email, role)
    switched = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=user.headers
    )
    assert switched.status_code == 200, switched.text
    return replace(user, org_id=owner.org_id, access_token=switched.json()["access_token"])


@pytest.mark.parametrize(("role", "expected"), [("admin", 200), ("member", 403), ("sa", 403)])
async def test_only_owners_and_admins_manage_keys(
    client: httpx.AsyncClient, role: str, expected: int
) -> None:
    owner = await register(client)
    who = await _member(client, owner, role)

    responses = [
        await client.get(URL, headers=who.headers),
        await _put(client, who, "echa", "echa-key-123456789"),
    ]

    assert [r.status_code for r in responses] == [expected, expected]


async def test_another_organisation_sees_none_of_it(client: httpx.AsyncClient) -> None:
    owner, other = await register(client), await register(client)
    await _put(client, owner, "anthropic", ORG_KEY)

    listed = await _listed(client, other)
    tested = await client.post(f"{URL}/anthropic/test", headers=other.headers)

    assert listed["anthropic"]["configured"] is False
    assert tested.status_code == 409  # nothing set in *its* organisation


@pytest.mark.postgres_only
async def test_row_level_security_hides_other_organisations_keys(
    client: httpx.AsyncClient, backend: Backend
) -> None:
    owner, other = await register(client), await register(client)
    await _put(client, owner, "anthropic", ORG_KEY)

    async with _db(client).session(org_id=other.org_id) as session:
        seen = (await session.scalars(select(OrgApiKey))).all()

    assert seen == []


async def test_the_anthropic_test_call_goes_through_the_ai_client(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    await _put(client, owner, "anthropic", ORG_KEY)
    fake = RoutedAnthropic(probe=[message(text_block("ok"))])

    with fake_ai(fake):
        response = await client.post(f"{URL}/anthropic/test", headers=owner.headers)
    listed = await _listed(client, owner)

    assert response.status_code == 200 and response.json()["ok"] is True
    assert fake.keys() == {ORG_KEY}
    body = json.loads(fake.requests[0][1].content)
    assert body["model"] == "claude-haiku-5-5" and body["max_tokens"] == 256
    assert listed["anthropic"]["last_test"]["ok"] is True


async def test_a_refused_key_reports_the_error_without_the_key(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await _put(client, owner, "anthropic", ORG_KEY)
    refused = error(401, "authentication_error", f"invalid x-api-key {ORG_KEY}")
    fake = RoutedAnthropic(probe=[refused])

    with fake_ai(fake):
        response = await client.post(f"{URL}/anthropic/test", headers=owner.headers)

    assert response.json()["ok"] is False
    assert "HTTP 401" in response.json()["error"]
    assert ORG_KEY not in response.text


def _echa(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/substance"):
        index = {"rmlId": "100.028.902", "rmlName": "water", "rmlCas": "7732-18-5"}
        return httpx.Response(200, json={"items": [{"substanceIndex": index}]})
    return httpx.Response(200, json={"type": "industry", "totalHarmonisedClassifications": 0})


async def test_the_echa_test_call_goes_through_the_echa_client(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await _put(client, owner, "echa", "echa-key-123456789")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _echa(request)

    with override(echa_http=lambda: httpx.AsyncClient(transport=httpx.MockTransport(handler))):
        response = await client.post(f"{URL}/echa/test", headers=owner.headers)

    assert response.json()["ok"] is True, response.text
    assert seen[0].url.params["searchText"] == "7732-18-5"


async def test_the_rag_test_call_uses_the_rag_client_with_the_organisation_key(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    await _put(client, owner, "rag", RAG_KEY)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "success", "data": []})

    platform = RagSettings(
        _env_file=None,  # type: ignore[call-arg]
        base_url="https://rag.test/api/v1",
        tenant_id="t-1",
    )
    with override(
        rag_http=lambda: httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        rag_settings=lambda: platform,
    ):
        response = await client.post(f"{URL}/rag/test", headers=owner.headers)

    assert response.json()["ok"] is True, response.text
    assert seen[0].headers["X-RAG-API-Key"] == RAG_KEY
    assert seen[0].headers["X-Tenant-ID"] == "t-1"


async def test_rag_without_a_configured_service_reports_why(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await _put(client, owner, "rag", RAG_KEY)
    platform = RagSettings(_env_file=None)  # type: ignore[call-arg]

    with override(rag_settings=lambda: platform):
        response = await client.post(f"{URL}/rag/test", headers=owner.headers)

    assert response.json() | {"tested_at": None} == {
        "key": "rag",
        "ok": False,
        "error": "the RAG service is not configured (PIFAI_RAG_BASE_URL, PIFAI_RAG_TENANT_ID)",
        "tested_at": None,
    }


async def test_a_stored_non_ascii_rag_key_tests_as_failed_not_500(
    client: httpx.AsyncClient, backend: Backend
) -> None:
    """A value stored before PUT refused it (or sealed by hand) still cannot break the test
    call: ``ok`` false with a reason, never a 500."""
    owner = await register(client)
    await _put(client, owner, "rag", RAG_KEY)
    async with _db(client).session(org_id=owner.org_id) as session:
        row = await session.scalar(select(OrgApiKey).where(OrgApiKey.org_id == owner.org_id))
        assert row is not None
        row.value_encrypted = seal(
            FileKeys.parse(backend.settings.resolved_file_keys()),
            "éééééééééé",
            owner.org_id,
            "rag",
        )
    platform = RagSettings(
        _env_file=None,  # type: ignore[call-arg]
        base_url="https://rag.test/api/v1",
        tenant_id="t-1",
    )

    with override(
        rag_http=lambda: httpx.AsyncClient(
            transport=httpx.MockTransport(lambda _r: httpx.Response(200, json={}))
        ),
        rag_settings=lambda: platform,
    ):
        response = await client.post(f"{URL}/rag/test", headers=owner.headers)

    assert response.status_code == 200, response.text
    assert response.json()["ok"] is False
    assert "could not be sent" in response.json()["error"]
    assert "é" not in response.json()["error"]


async def test_an_unexpected_probe_error_is_a_failed_test_not_500(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = await register(client)
    await _put(client, owner, "echa", "echa-key-123456789")

    async def broken(*_args: object) -> str | None:
        raise RuntimeError("bug in a probe")

    monkeypatch.setitem(probes.PROBES, "echa", broken)
    response = await client.post(f"{URL}/echa/test", headers=owner.headers)

    assert response.status_code == 200, response.text
    assert response.json()["ok"] is False
    assert response.json()["error"] == "the test call failed (RuntimeError)"
