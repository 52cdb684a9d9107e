"""PUT …/pif/{item} validates the item's data before storing it and stores it normalised;
a refused write names the field as ``body.data.<path>`` and keeps what was stored."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories.accounts import Account, register
from tests.factories.items import SAMPLE_DATA, get_item, put_item, upload_file
from tests.factories.products import create_product


async def _product(client: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await register(client)
    return owner, (await create_product(client, owner))["id"]


def _fields(response: httpx.Response) -> list[str]:
    return [d["field"] for d in response.json()["error"]["details"]]


async def test_valid_data_is_stored_normalised(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    response = await put_item(
        client, owner, pid, 1, data={"name_zh": "保濕乳霜", "product_type": "面霜"}
    )

    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["product_type"] == "face_cream"  # stored by taxonomy key
    assert data["name_en"] is None  # every field of the schema is present
    assert (await get_item(client, owner, pid, 1))["data"] == data


async def test_dates_are_stored_as_iso_strings(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    await put_item(client, owner, pid, 2, data={**SAMPLE_DATA[2], "last_updated_on": "2025-02-01"})

    data = (await get_item(client, owner, pid, 2))["data"]
    assert (data["registered_on"], data["last_updated_on"]) == ("2025-01-15", "2025-02-01")


@pytest.mark.parametrize("number", sorted(SAMPLE_DATA))
async def test_every_item_accepts_valid_data(client: httpx.AsyncClient, number: int) -> None:
    owner, pid = await _product(client)

    response = await put_item(client, owner, pid, number, data=SAMPLE_DATA[number])

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "uploaded"


INVALID: list[tuple[int, dict[str, Any], str]] = [
    (1, {"name_zh": "保濕乳霜", "launch_date": "2025-02-30"}, "body.data.launch_date"),
    (1, {"name_zh": "保濕乳霜", "nmae_en": "typo"}, "body.data.nmae_en"),
    (2, {"registered_on": "2025-01-15"}, "body.data.registration_id"),
    (
        6,
        {"steps": [{"description": "攪拌", "temperature_c": "85"}]},
        "body.data.steps.0.temperature_c",
    ),
    (8, {"statement_of_none": "無"}, "body.data.statement_date"),
    (
        12,
        {**SAMPLE_DATA[12], "results": [{"organism": "escherichia_coli"}]},
        "body.data.results.0.count",
    ),
    (15, {"components": [{"name": "jar", "material": "tin"}]}, "body.data.components.0.material"),
]


@pytest.mark.parametrize(("number", "data", "field"), INVALID)
async def test_invalid_data_is_refused_naming_the_field_and_keeps_what_was_stored(
    client: httpx.AsyncClient, number: int, data: dict[str, Any], field: str
) -> None:
    owner, pid = await _product(client)
    stored = (await put_item(client, owner, pid, number, data=SAMPLE_DATA[number])).json()

    response = await put_item(client, owner, pid, number, data=data)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert field in _fields(response)
    after = await get_item(client, owner, pid, number)
    assert (after["data"], after["status"]) == (stored["data"], "uploaded")


async def test_a_refused_write_changes_neither_status_nor_declaration(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)

    response = await put_item(
        client, owner, pid, 5, data={"certificate_type": "iso_9001"}, status="uploaded"
    )

    assert response.status_code == 422
    assert "body.data.certificate_type" in _fields(response)
    item = await get_item(client, owner, pid, 5)
    assert (item["status"], item["data"]) == ("missing", {})


async def test_an_empty_object_is_not_valid_data_for_a_form_item(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)

    response = await put_item(client, owner, pid, 16, data={})

    assert response.status_code == 422
    assert _fields(response) == ["body.data.assessment_text"]


async def test_engine_items_keep_their_own_shape(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    report = {"kind": "ingredient_properties", "rows": [{"inci": "AQUA", "mw": 18.015}]}

    response = await put_item(client, owner, pid, 9, data=report)

    assert response.status_code == 200, response.text
    assert (await get_item(client, owner, pid, 9))["data"] == report


async def test_engine_data_that_cannot_be_stored_is_refused(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    response = await put_item(client, owner, pid, 3, data={"note": "a\u0000b"})

    assert response.status_code == 422
    assert _fields(response) == ["body.data"]


async def test_another_orgs_item_is_not_found_before_its_data_is_judged(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)
    stranger = await register(client)

    response = await put_item(client, stranger, pid, 1, data={"nmae_en": "typo"})

    assert response.status_code == 404
    assert (await get_item(client, owner, pid, 1))["data"] == {}


async def test_item_data_may_cite_uploads_of_the_same_product(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    artwork = await upload_file(client, owner, pid, 4, "artwork.png", b"\x89PNG\r\n\x1a\n")
    record = await upload_file(client, owner, pid, 6)
    process = {**SAMPLE_DATA[6], "file_ids": [record]}

    label = await put_item(
        client, owner, pid, 4, data={**SAMPLE_DATA[4], "artwork_file_ids": [artwork]}
    )
    steps = await put_item(client, owner, pid, 6, data=process)

    assert label.status_code == 200, label.text
    assert steps.status_code == 200, steps.text
    assert (await get_item(client, owner, pid, 4))["data"]["artwork_file_ids"] == [artwork]


async def test_a_file_id_that_is_not_an_upload_of_the_product_is_refused_naming_it(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)
    other = (await create_product(client, owner, name="另一款乳霜"))["id"]
    elsewhere = await upload_file(client, owner, other, 5)
    own = await upload_file(client, owner, pid, 5)
    stored = await put_item(client, owner, pid, 5, data={**SAMPLE_DATA[5], "file_ids": [own]})
    assert stored.status_code == 200, stored.text
    unknown = "00000000-0000-4000-8000-000000000000"

    response = await put_item(
        client, owner, pid, 5, data={**SAMPLE_DATA[5], "file_ids": [own, elsewhere, unknown]}
    )

    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [d["field"] for d in details] == ["body.data.file_ids.1", "body.data.file_ids.2"]
    assert elsewhere in details[0]["message"] and unknown in details[1]["message"]
    assert (await get_item(client, owner, pid, 5))["data"]["file_ids"] == [own]


async def test_another_organisations_upload_cannot_be_cited(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    intruder, their_pid = await _product(client)
    theirs = await upload_file(client, intruder, their_pid, 5)

    response = await put_item(client, owner, pid, 5, data={**SAMPLE_DATA[5], "file_ids": [theirs]})

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.data.file_ids.0"]
