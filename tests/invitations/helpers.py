"""Inviting through the API and reading the link from the message in the outbox."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from pifai.models import Invitation, Organization
from pifai.models.base import utcnow
from tests.email.mailbox import MailApp, outbox_messages, text_of, token_in
from tests.factories.accounts import Account, invite

ACCEPT_PATH = "https://pif.example.test/invitations/accept?token="


async def invite_and_read_link(
    harness: MailApp, manager: Account, email: str, role: str = "member", **extra: Any
) -> tuple[dict[str, Any], str]:
    """The invitation (as answered) and the token of the new invitation message."""
    seen = _invitation_tokens(harness, email)
    response = await invite(harness.client, manager, email, role, **extra)
    assert response.status_code == 201, response.text
    deadline = time.monotonic() + 20
    while not (new := _invitation_tokens(harness, email) - seen):
        assert time.monotonic() < deadline, f"no invitation message to {email}"
        await asyncio.sleep(0.05)
    (token,) = new
    return response.json(), token


def _invitation_tokens(harness: MailApp, email: str) -> set[str]:
    return {
        token_in(m) for m in outbox_messages(harness.outbox, email) if ACCEPT_PATH in text_of(m)
    }


async def expire_invitation(harness: MailApp, org_id: uuid.UUID, invitation_id: str) -> None:
    async with harness.app.state.db.session(org_id=org_id) as session:
        await session.execute(
            update(Invitation)
            .where(Invitation.org_id == org_id, Invitation.id == uuid.UUID(invitation_id))
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )


async def set_plan(harness: MailApp, org_id: uuid.UUID, plan: str) -> None:
    """What the operator's plan change does (a downgrade can leave an organisation over)."""
    async with harness.app.state.db.session(org_id=org_id) as session:
        await session.execute(
            update(Organization).where(Organization.id == org_id).values(plan=plan)
        )
