from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.factories.accounts import register
from tests.factories.plans import set_plan
from tests.factories.products import create_product


async def test_creating_a_product_initialises_its_16_items_as_missing(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await client.get(f"/api/v1/products/{product['id']}/pif", headers=owner.headers)

    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["number"] for i in items] == list(range(1, 17))
    assert {i["status"] for i in items} == {"missing"}
    assert {i["number"]: i["stage"] for i in items}[8] == "post_launch"
    assert product["pif_status"] == "draft"


async def test_product_list_is_paginated_with_a_total_and_hides_archived(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    await set_plan(app, owner.org_id, "pro")
    ids = [(await create_product(client, owner, name=f"P{i}"))["id"] for i in range(5)]
    archived = await client.delete(f"/api/v1/products/{ids[0]}", headers=owner.headers)

    page1 = (await client.get("/api/v1/products?page=1&page_size=3", headers=owner.headers)).json()
    page2 = (await client.get("/api/v1/products?page=2&page_size=3", headers=owner.headers)).json()

    assert archived.status_code == 204
    assert page1["total"] == 4 and page2["total"] == 4
    listed = {p["id"] for p in page1["items"] + page2["items"]}
    assert listed == set(ids[1:])
    kept = await client.get(f"/api/v1/products/{ids[0]}", headers=owner.headers)
    assert kept.status_code == 200 and kept.json()["archived_at"] is not None


async def test_archived_product_cannot_be_edited(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await client.delete(f"/api/v1/products/{product['id']}", headers=owner.headers)

    response = await client.put(
        f"/api/v1/products/{product['id']}", json={"name": "New"}, headers=owner.headers
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "archived"


async def test_product_update_changes_only_given_fields(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner, category="skin care")

    response = await client.put(
        f"/api/v1/products/{product['id']}",
        json={"launch_date": "2027-01-15"},
        headers=owner.headers,
    )

    assert response.status_code == 200
    assert response.json()["launch_date"] == "2027-01-15"
    assert response.json()["category"] == "skin care"


async def test_product_types_come_from_the_taxonomy(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    by_chinese_name = await create_product(client, owner, product_type="面霜")
    unknown = await client.post(
        "/api/v1/products", json={"name": "X", "product_type": "spaceship"}, headers=owner.headers
    )

    assert by_chinese_name["product_type"] == "face_cream"
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"][0]["field"] == "body.product_type"
