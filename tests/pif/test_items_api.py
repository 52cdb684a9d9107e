from __future__ import annotations

import httpx

from tests.factories.accounts import register
from tests.factories.items import JUSTIFICATION, get_item, put_item, upload_item
from tests.factories.products import create_product


async def test_data_on_a_missing_item_moves_it_to_uploaded(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(client, owner, product["id"], 3, data={"inci": ["AQUA"]})

    assert response.status_code == 200
    item = response.json()
    assert item["status"] == "uploaded"
    assert item["data"] == {"inci": ["AQUA"]}
    assert item["allowed_next_statuses"] == ["human_reviewed"]


async def test_an_uploaded_item_can_be_marked_human_reviewed(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await upload_item(client, owner, product["id"], 6)

    response = await put_item(client, owner, product["id"], 6, status="human_reviewed")

    assert response.status_code == 200
    assert response.json()["status"] == "human_reviewed"
    assert (await get_item(client, owner, product["id"], 6))["status"] == "human_reviewed"


async def test_a_reviewed_item_can_be_reopened_to_uploaded(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await upload_item(client, owner, product["id"], 6)
    await put_item(client, owner, product["id"], 6, status="human_reviewed")

    response = await put_item(client, owner, product["id"], 6, status="uploaded")

    assert response.status_code == 200
    assert response.json()["status"] == "uploaded"


async def test_a_missing_item_cannot_jump_to_human_reviewed(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(client, owner, product["id"], 1, status="human_reviewed")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "illegal_transition"
    assert error["details"]["current"] == "missing"
    assert error["details"]["requested"] == "human_reviewed"
    assert error["details"]["allowed"] == ["uploaded"]
    assert (await get_item(client, owner, product["id"], 1))["status"] == "missing"


async def test_a_user_cannot_approve_an_item(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await upload_item(client, owner, product["id"], 2)
    await put_item(client, owner, product["id"], 2, status="human_reviewed")

    response = await put_item(client, owner, product["id"], 2, status="approved")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "illegal_transition"
    assert "Safety Assessor signs" in error["message"]


async def test_a_user_cannot_set_ai_draft_ready(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await upload_item(client, owner, product["id"], 11)

    response = await put_item(client, owner, product["id"], 11, status="ai_draft_ready")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert (await get_item(client, owner, product["id"], 11))["status"] == "uploaded"


async def test_a_refused_transition_leaves_the_data_unchanged(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(
        client, owner, product["id"], 4, data={"label_text": "new"}, status="approved"
    )

    assert response.status_code == 409
    item = await get_item(client, owner, product["id"], 4)
    assert (item["status"], item["data"]) == ("missing", {})


async def test_item_17_does_not_exist(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(client, owner, product["id"], 17, data={"x": 1})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_item_0_does_not_exist(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(client, owner, product["id"], 0, data={"x": 1})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_another_orgs_item_is_not_found(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    stranger = await register(client)
    product = await create_product(client, owner)

    response = await put_item(client, stranger, product["id"], 1, data={"x": 1})

    assert response.status_code == 404


async def test_declaring_a_missing_item_not_applicable_marks_it_reviewed(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(
        client,
        owner,
        product["id"],
        13,
        not_applicable=True,
        not_applicable_justification=JUSTIFICATION,
    )

    assert response.status_code == 200
    item = response.json()
    assert item["status"] == "human_reviewed"
    assert item["not_applicable"] is True
    assert item["not_applicable_justification"] == JUSTIFICATION


async def test_not_applicable_without_a_justification_is_refused(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(client, owner, product["id"], 13, not_applicable=True)

    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [d["field"] for d in details] == ["body.not_applicable_justification"]


async def test_not_applicable_with_a_too_short_justification_is_refused(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(
        client,
        owner,
        product["id"],
        13,
        not_applicable=True,
        not_applicable_justification="  n/a     ",
    )

    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [d["field"] for d in details] == ["body.not_applicable_justification"]
    assert (await get_item(client, owner, product["id"], 13))["status"] == "missing"


async def test_withdrawing_not_applicable_reopens_the_item(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await put_item(
        client,
        owner,
        product["id"],
        13,
        not_applicable=True,
        not_applicable_justification=JUSTIFICATION,
    )

    response = await put_item(client, owner, product["id"], 13, not_applicable=False)

    assert response.status_code == 200
    item = response.json()
    assert item["status"] == "uploaded"
    assert item["not_applicable"] is False
    assert item["not_applicable_justification"] is None


async def test_unknown_fields_in_an_item_update_are_refused(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await put_item(client, owner, product["id"], 1, approved_by="me")

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.approved_by"]


async def test_first_item_change_takes_the_product_from_draft_to_in_progress(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    await upload_item(client, owner, product["id"], 1)

    response = await client.get(f"/api/v1/products/{product['id']}", headers=owner.headers)
    overview = await client.get(f"/api/v1/products/{product['id']}/pif", headers=owner.headers)
    assert product["pif_status"] == "draft"
    assert response.json()["pif_status"] == "in_progress"
    assert overview.json()["pif_status"] == "in_progress"


async def test_a_refused_item_change_leaves_the_product_in_draft(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    await put_item(client, owner, product["id"], 1, status="approved")

    response = await client.get(f"/api/v1/products/{product['id']}", headers=owner.headers)
    assert response.json()["pif_status"] == "draft"
