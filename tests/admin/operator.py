"""Bootstrapping the operator and reading the audit trail as the operator, in tests."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import httpx

from tests.factories.accounts import PASSWORD, Account, unique_email

SECRET = "bootstrap-secret-for-tests-" + "s" * 20


async def bootstrap(
    client: httpx.AsyncClient, *, secret: str = SECRET, email: str | None = None, **extra: Any
) -> httpx.Response:
    body = {"secret": secret, "email": email or unique_email("operator"), "password": PASSWORD}
    return await client.post("/api/v1/admin/bootstrap", json={**body, **extra})


def operator_account(response: httpx.Response) -> Account:
    body = response.json()
    return Account(
        email="",
        password=PASSWORD,
        user_id=uuid.UUID(body["user_id"]),
        org_id=uuid.UUID(body["org_id"]),
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
    )


async def audit_rows(
    client: httpx.AsyncClient, operator: Account, **filters: str
) -> list[dict[str, Any]]:
    """Every audit row matching the filters, newest first (all pages)."""
    response = await client.get(
        "/api/v1/admin/audit-logs",
        params={**filters, "page_size": "200"},
        headers=operator.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] <= 200, "narrow the filters: more rows than one page"
    items: list[dict[str, Any]] = body["items"]
    return items


def tag() -> str:
    """A word that makes an organisation name unique within the shared database."""
    return f"t{secrets.token_hex(4)}"
