"""Organisation settings: what owners and admins may change about their organisation, the
plan usage that explains a ``plan_limit`` refusal, and the default report language."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.kit.errors import NotFound
from pifai.models import Organization
from pifai.models.enums import OrgType, Plan, ReportLanguage
from pifai.org_settings.schemas import (
    LimitOut,
    MembersLimitOut,
    OrgSettingsOut,
    OrgSettingsUpdate,
    PlanLimitsOut,
    PlanOut,
)
from pifai.organizations import plans
from pifai.organizations import repository as org_repo


def _remaining(allowed: int | None, used: int) -> int | None:
    return None if allowed is None else max(allowed - used, 0)


async def _plan_out(session: AsyncSession, org: Organization) -> PlanOut:
    products = await plans.usage_for_org(session, org.id, "active_products")
    members = await plans.count_members(session, org.id)
    allowed_products = plans.allowed_of(org.plan, "active_products")
    allowed_members = plans.allowed_of(org.plan, "members")
    return PlanOut(
        name=Plan(org.plan),
        limits=PlanLimitsOut(
            active_products=LimitOut(
                allowed=allowed_products,
                used=products,
                remaining=_remaining(allowed_products, products),
            ),
            members=MembersLimitOut(
                allowed=allowed_members,
                used=members.total,
                remaining=_remaining(allowed_members, members.total),
                memberships=members.memberships,
                pending_invitations=members.pending_invitations,
            ),
        ),
    )


async def _settings_out(session: AsyncSession, org: Organization) -> OrgSettingsOut:
    return OrgSettingsOut(
        id=org.id,
        name=org.name,
        type=OrgType(org.type),
        contact_name=org.contact_name,
        contact_email=org.contact_email,
        contact_phone=org.contact_phone,
        address=org.address,
        report_language=ReportLanguage(org.report_language),
        plan=await _plan_out(session, org),
    )


async def get_settings(session: AsyncSession, org_id: uuid.UUID) -> OrgSettingsOut:
    org = await org_repo.get_organization_for_org(session, org_id)
    if org is None:
        raise NotFound("Organisation not found")
    return await _settings_out(session, org)


async def update_settings(
    session: AsyncSession, principal: Principal, body: OrgSettingsUpdate, meta: RequestMeta
) -> OrgSettingsOut:
    """Apply the fields sent; audit ``organization.settings_changed`` with each changed
    field's old and new value (nothing is recorded when nothing changed)."""
    org = await org_repo.get_locked_organization_for_org(session, principal.org_id)
    if org is None:
        raise NotFound("Organisation not found")
    changes = {
        field: {"from": getattr(org, field), "to": value}
        for field, value in body.changes().items()
        if getattr(org, field) != value
    }
    if changes:
        for field, change in changes.items():
            setattr(org, field, change["to"])
        await session.flush()
        await audit.record(
            session,
            action="organization.settings_changed",
            org_id=principal.org_id,
            user_id=principal.user_id,
            resource=f"organization:{principal.org_id}",
            details={"changes": changes},
            meta=meta,
        )
    return await _settings_out(session, org)


async def report_language_for_org(session: AsyncSession, org_id: uuid.UUID) -> str:
    """The organisation's default report language, for routes called without one."""
    org = await org_repo.get_organization_for_org(session, org_id)
    if org is None:
        raise NotFound("Organisation not found")
    return org.report_language
