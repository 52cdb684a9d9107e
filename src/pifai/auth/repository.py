"""All SQL of the auth domain."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import (
    EmailToken,
    LoginAttempt,
    Membership,
    Organization,
    RefreshToken,
    User,
)
from pifai.models.base import utcnow


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(select(User).where(User.email == email))
    return result.scalar_one_or_none()


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def list_user_memberships(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[Membership, Organization]]:
    """The user's own memberships (row-level security shows a user their own rows)."""
    result = await session.execute(
        select(Membership, Organization)
        .join(Organization, Organization.id == Membership.org_id)
        .where(Membership.user_id == user_id)
        .order_by(Membership.created_at)
    )
    return [(m, o) for m, o in result.all()]


async def get_membership(
    session: AsyncSession, org_id: uuid.UUID, user_id: uuid.UUID
) -> Membership | None:
    result = await session.execute(
        select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id)
    )
    return result.scalar_one_or_none()


async def get_active_member(
    session: AsyncSession, org_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[str, str] | None:
    """(role, email) of an active user's membership in the organisation, if any."""
    row = (
        await session.execute(
            select(Membership.role, User.email)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.org_id == org_id,
                Membership.user_id == user_id,
                User.is_active.is_(True),
            )
        )
    ).first()
    return (row.role, row.email) if row else None


async def claim_refresh_token(
    session: AsyncSession, token_hash: str, now: datetime
) -> RefreshToken | None:
    """Mark a live token used, atomically; only one concurrent caller can win."""
    result = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == token_hash,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(RefreshToken)
    )
    return result.scalar_one_or_none()


async def get_refresh_token(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    result = await session.execute(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    )
    return result.scalar_one_or_none()


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> int:
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def recent_failures_for_email(
    session: AsyncSession, email: str, since: datetime
) -> list[datetime]:
    """Failed attempts since ``since`` and after the account's last success, newest first."""
    last_success = (
        await session.execute(
            select(func.max(LoginAttempt.attempted_at)).where(
                LoginAttempt.email == email,
                LoginAttempt.succeeded.is_(True),
                LoginAttempt.attempted_at >= since,
            )
        )
    ).scalar_one_or_none()
    floor = max(since, last_success) if last_success else since
    result = await session.execute(
        select(LoginAttempt.attempted_at)
        .where(
            LoginAttempt.email == email,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at > floor,
        )
        .order_by(LoginAttempt.attempted_at.desc())
    )
    return list(result.scalars())


async def recent_failures_for_ip(session: AsyncSession, ip: str, since: datetime) -> list[datetime]:
    result = await session.execute(
        select(LoginAttempt.attempted_at)
        .where(
            LoginAttempt.ip == ip,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= since,
        )
        .order_by(LoginAttempt.attempted_at.desc())
    )
    return list(result.scalars())


async def is_super_admin(session: AsyncSession, user_id: uuid.UUID) -> bool:
    result = await session.execute(
        select(User.platform_role).where(User.id == user_id, User.is_active.is_(True))
    )
    return result.scalar_one_or_none() == "super_admin"


# --- email tokens (verify an address, reset a password) ---------------------------------


async def consume_email_token(
    session: AsyncSession, token_hash: str, purpose: str, now: datetime
) -> EmailToken | None:
    """Mark a live token used, atomically: of two concurrent uses exactly one gets it."""
    result = await session.execute(
        update(EmailToken)
        .where(
            EmailToken.token_hash == token_hash,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(EmailToken)
    )
    return result.scalar_one_or_none()


async def get_email_token(
    session: AsyncSession, token_hash: str, purpose: str
) -> EmailToken | None:
    result = await session.execute(
        select(EmailToken).where(EmailToken.token_hash == token_hash, EmailToken.purpose == purpose)
    )
    return result.scalar_one_or_none()


async def expire_unused_email_tokens(
    session: AsyncSession, user_id: uuid.UUID, purpose: str, now: datetime
) -> int:
    """Older links stop working (they then read as expired, not as used)."""
    result = await session.execute(
        update(EmailToken)
        .where(
            EmailToken.user_id == user_id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def last_email_token_at(
    session: AsyncSession, user_id: uuid.UUID, purpose: str
) -> datetime | None:
    result = await session.execute(
        select(func.max(EmailToken.created_at)).where(
            EmailToken.user_id == user_id, EmailToken.purpose == purpose
        )
    )
    return result.scalar_one_or_none()


async def set_password(session: AsyncSession, user_id: uuid.UUID, password_hash: str) -> None:
    """A new password also proves control of the address the reset link went to."""
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(password_hash=password_hash, email_verified=True, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def mark_email_verified(session: AsyncSession, user_id: uuid.UUID, email: str) -> bool:
    """Only while the account still uses the address the link was sent to."""
    result = await session.execute(
        update(User)
        .where(User.id == user_id, User.email == email)
        .values(email_verified=True)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


async def revoke_refresh_tokens_for_org(
    session: AsyncSession, org_id: uuid.UUID, user_id: uuid.UUID, now: datetime
) -> int:
    """Every live refresh token of the user for one organisation (sign out everywhere)."""
    result = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.org_id == org_id,
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
