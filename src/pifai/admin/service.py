"""The operator's cross-organisation reads and plan changes.

Every read spanning organisations runs on the admin role's session and appends an
``admin.bypass_rls`` row to the system chain in the same unit of work, after the read and
before anything is returned: the rows and their audit commit together or not at all.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.admin import repository as repo
from pifai.admin.schemas import (
    AdminOrganizationOut,
    AuditLogFilters,
    AuditLogOut,
    LimitUsage,
    OrganizationFilters,
    PlanChangeOut,
)
from pifai.audit import repository as audit_repo
from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.core.database import bind_tenant
from pifai.kit.errors import NotFound
from pifai.kit.pagination import Page, PageParams
from pifai.models.enums import OrgType, Plan
from pifai.organizations import repository as org_repo
from pifai.organizations.plans import LIMIT_NAMES, LimitName, allowed_of, usage_for_org


async def record_bypass(
    session: AsyncSession,
    operator_id: uuid.UUID,
    *,
    route: str,
    filters: dict[str, Any],
    returned: int,
    total: int,
    meta: RequestMeta,
) -> None:
    await audit.record(
        session,
        action="admin.bypass_rls",
        org_id=None,
        user_id=operator_id,
        resource=route,
        details={
            "route": route,
            "filters": filters,
            "rows": returned,
            "total": total,
            "operator_user_id": str(operator_id),
            "database": session.get_bind().dialect.name,
        },
        meta=meta,
    )


async def list_organizations(
    session: AsyncSession,
    operator_id: uuid.UUID,
    filters: OrganizationFilters,
    page: PageParams,
    meta: RequestMeta,
) -> Page[AdminOrganizationOut]:
    rows, total = await repo.list_organizations(
        session, filters, offset=page.offset, limit=page.page_size
    )
    await record_bypass(
        session,
        operator_id,
        route="GET /api/v1/admin/organizations",
        filters={**filters.as_details(), "page": page.page, "page_size": page.page_size},
        returned=len(rows),
        total=total,
        meta=meta,
    )
    items = [
        AdminOrganizationOut(
            id=row.org.id,
            name=row.org.name,
            type=OrgType(row.org.type),
            plan=Plan(row.org.plan),
            created_at=row.org.created_at,
            members=row.members,
            products=row.products,
            active_products=row.active_products,
            last_activity_at=row.last_activity_at,
        )
        for row in rows
    ]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


async def list_audit_logs(
    session: AsyncSession,
    operator_id: uuid.UUID,
    filters: AuditLogFilters,
    page: PageParams,
    meta: RequestMeta,
) -> Page[AuditLogOut]:
    rows, total = await audit_repo.list_for_operator(
        session,
        org_id=filters.org_id,
        user_id=filters.user_id,
        action=filters.action_exact,
        action_prefix=filters.action_prefix,
        since=filters.since,
        until=filters.until,
        offset=page.offset,
        limit=page.page_size,
    )
    items = [AuditLogOut.model_validate(row) for row in rows]
    await record_bypass(
        session,
        operator_id,
        route="GET /api/v1/admin/audit-logs",
        filters={**filters.as_details(), "page": page.page, "page_size": page.page_size},
        returned=len(items),
        total=total,
        meta=meta,
    )
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


async def change_plan(
    session: AsyncSession,
    operator_id: uuid.UUID | None,
    org_id: uuid.UUID,
    plan: Plan,
    meta: RequestMeta,
    *,
    via: str = "api",
) -> PlanChangeOut:
    """Set an organisation's plan, through the application role's session bound to that
    organisation.

    Why not the admin role: it is read-only by design (SELECT, plus INSERT on the audit
    log), so a leaked admin credential can read but never alter a tenant. Binding the app
    session to the target organisation lets row-level security admit exactly this one
    organisation's row and its audit chain — no extra grant, no second connection; the
    caller (``SuperAdminDep`` or the operator's CLI) has already established the authority.

    A downgrade below current usage is allowed: nothing is removed, the organisation just
    cannot add more until it is back under its limits; the answer names those limits.
    """
    await bind_tenant(session, org_id=org_id, user_id=operator_id)
    # Locked like a limit check, so a creation racing this change sees the plan it ends with.
    org = await org_repo.get_locked_organization_for_org(session, org_id)
    if org is None:
        raise NotFound("Organisation not found")
    previous = Plan(org.plan)
    if previous != plan:
        org.plan = plan.value
        await session.flush()
        await _record_plan_change(session, operator_id, org_id, previous, plan, meta, via)
    limits = [await _usage(session, org_id, plan, name) for name in LIMIT_NAMES]
    return PlanChangeOut(
        org_id=org.id,
        name=org.name,
        previous_plan=previous,
        plan=plan,
        changed=previous != plan,
        limits=limits,
        exceeded=[u.limit for u in limits if u.exceeded],
    )


async def _record_plan_change(
    session: AsyncSession,
    operator_id: uuid.UUID | None,
    org_id: uuid.UUID,
    previous: Plan,
    plan: Plan,
    meta: RequestMeta,
    via: str,
) -> None:
    """In the organisation's chain (its own history) and in the system chain, where every
    operator action is kept together."""
    change = {"from": previous.value, "to": plan.value, "via": via}
    await audit.record(
        session,
        action="organization.plan_changed",
        org_id=org_id,
        user_id=operator_id,
        resource=f"organization:{org_id}",
        details=change,
        meta=meta,
    )
    await audit.record(
        session,
        action="admin.plan_changed",
        org_id=None,
        user_id=operator_id,
        resource=f"organization:{org_id}",
        details={**change, "org_id": str(org_id)},
        meta=meta,
    )


async def _usage(
    session: AsyncSession, org_id: uuid.UUID, plan: Plan, name: LimitName
) -> LimitUsage:
    allowed = allowed_of(plan.value, name)
    used = await usage_for_org(session, org_id, name)
    return LimitUsage(
        limit=name, allowed=allowed, used=used, exceeded=allowed is not None and used > allowed
    )
