"""Single-use, expiring tokens sent by email (verify an address, reset a password).

The token is 256 random bits (``secrets.token_urlsafe(32)``); only its SHA-256 is stored,
so a database reader cannot use one. Using a token is one conditional UPDATE, so of two
concurrent uses exactly one succeeds. A refused token says why: unknown, expired or used.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.auth import repository as repo
from pifai.core.security import token_digest
from pifai.kit.errors import AppError
from pifai.models import EmailToken
from pifai.models.enums import EmailTokenPurpose


class LinkRefused(AppError):
    status_code = 400
    code = "link_invalid"


class LinkExpired(LinkRefused):
    code = "link_expired"


class LinkUsed(LinkRefused):
    code = "link_used"


@dataclass(frozen=True)
class IssuedToken:
    token: str  # the only copy of the raw token: it goes into the message, sealed
    row: EmailToken


def new_token() -> str:
    return secrets.token_urlsafe(32)


def issue(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    email: str,
    purpose: EmailTokenPurpose,
    now: datetime,
    lifetime: timedelta,
) -> IssuedToken:
    token = new_token()
    row = EmailToken(
        user_id=user_id,
        purpose=purpose.value,
        email=email,
        token_hash=token_digest(token),
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    return IssuedToken(token=token, row=row)


async def consume(
    session: AsyncSession, token: str, purpose: EmailTokenPurpose, now: datetime
) -> EmailToken:
    digest = token_digest(token)
    used = await repo.consume_email_token(session, digest, purpose.value, now)
    if used is None:
        await _refuse(session, digest, purpose)
    return used


async def _refuse(session: AsyncSession, digest: str, purpose: EmailTokenPurpose) -> NoReturn:
    existing = await repo.get_email_token(session, digest, purpose.value)
    if existing is None:
        raise LinkRefused(
            "This link is not valid; check that the whole link was copied, or request a new one"
        )
    if existing.used_at is not None:
        raise LinkUsed("This link has already been used")
    raise LinkExpired("This link has expired; request a new one")
