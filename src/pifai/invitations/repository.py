"""All SQL of invitations; every function is scoped by ``org_id``.

An invitee is no member yet: the link's token carries the organisation id, and the
request presents the token's hash (``app.invitation_token_hash``) so that row-level
security shows it that one invitation and nothing else of the organisation.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Invitation

_PRESENT_TOKEN = text("SELECT set_config('app.invitation_token_hash', :token_hash, true)")


async def present_token(session: AsyncSession, token_hash: str) -> None:
    """Transaction-local, like the tenant binding (PostgreSQL; SQLite has no policies)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_PRESENT_TOKEN, {"token_hash": token_hash})


async def get_invitation_by_token_for_org(
    session: AsyncSession, org_id: uuid.UUID, token_hash: str
) -> Invitation | None:
    result = await session.execute(
        select(Invitation)
        .where(Invitation.org_id == org_id, Invitation.token_hash == token_hash)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def get_invitation_for_org(
    session: AsyncSession, org_id: uuid.UUID, invitation_id: uuid.UUID
) -> Invitation | None:
    result = await session.execute(
        select(Invitation)
        .where(Invitation.org_id == org_id, Invitation.id == invitation_id)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def list_invitations_for_org(session: AsyncSession, org_id: uuid.UUID) -> list[Invitation]:
    result = await session.execute(
        select(Invitation)
        .where(Invitation.org_id == org_id)
        .order_by(Invitation.created_at.desc(), Invitation.id)
    )
    return list(result.scalars())


async def get_pending_for_email_for_org(
    session: AsyncSession, org_id: uuid.UUID, email: str, now: datetime
) -> Invitation | None:
    result = await session.execute(
        select(Invitation)
        .where(
            Invitation.org_id == org_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .order_by(Invitation.created_at.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def claim_invitation_for_org(
    session: AsyncSession, org_id: uuid.UUID, invitation_id: uuid.UUID, now: datetime
) -> Invitation | None:
    """Mark a pending invitation accepted, atomically: of two concurrent accepts exactly
    one gets it."""
    result = await session.execute(
        update(Invitation)
        .where(
            Invitation.org_id == org_id,
            Invitation.id == invitation_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now)
        .returning(Invitation)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def revoke_invitation_for_org(
    session: AsyncSession, org_id: uuid.UUID, invitation_id: uuid.UUID, now: datetime
) -> bool:
    result = await session.execute(
        update(Invitation)
        .where(
            Invitation.org_id == org_id,
            Invitation.id == invitation_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1
