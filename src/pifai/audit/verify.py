"""Verify every audit chain in the database (``pifai audit verify``).

Needs a connection that sees every organisation's rows: on PostgreSQL the admin role
(BYPASSRLS); reading with the app role would see nothing and prove nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import repository as repo
from pifai.audit.chain import AuditContent, ChainBreak, StoredRow, row_hash, verify_chain
from pifai.models import AuditLog


@dataclass(frozen=True)
class VerifyReport:
    chains: int
    rows: int
    breaks: list[ChainBreak]


def _stored(row: AuditLog) -> StoredRow:
    return StoredRow(
        id=row.id,
        content=AuditContent(
            chain=row.chain,
            seq=row.seq,
            org_id=row.org_id,
            user_id=row.user_id,
            action=row.action,
            resource=row.resource,
            details=row.details,
            ip=row.ip,
            user_agent=row.user_agent,
            created_at=row.created_at,
        ),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


async def verify_all(session: AsyncSession) -> VerifyReport:
    chains = await repo.chain_names(session)
    breaks: list[ChainBreak] = []
    rows = 0
    for chain in chains:
        stored = [_stored(r) for r in await repo.rows_of_chain(session, chain)]
        rows += len(stored)
        found = verify_chain(stored)
        if found:
            breaks.append(found)
    return VerifyReport(chains=len(chains), rows=rows, breaks=breaks)


def row_is_intact(row: AuditLog) -> bool:
    """The row's stored hash still matches its content and predecessor hash."""
    stored = _stored(row)
    return row_hash(stored.prev_hash, stored.content) == stored.hash
