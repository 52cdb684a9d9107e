"""Dependencies that make route signatures read like prose (``SessionDep``, ``PrincipalDep``).

The session is function-scoped: it commits after the handler returns and *before* the
response is sent, so a client never sees success for work that failed to commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit.service import RequestMeta
from pifai.auth import repository as auth_repo
from pifai.auth.principal import Principal
from pifai.auth.totp import TotpService
from pifai.core.config import Settings
from pifai.core.database import (
    Database,
    bind_tenant,
    discard_after_commit,
    run_after_commit,
)
from pifai.core.security import InvalidToken, decode_access_token
from pifai.kit.errors import AppError, Forbidden, Unauthorized
from pifai.models.enums import MembershipRole
from pifai.tasks.queue import TaskQueue


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    db = get_database(request)
    async with db.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            discard_after_commit(session)
            await session.rollback()
            raise
        await run_after_commit(session)


def get_request_meta(request: Request) -> RequestMeta:
    ip = request.client.host if request.client else None
    return RequestMeta(ip=ip, user_agent=request.headers.get("user-agent"))


def get_queue(request: Request) -> TaskQueue:
    queue: TaskQueue = request.app.state.queue
    return queue


def get_totp(request: Request) -> TotpService:
    """The TOTP checker; tests override this dependency to move its clock by hand."""
    return TotpService(request.app.state.db, request.app.state.settings)


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
TotpDep = Annotated[TotpService, Depends(get_totp)]
QueueDep = Annotated[TaskQueue, Depends(get_queue)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
RequestMetaDep = Annotated[RequestMeta, Depends(get_request_meta)]

_bearer = HTTPBearer(auto_error=False)


async def get_principal(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    try:
        claims = decode_access_token(settings, credentials.credentials)
    except InvalidToken as exc:
        raise Unauthorized(
            "Invalid or expired access token", headers={"WWW-Authenticate": "Bearer"}
        ) from exc
    await bind_tenant(session, org_id=claims.org_id, user_id=claims.user_id)
    member = await auth_repo.get_active_member(session, claims.org_id, claims.user_id)
    if member is None:
        raise Unauthorized("Membership no longer active", headers={"WWW-Authenticate": "Bearer"})
    role, email = member
    return Principal(
        user_id=claims.user_id, org_id=claims.org_id, role=MembershipRole(role), email=email
    )


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_roles(
    *roles: MembershipRole,
) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    allowed = frozenset(roles)

    async def guard(principal: PrincipalDep) -> Principal:
        if principal.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise Forbidden(f"This action needs one of the roles: {names}")
        return principal

    return guard


ManagerDep = Annotated[
    Principal, Depends(require_roles(MembershipRole.OWNER, MembershipRole.ADMIN))
]
EditorDep = Annotated[
    Principal,
    Depends(require_roles(MembershipRole.OWNER, MembershipRole.ADMIN, MembershipRole.MEMBER)),
]


async def require_super_admin(principal: PrincipalDep, session: SessionDep) -> Principal:
    """Operator routes: the platform role lives on the user, not on a membership."""
    if not await auth_repo.is_super_admin(session, principal.user_id):
        raise Forbidden("This action is reserved for the platform operator (super_admin)")
    return principal


SuperAdminDep = Annotated[Principal, Depends(require_super_admin)]


class OperatorDatabaseMissing(AppError):
    status_code = 503
    code = "operator_database_not_configured"


def get_admin_database(request: Request) -> Database | None:
    """The admin role's database (BYPASSRLS, SELECT plus audit INSERT; SPEC §6), built once
    at start-up by ``tasks.runtime.reconcile_database`` and shared with the reconciler and
    the metrics: on SQLite the application database itself, None on PostgreSQL without
    ``PIFAI_DATABASE_ADMIN_URL``."""
    db: Database | None = request.app.state.metrics_db
    return db


AdminDatabaseDep = Annotated[Database | None, Depends(get_admin_database)]


async def get_operator_session(
    session: SessionDep, operator: SuperAdminDep, admin_db: AdminDatabaseDep
) -> AsyncIterator[AsyncSession]:
    """A unit of work for cross-organisation reads, opened only once the caller is known to
    be the operator. It commits before the response is sent, so a read and its
    ``admin.bypass_rls`` row are committed together or not at all.

    PostgreSQL without an admin URL answers 503 rather than reading as the app role, which
    row-level security would silently limit to the operator's own organisation. On SQLite
    (one file, no row-level security) it is the request's own session: a second connection
    would wait for the request's write lock.
    """
    if admin_db is None:
        raise OperatorDatabaseMissing(
            "Operator database not configured: set PIFAI_DATABASE_ADMIN_URL "
            "(a role with BYPASSRLS) to use the operator routes"
        )
    if admin_db.dialect == "sqlite":
        yield session
        return
    async with admin_db.sessionmaker() as admin:
        await bind_tenant(admin, org_id=None, user_id=operator.user_id)
        try:
            yield admin
            await admin.commit()
        except BaseException:
            discard_after_commit(admin)
            await admin.rollback()
            raise
        await run_after_commit(admin)


OperatorSessionDep = Annotated[AsyncSession, Depends(get_operator_session, scope="function")]
