"""The active-product limit on POST /api/v1/products: free 3, pro 100, enterprise
unlimited; archived products do not count; the refusal names the limit."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from pifai.audit import repository as audit_repo
from pifai.audit.chain import chain_for
from pifai.core.database import Database
from pifai.organizations.plans import PlanLimitReached, ensure_room_for_org
from tests.factories.accounts import Account, register
from tests.factories.plans import join_as, set_plan
from tests.factories.products import create_product

PRODUCTS = "/api/v1/products"
BODY = {"name": "乳液", "product_type": "face_cream"}


async def fill(client: httpx.AsyncClient, owner: Account, count: int) -> list[str]:
    return [(await create_product(client, owner, name=f"P{i}"))["id"] for i in range(count)]


async def try_create(client: httpx.AsyncClient, owner: Account) -> httpx.Response:
    return await client.post(PRODUCTS, json=BODY, headers=owner.headers)


async def active_total(client: httpx.AsyncClient, owner: Account) -> Any:
    return (await client.get(PRODUCTS, headers=owner.headers)).json()["total"]


async def test_the_free_plan_refuses_a_fourth_active_product(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await fill(client, owner, 3)

    response = await try_create(client, owner)

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "plan_limit"
    assert "3 active products" in error["message"] and "free plan" in error["message"]
    assert error["details"] == {
        "limit": "active_products",
        "plan": "free",
        "allowed": 3,
        "used": 3,
    }
    assert await active_total(client, owner) == 3


async def test_a_refused_creation_leaves_no_product_and_no_audit_row(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    await fill(client, owner, 3)

    await try_create(client, owner)

    db: Database = app.state.db
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        rows = await audit_repo.rows_of_chain(session, chain_for(owner.org_id))
    assert [r.action for r in rows].count("product.created") == 3


async def test_archiving_a_product_frees_its_place(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    ids = await fill(client, owner, 3)
    archived = await client.delete(f"{PRODUCTS}/{ids[0]}", headers=owner.headers)

    response = await try_create(client, owner)

    assert archived.status_code == 204
    assert response.status_code == 201, response.text
    assert await active_total(client, owner) == 3


async def test_the_pro_plan_allows_more(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner = await register(client)
    await fill(client, owner, 3)
    await set_plan(app, owner.org_id, "pro")

    response = await try_create(client, owner)

    assert response.status_code == 201, response.text
    assert await active_total(client, owner) == 4


async def test_the_pro_plan_stops_at_100(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner = await register(client)
    await set_plan(app, owner.org_id, "pro")
    db: Database = app.state.db

    async with db.session(org_id=owner.org_id) as session:
        await ensure_room_for_org(session, owner.org_id, "active_products", adding=100)
    refused = None
    async with db.session(org_id=owner.org_id) as session:
        try:
            await ensure_room_for_org(session, owner.org_id, "active_products", adding=101)
        except PlanLimitReached as exc:
            refused = exc
    assert refused is not None
    assert refused.details == {"limit": "active_products", "plan": "pro", "allowed": 100, "used": 0}


async def test_the_enterprise_plan_is_unlimited(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner = await register(client)
    await set_plan(app, owner.org_id, "enterprise")
    await fill(client, owner, 5)
    db: Database = app.state.db

    async with db.session(org_id=owner.org_id) as session:
        await ensure_room_for_org(session, owner.org_id, "active_products", adding=1_000_000)

    assert (await try_create(client, owner)).status_code == 201
    assert await active_total(client, owner) == 6


async def test_a_member_is_refused_the_same_way(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    member = await join_as(client, owner, "member")
    await fill(client, owner, 3)

    response = await try_create(client, member)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "plan_limit"


async def test_over_the_limit_after_a_downgrade_archiving_and_editing_still_work(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    await set_plan(app, owner.org_id, "pro")
    ids = await fill(client, owner, 5)
    await set_plan(app, owner.org_id, "free")

    refused = await try_create(client, owner)
    edited = await client.put(f"{PRODUCTS}/{ids[0]}", json={"name": "新名"}, headers=owner.headers)
    archived = [
        (await client.delete(f"{PRODUCTS}/{pid}", headers=owner.headers)).status_code
        for pid in ids[:3]
    ]
    allowed = await try_create(client, owner)

    assert refused.status_code == 403
    assert refused.json()["error"]["details"]["used"] == 5
    assert edited.status_code == 200
    assert archived == [204, 204, 204]
    assert allowed.status_code == 201


async def test_the_limit_of_one_organisation_does_not_touch_another(
    client: httpx.AsyncClient,
) -> None:
    full = await register(client)
    await fill(client, full, 3)
    other = await register(client)

    assert (await try_create(client, full)).status_code == 403
    assert (await try_create(client, other)).status_code == 201
