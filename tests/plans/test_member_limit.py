"""The member limit on POST /api/v1/organizations/current/members: memberships plus
pending invitations; changing a role or removing a member is never blocked."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

import httpx
from fastapi import FastAPI

from pifai.core.database import Database
from pifai.models import Invitation
from pifai.models.base import utcnow
from tests.factories.accounts import Account, add_member, register
from tests.factories.plans import set_plan

MEMBERS = "/api/v1/organizations/current/members"


async def full_free_org(client: httpx.AsyncClient) -> tuple[Account, list[Account]]:
    """An owner and two members: the free plan's three places are taken."""
    owner = await register(client)
    others = [await register(client) for _ in range(2)]
    for other in others:
        assert (await add_member(client, owner, other.email, "member")).status_code == 201
    return owner, others


async def invite(
    app: FastAPI, owner: Account, *, expires_in: timedelta, revoked: bool = False
) -> None:
    """An invitation row as the invitations service writes it (its route is tested there)."""
    db: Database = app.state.db
    now = utcnow()
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        session.add(
            Invitation(
                org_id=owner.org_id,
                email=f"invitee-{secrets.token_hex(4)}@example.com",
                role="member",
                token_hash=secrets.token_hex(32),
                invited_by=owner.user_id,
                expires_at=now + expires_in,
                revoked_at=now if revoked else None,
            )
        )


async def test_the_free_plan_refuses_a_fourth_member(client: httpx.AsyncClient) -> None:
    owner, _ = await full_free_org(client)
    fourth = await register(client)

    response = await add_member(client, owner, fourth.email, "sa")

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "plan_limit"
    assert "3 members" in error["message"] and "free plan" in error["message"]
    assert error["details"] == {"limit": "members", "plan": "free", "allowed": 3, "used": 3}
    assert len((await client.get(MEMBERS, headers=owner.headers)).json()) == 3


async def test_a_pending_invitation_takes_a_place(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner = await register(client)
    member = await register(client)
    await add_member(client, owner, member.email, "member")
    await invite(app, owner, expires_in=timedelta(days=14))

    response = await add_member(client, owner, (await register(client)).email, "member")

    assert response.status_code == 403
    assert response.json()["error"]["details"]["used"] == 3


async def test_expired_and_revoked_invitations_take_no_place(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    await invite(app, owner, expires_in=timedelta(seconds=-1))
    await invite(app, owner, expires_in=timedelta(days=14), revoked=True)
    settings = (await client.get("/api/v1/settings/org", headers=owner.headers)).json()

    added = [
        (await add_member(client, owner, (await register(client)).email, "member")).status_code
        for _ in range(2)
    ]

    assert settings["plan"]["limits"]["members"]["pending_invitations"] == 0
    assert added == [201, 201]


async def test_the_pro_plan_allows_more_members(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, _ = await full_free_org(client)
    await set_plan(app, owner.org_id, "pro")

    response = await add_member(client, owner, (await register(client)).email, "admin")

    assert response.status_code == 201, response.text


async def test_the_enterprise_plan_is_unlimited(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, _ = await full_free_org(client)
    await set_plan(app, owner.org_id, "enterprise")

    added = [
        (await add_member(client, owner, (await register(client)).email, "member")).status_code
        for _ in range(3)
    ]

    assert added == [201, 201, 201]


async def test_role_changes_and_removals_are_never_blocked(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    await set_plan(app, owner.org_id, "pro")
    others = [await register(client) for _ in range(4)]
    for other in others:
        await add_member(client, owner, other.email, "member")
    await set_plan(app, owner.org_id, "free")  # now 5 of 3

    changed = await client.put(
        f"{MEMBERS}/{others[0].user_id}", json={"role": "admin"}, headers=owner.headers
    )
    removed = await client.delete(f"{MEMBERS}/{others[1].user_id}", headers=owner.headers)

    assert (changed.status_code, removed.status_code) == (200, 204)


async def test_removing_a_member_frees_a_place(client: httpx.AsyncClient) -> None:
    owner, others = await full_free_org(client)
    await client.delete(f"{MEMBERS}/{others[0].user_id}", headers=owner.headers)

    response = await add_member(client, owner, (await register(client)).email, "member")

    assert response.status_code == 201


async def test_an_existing_member_is_a_conflict_not_a_plan_limit(
    client: httpx.AsyncClient,
) -> None:
    owner, others = await full_free_org(client)

    response = await add_member(client, owner, others[0].email, "admin")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_member"


async def test_registering_a_new_organisation_is_not_limited(client: httpx.AsyncClient) -> None:
    owner, _ = await full_free_org(client)

    other = await register(client)

    assert other.org_id != owner.org_id and isinstance(other.org_id, uuid.UUID)


async def test_adding_directly_someone_already_invited_takes_their_place_once(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    colleague = await register(client)
    assert (await add_member(client, owner, colleague.email, "member")).status_code == 201
    invited = await register(client)
    sent = await client.post(
        "/api/v1/organizations/current/invitations",
        json={"email": invited.email, "role": "sa"},
        headers=owner.headers,
    )
    assert sent.status_code == 201, sent.text  # owner + colleague + invitation: 3 of 3

    added = await add_member(client, owner, invited.email, "sa")

    assert added.status_code == 201, added.text
    listed = await client.get("/api/v1/organizations/current/invitations", headers=owner.headers)
    assert [i["status"] for i in listed.json() if i["id"] == sent.json()["id"]] == ["revoked"]
    settings = await client.get("/api/v1/settings/org", headers=owner.headers)
    assert settings.json()["plan"]["limits"]["members"]["used"] == 3
