"""Items 9 and 10 through the status machine, as the worker moves them (SPEC §2.1)."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI

from pifai.core.database import Database
from pifai.toxicology.worker import items
from tests.factories.accounts import Account, register
from tests.factories.items import get_item, put_item
from tests.factories.products import create_product


async def _product(client: httpx.AsyncClient) -> tuple[Account, uuid.UUID]:
    owner = await register(client)
    product = await create_product(client, owner)
    return owner, uuid.UUID(product["id"])


async def test_a_failed_run_gives_the_items_back_as_uploaded_with_the_reason(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, product_id = await _product(client)
    db: Database = app.state.db
    async with db.session(org_id=owner.org_id) as session:
        await items.mark_processing(session, owner.org_id, product_id)
    processing = await get_item(client, owner, str(product_id), 10)

    async with db.session(org_id=owner.org_id) as session:
        await items.give_back(session, owner.org_id, product_id, "sources down")
    item10 = await get_item(client, owner, str(product_id), 10)

    assert processing["status"] == "ai_processing"
    assert item10["status"] == "uploaded"
    assert item10["data"] == {"analysis_error": "sources down"}


async def test_a_draft_is_replaced_without_a_status_change(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, product_id = await _product(client)
    db: Database = app.state.db
    for run in ("first", "second"):
        async with db.session(org_id=owner.org_id) as session:
            await items.mark_processing(session, owner.org_id, product_id)
            outcome = await items.write_results(
                session, owner.org_id, product_id, {9: {"run": run}}
            )

    item9 = await get_item(client, owner, str(product_id), 9)

    assert outcome == {"9": "ai_draft_ready"}
    assert (item9["status"], item9["data"]) == ("ai_draft_ready", {"run": "second"})


async def test_giving_back_leaves_a_reviewed_item_alone(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, product_id = await _product(client)
    await put_item(client, owner, str(product_id), 10, data={"sa": "checked"})
    await put_item(client, owner, str(product_id), 10, status="human_reviewed")
    db: Database = app.state.db
    async with db.session(org_id=owner.org_id) as session:
        await items.mark_processing(session, owner.org_id, product_id)
        await items.give_back(session, owner.org_id, product_id, "failed")

    item10 = await get_item(client, owner, str(product_id), 10)

    assert (item10["status"], item10["data"]) == ("human_reviewed", {"sa": "checked"})
