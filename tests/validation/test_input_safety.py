"""Input PostgreSQL cannot store, or a person cannot see, is a 422 naming the field —
never a 500 and never silently changed (findings of the first break-it session)."""

from __future__ import annotations

import httpx
import pytest

from tests.factories.accounts import PASSWORD, register, unique_email
from tests.factories.products import create_product


def fields_of(response: httpx.Response) -> list[str]:
    return [d["field"] for d in response.json()["error"]["details"]]


async def test_a_nul_character_in_a_product_name_is_a_422(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.post(
        "/api/v1/products", json={"name": "abc\u0000def"}, headers=owner.headers
    )

    assert response.status_code == 422
    assert fields_of(response) == ["body.name"]


@pytest.mark.parametrize(
    "data",
    [{"k": "v\u0000"}, {"k\u0000": "v"}, {"nested": [{"deep": "x\u0000"}]}],
)
async def test_a_nul_character_anywhere_in_item_data_is_a_422(
    client: httpx.AsyncClient, data: dict[str, object]
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await client.put(
        f"/api/v1/products/{product['id']}/pif/3", json={"data": data}, headers=owner.headers
    )

    assert response.status_code == 422
    assert fields_of(response) == ["body.data"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
async def test_non_finite_numbers_in_item_data_are_refused_not_lost(
    client: httpx.AsyncClient, number: str
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    body = '{"data": {"ph": ' + number + "}}"

    response = await client.put(
        f"/api/v1/products/{product['id']}/pif/9",
        content=body,
        headers={**owner.headers, "content-type": "application/json"},
    )

    assert response.status_code == 422
    assert "finite" in response.text


@pytest.mark.parametrize("name", ["   ", "\u200b\u200b", "bad\u0007bell"])
async def test_blank_or_control_character_names_are_refused(
    client: httpx.AsyncClient, name: str
) -> None:
    owner = await register(client)

    response = await client.post("/api/v1/products", json={"name": name}, headers=owner.headers)

    assert response.status_code == 422
    assert fields_of(response) == ["body.name"]


async def test_product_names_are_stored_trimmed(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    product = await create_product(client, owner, name="  保濕乳霜  ")

    assert product["name"] == "保濕乳霜"


async def test_a_null_name_on_update_is_a_422_naming_it(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await client.put(
        f"/api/v1/products/{product['id']}", json={"name": None}, headers=owner.headers
    )

    assert response.status_code == 422
    assert fields_of(response) == ["body.name"]


async def test_unknown_fields_on_register_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": unique_email(),
            "password": PASSWORD,
            "org_name": "Acme",
            "org_type": "brand",
            "plan": "enterprise",
        },
    )

    assert response.status_code == 422
    assert fields_of(response) == ["body.plan"]


async def test_malformed_json_names_the_body_and_the_position(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        content='{"email": "a@example.com",, }',
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert detail["field"] == "body"
    assert "at character" in detail["message"]


async def test_a_full_width_copy_of_an_email_is_the_same_account(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    local, domain = owner.email.split("@")
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in local)

    again = await client.post(
        "/api/v1/auth/register",
        json={
            "email": f"{full_width}@{domain}",
            "password": PASSWORD,
            "org_name": "Look-alike",
            "org_type": "brand",
        },
    )

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "email_taken"
