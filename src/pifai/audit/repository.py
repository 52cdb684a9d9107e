"""All SQL of the audit trail. Chains, not organisations, scope these reads: the caller
holds the chain's lock (append), or is the verifier or the operator's audited read,
connected as the admin role."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Row, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import AuditLog


async def lock_chain(session: AsyncSession, chain: str) -> None:
    """Serialise appends to one chain until the transaction ends (PostgreSQL)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:c, 0))"), {"c": chain}
    )


async def set_system_chain_access(session: AsyncSession, *, enabled: bool) -> None:
    """Row-level security shows system-chain rows only while this flag is on."""
    await session.execute(
        text("SELECT set_config('app.audit_system', :v, true)"), {"v": "on" if enabled else "off"}
    )


async def last_in_chain(session: AsyncSession, chain: str) -> Row[int, str] | None:
    result = await session.execute(
        select(AuditLog.seq, AuditLog.hash)
        .where(AuditLog.chain == chain)
        .order_by(AuditLog.seq.desc())
        .limit(1)
    )
    return result.first()


async def chain_names(session: AsyncSession) -> list[str]:
    return sorted((await session.execute(select(AuditLog.chain).distinct())).scalars())


async def rows_of_chain(session: AsyncSession, chain: str) -> Sequence[AuditLog]:
    result = await session.execute(
        select(AuditLog).where(AuditLog.chain == chain).order_by(AuditLog.seq)
    )
    return result.scalars().all()


async def actions_on_resource_for_org(
    session: AsyncSession, org_id: uuid.UUID, action: str, resource: str
) -> Sequence[AuditLog]:
    """An organisation's audit rows of one action on one resource, oldest first."""
    result = await session.execute(
        select(AuditLog)
        .where(AuditLog.org_id == org_id, AuditLog.action == action, AuditLog.resource == resource)
        .order_by(AuditLog.seq)
    )
    return result.scalars().all()


async def list_for_operator(
    session: AsyncSession,
    *,
    org_id: uuid.UUID | None,
    user_id: uuid.UUID | None = None,
    action: str | None = None,
    action_prefix: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[Sequence[AuditLog], int]:
    """Audit rows newest first, with their total. ``org_id=None`` spans every chain, the
    system chain included: only the operator's admin-role session (BYPASSRLS, audited as
    ``admin.bypass_rls``) may call it so; through the app role, row-level security would
    still show one organisation's rows."""
    conditions: list[ColumnElement[bool]] = []
    if org_id is not None:
        conditions.append(AuditLog.org_id == org_id)
    if user_id is not None:
        conditions.append(AuditLog.user_id == user_id)
    if action is not None:
        conditions.append(AuditLog.action == action)
    if action_prefix is not None:
        conditions.append(AuditLog.action.startswith(action_prefix, autoescape=True))
    if since is not None:
        conditions.append(AuditLog.created_at >= since)
    if until is not None:
        conditions.append(AuditLog.created_at < until)
    total = (
        await session.execute(select(func.count()).select_from(AuditLog).where(*conditions))
    ).scalar_one()
    result = await session.execute(
        select(AuditLog)
        .where(*conditions)
        .order_by(AuditLog.created_at.desc(), AuditLog.chain, AuditLog.seq.desc())
        .offset(offset)
        .limit(limit)
    )
    return result.scalars().all(), int(total)
