"""Auth business rules. Refusals that must survive the request's rollback (failed login
records, refresh-family revocation) are written in their own committed unit of work."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import timedelta
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth import repository as repo
from pifai.auth.passwords import password_problems
from pifai.auth.schemas import (
    LoginRequest,
    MembershipOut,
    RegisterRequest,
    RegisterResponse,
    TokenPair,
)
from pifai.auth.throttle import retry_after_seconds
from pifai.auth.tokens import issue_token_pair
from pifai.auth.totp import TotpCodeReused, TotpInvalidCode, TotpService
from pifai.core.config import Settings
from pifai.core.database import Database, bind_tenant, flush_unique
from pifai.core.security import (
    InvalidToken,
    dummy_verify,
    hash_password,
    parse_refresh_token,
    token_digest,
    verify_password,
)
from pifai.kit.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyRequests,
    Unauthorized,
)
from pifai.models import LoginAttempt, Membership, Organization, User
from pifai.models.base import utcnow
from pifai.models.enums import MembershipRole, OrgType

INVALID_CREDENTIALS = "Invalid email or password"
TOTP_REQUIRED = (
    "Two-factor authentication is on for this account: send totp_code, the 6-digit code "
    "from your authenticator app"
)


def normalise_email(email: str) -> str:
    """One spelling per address: full-width look-alikes (ｕｓｅｒ@…) fold to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", email).strip().lower()


async def register(
    session: AsyncSession, settings: Settings, body: RegisterRequest, meta: RequestMeta
) -> RegisterResponse:
    email = normalise_email(body.email)
    problems = password_problems(body.password, email=email)
    if problems:
        raise InvalidInput(
            "Password is too weak: " + "; ".join(problems),
            details=[{"field": "body.password", "message": p} for p in problems],
        )
    if await repo.get_user_by_email(session, email):
        raise Conflict("An account with this email already exists", code="email_taken")
    org_id, user_id = uuid.uuid4(), uuid.uuid4()
    await bind_tenant(session, org_id=org_id, user_id=user_id)
    now = utcnow()
    session.add(Organization(id=org_id, name=body.org_name.strip(), type=OrgType(body.org_type)))
    session.add(
        User(
            id=user_id,
            email=email,
            password_hash=hash_password(settings, body.password),
            full_name=body.full_name,
        )
    )
    await flush_unique(
        session,
        on_duplicate=Conflict("An account with this email already exists", code="email_taken"),
    )
    session.add(Membership(org_id=org_id, user_id=user_id, role=MembershipRole.OWNER.value))
    await session.flush()
    await audit.record(
        session,
        action="organization.created",
        org_id=org_id,
        user_id=user_id,
        resource=f"organization:{org_id}",
        details={"name": body.org_name.strip()},
        meta=meta,
    )
    await audit.record(
        session,
        action="membership.added",
        org_id=org_id,
        user_id=user_id,
        resource=f"user:{user_id}",
        details={"role": "owner", "email": email},
        meta=meta,
    )
    pair = await issue_token_pair(
        session, settings, user_id=user_id, org_id=org_id, role=MembershipRole.OWNER, now=now
    )
    return RegisterResponse(**pair.model_dump(), user_id=user_id)


async def _check_throttle(
    session: AsyncSession, settings: Settings, email: str, ip: str | None
) -> None:
    now = utcnow()
    window = timedelta(minutes=settings.login_window_minutes)
    waits = [
        retry_after_seconds(
            await repo.recent_failures_for_email(session, email, now - window),
            limit=settings.login_max_failures,
            window=window,
            now=now,
        )
    ]
    if ip:
        waits.append(
            retry_after_seconds(
                await repo.recent_failures_for_ip(session, ip, now - window),
                limit=settings.login_max_failures_per_ip,
                window=window,
                now=now,
            )
        )
    wait = max((w for w in waits if w is not None), default=None)
    if wait is not None:
        raise TooManyRequests(
            f"Too many failed logins; try again in {wait} seconds",
            details={"retry_after": wait},
            headers={"Retry-After": str(wait)},
        )


async def _record_failure(
    session: AsyncSession,
    db: Database,
    *,
    email: str,
    user_id: uuid.UUID | None,
    reason: str,
    meta: RequestMeta,
) -> None:
    await session.rollback()  # release the request's locks before the separate write
    async with db.session(user_id=user_id) as failure_session:
        failure_session.add(
            LoginAttempt(email=email, ip=meta.ip, succeeded=False, attempted_at=utcnow())
        )
        await audit.record(
            failure_session,
            action="auth.login_failed",
            org_id=None,
            user_id=user_id,
            resource=f"user:{user_id}" if user_id else None,
            details={"email": email, "reason": reason},
            meta=meta,
        )


