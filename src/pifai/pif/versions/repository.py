"""All SQL of PIF versions; every function is scoped by ``org_id`` and the product.

A locked (signed) version is never updated here except by ``record_signature_for_org``,
which is the one way a version becomes signed.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import PifVersion


async def list_versions_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[PifVersion]:
    result = await session.execute(
        select(PifVersion)
        .where(PifVersion.org_id == org_id, PifVersion.product_id == product_id)
        .order_by(PifVersion.created_at, PifVersion.id)
    )
    return list(result.scalars())


async def signed_versions_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[PifVersion]:
    result = await session.execute(
        select(PifVersion).where(
            PifVersion.org_id == org_id,
            PifVersion.product_id == product_id,
            PifVersion.signed_at.is_not(None),
        )
    )
    return list(result.scalars())


async def draft_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> PifVersion | None:
    """The product's unsigned working draft, locked until commit (PostgreSQL)."""
    result = await session.execute(
        select(PifVersion)
        .where(
            PifVersion.org_id == org_id,
            PifVersion.product_id == product_id,
            PifVersion.signed_at.is_(None),
            PifVersion.locked.is_(False),
        )
        .order_by(PifVersion.created_at.desc(), PifVersion.id)
        .limit(1)
        .with_for_update()
    )
    return result.scalar_one_or_none()


async def get_version_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, version_id: uuid.UUID
) -> PifVersion | None:
    result = await session.execute(
        select(PifVersion).where(
            PifVersion.id == version_id,
            PifVersion.org_id == org_id,
            PifVersion.product_id == product_id,
        )
    )
    return result.scalar_one_or_none()


async def record_signature_for_org(
    session: AsyncSession,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    version_id: uuid.UUID,
    *,
    signed_at: datetime,
    signed_by: uuid.UUID,
    signature_hash: str,
    method: str,
    ip: str | None,
    user_agent: str | None,
    certificate_ref: str | None,
    label: str | None = None,
    sequence: int | None = None,
) -> PifVersion | None:
    """Record a signature on an unsigned version and lock it; ``None`` if there is no such
    unsigned version. ``label``/``sequence`` name what the draft is signed as (a V0 draft
    becomes V1). Checking who may sign, and what, is the signing service's job."""
    row = await get_version_for_org(session, org_id, product_id, version_id)
    if row is None or row.locked or row.signed_at is not None:
        return None
    row.label = label or row.label
    row.sequence = sequence or row.sequence
    row.signed_at = signed_at
    row.signed_by = signed_by
    row.signature_hash = signature_hash
    row.signature_method = method
    row.signed_ip = ip
    row.signed_user_agent = user_agent
    row.certificate_ref = certificate_ref
    row.locked = True
    await session.flush()
    return row
