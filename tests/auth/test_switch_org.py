from __future__ import annotations

import uuid

import httpx

from tests.factories.accounts import Account, add_member, login, register

SWITCH_URL = "/api/v1/auth/switch-org"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def member_of_two_orgs(client: httpx.AsyncClient) -> tuple[Account, Account]:
    """User A owns org 1 and is a plain member of org 2, owned by B."""
    a = await register(client, org_name="Org One")
    b = await register(client, org_name="Org Two")
    added = await add_member(client, b, a.email, "member")
    assert added.status_code == 201, added.text
    return a, b


async def test_login_asks_to_choose_when_the_user_belongs_to_several_orgs(
    client: httpx.AsyncClient,
) -> None:
    a, b = await member_of_two_orgs(client)

    response = await login(client, a.email)

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "organization_choice_required"
    assert {(d["org_id"], d["role"]) for d in error["details"]} == {
        (str(a.org_id), "owner"),
        (str(b.org_id), "member"),
    }


async def test_login_with_org_id_acts_in_that_org_with_the_role_held_there(
    client: httpx.AsyncClient,
) -> None:
    a, b = await member_of_two_orgs(client)

    response = await login(client, a.email, org_id=b.org_id)

    assert response.status_code == 200
    me = await client.get("/api/v1/auth/me", headers=bearer(response.json()["access_token"]))
    assert me.json()["org_id"] == str(b.org_id)
    assert me.json()["role"] == "member"
    assert {m["org_id"] for m in me.json()["memberships"]} == {str(a.org_id), str(b.org_id)}


async def test_login_with_an_org_id_the_user_does_not_belong_to_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    a = await register(client)
    stranger = await register(client)

    response = await login(client, a.email, org_id=stranger.org_id)

    assert response.status_code == 404


async def test_switch_org_moves_between_the_users_organisations(
    client: httpx.AsyncClient,
) -> None:
    a, b = await member_of_two_orgs(client)

    to_two = await client.post(SWITCH_URL, json={"org_id": str(b.org_id)}, headers=a.headers)
    back = await client.post(
        SWITCH_URL,
        json={"org_id": str(a.org_id)},
        headers=bearer(to_two.json()["access_token"]),
    )

    assert to_two.status_code == 200 and back.status_code == 200
    me_two = await client.get("/api/v1/auth/me", headers=bearer(to_two.json()["access_token"]))
    me_one = await client.get("/api/v1/auth/me", headers=bearer(back.json()["access_token"]))
    assert (me_two.json()["org_id"], me_two.json()["role"]) == (str(b.org_id), "member")
    assert (me_one.json()["org_id"], me_one.json()["role"]) == (str(a.org_id), "owner")


async def test_switch_to_an_org_the_user_does_not_belong_to_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    a = await register(client)
    stranger = await register(client)

    response = await client.post(
        SWITCH_URL, json={"org_id": str(stranger.org_id)}, headers=a.headers
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_switch_to_a_made_up_org_is_not_found(client: httpx.AsyncClient) -> None:
    a = await register(client)

    response = await client.post(SWITCH_URL, json={"org_id": str(uuid.uuid4())}, headers=a.headers)

    assert response.status_code == 404


async def test_a_removed_members_access_token_stops_working(client: httpx.AsyncClient) -> None:
    a, b = await member_of_two_orgs(client)
    in_two = (await login(client, a.email, org_id=b.org_id)).json()["access_token"]

    removed = await client.delete(
        f"/api/v1/organizations/current/members/{a.user_id}", headers=b.headers
    )
    response = await client.get("/api/v1/auth/me", headers=bearer(in_two))

    assert removed.status_code == 204
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


async def test_a_removed_members_refresh_token_for_that_org_stops_working(
    client: httpx.AsyncClient,
) -> None:
    a, b = await member_of_two_orgs(client)
    refresh_in_two = (await login(client, a.email, org_id=b.org_id)).json()["refresh_token"]
    await client.delete(f"/api/v1/organizations/current/members/{a.user_id}", headers=b.headers)

    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_in_two})

    assert response.status_code == 401
