"""Organisation settings and plan usage (GET/PUT /settings/org), for owners and admins."""

from __future__ import annotations

from fastapi import APIRouter

from pifai.api.deps import ManagerDep, RequestMetaDep, SessionDep
from pifai.org_settings import service
from pifai.org_settings.schemas import OrgSettingsOut, OrgSettingsUpdate

router = APIRouter(prefix="/settings", tags=["settings"])


@router.get("/org")
async def get_org_settings(principal: ManagerDep, session: SessionDep) -> OrgSettingsOut:
    """The settings, the plan with its limits and what is used of them."""
    return await service.get_settings(session, principal.org_id)


@router.put("/org")
async def update_org_settings(
    body: OrgSettingsUpdate, principal: ManagerDep, session: SessionDep, meta: RequestMetaDep
) -> OrgSettingsOut:
    """Change only the fields sent; ``null`` clears a contact field. The plan is not
    editable here: the operator changes it."""
    return await service.update_settings(session, principal, body, meta)
