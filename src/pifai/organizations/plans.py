"""Plans and their limits — the one place they are configured (SPEC §5 ``organizations.plan``).

A limit is checked by the route that would exceed it, under the organisation's row lock,
so two concurrent requests cannot both take the last free place. ``None`` is unlimited.
Only creating something limited is refused: archiving, removing a member or changing a
role always goes through, so an organisation over its limit (after a downgrade) can get
back under it. docs/plans.md describes the plans for operators and users.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.kit.errors import Forbidden, NotFound
from pifai.models.base import utcnow
from pifai.models.enums import Plan
from pifai.organizations import repository as org_repo

LimitName = Literal["active_products", "members"]
LIMIT_NAMES: tuple[LimitName, ...] = ("active_products", "members")


@dataclass(frozen=True)
class PlanLimits:
    # Products not archived.
    active_products: int | None
    # Memberships plus invitations still pending (sent, not accepted, revoked or expired).
    members: int | None


PLAN_LIMITS: dict[Plan, PlanLimits] = {
    Plan.FREE: PlanLimits(active_products=3, members=3),
    Plan.PRO: PlanLimits(active_products=100, members=25),
    Plan.ENTERPRISE: PlanLimits(active_products=None, members=None),
}

_LABELS: dict[LimitName, str] = {
    "active_products": "active products",
    "members": "members (pending invitations included)",
}


class PlanLimitReached(Forbidden):
    code = "plan_limit"


@dataclass(frozen=True)
class MemberCount:
    memberships: int
    pending_invitations: int

    @property
    def total(self) -> int:
        return self.memberships + self.pending_invitations


def limits_of(plan: str) -> PlanLimits:
    return PLAN_LIMITS[Plan(plan)]


def allowed_of(plan: str, limit: LimitName) -> int | None:
    allowed: int | None = getattr(limits_of(plan), limit)
    return allowed


async def count_members(session: AsyncSession, org_id: uuid.UUID) -> MemberCount:
    return MemberCount(
        memberships=await org_repo.count_members_for_org(session, org_id),
        pending_invitations=await org_repo.count_pending_invitations_for_org(
            session, org_id, utcnow()
        ),
    )


async def usage_for_org(session: AsyncSession, org_id: uuid.UUID, limit: LimitName) -> int:
    if limit == "active_products":
        return await org_repo.count_active_products_for_org(session, org_id)
    return (await count_members(session, org_id)).total


async def ensure_room_for_org(
    session: AsyncSession, org_id: uuid.UUID, limit: LimitName, *, adding: int = 1
) -> None:
    """Refuse (403 ``plan_limit``, naming the limit) when ``adding`` more would exceed the
    organisation's plan. Takes the organisation's row lock first (held until the
    transaction ends); call it in the same transaction that then creates the rows, so a
    concurrent creation waits and then counts this one."""
    org = await org_repo.get_locked_organization_for_org(session, org_id)
    if org is None:
        raise NotFound("Organisation not found")
    allowed = allowed_of(org.plan, limit)
    if allowed is None:
        return
    used = await usage_for_org(session, org_id, limit)
    if used + adding > allowed:
        label = _LABELS[limit]
        raise PlanLimitReached(
            f"Plan limit reached: the {org.plan} plan allows {allowed} {label} "
            f"and this organisation has {used}. Archive or remove some, "
            f"or ask the operator for a larger plan.",
            details={"limit": limit, "plan": org.plan, "allowed": allowed, "used": used},
        )
