from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

PASSWORD = "Correct-Horse-42-battery"


@dataclass
class Account:
    email: str
    password: str
    user_id: uuid.UUID
    org_id: uuid.UUID
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{secrets.token_hex(6)}@example.com"


async def register(
    client: httpx.AsyncClient,
    *,
    org_type: str = "brand",
    org_name: str | None = None,
    email: str | None = None,
) -> Account:
    email = email or unique_email()
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "org_name": org_name or f"Org {secrets.token_hex(3)}",
            "org_type": org_type,
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Account(
        email=email,
        password=PASSWORD,
        user_id=uuid.UUID(body["user_id"]),
        org_id=uuid.UUID(body["org_id"]),
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
    )


async def login(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD, org_id: uuid.UUID | None = None
) -> httpx.Response:
    payload: dict[str, str] = {"email": email, "password": password}
    if org_id is not None:
        payload["org_id"] = str(org_id)
    return await client.post("/api/v1/auth/login", json=payload)


async def add_member(
    client: httpx.AsyncClient, manager: Account, email: str, role: str
) -> httpx.Response:
    return await client.post(
        "/api/v1/organizations/current/members",
        json={"email": email, "role": role},
        headers=manager.headers,
    )


async def forgot_password(client: httpx.AsyncClient, email: str, **extra: Any) -> httpx.Response:
    return await client.post("/api/v1/auth/forgot-password", json={"email": email, **extra})


async def reset_password(
    client: httpx.AsyncClient, token: str, new_password: str
) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": new_password}
    )


async def verify_email(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/api/v1/auth/verify-email", json={"token": token})


async def invite(
    client: httpx.AsyncClient, manager: Account, email: str, role: str = "member", **extra: Any
) -> httpx.Response:
    return await client.post(
        "/api/v1/organizations/current/invitations",
        json={"email": email, "role": role, **extra},
        headers=manager.headers,
    )


async def accept_invitation(
    client: httpx.AsyncClient,
    token: str,
    *,
    password: str | None = None,
    full_name: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    body: dict[str, str] = {"token": token}
    if password is not None:
        body["password"] = password
    if full_name is not None:
        body["full_name"] = full_name
    return await client.post("/api/v1/invitations/accept", json=body, headers=headers or {})


def account_from_tokens(email: str, body: dict[str, Any], password: str = PASSWORD) -> Account:
    """An Account from a token-pair answer (accepting an invitation, switching org)."""
    return Account(
        email=email,
        password=password,
        user_id=uuid.UUID(body["user_id"]),
        org_id=uuid.UUID(body["org_id"]),
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
    )
