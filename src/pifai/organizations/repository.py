"""All SQL of the organisations domain; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Invitation, Membership, Organization, Product, User


async def get_organization_for_org(session: AsyncSession, org_id: uuid.UUID) -> Organization | None:
    result = await session.execute(select(Organization).where(Organization.id == org_id))
    return result.scalar_one_or_none()


async def lock_organization_for_org(session: AsyncSession, org_id: uuid.UUID) -> None:
    """Serialise membership changes of one organisation until the transaction ends, so two
    owners demoting each other at once cannot leave it without an owner (PostgreSQL; on
    SQLite every write transaction is already exclusive)."""
    await session.execute(
        select(Organization.id).where(Organization.id == org_id).with_for_update(key_share=True)
    )


async def get_locked_organization_for_org(
    session: AsyncSession, org_id: uuid.UUID
) -> Organization | None:
    """The organisation row, locked until the transaction ends and re-read from the
    database (not the identity map), so a check made under the lock sees its current plan
    and settings. ``FOR NO KEY UPDATE``: lockers queue behind each other, but a transaction
    merely inserting a row that references the organisation (a task, an audit row) does
    not hold them up."""
    result = await session.execute(
        select(Organization)
        .where(Organization.id == org_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def list_members_for_org(
    session: AsyncSession, org_id: uuid.UUID
) -> list[tuple[Membership, User]]:
    result = await session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org_id)
        .order_by(Membership.created_at)
    )
    return [(m, u) for m, u in result.all()]


async def get_member_for_org(
    session: AsyncSession, org_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[Membership, User] | None:
    result = await session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org_id, Membership.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    row = result.first()
    return (row[0], row[1]) if row else None


async def count_owners_for_org(session: AsyncSession, org_id: uuid.UUID) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(Membership)
        .where(Membership.org_id == org_id, Membership.role == "owner")
    )
    return int(result.scalar_one())


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(select(User).where(User.email == email))
    return result.scalar_one_or_none()


async def count_active_products_for_org(session: AsyncSession, org_id: uuid.UUID) -> int:
    query = select(func.count()).where(Product.org_id == org_id, Product.archived_at.is_(None))
    return int((await session.execute(query)).scalar_one())


async def count_members_for_org(session: AsyncSession, org_id: uuid.UUID) -> int:
    query = select(func.count()).where(Membership.org_id == org_id)
    return int((await session.execute(query)).scalar_one())


async def count_pending_invitations_for_org(
    session: AsyncSession, org_id: uuid.UUID, now: datetime
) -> int:
    """Invitations sent and still usable: not accepted, revoked or expired."""
    query = select(func.count()).where(
        Invitation.org_id == org_id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > now,
    )
    return int((await session.execute(query)).scalar_one())
