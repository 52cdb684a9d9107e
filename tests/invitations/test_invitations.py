"""Inviting, listing, revoking and accepting: roles, plan limits, single use, expiry,
revocation, the account that may accept, and another organisation's invitation."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from tests.email.mailbox import MailApp, audit_actions
from tests.factories.accounts import (
    PASSWORD,
    Account,
    accept_invitation,
    account_from_tokens,
    invite,
    register,
    unique_email,
)
from tests.invitations.helpers import expire_invitation, invite_and_read_link, set_plan

MANAGED = "/api/v1/organizations/current/invitations"


async def _join(harness: MailApp, owner: Account, role: str) -> Account:
    email = unique_email(role)
    _, token = await invite_and_read_link(harness, owner, email, role)
    joined = await accept_invitation(harness.client, token, password=PASSWORD)
    assert joined.status_code == 200, joined.text
    return account_from_tokens(email, joined.json())


async def test_the_preview_shows_the_organisation_role_and_a_masked_address(
    harness: MailApp,
) -> None:
    owner = await register(harness.client, org_name="Acme Cosmetics")
    email = unique_email("mei")
    invitation, token = await invite_and_read_link(harness, owner, email, "admin")

    preview = await harness.client.get(f"/api/v1/invitations/{token}")
    malformed = await harness.client.get("/api/v1/invitations/not-a-token")
    unknown = await harness.client.get(f"/api/v1/invitations/{owner.org_id.hex}.{'A' * 43}")

    assert preview.status_code == 200
    body = preview.json()
    assert body["organization_name"] == "Acme Cosmetics"
    assert (body["role"], body["status"]) == ("admin", "pending")
    assert body["email_masked"] == "m***@example.com"
    assert body["expires_at"] == invitation["expires_at"]
    assert malformed.status_code == unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "invitation_not_found"


async def test_the_list_never_shows_the_token_and_inviting_again_replaces_the_pending_one(
    harness: MailApp,
) -> None:
    owner = await register(harness.client)
    email = unique_email()
    first, old_token = await invite_and_read_link(harness, owner, email, "member")
    second, new_token = await invite_and_read_link(harness, owner, email, "admin")

    listed = await harness.client.get(MANAGED, headers=owner.headers)
    old = await harness.client.get(f"/api/v1/invitations/{old_token}")
    new = await harness.client.get(f"/api/v1/invitations/{new_token}")

    assert first["id"] == second["id"]
    assert [(i["email"], i["role"], i["status"]) for i in listed.json()] == [
        (email, "admin", "pending")
    ]
    assert "token" not in json.dumps(listed.json())
    assert new_token not in listed.text and old_token not in listed.text
    assert old.status_code == 404
    assert new.status_code == 200


@pytest.mark.parametrize("role", ["member", "sa"])
async def test_only_owners_and_admins_manage_invitations(harness: MailApp, role: str) -> None:
    owner = await register(harness.client)
    other = await _join(harness, owner, role)

    refused = await invite(harness.client, other, unique_email())
    listing = await harness.client.get(MANAGED, headers=other.headers)

    assert refused.status_code == 403
    assert listing.status_code == 403


async def test_an_admin_invites_but_nobody_invites_an_owner(harness: MailApp) -> None:
    owner = await register(harness.client)
    admin = await _join(harness, owner, "admin")

    by_admin = await invite(harness.client, admin, unique_email())
    as_owner = await invite(harness.client, owner, unique_email(), "owner")

    assert by_admin.status_code == 201, by_admin.text
    assert as_owner.status_code == 422
    assert as_owner.json()["error"]["details"][0]["field"] == "body.role"


async def test_a_member_cannot_be_invited_again(harness: MailApp) -> None:
    owner = await register(harness.client)
    member = await _join(harness, owner, "member")

    again = await invite(harness.client, owner, member.email.upper())
    themselves = await invite(harness.client, owner, owner.email)

    assert again.status_code == themselves.status_code == 409
    assert again.json()["error"]["code"] == "already_member"


async def test_another_organisations_invitation_is_not_found(harness: MailApp) -> None:
    owner, stranger = await register(harness.client), await register(harness.client)
    invitation, token = await invite_and_read_link(harness, owner, unique_email())

    foreign = await harness.client.delete(f"{MANAGED}/{invitation['id']}", headers=stranger.headers)
    missing = await harness.client.delete(f"{MANAGED}/{uuid.uuid4()}", headers=owner.headers)
    still = await harness.client.get(f"/api/v1/invitations/{token}")

    assert foreign.status_code == missing.status_code == 404
    assert still.json()["status"] == "pending"


async def test_a_revoked_invitation_cannot_be_accepted(harness: MailApp) -> None:
    owner = await register(harness.client)
    invitation, token = await invite_and_read_link(harness, owner, unique_email())

    revoked = await harness.client.delete(f"{MANAGED}/{invitation['id']}", headers=owner.headers)
    again = await harness.client.delete(f"{MANAGED}/{invitation['id']}", headers=owner.headers)
    refused = await accept_invitation(harness.client, token, password=PASSWORD)
    preview = await harness.client.get(f"/api/v1/invitations/{token}")

    assert revoked.status_code == again.status_code == 204
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invitation_revoked"
    assert preview.json()["status"] == "revoked"
    assert (await audit_actions(harness.app, owner.org_id)).count("invitation.revoked") == 1


async def test_an_expired_invitation_cannot_be_accepted(harness: MailApp) -> None:
    owner = await register(harness.client)
    invitation, token = await invite_and_read_link(harness, owner, unique_email())
    await expire_invitation(harness, owner.org_id, invitation["id"])

    refused = await accept_invitation(harness.client, token, password=PASSWORD)
    listed = await harness.client.get(MANAGED, headers=owner.headers)

    assert refused.status_code == 400
    assert refused.json()["error"] == {
        "code": "invitation_expired",
        "message": "This invitation has expired; ask the organisation for a new one",
        "details": None,
    }
    assert listed.json()[0]["status"] == "expired"


async def test_an_invitation_is_accepted_once_and_the_new_account_is_verified(
    harness: MailApp,
) -> None:
    owner = await register(harness.client)
    email = unique_email()
    invitation, token = await invite_and_read_link(harness, owner, email)

    first = await accept_invitation(harness.client, token, password=PASSWORD, full_name="Mei")
    second = await accept_invitation(harness.client, token, password=PASSWORD)
    joined = account_from_tokens(email, first.json())
    me = await harness.client.get("/api/v1/auth/me", headers=joined.headers)
    revoke_accepted = await harness.client.delete(
        f"{MANAGED}/{invitation['id']}", headers=owner.headers
    )

    assert first.status_code == 200
    assert (me.json()["email_verified"], me.json()["full_name"]) == (True, "Mei")
    assert me.json()["org_id"] == str(owner.org_id)
    assert second.status_code == 400
    assert second.json()["error"]["code"] == "invitation_used"
    assert revoke_accepted.status_code == 409
    actions = await audit_actions(harness.app, owner.org_id)
    assert actions[-2:] == ["invitation.accepted", "membership.added"]


async def test_a_concurrent_double_accept_creates_one_membership(harness: MailApp) -> None:
    owner = await register(harness.client)
    email = unique_email()
    _, token = await invite_and_read_link(harness, owner, email)

    answers = await asyncio.gather(
        accept_invitation(harness.client, token, password=PASSWORD),
        accept_invitation(harness.client, token, password=PASSWORD),
    )
    members = await harness.client.get(
        "/api/v1/organizations/current/members", headers=owner.headers
    )

    assert sorted(a.status_code for a in answers) == [200, 400]
    assert [m["email"] for m in members.json()].count(email) == 1


async def test_an_existing_account_accepts_only_when_signed_in_as_itself(
    harness: MailApp,
) -> None:
    owner, existing, someone = [await register(harness.client) for _ in range(3)]
    _, token = await invite_and_read_link(harness, owner, existing.email, "sa")

    anonymous = await accept_invitation(harness.client, token)
    wrong = await accept_invitation(harness.client, token, headers=someone.headers)
    right = await accept_invitation(harness.client, token, headers=existing.headers)

    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "login_required"
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "wrong_account"
    assert right.status_code == 200, right.text
    assert (right.json()["org_id"], right.json()["role"]) == (str(owner.org_id), "sa")


async def test_a_new_account_needs_a_strong_password_and_a_refusal_keeps_the_link(
    harness: MailApp,
) -> None:
    owner = await register(harness.client)
    _, token = await invite_and_read_link(harness, owner, unique_email())

    missing = await accept_invitation(harness.client, token)
    weak = await accept_invitation(harness.client, token, password="password123")
    preview = await harness.client.get(f"/api/v1/invitations/{token}")

    assert missing.status_code == weak.status_code == 422
    assert missing.json()["error"]["details"][0]["field"] == "body.password"
    assert {d["field"] for d in weak.json()["error"]["details"]} == {"body.password"}
    assert preview.json()["status"] == "pending"


async def test_pending_invitations_count_towards_the_free_plan_member_limit(
    harness: MailApp,
) -> None:
    owner = await register(harness.client)
    emails = [unique_email() for _ in range(3)]
    first, _ = await invite_and_read_link(harness, owner, emails[0])
    await invite_and_read_link(harness, owner, emails[1])

    over = await invite(harness.client, owner, emails[2])
    reinvite = await invite(harness.client, owner, emails[1], "admin")
    await harness.client.delete(f"{MANAGED}/{first['id']}", headers=owner.headers)
    room_again = await invite(harness.client, owner, emails[2])

    assert over.status_code == 403
    assert over.json()["error"]["code"] == "plan_limit"
    assert over.json()["error"]["details"] == {
        "limit": "members",
        "plan": "free",
        "allowed": 3,
        "used": 3,
    }
    assert reinvite.status_code == 201
    assert room_again.status_code == 201


async def test_accepting_rechecks_the_plan_limit(harness: MailApp) -> None:
    owner = await register(harness.client)
    await set_plan(harness, owner.org_id, "pro")
    invited = [await invite_and_read_link(harness, owner, unique_email()) for _ in range(3)]
    await set_plan(harness, owner.org_id, "free")  # downgraded: 1 member + 3 pending

    over = await accept_invitation(harness.client, invited[0][1], password=PASSWORD)
    await harness.client.delete(f"{MANAGED}/{invited[2][0]['id']}", headers=owner.headers)
    fits = await accept_invitation(harness.client, invited[0][1], password=PASSWORD)

    assert over.status_code == 403
    assert over.json()["error"]["code"] == "plan_limit"
    assert over.json()["error"]["details"]["used"] == 4
    assert fits.status_code == 200, fits.text
