"""GET/PUT /api/v1/settings/org: owners and admins read and change their organisation's
settings (partial update, audited with from/to), see the plan, its limits and usage."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from pifai.audit import repository as audit_repo
from pifai.audit.chain import chain_for
from pifai.core.database import Database
from tests.factories.accounts import Account, register
from tests.factories.plans import join_as, set_plan
from tests.factories.products import create_product

URL = "/api/v1/settings/org"


async def put(client: httpx.AsyncClient, account: Account, body: dict[str, Any]) -> httpx.Response:
    return await client.put(URL, json=body, headers=account.headers)


async def settings_changes(app: FastAPI, account: Account) -> list[tuple[Any, ...]]:
    db: Database = app.state.db
    async with db.session(org_id=account.org_id, user_id=account.user_id) as session:
        rows = await audit_repo.rows_of_chain(session, chain_for(account.org_id))
    return [
        (r.user_id, r.resource, r.details)
        for r in rows
        if r.action == "organization.settings_changed"
    ]


async def test_the_owner_sees_the_settings_with_their_defaults(client: httpx.AsyncClient) -> None:
    owner = await register(client, org_name="Acme Cosmetics", org_type="importer")

    response = await client.get(URL, headers=owner.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(owner.org_id)
    assert (body["name"], body["type"], body["report_language"]) == (
        "Acme Cosmetics",
        "importer",
        "zh-Hant",
    )
    contacts = ("contact_name", "contact_email", "contact_phone", "address")
    assert [body[k] for k in contacts] == [None] * 4


async def test_the_settings_show_the_plan_its_limits_and_the_usage(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    await join_as(client, owner, "member")
    first = await create_product(client, owner)
    await create_product(client, owner)
    await client.delete(f"/api/v1/products/{first['id']}", headers=owner.headers)

    plan = (await client.get(URL, headers=owner.headers)).json()["plan"]

    assert plan == {
        "name": "free",
        "limits": {
            "active_products": {"allowed": 3, "used": 1, "remaining": 2},
            "members": {
                "allowed": 3,
                "used": 2,
                "remaining": 1,
                "memberships": 2,
                "pending_invitations": 0,
            },
        },
    }


async def test_an_enterprise_plan_shows_no_limit(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner = await register(client)
    await set_plan(app, owner.org_id, "enterprise")

    plan = (await client.get(URL, headers=owner.headers)).json()["plan"]

    assert plan["name"] == "enterprise"
    assert plan["limits"]["active_products"] == {"allowed": None, "used": 0, "remaining": None}
    assert plan["limits"]["members"]["allowed"] is None


async def test_an_admin_changes_every_setting(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    admin = await join_as(client, owner, "admin")
    body = {
        "name": "  Acme Taiwan Ltd.  ",
        "type": "oem",
        "contact_name": "王小明",
        "contact_email": "pif@acme.example.com",
        "contact_phone": "+886 2 2345 6789 #12",
        "address": "No. 1, Demo Rd.\nTaipei City",
        "report_language": "en",
    }

    response = await put(client, admin, body)

    assert response.status_code == 200, response.text
    saved = (await client.get(URL, headers=owner.headers)).json()
    assert {k: saved[k] for k in body} == {**body, "name": "Acme Taiwan Ltd."}
    assert response.json() == saved


async def test_put_changes_only_the_fields_sent(client: httpx.AsyncClient) -> None:
    owner = await register(client, org_name="Acme", org_type="brand")
    await put(client, owner, {"contact_name": "Lin", "contact_phone": "02-2345-6789"})

    response = await put(client, owner, {"contact_phone": "0912-345-678"})

    body = response.json()
    assert (body["name"], body["type"], body["contact_name"], body["contact_phone"]) == (
        "Acme",
        "brand",
        "Lin",
        "0912-345-678",
    )


async def test_null_or_blank_clears_a_contact_field(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    await put(
        client, owner, {"contact_name": "Lin", "address": "Taipei", "contact_phone": "0223456789"}
    )

    response = await put(client, owner, {"contact_name": None, "address": "   "})

    body = response.json()
    assert (body["contact_name"], body["address"], body["contact_phone"]) == (
        None,
        None,
        "0223456789",
    )


@pytest.mark.parametrize("spelling", ["zh", "zh-Hant", "ZH-TW"])
async def test_zh_is_accepted_as_traditional_chinese(
    client: httpx.AsyncClient, spelling: str
) -> None:
    owner = await register(client)
    await put(client, owner, {"report_language": "en"})

    response = await put(client, owner, {"report_language": spelling})

    assert response.status_code == 200
    assert response.json()["report_language"] == "zh-Hant"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   "}, "body.name"),
        ({"name": "x" * 201}, "body.name"),
        ({"name": None}, "body.name"),
        ({"type": "retailer"}, "body.type"),
        ({"type": None}, "body.type"),
        ({"contact_email": "not-an-email"}, "body.contact_email"),
        ({"contact_phone": "call me maybe"}, "body.contact_phone"),
        ({"contact_phone": "12345"}, "body.contact_phone"),
        ({"contact_name": "x" * 201}, "body.contact_name"),
        ({"address": "a\x07b"}, "body.address"),
        ({"address": "1 Main St\u202e"}, "body.address"),
        ({"name": "Acme\nCosmetics"}, "body.name"),
        ({"name": "Acme\u2067Cosmetics"}, "body.name"),
        ({"contact_name": "Ann\tLee"}, "body.contact_name"),
        ({"contact_name": "Ann\u202aLee"}, "body.contact_name"),
        ({"address": "x" * 501}, "body.address"),
        ({"report_language": "fr"}, "body.report_language"),
        ({"report_language": None}, "body.report_language"),
        ({"favourite_colour": "blue"}, "body.favourite_colour"),
        ({"plan": "enterprise"}, "body.plan"),
    ],
)
async def test_bad_input_is_a_422_naming_the_field(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    owner = await register(client, org_name="Kept")

    response = await put(client, owner, body)

    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert [d["field"] for d in error["details"]] == [field]
    assert field in error["message"]
    assert (await client.get(URL, headers=owner.headers)).json()["name"] == "Kept"


async def test_the_plan_cannot_be_changed_in_the_settings(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await put(client, owner, {"plan": "enterprise"})

    assert response.status_code == 422
    assert "operator" in response.json()["error"]["details"][0]["message"]
    assert (await client.get(URL, headers=owner.headers)).json()["plan"]["name"] == "free"


async def test_a_change_is_audited_with_from_and_to(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client, org_name="Before", org_type="brand")
    await put(client, owner, {"contact_email": "a@example.com"})

    await put(
        client,
        owner,
        {"name": "After", "type": "brand", "contact_email": None, "report_language": "en"},
    )

    changes = await settings_changes(app, owner)
    resource = f"organization:{owner.org_id}"
    assert changes == [
        (
            owner.user_id,
            resource,
            {"changes": {"contact_email": {"from": None, "to": "a@example.com"}}},
        ),
        (
            owner.user_id,
            resource,
            {
                "changes": {
                    "name": {"from": "Before", "to": "After"},
                    "contact_email": {"from": "a@example.com", "to": None},
                    "report_language": {"from": "zh-Hant", "to": "en"},
                }
            },
        ),
    ]


async def test_a_put_that_changes_nothing_writes_no_audit_row(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client, org_name="Same")

    response = await put(client, owner, {"name": "Same", "report_language": "zh"})

    assert response.status_code == 200
    assert await settings_changes(app, owner) == []


@pytest.mark.parametrize("role", ["member", "sa"])
@pytest.mark.parametrize("method", ["GET", "PUT"])
async def test_members_and_safety_assessors_are_refused(
    client: httpx.AsyncClient, role: str, method: str
) -> None:
    owner = await register(client, org_name="Untouched")
    other = await join_as(client, owner, role)

    response = await client.request(
        method, URL, json={"name": "Hijacked"} if method == "PUT" else None, headers=other.headers
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert (await client.get(URL, headers=owner.headers)).json()["name"] == "Untouched"


async def test_an_anonymous_request_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.put(URL, json={"name": "x"})

    assert response.status_code == 401


async def test_another_organisation_is_unaffected(client: httpx.AsyncClient) -> None:
    owner = await register(client, org_name="Mine")
    neighbour = await register(client, org_name="Theirs", org_type="oem")

    await put(client, owner, {"name": "Renamed", "type": "consultant", "report_language": "en"})

    theirs = (await client.get(URL, headers=neighbour.headers)).json()
    assert (theirs["name"], theirs["type"], theirs["report_language"]) == (
        "Theirs",
        "oem",
        "zh-Hant",
    )


async def test_the_new_name_shows_on_the_current_organisation(client: httpx.AsyncClient) -> None:
    owner = await register(client, org_name="Old name")

    await put(client, owner, {"name": "New name", "type": "oem"})

    current = (await client.get("/api/v1/organizations/current", headers=owner.headers)).json()
    assert (current["name"], current["type"]) == ("New name", "oem")
