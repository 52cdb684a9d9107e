"""Concurrent creations cannot both take the last place: the check runs under the
organisation's row lock (PostgreSQL) or the write lock every transaction takes (SQLite)."""

from __future__ import annotations

import asyncio

import httpx

from tests.factories.accounts import add_member, register
from tests.factories.products import create_product

BODY = {"name": "乳液", "product_type": "face_cream"}


async def test_five_concurrent_products_take_the_one_free_place(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    for i in range(2):
        await create_product(client, owner, name=f"P{i}")

    responses = await asyncio.gather(
        *(client.post("/api/v1/products", json=BODY, headers=owner.headers) for _ in range(5))
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 403, 403, 403, 403], [r.text for r in responses]
    refused = [r.json()["error"] for r in responses if r.status_code == 403]
    assert {(e["code"], e["details"]["used"]) for e in refused} == {("plan_limit", 3)}
    listed = (await client.get("/api/v1/products", headers=owner.headers)).json()
    assert listed["total"] == 3


async def test_five_concurrent_members_take_the_one_free_place(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    await add_member(client, owner, (await register(client)).email, "member")
    candidates = [await register(client) for _ in range(5)]

    responses = await asyncio.gather(
        *(add_member(client, owner, c.email, "member") for c in candidates)
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 403, 403, 403, 403], [r.text for r in responses]
    members = (
        await client.get("/api/v1/organizations/current/members", headers=owner.headers)
    ).json()
    assert len(members) == 3
