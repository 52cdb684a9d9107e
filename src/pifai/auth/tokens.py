"""Issuing token pairs: a JWT access token and a rotating opaque refresh token."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.auth.schemas import TokenPair
from pifai.core.config import Settings
from pifai.core.security import create_access_token, new_refresh_token, token_digest
from pifai.models import RefreshToken
from pifai.models.enums import MembershipRole


async def issue_token_pair(
    session: AsyncSession,
    settings: Settings,
    *,
    user_id: uuid.UUID,
    org_id: uuid.UUID,
    role: MembershipRole,
    now: datetime,
    family_id: uuid.UUID | None = None,
    parent_id: uuid.UUID | None = None,
) -> TokenPair:
    access, _expires = create_access_token(
        settings, user_id=user_id, org_id=org_id, role=role.value, now=now
    )
    refresh = new_refresh_token(user_id)
    session.add(
        RefreshToken(
            user_id=user_id,
            org_id=org_id,
            token_hash=token_digest(refresh),
            family_id=family_id or uuid.uuid4(),
            parent_id=parent_id,
            issued_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
        )
    )
    await session.flush()
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=settings.access_token_minutes * 60,
        org_id=org_id,
        role=role,
    )
