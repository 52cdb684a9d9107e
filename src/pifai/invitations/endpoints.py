"""Invitations: the organisation's side under /organizations/current/invitations (owners
and admins), the invitee's side under /invitations (public preview, accept)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from pifai.api.deps import ManagerDep, RequestMetaDep, SessionDep
from pifai.email.deps import MailerDep
from pifai.invitations import repository as repo
from pifai.invitations import service
from pifai.invitations.auth import OptionalPrincipalDep
from pifai.invitations.schemas import (
    InvitationAccept,
    InvitationAccepted,
    InvitationCreate,
    InvitationOut,
    InvitationPreview,
)

router = APIRouter(tags=["invitations"])
MANAGED = "/organizations/current/invitations"


@router.post(MANAGED, status_code=status.HTTP_201_CREATED)
async def create_invitation(
    body: InvitationCreate,
    principal: ManagerDep,
    session: SessionDep,
    mailer: MailerDep,
    meta: RequestMetaDep,
) -> InvitationOut:
    """Invite an address as member, admin or sa; the link is emailed, never returned.
    Counts towards the plan's member limit while pending."""
    return await service.create_invitation(session, mailer, principal, body, meta)


@router.get(MANAGED)
async def list_invitations(principal: ManagerDep, session: SessionDep) -> list[InvitationOut]:
    """Pending and past invitations, newest first."""
    rows = await repo.list_invitations_for_org(session, principal.org_id)
    return [service.invitation_out(row) for row in rows]


@router.delete(MANAGED + "/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_invitation(
    invitation_id: uuid.UUID, principal: ManagerDep, session: SessionDep, meta: RequestMetaDep
) -> Response:
    await service.revoke_invitation(session, principal, invitation_id, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/invitations/{token}")
async def preview_invitation(token: str, session: SessionDep) -> InvitationPreview:
    """What the link offers (organisation, role, expiry, status) before accepting it."""
    return await service.preview(session, token)


@router.post("/invitations/accept")
async def accept_invitation(
    body: InvitationAccept,
    session: SessionDep,
    mailer: MailerDep,
    principal: OptionalPrincipalDep,
    meta: RequestMetaDep,
) -> InvitationAccepted:
    """Join the organisation: signed in as the invited address's account, or (no account
    yet) with a new password. Answers tokens acting in the organisation joined."""
    return await service.accept(session, mailer, body, principal, meta)