async def login(
    session: AsyncSession,
    db: Database,
    settings: Settings,
    body: LoginRequest,
    meta: RequestMeta,
    totp: TotpService,
) -> TokenPair:
    """Password, then (for accounts with two-factor on) a fresh TOTP code.

    Nothing about the second factor is told before the password is verified. The
    organisation is chosen before the code is checked, so a 409 asking for ``org_id``
    never burns a code (each code is accepted once only). A wrong or replayed code is a
    failed login for the throttle.
    """
    email = normalise_email(body.email)
    await _check_throttle(session, settings, email, meta.ip)
    user = await repo.get_user_by_email(session, email)
    if user is None:
        dummy_verify(settings, body.password)
        await _record_failure(
            session, db, email=email, user_id=None, reason="unknown_email", meta=meta
        )
        raise Unauthorized(INVALID_CREDENTIALS, code="invalid_credentials")
    if not verify_password(settings, user.password_hash, body.password):
        await _record_failure(
            session, db, email=email, user_id=user.id, reason="wrong_password", meta=meta
        )
        raise Unauthorized(INVALID_CREDENTIALS, code="invalid_credentials")
    if not user.is_active:
        raise Forbidden("This account is disabled", code="account_disabled")
    await bind_tenant(session, org_id=None, user_id=user.id)
    memberships = await repo.list_user_memberships(session, user.id)
    if not memberships:
        raise Forbidden("This account is not a member of any organisation", code="no_membership")
    chosen = _choose_membership(memberships, body.org_id)
    await bind_tenant(session, org_id=chosen.org_id, user_id=user.id)
    second_factor = None
    if user.totp_enabled:
        await _check_second_factor(
            session,
            db,
            totp,
            email=email,
            user_id=user.id,
            org_id=chosen.org_id,
            code=body.totp_code,
            meta=meta,
        )
        second_factor = "totp"
    session.add(LoginAttempt(email=email, ip=meta.ip, succeeded=True, attempted_at=utcnow()))
    await audit.record(
        session,
        action="auth.login",
        org_id=chosen.org_id,
        user_id=user.id,
        resource=f"user:{user.id}",
        details={"second_factor": second_factor} if second_factor else None,
        meta=meta,
    )
    return await issue_token_pair(
        session,
        settings,
        user_id=user.id,
        org_id=chosen.org_id,
        role=MembershipRole(chosen.role),
        now=utcnow(),
    )


async def _check_second_factor(
    session: AsyncSession,
    db: Database,
    totp: TotpService,
    *,
    email: str,
    user_id: uuid.UUID,
    org_id: uuid.UUID,
    code: str | None,
    meta: RequestMeta,
) -> None:
    """401 ``totp_required`` without a code (not a failure: the password was right);
    401 ``totp_invalid`` for a wrong or replayed code, recorded as a failed login."""
    if not code:
        raise Unauthorized(TOTP_REQUIRED, code="totp_required")
    try:
        await totp.verify_fresh_code(session, user_id, code, org_id=org_id, meta=meta)
    except (TotpInvalidCode, TotpCodeReused) as exc:
        reason = "totp_reused" if isinstance(exc, TotpCodeReused) else "totp_invalid"
        await _record_failure(session, db, email=email, user_id=user_id, reason=reason, meta=meta)
        raise Unauthorized(exc.message, code="totp_invalid") from exc


def _choose_membership(
    memberships: list[tuple[Membership, Organization]], org_id: uuid.UUID | None
) -> Membership:
    if org_id is not None:
        for membership, _org in memberships:
            if membership.org_id == org_id:
                return membership
        raise NotFound("You are not a member of that organisation")
    if len(memberships) == 1:
        return memberships[0][0]
    raise Conflict(
        "You belong to several organisations; log in again with org_id set to one of them",
        code="organization_choice_required",
        details=[membership_out(m, o).model_dump(mode="json") for m, o in memberships],
    )


def membership_out(membership: Membership, org: Organization) -> MembershipOut:
    return MembershipOut(
        org_id=org.id,
        org_name=org.name,
        org_type=OrgType(org.type),
        role=MembershipRole(membership.role),
    )


