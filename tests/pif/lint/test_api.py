"""GET /api/v1/products/{id}/cross-item-lint: live alerts, counts and the blocking flag."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories.accounts import Account, register
from tests.factories.items import put_item
from tests.factories.products import create_product

FAILED_PET = {
    "report_date": "2026-01-01",
    "laboratory": "Lab C",
    "result": "fail",
    "method": "iso_11930",
    "criteria": "not_met",
}


def _url(product_id: str) -> str:
    return f"/api/v1/products/{product_id}/cross-item-lint"


async def _lint(client: httpx.AsyncClient, owner: Account, product_id: str) -> dict[str, Any]:
    response = await client.get(_url(product_id), headers=owner.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_new_product_has_no_alerts(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    body = await _lint(client, owner, product["id"])

    assert body["alerts"] == []
    assert body["counts"] == {"warning": 0, "error": 0, "blocking": 0}
    assert body["blocking"] is False


async def test_stored_items_produce_alerts_with_penalty_references(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    assert (await put_item(client, owner, pid, 13, data=FAILED_PET)).status_code == 200
    label = {"label_text": "保濕乳霜", "claims": ["消炎"]}
    assert (await put_item(client, owner, pid, 4, data=label)).status_code == 200

    body = await _lint(client, owner, pid)

    rules = {a["rule"]: a for a in body["alerts"]}
    assert body["blocking"] is True
    assert body["counts"]["blocking"] == 1
    assert rules["R12"]["penalty"] == "see Act art. 4"
    assert rules["MED"]["article"] == "Art. 10 ¶2"
    assert rules["MED"]["penalty"]["article"] == "Art. 20 ¶1"
    assert body["alerts"][0]["severity"] == "blocking"


async def test_another_organisations_product_is_a_404(client: httpx.AsyncClient) -> None:
    victim = await register(client)
    intruder = await register(client)
    product = await create_product(client, victim)

    response = await client.get(_url(product["id"]), headers=intruder.headers)

    assert response.status_code == 404


async def test_the_lint_needs_a_login(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    assert (await client.get(_url(product["id"]))).status_code == 401
