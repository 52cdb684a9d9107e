"""Membership rules: owners and admins manage members; only an owner grants or removes
ownership; an organisation always keeps at least one owner; adding a member needs room in
the plan (changing a role or removing a member never does)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.auth.service import normalise_email
from pifai.core.database import flush_unique
from pifai.invitations import repository as invitations
from pifai.kit.errors import Conflict, Forbidden, NotFound
from pifai.models import Membership, User
from pifai.models.base import utcnow
from pifai.models.enums import MembershipRole
from pifai.organizations import repository as repo
from pifai.organizations.plans import ensure_room_for_org
from pifai.organizations.schemas import MemberAdd, MemberOut


def member_out(membership: Membership, user: User) -> MemberOut:
    return MemberOut(
        user_id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=MembershipRole(membership.role),
        joined_at=membership.created_at,
    )


def _guard_owner_change(principal: Principal, *roles: MembershipRole) -> None:
    if MembershipRole.OWNER in roles and principal.role != MembershipRole.OWNER:
        raise Forbidden("Only an owner can grant, change or remove the owner role")


async def add_member(
    session: AsyncSession, principal: Principal, body: MemberAdd, meta: RequestMeta
) -> MemberOut:
    _guard_owner_change(principal, body.role)
    user = await repo.find_user_by_email(session, normalise_email(body.email))
    if user is None:
        raise NotFound("No account uses that email; invite the person to register first")
    duplicate = Conflict(
        "That user is already a member of this organisation", code="already_member"
    )
    if await repo.get_member_for_org(session, principal.org_id, user.id):
        raise duplicate
    # A pending invitation of the same person already holds their place: adding them
    # directly takes that place and revokes the invitation, so nobody counts twice.
    now = utcnow()
    pending = await invitations.get_pending_for_email_for_org(
        session, principal.org_id, user.email, now
    )
    await ensure_room_for_org(session, principal.org_id, "members", adding=0 if pending else 1)
    membership = Membership(org_id=principal.org_id, user_id=user.id, role=body.role.value)
    session.add(membership)
    await flush_unique(session, on_duplicate=duplicate)
    if pending is not None and await invitations.revoke_invitation_for_org(
        session, principal.org_id, pending.id, now
    ):
        await audit.record(
            session,
            action="invitation.revoked",
            org_id=principal.org_id,
            user_id=principal.user_id,
            resource=f"invitation:{pending.id}",
            details={"email": user.email, "reason": "added directly as a member"},
            meta=meta,
        )
    await audit.record(
        session,
        action="membership.added",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"user:{user.id}",
        details={"role": body.role.value, "email": user.email},
        meta=meta,
    )
    return member_out(membership, user)


async def _lock_and_get_member(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID
) -> tuple[Principal, Membership, User]:
    """Take the organisation's membership lock, then re-read the acting user's role (a
    concurrent change may have demoted them while they waited) and the target member."""
    await repo.lock_organization_for_org(session, principal.org_id)
    actor = await repo.get_member_for_org(session, principal.org_id, principal.user_id)
    if actor is None:
        raise Forbidden("You are no longer a member of this organisation")
    actor_role = MembershipRole(actor[0].role)
    if actor_role not in (MembershipRole.OWNER, MembershipRole.ADMIN):
        raise Forbidden("This action needs one of the roles: admin, owner")
    found = await repo.get_member_for_org(session, principal.org_id, user_id)
    if found is None:
        raise NotFound("Member not found")
    return replace(principal, role=actor_role), found[0], found[1]


async def change_role(
    session: AsyncSession,
    principal: Principal,
    user_id: uuid.UUID,
    role: MembershipRole,
    meta: RequestMeta,
) -> MemberOut:
    principal, membership, user = await _lock_and_get_member(session, principal, user_id)
    old = MembershipRole(membership.role)
    _guard_owner_change(principal, old, role)
    if old == MembershipRole.OWNER and role != MembershipRole.OWNER:
        await _keep_one_owner(session, principal.org_id)
    membership.role = role.value
    await session.flush()
    await audit.record(
        session,
        action="membership.role_changed",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"user:{user_id}",
        details={"from": old.value, "to": role.value},
        meta=meta,
    )
    return member_out(membership, user)


async def remove_member(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID, meta: RequestMeta
) -> None:
    principal, membership, user = await _lock_and_get_member(session, principal, user_id)
    role = MembershipRole(membership.role)
    _guard_owner_change(principal, role)
    if role == MembershipRole.OWNER:
        await _keep_one_owner(session, principal.org_id)
    await session.delete(membership)
    await session.flush()
    await audit.record(
        session,
        action="membership.removed",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"user:{user_id}",
        details={"role": role.value, "email": user.email},
        meta=meta,
    )


async def _keep_one_owner(session: AsyncSession, org_id: uuid.UUID) -> None:
    if await repo.count_owners_for_org(session, org_id) <= 1:
        raise Conflict("An organisation must keep at least one owner", code="last_owner")