async def refresh(
    session: AsyncSession, db: Database, settings: Settings, token: str, meta: RequestMeta
) -> TokenPair:
    try:
        user_id = parse_refresh_token(token)
    except InvalidToken as exc:
        raise Unauthorized("Invalid refresh token", code="invalid_refresh_token") from exc
    await bind_tenant(session, org_id=None, user_id=user_id)
    now = utcnow()
    digest = token_digest(token)
    claimed = await repo.claim_refresh_token(session, digest, now)
    if claimed is None:
        await _refuse_refresh(session, db, digest, user_id, meta)
    await bind_tenant(session, org_id=claimed.org_id, user_id=user_id)
    membership = await repo.get_membership(session, claimed.org_id, user_id)
    user = await repo.get_user(session, user_id)
    if membership is None or user is None or not user.is_active:
        raise Unauthorized("Membership no longer active", code="invalid_refresh_token")
    return await issue_token_pair(
        session,
        settings,
        user_id=user_id,
        org_id=claimed.org_id,
        role=MembershipRole(membership.role),
        now=now,
        family_id=claimed.family_id,
        parent_id=claimed.id,
    )


async def _refuse_refresh(
    session: AsyncSession, db: Database, digest: str, user_id: uuid.UUID, meta: RequestMeta
) -> NoReturn:
    """Explain why a token cannot be used; a rotated token's reuse revokes its family.

    This runs in its own committed unit of work after the request's transaction is
    rolled back: the refusal is an error response, but the revocation must stay.
    """
    await session.rollback()
    async with db.session(user_id=user_id) as refusal:
        existing = await repo.get_refresh_token(refusal, digest)
        if existing is None:
            raise Unauthorized("Invalid refresh token", code="invalid_refresh_token")
        if existing.used_at is not None and existing.revoked_at is None:
            await bind_tenant(refusal, org_id=existing.org_id, user_id=user_id)
            revoked = await repo.revoke_family(refusal, existing.family_id, utcnow())
            await audit.record(
                refusal,
                action="auth.refresh_reuse",
                org_id=existing.org_id,
                user_id=user_id,
                resource=f"token_family:{existing.family_id}",
                details={"revoked_tokens": revoked},
                meta=meta,
            )
            reused = True
        else:
            reused = False
            revoked_already = existing.revoked_at is not None
    if reused:
        raise Unauthorized(
            "Refresh token was already used; every session of this login has been revoked",
            code="refresh_token_reused",
        )
    if revoked_already:
        raise Unauthorized("Refresh token has been revoked", code="refresh_token_revoked")
    raise Unauthorized("Refresh token has expired", code="refresh_token_expired")


async def logout(session: AsyncSession, token: str, meta: RequestMeta) -> None:
    try:
        user_id = parse_refresh_token(token)
    except InvalidToken:
        return
    await bind_tenant(session, org_id=None, user_id=user_id)
    existing = await repo.get_refresh_token(session, token_digest(token))
    if existing is None:
        return
    revoked = await repo.revoke_family(session, existing.family_id, utcnow())
    await bind_tenant(session, org_id=existing.org_id, user_id=user_id)
    await audit.record(
        session,
        action="auth.logout",
        org_id=existing.org_id,
        user_id=user_id,
        resource=f"token_family:{existing.family_id}",
        details={"revoked_tokens": revoked},
        meta=meta,
    )


async def switch_organization(
    session: AsyncSession,
    settings: Settings,
    *,
    user_id: uuid.UUID,
    target_org_id: uuid.UUID,
    meta: RequestMeta,
) -> TokenPair:
    await bind_tenant(session, org_id=None, user_id=user_id)
    memberships = await repo.list_user_memberships(session, user_id)
    membership = _choose_membership(memberships, target_org_id)
    await bind_tenant(session, org_id=membership.org_id, user_id=user_id)
    await audit.record(
        session,
        action="auth.switch_org",
        org_id=membership.org_id,
        user_id=user_id,
        resource=f"organization:{membership.org_id}",
        meta=meta,
    )
    return await issue_token_pair(
        session,
        settings,
        user_id=user_id,
        org_id=membership.org_id,
        role=MembershipRole(membership.role),
        now=utcnow(),
    )


async def memberships_of(session: AsyncSession, user_id: uuid.UUID) -> list[MembershipOut]:
    return [membership_out(m, o) for m, o in await repo.list_user_memberships(session, user_id)]
