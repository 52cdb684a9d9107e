"""A product's outsourcings: list, create, read, replace (validated, one provider per
item), delete, audited, and invisible to other organisations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from pifai.audit import repository as audit_repo
from pifai.audit.chain import chain_for
from pifai.core.database import Database
from tests.factories.accounts import Account, register
from tests.factories.products import create_product

OEM = {"item_numbers": [6, 5], "provider_name": "美研生技", "provider_type": "oem"}


def _url(product_id: str) -> str:
    return f"/api/v1/products/{product_id}/outsourcings"


async def _product(client: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await register(client)
    return owner, (await create_product(client, owner))["id"]


async def _create(
    client: httpx.AsyncClient, account: Account, product_id: str, **body: Any
) -> httpx.Response:
    return await client.post(_url(product_id), json=body, headers=account.headers)


async def _list(client: httpx.AsyncClient, account: Account, product_id: str) -> list[Any]:
    response = await client.get(_url(product_id), headers=account.headers)
    assert response.status_code == 200, response.text
    body: list[Any] = response.json()
    return body


async def test_a_new_product_has_no_outsourcings(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    assert await _list(client, owner, pid) == []


async def test_create_then_list(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    created = await _create(
        client,
        owner,
        pid,
        item_numbers=[11, 12, 13],
        provider_name="SGS Taiwan",
        provider_type="lab",
        contact="lab@example.com",
        due_date="2026-03-31",
        notes="stability, micro and challenge test together",
    )

    assert created.status_code == 201, created.text
    body = created.json()
    assert body["item_numbers"] == [11, 12, 13]
    assert (body["provider_type"], body["due_date"], body["product_id"]) == (
        "lab",
        "2026-03-31",
        pid,
    )
    assert await _list(client, owner, pid) == [body]


async def test_optional_fields_may_be_left_out(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    created = await _create(client, owner, pid, **OEM)

    assert created.status_code == 201, created.text
    body = created.json()
    assert body["item_numbers"] == [5, 6]
    assert (body["contact"], body["due_date"], body["notes"]) == (None, None, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"item_numbers": [0]}, "body.item_numbers.0"),
        ({"item_numbers": [17]}, "body.item_numbers.0"),
        ({"item_numbers": ["3"]}, "body.item_numbers.0"),
        ({"item_numbers": []}, "body.item_numbers"),
        ({"item_numbers": [3, 3]}, "body.item_numbers"),
        ({"provider_type": "supplier"}, "body.provider_type"),
        ({"provider_name": "   "}, "body.provider_name"),
        ({"due_date": "31/03/2026"}, "body.due_date"),
        ({"vendor": "typo"}, "body.vendor"),
    ],
)
async def test_invalid_outsourcings_are_refused_naming_the_field(
    client: httpx.AsyncClient, changes: dict[str, Any], field: str
) -> None:
    owner, pid = await _product(client)

    response = await _create(client, owner, pid, **{**OEM, **changes})

    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["error"]["details"]]
    assert await _list(client, owner, pid) == []


async def test_an_item_already_outsourced_is_a_conflict_naming_it(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)
    first = (await _create(client, owner, pid, **OEM)).json()

    response = await _create(
        client, owner, pid, item_numbers=[4, 6], provider_name="Other", provider_type="odm"
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "already_outsourced"
    assert (error["details"]["item"], error["details"]["items"]) == (6, [6])
    assert error["details"]["outsourcing_id"] == first["id"]
    assert [o["id"] for o in await _list(client, owner, pid)] == [first["id"]]


async def test_the_same_item_of_another_product_is_free(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    other = (await create_product(client, owner, name="第二款乳霜"))["id"]
    await _create(client, owner, pid, **OEM)

    response = await _create(client, owner, other, **OEM)

    assert response.status_code == 201, response.text


async def test_delete_frees_the_items(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    first = (await _create(client, owner, pid, **OEM)).json()

    deleted = await client.delete(f"{_url(pid)}/{first['id']}", headers=owner.headers)
    again = await _create(client, owner, pid, **OEM)

    assert deleted.status_code == 204
    assert again.status_code == 201, again.text
    assert [o["id"] for o in await _list(client, owner, pid)] == [again.json()["id"]]


async def test_deleting_twice_is_not_found(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    first = (await _create(client, owner, pid, **OEM)).json()
    await client.delete(f"{_url(pid)}/{first['id']}", headers=owner.headers)

    response = await client.delete(f"{_url(pid)}/{first['id']}", headers=owner.headers)

    assert response.status_code == 404


async def test_create_and_delete_are_audited(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, pid = await _product(client)
    created = (await _create(client, owner, pid, **OEM)).json()
    await client.delete(f"{_url(pid)}/{created['id']}", headers=owner.headers)

    db: Database = app.state.db
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        rows = await audit_repo.rows_of_chain(session, chain_for(owner.org_id))

    logged = [r for r in rows if r.action.startswith("outsourcing.")]
    expected = {"item_numbers": [5, 6], "provider_name": "美研生技", "provider_type": "oem"}
    assert [(r.action, r.details, r.user_id) for r in logged] == [
        ("outsourcing.created", expected, owner.user_id),
        ("outsourcing.deleted", expected, owner.user_id),
    ]
    assert {r.resource for r in logged} == {f"product:{pid}/outsourcing:{created['id']}"}


async def test_another_organisation_sees_and_changes_nothing(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    intruder, own_pid = await _product(client)
    created = (await _create(client, owner, pid, **OEM)).json()

    listed = await client.get(_url(pid), headers=intruder.headers)
    posted = await _create(client, intruder, pid, **{**OEM, "item_numbers": [1]})
    deleted = await client.delete(f"{_url(pid)}/{created['id']}", headers=intruder.headers)
    # the victim's outsourcing id through the intruder's own product
    crossed = await client.delete(f"{_url(own_pid)}/{created['id']}", headers=intruder.headers)

    assert [r.status_code for r in (listed, posted, deleted, crossed)] == [404] * 4
    assert await _list(client, owner, pid) == [created]


async def test_an_archived_product_takes_no_new_outsourcings(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    await client.delete(f"/api/v1/products/{pid}", headers=owner.headers)

    response = await _create(client, owner, pid, **OEM)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "archived"


async def test_read_one_outsourcing(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    created = (await _create(client, owner, pid, **OEM)).json()

    response = await client.get(f"{_url(pid)}/{created['id']}", headers=owner.headers)

    assert response.status_code == 200, response.text
    assert response.json() == created


async def test_replace_changes_provider_and_items(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    created = (await _create(client, owner, pid, **OEM)).json()

    response = await client.put(
        f"{_url(pid)}/{created['id']}",
        json={
            "item_numbers": [6, 15],
            "provider_name": "台灣包材",
            "provider_type": "other",
            "due_date": "2027-01-15",
        },
        headers=owner.headers,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["item_numbers"], body["provider_name"]) == (
        created["id"],
        [6, 15],
        "台灣包材",
    )
    assert (body["provider_type"], body["due_date"], body["contact"]) == (
        "other",
        "2027-01-15",
        None,
    )
    assert await _list(client, owner, pid) == [body]
    # item 5 was released by the change and can go to another provider
    freed = await _create(
        client, owner, pid, item_numbers=[5], provider_name="GMP 顧問", provider_type="consultant"
    )
    assert freed.status_code == 201, freed.text


async def test_replace_refuses_an_item_held_by_another_outsourcing(
    client: httpx.AsyncClient,
) -> None:
    owner, pid = await _product(client)
    first = (await _create(client, owner, pid, **OEM)).json()
    lab = (
        await _create(
            client, owner, pid, item_numbers=[11], provider_name="SGS", provider_type="lab"
        )
    ).json()

    response = await client.put(
        f"{_url(pid)}/{lab['id']}",
        json={"item_numbers": [11, 6], "provider_name": "SGS", "provider_type": "lab"},
        headers=owner.headers,
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert (error["code"], error["details"]["items"]) == ("already_outsourced", [6])
    assert error["details"]["outsourcing_id"] == first["id"]
    assert await _list(client, owner, pid) == [first, lab]


async def test_replace_is_validated_and_audited(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, pid = await _product(client)
    created = (await _create(client, owner, pid, **OEM)).json()
    url = f"{_url(pid)}/{created['id']}"

    invalid = await client.put(url, json={**OEM, "item_numbers": [17]}, headers=owner.headers)
    changed = await client.put(url, json={**OEM, "item_numbers": [5]}, headers=owner.headers)

    assert invalid.status_code == 422
    assert "body.item_numbers.0" in [d["field"] for d in invalid.json()["error"]["details"]]
    assert changed.status_code == 200, changed.text
    db: Database = app.state.db
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        rows = await audit_repo.rows_of_chain(session, chain_for(owner.org_id))
    updates = [r.details for r in rows if r.action == "outsourcing.updated"]
    assert updates == [
        {
            "before": {"item_numbers": [5, 6], "provider_name": "美研生技", "provider_type": "oem"},
            "after": {"item_numbers": [5], "provider_name": "美研生技", "provider_type": "oem"},
        }
    ]


async def test_another_organisation_cannot_read_or_replace(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    intruder, own_pid = await _product(client)
    created = (await _create(client, owner, pid, **OEM)).json()

    read = await client.get(f"{_url(pid)}/{created['id']}", headers=intruder.headers)
    put = await client.put(f"{_url(pid)}/{created['id']}", json=OEM, headers=intruder.headers)
    crossed = await client.put(
        f"{_url(own_pid)}/{created['id']}", json=OEM, headers=intruder.headers
    )

    assert [r.status_code for r in (read, put, crossed)] == [404] * 3
    assert await _list(client, owner, pid) == [created]
