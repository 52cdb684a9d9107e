"""Plans and their limits — the one place they are configured (SPEC §5 ``organizations.plan``).

A limit is checked by the route that would exceed it, under the organisation's row lock,
so two concurrent requests cannot both take the last free place. ``None`` is unlimited.
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

_LABELS: dict[LimitName, str] = {"active_products": "active products", "members": "members"}


class PlanLimitReached(Forbidden):
    code = "plan_limit"


def limits_of(plan: str) -> PlanLimits:
    return PLAN_LIMITS[Plan(plan)]


async def usage_for_org(session: AsyncSession, org_id: uuid.UUID, limit: LimitName) -> int:
    if limit == "active_products":
        return await org_repo.count_active_products_for_org(session, org_id)
    return await org_repo.count_members_for_org(
        session, org_id
    ) + await org_repo.count_pending_invitations_for_org(session, org_id, utcnow())


async def ensure_room_for_org(
    session: AsyncSession, org_id: uuid.UUID, limit: LimitName, *, adding: int = 1
) -> None:
    """Refuse (403 ``plan_limit``, naming the limit) when ``adding`` more would exceed the
    organisation's plan. Takes the organisation's row lock first; call it in the same
    transaction that then creates the rows."""
    await org_repo.lock_organization_for_org(session, org_id)
    org = await org_repo.get_organization_for_org(session, org_id)
    if org is None:
        raise NotFound("Organisation not found")
    allowed = getattr(limits_of(org.plan), limit)
    if allowed is None:
        return
    used = await usage_for_org(session, org_id, limit)
    if used + adding > allowed:
        label = _LABELS[limit]
        raise PlanLimitReached(
            f"The {org.plan} plan allows {allowed} {label}; this organisation has {used}. "
            f"Archive or remove some, or ask the operator for a larger plan.",
            details={"limit": limit, "plan": org.plan, "allowed": allowed, "used": used},
        )
