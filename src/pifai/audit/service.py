"""Appending to the audit chain inside the caller's transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import repository as repo
from pifai.audit.chain import GENESIS_HASH, SYSTEM_CHAIN, AuditContent, chain_for, row_hash
from pifai.models import AuditLog
from pifai.models.base import utcnow


@dataclass(frozen=True)
class RequestMeta:
    """Who and from where, as recorded on every audit row."""

    ip: str | None = None
    user_agent: str | None = None


async def record(
    session: AsyncSession,
    *,
    action: str,
    org_id: uuid.UUID | None,
    user_id: uuid.UUID | None = None,
    resource: str | None = None,
    details: dict[str, Any] | None = None,
    meta: RequestMeta | None = None,
) -> AuditLog:
    """Append one row to the organisation's chain (or the system chain).

    Appends to one chain are serialised: on PostgreSQL by a transaction-level advisory
    lock on the chain name; the unique (chain, seq) constraint backs it up everywhere.
    """
    chain = chain_for(org_id)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        await repo.lock_chain(session, chain)
        if chain == SYSTEM_CHAIN:
            await repo.set_system_chain_access(session, enabled=True)
    try:
        last = await repo.last_in_chain(session, chain)
        meta = meta or RequestMeta()
        content = AuditContent(
            chain=chain,
            seq=(last.seq + 1) if last else 1,
            org_id=org_id,
            user_id=user_id,
            action=action,
            resource=resource,
            details=details or {},
            ip=meta.ip,
            user_agent=(meta.user_agent or "")[:500] or None,
            created_at=utcnow(),
        )
        prev_hash = last.hash if last else GENESIS_HASH
        row = AuditLog(
            chain=content.chain,
            seq=content.seq,
            org_id=content.org_id,
            user_id=content.user_id,
            action=content.action,
            resource=content.resource,
            details=content.details,
            ip=content.ip,
            user_agent=content.user_agent,
            created_at=content.created_at,
            prev_hash=prev_hash,
            hash=row_hash(prev_hash, content),
        )
        session.add(row)
        await session.flush()
    finally:
        if postgres and chain == SYSTEM_CHAIN:
            await repo.set_system_chain_access(session, enabled=False)
    return row
