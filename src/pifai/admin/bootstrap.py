"""Creating the first super-admin, once, with the one-time secret from configuration.

Order of refusals: disabled (no secret configured) → throttled (too many wrong secrets
from this address) → wrong secret (audited, counted) → already bootstrapped. The secret is
checked before the platform's state, so a guesser learns nothing but "wrong".

Exactly one bootstrap can win: on PostgreSQL a transaction-level advisory lock is taken
before the "is there a super-admin yet?" check and held until commit; on SQLite every
write transaction is already exclusive (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import hmac
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.admin import repository as repo
from pifai.admin.schemas import BootstrapRequest, BootstrapResponse
from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.passwords import password_problems
from pifai.auth.service import normalise_email
from pifai.auth.throttle import retry_after_seconds
from pifai.auth.tokens import issue_token_pair
from pifai.core.config import Settings
from pifai.core.database import Database, bind_tenant, flush_unique
from pifai.core.security import hash_password
from pifai.kit.errors import Conflict, Forbidden, InvalidInput, TooManyRequests
from pifai.models import LoginAttempt, Membership, Organization, User
from pifai.models.base import utcnow
from pifai.models.enums import MembershipRole, OrgType, PlatformRole

# Wrong secrets allowed per client address within the login window (PIFAI_LOGIN_WINDOW_MINUTES).
MAX_FAILURES_PER_IP = 5


async def bootstrap(
    session: AsyncSession,
    db: Database,
    settings: Settings,
    body: BootstrapRequest,
    meta: RequestMeta,
) -> BootstrapResponse:
    configured = settings.admin_bootstrap_secret
    if not configured:
        raise Forbidden(
            "Bootstrap is disabled: PIFAI_ADMIN_BOOTSTRAP_SECRET is not configured",
            code="bootstrap_disabled",
        )
    await _check_throttle(session, settings, meta.ip)
    if not hmac.compare_digest(body.secret.encode(), configured.encode()):
        await _record_failure(session, db, meta)
        raise Forbidden("Wrong bootstrap secret", code="bootstrap_secret_invalid")
    email = normalise_email(body.email)
    _check_password(body.password, email)
    password_hash = hash_password(settings, body.password)  # slow: before taking the lock
    await repo.lock_bootstrap(session)
    if await repo.count_super_admins(session):
        raise Conflict(
            "The platform is already bootstrapped: a super-admin exists",
            code="already_bootstrapped",
        )
    return await _create_operator(session, settings, body, email, password_hash, meta)


def _check_password(password: str, email: str) -> None:
    problems = password_problems(password, email=email)
    if problems:
        raise InvalidInput(
            "Password is too weak: " + "; ".join(problems),
            details=[{"field": "body.password", "message": p} for p in problems],
        )


async def _create_operator(
    session: AsyncSession,
    settings: Settings,
    body: BootstrapRequest,
    email: str,
    password_hash: str,
    meta: RequestMeta,
) -> BootstrapResponse:
    """The super-admin plus an operator organisation it owns: logging in and the
    ``SuperAdminDep`` guard both need a membership to act in."""
    org_id, user_id = uuid.uuid4(), uuid.uuid4()
    await bind_tenant(session, org_id=org_id, user_id=user_id)
    org_name = body.org_name.strip()
    session.add(Organization(id=org_id, name=org_name, type=OrgType.CONSULTANT.value))
    session.add(
        User(
            id=user_id,
            email=email,
            password_hash=password_hash,
            full_name=body.full_name,
            platform_role=PlatformRole.SUPER_ADMIN.value,
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
        details={"name": org_name},
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
    await audit.record(
        session,
        action="admin.bootstrapped",
        org_id=None,
        user_id=user_id,
        resource=f"user:{user_id}",
        details={"email": email, "operator_org_id": str(org_id)},
        meta=meta,
    )
    pair = await issue_token_pair(
        session, settings, user_id=user_id, org_id=org_id, role=MembershipRole.OWNER, now=utcnow()
    )
    return BootstrapResponse(**pair.model_dump(), user_id=user_id)


async def _check_throttle(session: AsyncSession, settings: Settings, ip: str | None) -> None:
    if not ip:
        return
    now = utcnow()
    window = timedelta(minutes=settings.login_window_minutes)
    failures = await repo.recent_bootstrap_failures_for_ip(session, ip, now - window)
    wait = retry_after_seconds(failures, limit=MAX_FAILURES_PER_IP, window=window, now=now)
    if wait is not None:
        raise TooManyRequests(
            f"Too many wrong bootstrap secrets; try again in {wait} seconds",
            details={"retry_after": wait},
            headers={"Retry-After": str(wait)},
        )


async def _record_failure(session: AsyncSession, db: Database, meta: RequestMeta) -> None:
    """Kept in its own unit of work: the refusal rolls the request back, the record stays."""
    await session.rollback()  # release the request's locks before the separate write
    async with db.session() as failure:
        failure.add(
            LoginAttempt(
                email=repo.BOOTSTRAP_ATTEMPT_MARKER,
                ip=meta.ip,
                succeeded=False,
                attempted_at=utcnow(),
            )
        )
        await audit.record(
            failure,
            action="admin.bootstrap_failed",
            org_id=None,
            resource="admin:bootstrap",
            details={"reason": "wrong_secret"},
            meta=meta,
        )
