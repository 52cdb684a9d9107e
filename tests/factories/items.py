"""Helpers for the 16 PIF items of a product."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories.accounts import Account

JUSTIFICATION = "This product contains no preservative, so the test does not apply."


def item_url(product_id: str, number: int) -> str:
    return f"/api/v1/products/{product_id}/pif/{number}"


async def put_item(
    client: httpx.AsyncClient, account: Account, product_id: str, number: int, **body: Any
) -> httpx.Response:
    return await client.put(item_url(product_id, number), json=body, headers=account.headers)


async def get_item(
    client: httpx.AsyncClient, account: Account, product_id: str, number: int
) -> dict[str, Any]:
    response = await client.get(item_url(product_id, number), headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def upload_item(
    client: httpx.AsyncClient, account: Account, product_id: str, number: int
) -> dict[str, Any]:
    """Put some data on an item, which moves a missing item to uploaded."""
    response = await put_item(client, account, product_id, number, data={"note": "filled in"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
