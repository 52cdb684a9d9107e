"""A lone UTF-16 surrogate escape in a JSON body is a 422 naming the field, before any
route runs; paired escapes (emoji) and an escaped backslash before "u" are ordinary text."""

from __future__ import annotations

import httpx

from tests.factories.accounts import Account, register
from tests.factories.items import get_item, item_url, put_item
from tests.factories.products import create_product


async def _put_raw(
    client: httpx.AsyncClient, account: Account, url: str, raw: str
) -> httpx.Response:
    return await client.put(
        url,
        content=raw.encode(),
        headers={**account.headers, "Content-Type": "application/json"},
    )


async def test_a_lone_high_surrogate_in_item_data_is_refused_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    assert (await put_item(client, owner, pid, 1, data={"name_zh": "保濕乳霜"})).status_code == 200

    response = await _put_raw(
        client, owner, item_url(pid, 1), '{"data": {"name_zh": "\\ud800\\u4e73"}}'
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"] == [
        {
            "field": "body.data.name_zh",
            "message": "contains an unpaired UTF-16 surrogate (\\ud800); "
            "text must be valid Unicode",
        }
    ]
    assert (await get_item(client, owner, pid, 1))["data"]["name_zh"] == "保濕乳霜"


async def test_a_lone_low_surrogate_in_a_list_is_refused_with_its_index(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]

    raw = '{"data": {"steps": [{"description": "mix", "equipment": ["tank", "x\\udc00"]}]}}'

    response = await _put_raw(client, owner, item_url(pid, 6), raw)

    assert response.status_code == 422
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert fields == ["body.data.steps.0.equipment.1"]


async def test_the_organisation_settings_refuse_it_too(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await _put_raw(client, owner, "/api/v1/settings/org", '{"name": "\\udbff"}')

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.name"]


async def test_a_paired_escape_and_an_escaped_backslash_are_ordinary_text(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]

    emoji = await _put_raw(
        client, owner, item_url(pid, 1), '{"data": {"name_zh": "\\ud83d\\ude00霜"}}'
    )
    literal = await _put_raw(
        client, owner, item_url(pid, 7), '{"data": {"method": "\\\\ud800 塗抹"}}'
    )

    assert emoji.status_code == 200, emoji.text
    assert literal.status_code == 200, literal.text
    assert (await get_item(client, owner, pid, 1))["data"]["name_zh"] == "\U0001f600霜"
    assert (await get_item(client, owner, pid, 7))["data"]["method"] == "\\ud800 塗抹"
