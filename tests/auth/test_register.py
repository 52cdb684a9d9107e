from __future__ import annotations

import asyncio
import secrets
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pifai.models import Task
from tests.factories.accounts import PASSWORD, register, unique_email

REGISTER_URL = "/api/v1/auth/register"


def registration(email: str, password: str) -> dict[str, str]:
    return {"email": email, "password": password, "org_name": "Acme", "org_type": "brand"}


async def test_register_creates_an_organisation_with_the_user_as_its_owner(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client, org_name="Acme Cosmetics", org_type="importer")

    response = await client.get("/api/v1/auth/me", headers=account.headers)

    assert response.status_code == 200
    me = response.json()
    assert me["user_id"] == str(account.user_id)
    assert me["email"] == account.email
    assert me["org_id"] == str(account.org_id)
    assert me["role"] == "owner"
    assert me["memberships"] == [
        {
            "org_id": str(account.org_id),
            "org_name": "Acme Cosmetics",
            "org_type": "importer",
            "role": "owner",
        }
    ]


async def test_register_refuses_a_too_short_password_and_says_so(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(REGISTER_URL, json=registration(unique_email(), "Ab1!xy"))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "at least 10 characters" in error["message"]
    assert {d["field"] for d in error["details"]} == {"body.password"}


async def test_register_refuses_a_common_password_and_says_so(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(REGISTER_URL, json=registration(unique_email(), "Password123"))

    assert response.status_code == 422
    error = response.json()["error"]
    assert "most common passwords" in error["message"]
    assert {d["field"] for d in error["details"]} == {"body.password"}


async def test_register_refuses_a_password_containing_the_email_name(
    client: httpx.AsyncClient,
) -> None:
    name = f"zebra{secrets.token_hex(4)}"
    response = await client.post(
        REGISTER_URL, json=registration(f"{name}@example.com", f"{name.upper()}-7!")
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert "must not contain your email name" in error["message"]
    assert {d["field"] for d in error["details"]} == {"body.password"}


async def test_register_refuses_an_email_already_in_use(client: httpx.AsyncClient) -> None:
    existing = await register(client)

    response = await client.post(REGISTER_URL, json=registration(existing.email, PASSWORD))

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "email_taken"


async def test_register_treats_the_email_case_insensitively(client: httpx.AsyncClient) -> None:
    existing = await register(client)

    response = await client.post(REGISTER_URL, json=registration(existing.email.upper(), PASSWORD))

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "email_taken"


async def test_concurrent_registrations_of_one_email_create_one_account(
    client: httpx.AsyncClient,
) -> None:
    email = unique_email("race")
    payload = {
        "email": email,
        "password": "Correct-Horse-42-battery",
        "org_name": "Race Ltd",
        "org_type": "brand",
    }

    responses = await asyncio.gather(
        *(client.post("/api/v1/auth/register", json=payload) for _ in range(6))
    )

    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 409, 409, 409, 409, 409]
    assert all(
        r.json()["error"]["code"] == "email_taken" for r in responses if r.status_code == 409
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("org_name", "Acme\tCosmetics"),
        ("org_name", "Acme\nCosmetics"),
        ("org_name", "Acme \u202eemticsoC"),
        ("org_name", "Acme \u2066Cosmetics\u2069"),
        ("full_name", "Ann\u202dLee"),
        ("full_name", "Ann\rLee"),
    ],
)
async def test_register_refuses_control_and_bidi_characters_in_names(
    client: httpx.AsyncClient, field: str, value: str
) -> None:
    body = {**registration(unique_email(), PASSWORD), field: value}

    response = await client.post(REGISTER_URL, json=body)

    assert response.status_code == 422, response.text
    assert [d["field"] for d in response.json()["error"]["details"]] == [f"body.{field}"]
    assert (
        f"U+{ord(next(c for c in value if not c.isalnum() and c != ' ')):04X}"
        in (response.json()["error"]["details"][0]["message"])
    )


@pytest.mark.parametrize(
    ("lang", "stored"),
    [("zh", "zh-Hant"), ("ZH-tw", "zh-Hant"), ("zh-hant", "zh-Hant"), ("EN", "en")],
)
async def test_register_accepts_the_report_language_spellings_for_the_message(
    app: FastAPI, client: httpx.AsyncClient, lang: str, stored: str
) -> None:
    body = {**registration(unique_email(), PASSWORD), "lang": lang}

    response = await client.post(REGISTER_URL, json=body)

    assert response.status_code == 201, response.text
    org_id = uuid.UUID(response.json()["org_id"])
    async with app.state.db.session(org_id=org_id) as session:
        tasks = await session.scalars(
            select(Task).where(Task.org_id == org_id, Task.kind == "email.send")
        )
        assert [t.payload["lang"] for t in tasks] == [stored]


async def test_register_names_an_unknown_message_language(client: httpx.AsyncClient) -> None:
    body = {**registration(unique_email(), PASSWORD), "lang": "fr"}

    response = await client.post(REGISTER_URL, json=body)

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.lang"]
