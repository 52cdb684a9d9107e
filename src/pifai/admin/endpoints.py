"""The platform operator: bootstrap, organisations, plans and the audit trail.

Operator screens are in English only (no translation). Cross-organisation reads use
``OperatorSessionDep`` (the admin database role) and are each audited as ``admin.bypass_rls``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from pifai.admin import bootstrap as bootstrap_service
from pifai.admin import service
from pifai.admin.schemas import (
    AdminOrganizationOut,
    AuditLogFilters,
    AuditLogOut,
    BootstrapRequest,
    BootstrapResponse,
    OrganizationFilters,
    PlanChangeOut,
    PlanChangeRequest,
)
from pifai.api.deps import (
    DatabaseDep,
    OperatorSessionDep,
    RequestMetaDep,
    SessionDep,
    SettingsDep,
    SuperAdminDep,
)
from pifai.kit.errors import InvalidInput
from pifai.kit.input import PlainText
from pifai.kit.pagination import Page, PageParamsDep
from pifai.models.enums import OrgType, Plan

router = APIRouter(prefix="/admin", tags=["admin"])

ACTION_PATTERN = r"^[A-Za-z0-9_.:-]+\*?$"


@router.post("/bootstrap", status_code=status.HTTP_201_CREATED)
async def bootstrap(
    body: BootstrapRequest,
    session: SessionDep,
    db: DatabaseDep,
    settings: SettingsDep,
    meta: RequestMetaDep,
) -> BootstrapResponse:
    """Create the first super-admin and its operator organisation, with the one-time
    secret ``PIFAI_ADMIN_BOOTSTRAP_SECRET``. 403 when disabled or the secret is wrong,
    429 after repeated wrong secrets, 409 once a super-admin exists."""
    return await bootstrap_service.bootstrap(session, db, settings, body, meta)


def _organization_filters(
    q: Annotated[PlainText | None, Query(min_length=1, max_length=200)] = None,
    plan: Plan | None = None,
    type: OrgType | None = None,
) -> OrganizationFilters:
    return OrganizationFilters(q=q.strip() if q else None, plan=plan, type=type)


@router.get("/organizations")
async def list_organizations(
    operator: SuperAdminDep,
    session: OperatorSessionDep,
    filters: Annotated[OrganizationFilters, Depends(_organization_filters)],
    page: PageParamsDep,
    meta: RequestMetaDep,
) -> Page[AdminOrganizationOut]:
    """Every organisation (``q``: name contains, case-insensitive), newest first, with its
    member and product counts and last audited activity."""
    return await service.list_organizations(session, operator.user_id, filters, page, meta)


@router.put("/organizations/{org_id}/plan")
async def change_plan(
    org_id: uuid.UUID,
    body: PlanChangeRequest,
    operator: SuperAdminDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> PlanChangeOut:
    """Set the organisation's plan; ``exceeded`` lists limits its current usage is over."""
    return await service.change_plan(session, operator.user_id, org_id, body.plan, meta)


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _audit_filters(
    org_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    action: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=ACTION_PATTERN,
            description="An exact action, or a prefix ending in '*' (e.g. 'admin.*')",
        ),
    ] = None,
    since: Annotated[
        datetime | None, Query(description="ISO 8601, inclusive; no offset means UTC")
    ] = None,
    until: Annotated[
        datetime | None, Query(description="ISO 8601, exclusive; no offset means UTC")
    ] = None,
) -> AuditLogFilters:
    since, until = _as_utc(since), _as_utc(until)
    if since is not None and until is not None and since > until:
        raise InvalidInput(
            "Invalid input: since is after until",
            details=[{"field": "query.since", "message": "must not be after until"}],
        )
    return AuditLogFilters(org_id=org_id, user_id=user_id, action=action, since=since, until=until)


@router.get("/audit-logs")
async def list_audit_logs(
    operator: SuperAdminDep,
    session: OperatorSessionDep,
    filters: Annotated[AuditLogFilters, Depends(_audit_filters)],
    page: PageParamsDep,
    meta: RequestMetaDep,
) -> Page[AuditLogOut]:
    """Audit rows of every chain, newest first; without ``org_id`` the system chain (failed
    logins for unknown accounts, operator actions) is included."""
    return await service.list_audit_logs(session, operator.user_id, filters, page, meta)
