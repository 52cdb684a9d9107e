"""The must-show path: a freelance SA invited into two organisations by email accepts each
link (the second time signed in), signs in, switches organisation, and works on the
pending reviews of the organisation it acts in."""

from __future__ import annotations

import uuid

from tests.email.mailbox import MailApp, audit_actions, outbox_messages
from tests.factories.accounts import (
    PASSWORD,
    accept_invitation,
    account_from_tokens,
    login,
    register,
    unique_email,
)
from tests.factories.products import create_product
from tests.invitations.helpers import invite_and_read_link


def bearer(body: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {body['access_token']}"}


async def test_a_freelance_sa_joins_two_organisations_and_works_in_one_at_a_time(
    harness: MailApp,
) -> None:
    client = harness.client
    first_owner = await register(client, org_name="美研生技股份有限公司")
    second_owner = await register(client, org_name="Formosa Beauty Ltd.")
    sa_email = unique_email("sa")

    # First invitation: no account yet, one is created from the link.
    _, first_token = await invite_and_read_link(harness, first_owner, sa_email, "sa")
    preview = await client.get(f"/api/v1/invitations/{first_token}")
    joined = await accept_invitation(client, first_token, password=PASSWORD, full_name="林安全")
    assert joined.status_code == 200, joined.text
    sa = account_from_tokens(sa_email, joined.json())

    # Second invitation, in English: the account exists, so it must be signed in.
    _, second_token = await invite_and_read_link(harness, second_owner, sa_email, "sa", lang="en")
    anonymous = await accept_invitation(client, second_token)
    second = await accept_invitation(client, second_token, headers=sa.headers)
    assert second.status_code == 200, second.text

    reviews: dict[uuid.UUID, str] = {}
    for owner in (first_owner, second_owner):
        pid = (await create_product(client, owner, name=f"Cream of {owner.org_id}"))["id"]
        submitted = await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers)
        assert submitted.status_code == 201, submitted.text
        reviews[owner.org_id] = submitted.json()["id"]

    ambiguous = await login(client, sa_email)
    in_first = await login(client, sa_email, org_id=first_owner.org_id)
    in_second = await client.post(
        "/api/v1/auth/switch-org",
        json={"org_id": str(second_owner.org_id)},
        headers=bearer(in_first.json()),
    )
    seen_in = {}
    for org_id, tokens in (
        (first_owner.org_id, in_first.json()),
        (second_owner.org_id, in_second.json()),
    ):
        pending = await client.get("/api/v1/sa/pending", headers=bearer(tokens))
        assert pending.status_code == 200, pending.text
        seen_in[org_id] = pending.json()

    # The messages: the first in the organisation's language (zh-Hant), the second in en.
    (first_message,) = outbox_messages(harness.outbox, sa_email)[:1]
    assert first_message["Subject"].endswith("邀請您在 PIF AI 上加入「美研生技股份有限公司」")
    assert outbox_messages(harness.outbox, sa_email)[1]["Subject"].endswith(
        "invited you to Formosa Beauty Ltd. on PIF AI"
    )
    assert preview.json()["organization_name"] == "美研生技股份有限公司"
    assert (preview.json()["role"], preview.json()["status"]) == ("sa", "pending")
    assert joined.json()["account_created"] is True
    assert (joined.json()["org_id"], joined.json()["role"]) == (str(first_owner.org_id), "sa")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "login_required"
    assert second.json()["account_created"] is False
    assert second.json()["user_id"] == str(sa.user_id)
    assert second.json()["org_id"] == str(second_owner.org_id)

    assert ambiguous.status_code == 409
    assert {m["org_id"] for m in ambiguous.json()["error"]["details"]} == {
        str(first_owner.org_id),
        str(second_owner.org_id),
    }
    assert in_first.status_code == 200 and in_second.status_code == 200
    assert in_second.json()["role"] == "sa"

    for acting, other in ((first_owner, second_owner), (second_owner, first_owner)):
        tokens = in_first.json() if acting is first_owner else in_second.json()
        entries = seen_in[acting.org_id]
        # Only the organisation acted in: its one review, nothing of the other.
        assert [(e["org_id"], e["review_id"]) for e in entries] == [
            (str(acting.org_id), reviews[acting.org_id])
        ]
        own = await client.get(
            f"/api/v1/sa/reviews/{reviews[acting.org_id]}", headers=bearer(tokens)
        )
        foreign = await client.get(
            f"/api/v1/sa/reviews/{reviews[other.org_id]}", headers=bearer(tokens)
        )
        assert own.status_code == 200, own.text
        assert foreign.status_code == 404

    for owner in (first_owner, second_owner):
        actions = await audit_actions(harness.app, owner.org_id)
        assert {"invitation.created", "invitation.accepted", "membership.added"} <= set(actions)
        members = await client.get("/api/v1/organizations/current/members", headers=owner.headers)
        roles = {m["email"]: m["role"] for m in members.json()}
        assert roles[sa_email] == "sa"
