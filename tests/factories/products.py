from __future__ import annotations

from typing import Any

import httpx

from tests.factories.accounts import Account


async def create_product(
    client: httpx.AsyncClient, account: Account, **fields: Any
) -> dict[str, Any]:
    payload = {"name": "保濕乳霜", "name_en": "Moisturising Cream", "product_type": "face_cream"}
    payload.update(fields)
    response = await client.post("/api/v1/products", json=payload, headers=account.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
