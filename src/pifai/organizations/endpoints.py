from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from pifai.api.deps import ManagerDep, PrincipalDep, RequestMetaDep, SessionDep
from pifai.kit.errors import NotFound
from pifai.models.enums import OrgType, Plan
from pifai.organizations import repository as repo
from pifai.organizations import service
from pifai.organizations.schemas import MemberAdd, MemberOut, MemberRoleUpdate, OrganizationOut

router = APIRouter(prefix="/organizations/current", tags=["organizations"])


@router.get("")
async def get_current_organization(principal: PrincipalDep, session: SessionDep) -> OrganizationOut:
    org = await repo.get_organization_for_org(session, principal.org_id)
    if org is None:
        raise NotFound("Organisation not found")
    return OrganizationOut(
        id=org.id,
        name=org.name,
        type=OrgType(org.type),
        plan=Plan(org.plan),
        created_at=org.created_at,
    )


@router.get("/members")
async def list_members(principal: PrincipalDep, session: SessionDep) -> list[MemberOut]:
    rows = await repo.list_members_for_org(session, principal.org_id)
    return [service.member_out(m, u) for m, u in rows]


@router.post("/members", status_code=status.HTTP_201_CREATED)
async def add_member(
    body: MemberAdd, principal: ManagerDep, session: SessionDep, meta: RequestMetaDep
) -> MemberOut:
    """Add an existing account to this organisation with a role (owner or admin only);
    403 ``plan_limit`` when the plan's member places (pending invitations count) are used."""
    return await service.add_member(session, principal, body, meta)


@router.put("/members/{user_id}")
async def change_member_role(
    user_id: uuid.UUID,
    body: MemberRoleUpdate,
    principal: ManagerDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> MemberOut:
    return await service.change_role(session, principal, user_id, body.role, meta)


@router.delete("/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(
    user_id: uuid.UUID, principal: ManagerDep, session: SessionDep, meta: RequestMetaDep
) -> Response:
    await service.remove_member(session, principal, user_id, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
