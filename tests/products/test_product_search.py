"""Searching and filtering the product list on the server (``q``, ``status``,
``product_type``), with pagination and a total that count the matches."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from pifai.models import Product
from tests.factories.accounts import Account, register
from tests.factories.plans import set_plan
from tests.factories.products import create_product

PRODUCTS = "/api/v1/products"


async def listed(client: httpx.AsyncClient, owner: Account, **params: Any) -> dict[str, Any]:
    response = await client.get(PRODUCTS, params=params, headers=owner.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def names(page: dict[str, Any]) -> set[str]:
    return {p["name"] for p in page["items"]}


async def set_status(app: FastAPI, org_id: uuid.UUID, product_id: str, status: str) -> None:
    async with app.state.db.session(org_id=org_id) as session:
        await session.execute(
            update(Product).where(Product.id == uuid.UUID(product_id)).values(pif_status=status)
        )


async def catalogue(client: httpx.AsyncClient, app: FastAPI) -> tuple[Account, dict[str, str]]:
    owner = await register(client)
    await set_plan(app, owner.org_id, "pro")
    specs = [
        ("保濕乳霜", "Moisturising Cream", "face_cream"),
        ("美白精華", "Brightening Serum", "face_serum"),
        ("夜間修護霜", "Night CREAM", "face_cream"),
        ("100%純露", "Pure_Mist", "toner"),
        ("洗髮精", None, "shampoo"),
    ]
    ids = {}
    for name, name_en, ptype in specs:
        created = await create_product(
            client, owner, name=name, name_en=name_en, product_type=ptype
        )
        ids[name] = created["id"]
    return owner, ids


async def test_without_parameters_every_active_product_is_listed(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, ids = await catalogue(client, app)

    page = await listed(client, owner)

    assert page["total"] == 5
    assert names(page) == set(ids)


async def test_q_matches_the_name_or_english_name_case_insensitively(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, _ids = await catalogue(client, app)

    assert names(await listed(client, owner, q="cream")) == {"保濕乳霜", "夜間修護霜"}
    assert names(await listed(client, owner, q="  SERUM ")) == {"美白精華"}
    assert names(await listed(client, owner, q="精華")) == {"美白精華"}
    assert names(await listed(client, owner, q="乳霜")) == {"保濕乳霜"}
    assert (await listed(client, owner, q="lipstick"))["total"] == 0


async def test_percent_and_underscore_in_q_match_only_themselves(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, _ids = await catalogue(client, app)

    assert names(await listed(client, owner, q="0%")) == {"100%純露"}
    assert names(await listed(client, owner, q="_")) == {"100%純露"}
    assert (
        names(await listed(client, owner, q="t_c")) == set()
    )  # "_" is no wildcard: not "Night CREAM"
    assert names(await listed(client, owner, q="re_mi")) == {"100%純露"}


async def test_status_filters_by_pif_status(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, ids = await catalogue(client, app)
    await set_status(app, owner.org_id, ids["美白精華"], "sa_review")
    await set_status(app, owner.org_id, ids["洗髮精"], "completed")

    assert names(await listed(client, owner, status="sa_review")) == {"美白精華"}
    assert names(await listed(client, owner, status="completed")) == {"洗髮精"}
    assert (await listed(client, owner, status="draft"))["total"] == 3
    assert (await listed(client, owner, status="expired"))["total"] == 0


async def test_an_unknown_status_is_a_422_naming_the_field(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.get(PRODUCTS, params={"status": "signed"}, headers=owner.headers)

    assert response.status_code == 422
    error = response.json()["error"]
    assert any("status" in d["field"] for d in error["details"]), error


async def test_product_type_filters_by_taxonomy_key_in_any_spelling(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, _ids = await catalogue(client, app)

    assert names(await listed(client, owner, product_type="face_cream")) == {
        "保濕乳霜",
        "夜間修護霜",
    }
    assert names(await listed(client, owner, product_type="Shampoo")) == {"洗髮精"}
    assert (await listed(client, owner, product_type="mascara"))["total"] == 0


async def test_an_unknown_product_type_is_a_422_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)

    response = await client.get(
        PRODUCTS, params={"product_type": "moon_dust"}, headers=owner.headers
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert any("product_type" in d["field"] for d in error["details"]), error


async def test_filters_combine_and_keep_pagination_and_total(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, ids = await catalogue(client, app)
    await set_status(app, owner.org_id, ids["夜間修護霜"], "in_progress")

    combined = await listed(client, owner, q="cream", status="draft", product_type="face_cream")
    page1 = await listed(client, owner, product_type="face_cream", page=1, page_size=1)
    page2 = await listed(client, owner, product_type="face_cream", page=2, page_size=1)

    assert names(combined) == {"保濕乳霜"} and combined["total"] == 1
    assert page1["total"] == page2["total"] == 2
    assert len(page1["items"]) == len(page2["items"]) == 1
    assert names(page1) | names(page2) == {"保濕乳霜", "夜間修護霜"}


async def test_search_never_crosses_organisations_nor_shows_archived(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, ids = await catalogue(client, app)
    other = await register(client)
    await create_product(client, other, name="他牌乳霜", name_en="Other Cream")
    archived = await client.delete(f"{PRODUCTS}/{ids['保濕乳霜']}", headers=owner.headers)
    assert archived.status_code == 204

    mine = await listed(client, owner, q="cream")
    theirs = await listed(client, other, q="cream")

    assert names(mine) == {"夜間修護霜"}
    assert names(theirs) == {"他牌乳霜"}


async def test_a_blank_or_overlong_q(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await create_product(client, owner)

    blank = await client.get(PRODUCTS, params={"q": "   "}, headers=owner.headers)
    overlong = await client.get(PRODUCTS, params={"q": "x" * 201}, headers=owner.headers)

    assert blank.status_code == 200 and blank.json()["total"] == 1
    assert overlong.status_code == 422
