"""Account emails: address verification (on sign-up and on request) and password reset.

``forgot-password`` answers the same, with the same status, whether or not an account
uses the address: the message itself is sent later by a worker (``email.send``), so
neither the body nor the time to answer tells a caller whether the account exists.
Requests for unknown addresses leave a row in the system audit chain.
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth import email_tokens
from pifai.auth import repository as repo
from pifai.auth.email_tokens import LinkRefused
from pifai.auth.passwords import password_problems
from pifai.auth.principal import Principal
from pifai.core.config import Settings
from pifai.core.database import bind_tenant
from pifai.core.security import hash_password
from pifai.email.links import RESET_PASSWORD_PATH, VERIFY_EMAIL_PATH, link
from pifai.email.mailer import Mailer
from pifai.email.tasks import enqueue_email
from pifai.email.templates import Template
from pifai.kit.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyRequests
from pifai.models import LoginAttempt
from pifai.models.base import utcnow
from pifai.models.enums import EmailTokenPurpose, ReportLanguage

# One message of a kind per account per minute: a mailbox cannot be flooded through us.
RESEND_INTERVAL = timedelta(seconds=60)

VERIFY = EmailTokenPurpose.VERIFY_EMAIL
RESET = EmailTokenPurpose.RESET_PASSWORD


async def account_org_id(session: AsyncSession, user_id: uuid.UUID) -> uuid.UUID | None:
    """The organisation account emails and account audit rows belong to: the oldest
    membership (tasks and audit rows need one)."""
    await bind_tenant(session, org_id=None, user_id=user_id)
    memberships = await repo.list_user_memberships(session, user_id)
    return memberships[0][0].org_id if memberships else None


def _wait_seconds(last: datetime | None, now: datetime) -> int | None:
    if last is None or last <= now - RESEND_INTERVAL:
        return None
    return max(1, math.ceil((last + RESEND_INTERVAL - now).total_seconds()))


async def send_verification(
    session: AsyncSession,
    mailer: Mailer,
    *,
    user_id: uuid.UUID,
    email: str,
    org_id: uuid.UUID,
    lang: ReportLanguage,
) -> None:
    """Issue a verification token and queue its message (session bound to ``org_id``)."""
    settings = mailer.settings
    hours = settings.email_verify_token_hours
    issued = email_tokens.issue(
        session,
        user_id=user_id,
        email=email,
        purpose=VERIFY,
        now=utcnow(),
        lifetime=timedelta(hours=hours),
    )
    await session.flush()
    await enqueue_email(
        session,
        mailer.db,
        mailer.queue,
        settings,
        org_id=org_id,
        to=email,
        template=Template.VERIFY_EMAIL,
        lang=lang,
        variables={"link": link(settings, VERIFY_EMAIL_PATH, issued.token), "hours": hours},
        created_by=user_id,
    )


async def resend_verification(
    session: AsyncSession, mailer: Mailer, principal: Principal, lang: ReportLanguage
) -> None:
    user = await repo.get_user(session, principal.user_id)
    if user is None:
        raise NotFound("User not found")
    if user.email_verified:
        raise Conflict("This email address is already verified", code="already_verified")
    wait = _wait_seconds(await repo.last_email_token_at(session, user.id, VERIFY), utcnow())
    if wait is not None:
        raise TooManyRequests(
            f"A verification message was sent less than a minute ago; try again in {wait} seconds",
            details={"retry_after": wait},
            headers={"Retry-After": str(wait)},
        )
    org_id = await account_org_id(session, user.id) or principal.org_id
    await bind_tenant(session, org_id=org_id, user_id=user.id)
    await send_verification(
        session, mailer, user_id=user.id, email=user.email, org_id=org_id, lang=lang
    )


async def verify_email(session: AsyncSession, token: str, meta: RequestMeta) -> None:
    used = await email_tokens.consume(session, token, VERIFY, utcnow())
    if not await repo.mark_email_verified(session, used.user_id, used.email):
        raise LinkRefused("This link was sent to an address the account no longer uses")
    org_id = await account_org_id(session, used.user_id)
    await bind_tenant(session, org_id=org_id, user_id=used.user_id)
    await audit.record(
        session,
        action="auth.email_verified",
        org_id=org_id,
        user_id=used.user_id,
        resource=f"user:{used.user_id}",
        details={"email": used.email},
        meta=meta,
    )


async def forgot_password(
    session: AsyncSession, mailer: Mailer, email: str, lang: ReportLanguage, meta: RequestMeta
) -> None:
    """Queue a reset message when an active account uses ``email``; otherwise only audit.
    Either way the caller gets the same answer."""
    user = await repo.get_user_by_email(session, email)
    now = utcnow()
    if user is None or not user.is_active:
        await _audit_request(session, None, None, email, "unknown_email", meta)
        return
    org_id = await account_org_id(session, user.id)
    if org_id is None:
        await _audit_request(session, None, user.id, email, "no_organisation", meta)
        return
    await bind_tenant(session, org_id=org_id, user_id=user.id)
    if _wait_seconds(await repo.last_email_token_at(session, user.id, RESET), now) is not None:
        await _audit_request(session, org_id, user.id, email, "throttled", meta)
        return
    await repo.expire_unused_email_tokens(session, user.id, RESET.value, now)
    minutes = mailer.settings.password_reset_token_minutes
    issued = email_tokens.issue(
        session,
        user_id=user.id,
        email=user.email,
        purpose=RESET,
        now=now,
        lifetime=timedelta(minutes=minutes),
    )
    await session.flush()
    await enqueue_email(
        session,
        mailer.db,
        mailer.queue,
        mailer.settings,
        org_id=org_id,
        to=user.email,
        template=Template.RESET_PASSWORD,
        lang=lang,
        variables={
            "link": link(mailer.settings, RESET_PASSWORD_PATH, issued.token),
            "minutes": minutes,
        },
        created_by=user.id,
    )
    await _audit_request(session, org_id, user.id, email, "sent", meta)


async def _audit_request(
    session: AsyncSession,
    org_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    email: str,
    outcome: str,
    meta: RequestMeta,
) -> None:
    await audit.record(
        session,
        action="auth.password_reset_requested",
        org_id=org_id,
        user_id=user_id,
        resource=f"user:{user_id}" if user_id else None,
        details={"email": email, "outcome": outcome},
        meta=meta,
    )


async def reset_password(
    session: AsyncSession, settings: Settings, token: str, new_password: str, meta: RequestMeta
) -> None:
    """Set the password, sign every session out (refresh tokens revoked), verify the
    address the link went to, and lift the account's login lock."""
    now = utcnow()
    used = await email_tokens.consume(session, token, RESET, now)
    user = await repo.get_user(session, used.user_id)
    if user is None or user.email != used.email:
        raise LinkRefused("This link was sent to an address the account no longer uses")
    if not user.is_active:
        raise Forbidden("This account is disabled", code="account_disabled")
    problems = password_problems(new_password, email=user.email)
    if problems:
        raise InvalidInput(
            "Password is too weak: " + "; ".join(problems),
            details=[{"field": "body.new_password", "message": p} for p in problems],
        )
    await repo.set_password(session, user.id, hash_password(settings, new_password))
    await repo.expire_unused_email_tokens(session, user.id, RESET.value, now)
    await bind_tenant(session, org_id=None, user_id=user.id)
    memberships = await repo.list_user_memberships(session, user.id)
    revoked = 0
    for membership, _org in memberships:
        revoked += await repo.revoke_refresh_tokens_for_org(
            session, membership.org_id, user.id, now
        )
    # Login throttling counts failures since the last success: a proven reset is one.
    session.add(LoginAttempt(email=user.email, ip=meta.ip, succeeded=True, attempted_at=now))
    org_id = memberships[0][0].org_id if memberships else None
    await bind_tenant(session, org_id=org_id, user_id=user.id)
    await audit.record(
        session,
        action="auth.password_reset",
        org_id=org_id,
        user_id=user.id,
        resource=f"user:{user.id}",
        details={"revoked_refresh_tokens": revoked},
        meta=meta,
    )
