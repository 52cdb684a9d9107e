from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

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
