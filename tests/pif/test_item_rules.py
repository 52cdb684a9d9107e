"""Item rules beyond the bare status machine: what counts as content, which items can be
not applicable, and how edits reopen review."""

from __future__ import annotations

import httpx
import pytest

from tests.factories.accounts import Account, register
from tests.factories.items import (
    JUSTIFICATION,
    SAMPLE_DATA,
    get_item,
    put_item,
    upload_item,
)
from tests.factories.products import create_product


async def _product(client: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await register(client)
    return owner, (await create_product(client, owner))["id"]


async def test_editing_a_reviewed_item_sends_it_back_for_review(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    await upload_item(client, owner, pid, 2)
    await put_item(client, owner, pid, 2, status="human_reviewed")

    response = await put_item(
        client, owner, pid, 2, data={**SAMPLE_DATA[2], "registration_id": "B9876543210"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "uploaded"


async def test_editing_and_reviewing_in_one_request_stays_reviewed(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)
    await upload_item(client, owner, pid, 2)
    await put_item(client, owner, pid, 2, status="human_reviewed")

    response = await put_item(
        client,
        owner,
        pid,
        2,
        data={**SAMPLE_DATA[2], "registration_id": "B9876543210"},
        status="human_reviewed",
    )

    assert response.json()["status"] == "human_reviewed"


async def test_an_empty_item_cannot_be_marked_uploaded(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    response = await put_item(client, owner, pid, 5, status="uploaded")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_content"
    assert (await get_item(client, owner, pid, 5))["status"] == "missing"


@pytest.mark.parametrize("number", [1, 3, 10, 16])
async def test_items_every_cosmetic_has_cannot_be_not_applicable(
    client: httpx.AsyncClient, number: int
) -> None:
    owner, pid = await _product(client)

    response = await put_item(
        client, owner, pid, number, not_applicable=True, not_applicable_justification=JUSTIFICATION
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.not_applicable"


async def test_an_invisible_justification_is_refused(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    response = await put_item(
        client, owner, pid, 13, not_applicable=True, not_applicable_justification="\u200b" * 50
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.not_applicable_justification"


@pytest.mark.parametrize("value", ["yes", 1])
async def test_not_applicable_must_be_a_real_boolean(
    client: httpx.AsyncClient, value: object
) -> None:
    owner, pid = await _product(client)

    response = await put_item(
        client, owner, pid, 13, not_applicable=value, not_applicable_justification=JUSTIFICATION
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.not_applicable"


async def test_a_justification_without_the_declaration_is_refused(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)

    response = await put_item(client, owner, pid, 13, not_applicable_justification=JUSTIFICATION)

    assert response.status_code == 422
    assert (await get_item(client, owner, pid, 13))["not_applicable_justification"] is None


async def test_a_not_applicable_item_keeps_its_reviewed_status(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    await put_item(
        client, owner, pid, 13, not_applicable=True, not_applicable_justification=JUSTIFICATION
    )

    response = await put_item(client, owner, pid, 13, status="uploaded")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_applicable_item"
    item = await get_item(client, owner, pid, 13)
    assert (item["status"], item["not_applicable"]) == ("human_reviewed", True)
