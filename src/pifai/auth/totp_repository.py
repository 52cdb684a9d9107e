"""SQL of two-factor (TOTP) enrolment and verification; users are not tenant rows."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import User


async def consume_timecode(session: AsyncSession, user_id: uuid.UUID, timecode: int) -> bool:
    """Claim a time step, atomically: true only for the one caller that moved it forward.

    Concurrent callers with the same code race on one row; the loser's WHERE no longer
    holds once the winner commits, so it updates nothing (tech-pitfalls B-18).
    """
    result = await session.execute(
        update(User)
        .where(
            User.id == user_id,
            or_(User.totp_last_timecode.is_(None), User.totp_last_timecode < timecode),
        )
        .values(totp_last_timecode=timecode)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


async def store_pending_secret(session: AsyncSession, user_id: uuid.UUID, sealed: str) -> None:
    """Replace the secret; two-factor stays off until a code from it is confirmed."""
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(totp_secret_encrypted=sealed, totp_enabled=False)
        .execution_options(synchronize_session=False)
    )


async def enable(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(totp_enabled=True)
        .execution_options(synchronize_session=False)
    )
