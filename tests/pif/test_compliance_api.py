from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories.accounts import Account, register
from tests.factories.items import JUSTIFICATION, SAMPLE_DATA, put_item
from tests.factories.products import create_product

MATRIX = "/api/v1/pif/responsibility-matrix"


def _workflow_url(product_id: str) -> str:
    return f"/api/v1/products/{product_id}/pif-workflow"


def _responsibilities_url(product_id: str) -> str:
    return f"/api/v1/products/{product_id}/pif-responsibilities"


async def _get(client: httpx.AsyncClient, account: Account, url: str) -> dict[str, Any]:
    response = await client.get(url, headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _review(client: httpx.AsyncClient, owner: Account, product_id: str, *items: int) -> None:
    for number in items:
        response = await put_item(
            client, owner, product_id, number, data=SAMPLE_DATA[number], status="human_reviewed"
        )
        assert response.status_code == 200, response.text


async def test_the_matrix_lists_64_cells_for_all_types(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    body = await _get(client, owner, MATRIX)

    assert body["org_types"] == ["brand", "oem", "importer", "consultant"]
    assert len(body["cells"]) == 64
    assert len({(c["org_type"], c["item_number"]) for c in body["cells"]}) == 64


async def test_the_matrix_for_one_type_has_its_16_cells(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    body = await _get(client, owner, f"{MATRIX}?org_type=importer")

    assert [c["item_number"] for c in body["cells"]] == list(range(1, 17))
    assert {c["org_type"] for c in body["cells"]} == {"importer"}
    assert body["cells"][2]["outsourced"] is True
    assert body["cells"][2]["title_en"] == "Full ingredient names and amounts"


async def test_an_unknown_org_type_is_a_422_naming_the_query_field(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)

    response = await client.get(f"{MATRIX}?org_type=distributor", headers=owner.headers)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "query.org_type"


async def test_the_matrix_needs_a_login(client: httpx.AsyncClient) -> None:
    assert (await client.get(MATRIX)).status_code == 401


async def test_responsibilities_follow_the_callers_org_type_and_item_status(
    client: httpx.AsyncClient,
) -> None:
    oem = await register(client, org_type="oem")
    product = await create_product(client, oem)
    await _review(client, oem, product["id"], 3)

    body = await _get(client, oem, _responsibilities_url(product["id"]))

    item3 = body["items"][2]
    assert body["org_type"] == "oem" and len(body["items"]) == 16
    assert (item3["item_number"], item3["status"], item3["done"]) == (3, "human_reviewed", True)
    assert item3["provider_en"] == "In-house R&D" and item3["outsourced"] is False
    assert body["items"][0]["status"] == "missing"


async def test_a_not_applicable_item_shows_as_done(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    declared = await put_item(
        client,
        owner,
        product["id"],
        13,
        not_applicable=True,
        not_applicable_justification=JUSTIFICATION,
    )
    assert declared.status_code == 200, declared.text

    body = await _get(client, owner, _responsibilities_url(product["id"]))

    assert (body["items"][12]["not_applicable"], body["items"][12]["done"]) == (True, True)


async def test_the_current_step_advances_as_items_are_reviewed(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    url = _workflow_url(product["id"])

    start = await _get(client, owner, url)
    await _review(client, owner, product["id"], 3)
    after_formula = await _get(client, owner, url)
    await _review(client, owner, product["id"], 5, 6, 9, 11, 12)
    await put_item(
        client,
        owner,
        product["id"],
        13,
        not_applicable=True,
        not_applicable_justification=JUSTIFICATION,
    )
    after_trial = await _get(client, owner, url)

    assert start["current_step"] == 1
    assert [s["item_number"] for s in start["suggestions"]] == [3]
    assert after_formula["current_step"] == 2
    assert after_formula["steps"][0]["state"] == "complete"
    assert [s["item_number"] for s in after_formula["suggestions"]] == [5, 6, 9, 11, 12, 13]
    assert after_trial["current_step"] == 3
    assert after_trial["items_done"] == 7
    assert [s["item_number"] for s in after_trial["suggestions"]] == [15]


async def test_an_uploaded_item_does_not_complete_its_step(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await put_item(client, owner, product["id"], 3, data={"note": "formula sheet"})

    body = await _get(client, owner, _workflow_url(product["id"]))

    assert body["current_step"] == 1
    assert body["steps"][0]["state"] == "not_started"


async def test_step_7_reports_not_started_with_a_note(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    step7 = (await _get(client, owner, _workflow_url(product["id"])))["steps"][6]

    assert (step7["number"], step7["state"], step7["total"]) == (7, "not_started", 0)
    assert "not tracked yet" in step7["note"]


@pytest.mark.parametrize("url", [_workflow_url, _responsibilities_url])
async def test_another_organisations_product_is_a_404(client: httpx.AsyncClient, url: Any) -> None:
    victim = await register(client)
    intruder = await register(client)
    product = await create_product(client, victim)

    response = await client.get(url(product["id"]), headers=intruder.headers)

    assert response.status_code == 404
