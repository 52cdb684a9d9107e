from __future__ import annotations

import asyncio

import httpx

from tests.factories.accounts import Account, add_member, register, unique_email

MEMBERS_URL = "/api/v1/organizations/current/members"


def member_url(account: Account) -> str:
    return f"{MEMBERS_URL}/{account.user_id}"


async def org_with(client: httpx.AsyncClient, role: str) -> tuple[Account, Account]:
    """An owner and another account that holds ``role`` in the owner's organisation."""
    owner = await register(client)
    other = await register(client)
    added = await add_member(client, owner, other.email, role)
    assert added.status_code == 201, added.text
    return owner, other


async def test_current_organisation_describes_the_acting_org(client: httpx.AsyncClient) -> None:
    owner = await register(client, org_name="Acme", org_type="oem")

    response = await client.get("/api/v1/organizations/current", headers=owner.headers)

    assert response.status_code == 200
    org = response.json()
    assert (org["id"], org["name"], org["type"]) == (str(owner.org_id), "Acme", "oem")


async def test_owner_adds_an_existing_account_as_a_member(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    other = await register(client)

    response = await add_member(client, owner, other.email, "admin")

    assert response.status_code == 201
    body = response.json()
    assert (body["user_id"], body["email"], body["role"]) == (
        str(other.user_id),
        other.email,
        "admin",
    )


async def test_member_list_shows_everyone_with_their_role(client: httpx.AsyncClient) -> None:
    owner, admin = await org_with(client, "admin")
    sa = await register(client)
    await add_member(client, owner, sa.email, "sa")

    response = await client.get(MEMBERS_URL, headers=owner.headers)

    assert response.status_code == 200
    assert {(m["user_id"], m["role"]) for m in response.json()} == {
        (str(owner.user_id), "owner"),
        (str(admin.user_id), "admin"),
        (str(sa.user_id), "sa"),
    }


async def test_a_plain_member_can_list_members(client: httpx.AsyncClient) -> None:
    owner, member = await org_with(client, "member")
    in_org = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=member.headers
    )

    response = await client.get(
        MEMBERS_URL, headers={"Authorization": f"Bearer {in_org.json()['access_token']}"}
    )

    assert response.status_code == 200
    assert len(response.json()) == 2


async def test_owner_changes_a_members_role(client: httpx.AsyncClient) -> None:
    owner, member = await org_with(client, "member")

    response = await client.put(member_url(member), json={"role": "admin"}, headers=owner.headers)

    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    listed = (await client.get(MEMBERS_URL, headers=owner.headers)).json()
    assert {m["user_id"]: m["role"] for m in listed}[str(member.user_id)] == "admin"


async def test_owner_removes_a_member(client: httpx.AsyncClient) -> None:
    owner, member = await org_with(client, "member")

    response = await client.delete(member_url(member), headers=owner.headers)

    assert response.status_code == 204
    listed = (await client.get(MEMBERS_URL, headers=owner.headers)).json()
    assert [m["user_id"] for m in listed] == [str(owner.user_id)]


async def test_a_plain_member_cannot_add_members(client: httpx.AsyncClient) -> None:
    owner, member = await org_with(client, "member")
    member_in_org = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=member.headers
    )
    newcomer = await register(client)

    response = await client.post(
        MEMBERS_URL,
        json={"email": newcomer.email, "role": "member"},
        headers={"Authorization": f"Bearer {member_in_org.json()['access_token']}"},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


async def admin_token(client: httpx.AsyncClient, owner: Account, admin: Account) -> Account:
    """The admin account acting in the owner's organisation."""
    switched = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=admin.headers
    )
    assert switched.status_code == 200, switched.text
    body = switched.json()
    return Account(
        email=admin.email,
        password=admin.password,
        user_id=admin.user_id,
        org_id=owner.org_id,
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
    )


async def test_an_admin_can_add_a_member(client: httpx.AsyncClient) -> None:
    owner, admin = await org_with(client, "admin")
    acting = await admin_token(client, owner, admin)
    newcomer = await register(client)

    response = await add_member(client, acting, newcomer.email, "member")

    assert response.status_code == 201


async def test_an_admin_cannot_grant_the_owner_role(client: httpx.AsyncClient) -> None:
    owner, admin = await org_with(client, "admin")
    acting = await admin_token(client, owner, admin)
    newcomer = await register(client)

    response = await add_member(client, acting, newcomer.email, "owner")

    assert response.status_code == 403


async def test_an_admin_cannot_promote_a_member_to_owner(client: httpx.AsyncClient) -> None:
    owner, admin = await org_with(client, "admin")
    acting = await admin_token(client, owner, admin)
    member = await register(client)
    await add_member(client, owner, member.email, "member")

    response = await client.put(member_url(member), json={"role": "owner"}, headers=acting.headers)

    assert response.status_code == 403


async def test_an_admin_cannot_remove_an_owner(client: httpx.AsyncClient) -> None:
    owner, admin = await org_with(client, "admin")
    acting = await admin_token(client, owner, admin)

    response = await client.delete(member_url(owner), headers=acting.headers)

    assert response.status_code == 403


async def test_the_last_owner_cannot_be_removed(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.delete(member_url(owner), headers=owner.headers)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "last_owner"


async def test_the_last_owner_cannot_be_demoted(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.put(member_url(owner), json={"role": "admin"}, headers=owner.headers)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "last_owner"


async def test_an_owner_can_step_down_when_another_owner_remains(
    client: httpx.AsyncClient,
) -> None:
    owner, _co_owner = await org_with(client, "owner")

    response = await client.put(member_url(owner), json={"role": "admin"}, headers=owner.headers)

    assert response.status_code == 200
    assert response.json()["role"] == "admin"


async def test_adding_an_unknown_email_is_not_found(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await add_member(client, owner, unique_email("nobody"), "member")

    assert response.status_code == 404


async def test_adding_an_existing_member_is_a_conflict(client: httpx.AsyncClient) -> None:
    owner, member = await org_with(client, "member")

    response = await add_member(client, owner, member.email, "admin")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_member"


async def test_changing_the_role_of_a_non_member_is_not_found(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    stranger = await register(client)

    response = await client.put(member_url(stranger), json={"role": "admin"}, headers=owner.headers)

    assert response.status_code == 404


async def _two_owners(client: httpx.AsyncClient) -> tuple[Account, Account]:
    first, second = await org_with(client, "owner")
    return first, await admin_token(client, first, second)


async def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _two_owners(client)

    responses = await asyncio.gather(
        client.put(member_url(second), json={"role": "member"}, headers=first.headers),
        client.put(member_url(first), json={"role": "member"}, headers=second.headers),
    )

    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 200 and codes[1] in (403, 409)  # the loser was demoted first, or last
    members = (await client.get(MEMBERS_URL, headers=first.headers)).json()
    assert [m["role"] for m in members].count("owner") == 1


async def test_two_owners_removing_each_other_at_once_leave_one_owner(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _two_owners(client)

    responses = await asyncio.gather(
        client.delete(member_url(second), headers=first.headers),
        client.delete(member_url(first), headers=second.headers),
    )

    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 204 and codes[1] in (401, 403, 409)  # loser removed first, or last
    survivors = [r for r in responses if r.status_code == 204]
    remaining_owner = second if survivors[0] is responses[1] else first
    members = (await client.get(MEMBERS_URL, headers=remaining_owner.headers)).json()
    assert [m["role"] for m in members] == ["owner"]
