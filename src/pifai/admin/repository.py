"""All SQL of the operator's routes.

``list_organizations`` spans every organisation: it runs on the admin role's session
(BYPASSRLS) and its caller appends ``admin.bypass_rls``. Each per-organisation figure is a
subquery correlated on that organisation's id; through the app role, row-level security
would show the operator's own organisations only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, ScalarSelect, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from pifai.admin.schemas import OrganizationFilters
from pifai.models import AuditLog, LoginAttempt, Membership, Organization, Product, User
from pifai.models.enums import PlatformRole

# Failed bootstrap attempts are kept with the failed logins (per-address throttling counts
# both); this marker, which is no email address, stands in the email column.
BOOTSTRAP_ATTEMPT_MARKER = "(admin bootstrap)"


async def count_super_admins(session: AsyncSession) -> int:
    query = select(func.count()).where(User.platform_role == PlatformRole.SUPER_ADMIN.value)
    return int((await session.execute(query)).scalar_one())


async def lock_bootstrap(session: AsyncSession) -> None:
    """Serialise bootstraps until the transaction ends (PostgreSQL; SQLite write
    transactions are already exclusive, BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended('pifai.admin.bootstrap', 0))")
        )


async def recent_bootstrap_failures_for_ip(
    session: AsyncSession, ip: str, since: datetime
) -> list[datetime]:
    result = await session.execute(
        select(LoginAttempt.attempted_at)
        .where(
            LoginAttempt.email == BOOTSTRAP_ATTEMPT_MARKER,
            LoginAttempt.ip == ip,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= since,
        )
        .order_by(LoginAttempt.attempted_at.desc())
    )
    return list(result.scalars())


@dataclass(frozen=True)
class OrganizationUsage:
    org: Organization
    members: int
    products: int
    active_products: int
    last_activity_at: datetime | None


def _members_of(org_id: InstrumentedAttribute[uuid.UUID]) -> ScalarSelect[int]:
    return select(func.count()).where(Membership.org_id == org_id).scalar_subquery()


def _products_of(
    org_id: InstrumentedAttribute[uuid.UUID], *, active_only: bool
) -> ScalarSelect[int]:
    query = select(func.count()).where(Product.org_id == org_id)
    if active_only:
        query = query.where(Product.archived_at.is_(None))
    return query.scalar_subquery()


def _last_activity_of(org_id: InstrumentedAttribute[uuid.UUID]) -> ScalarSelect[datetime]:
    return select(func.max(AuditLog.created_at)).where(AuditLog.org_id == org_id).scalar_subquery()


def _organization_conditions(filters: OrganizationFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        conditions.append(
            func.lower(Organization.name).contains(filters.q.lower(), autoescape=True)
        )
    if filters.plan:
        conditions.append(Organization.plan == filters.plan.value)
    if filters.type:
        conditions.append(Organization.type == filters.type.value)
    return conditions


async def list_organizations(
    session: AsyncSession, filters: OrganizationFilters, *, offset: int, limit: int
) -> tuple[list[OrganizationUsage], int]:
    """Every organisation matching the filters, newest first, with its usage figures."""
    conditions = _organization_conditions(filters)
    total = (
        await session.execute(select(func.count()).select_from(Organization).where(*conditions))
    ).scalar_one()
    result = await session.execute(
        select(
            Organization,
            _members_of(Organization.id),
            _products_of(Organization.id, active_only=False),
            _products_of(Organization.id, active_only=True),
            _last_activity_of(Organization.id),
        )
        .where(*conditions)
        .order_by(Organization.created_at.desc(), Organization.id)
        .offset(offset)
        .limit(limit)
    )
    rows = [
        OrganizationUsage(
            org=org,
            members=int(members),
            products=int(products),
            active_products=int(active),
            last_activity_at=last,
        )
        for org, members, products, active, last in result.all()
    ]
    return rows, int(total)
