"""Invitation rules. Owners and admins invite an address with a role (member, admin, sa);
the invitee accepts once by link, signing in first when an account already uses the
address, or creating one (the link proved control of the address, so it counts as
verified). Every change is made under the organisation's row lock (the plan's member
limit counts pending invitations), and audited in the organisation's chain."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth import repository as auth_repo
from pifai.auth.passwords import password_problems
from pifai.auth.principal import Principal
from pifai.auth.service import normalise_email
from pifai.auth.tokens import issue_token_pair
from pifai.core.database import bind_tenant, flush_unique
from pifai.core.security import hash_password
from pifai.email.links import ACCEPT_INVITATION_PATH, link
from pifai.email.mailer import Mailer
from pifai.email.tasks import enqueue_email
from pifai.email.templates import Template, role_label
from pifai.invitations import repository as repo
from pifai.invitations import tokens
from pifai.invitations.schemas import (
    InvitationAccept,
    InvitationAccepted,
    InvitationCreate,
    InvitationOut,
    InvitationPreview,
    InvitationStatus,
)
from pifai.kit.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from pifai.models import Invitation, Membership, User
from pifai.models.base import utcnow
from pifai.models.enums import InvitationRole, MembershipRole, OrgType, ReportLanguage
from pifai.organizations import repository as org_repo
from pifai.organizations.plans import ensure_room_for_org


class InvitationNotUsable(AppError):
    status_code = 400
    code = "invitation_invalid"


class InvitationExpired(InvitationNotUsable):
    code = "invitation_expired"


class InvitationRevoked(InvitationNotUsable):
    code = "invitation_revoked"


class InvitationUsed(InvitationNotUsable):
    code = "invitation_used"


def _not_found() -> NotFound:
    return NotFound(
        "This invitation link is not valid; check that the whole link was copied",
        code="invitation_not_found",
    )


def status_of(invitation: Invitation) -> InvitationStatus:
    if invitation.accepted_at is not None:
        return InvitationStatus.ACCEPTED
    if invitation.revoked_at is not None:
        return InvitationStatus.REVOKED
    if invitation.expires_at <= utcnow():
        return InvitationStatus.EXPIRED
    return InvitationStatus.PENDING


def invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.id,
        email=invitation.email,
        role=InvitationRole(invitation.role),
        status=status_of(invitation),
        lang=ReportLanguage(invitation.lang),
        invited_by=invitation.invited_by,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
        accepted_by=invitation.accepted_by,
        revoked_at=invitation.revoked_at,
    )


def _refuse(invitation: Invitation) -> NoReturn:
    status = status_of(invitation)
    if status == InvitationStatus.ACCEPTED:
        raise InvitationUsed("This invitation has already been accepted")
    if status == InvitationStatus.REVOKED:
        raise InvitationRevoked("This invitation has been withdrawn by the organisation")
    raise InvitationExpired("This invitation has expired; ask the organisation for a new one")


# --- the organisation's side -------------------------------------------------------------


async def create_invitation(
    session: AsyncSession,
    mailer: Mailer,
    principal: Principal,
    body: InvitationCreate,
    meta: RequestMeta,
) -> InvitationOut:
    """Invite an address; inviting it again while an invitation is pending replaces that
    one (new link, new expiry, the old link stops working) instead of adding another."""
    org_id, email, now = principal.org_id, normalise_email(str(body.email)), utcnow()
    org = await org_repo.get_locked_organization_for_org(session, org_id)
    if org is None:
        raise NotFound("Organisation not found")
    existing_user = await auth_repo.get_user_by_email(session, email)
    if existing_user and await org_repo.get_member_for_org(session, org_id, existing_user.id):
        raise Conflict(
            "That person is already a member of this organisation", code="already_member"
        )
    pending = await repo.get_pending_for_email_for_org(session, org_id, email, now)
    await ensure_room_for_org(session, org_id, "members", adding=0 if pending else 1)
    token = tokens.new_token(org_id)
    lang = body.lang or ReportLanguage(org.report_language)
    expires_at = now + timedelta(days=mailer.settings.invitation_days)
    invitation = pending or Invitation(org_id=org_id, email=email, created_at=now)
    invitation.token_hash = tokens.digest(token)
    invitation.role = body.role.value
    invitation.lang = lang.value
    invitation.invited_by = principal.user_id
    invitation.expires_at = expires_at
    if pending is None:
        session.add(invitation)
    await session.flush()
    inviter = await auth_repo.get_user(session, principal.user_id)
    await enqueue_email(
        session,
        mailer.db,
        mailer.queue,
        mailer.settings,
        org_id=org_id,
        to=email,
        template=Template.INVITATION,
        lang=lang,
        variables={
            "link": link(mailer.settings, ACCEPT_INVITATION_PATH, token),
            "org_name": org.name,
            "inviter": (inviter.full_name or inviter.email) if inviter else org.name,
            "role": role_label(body.role.value, lang),
            "expires": f"{expires_at:%Y-%m-%d %H:%M} UTC",
        },
        created_by=principal.user_id,
    )
    await audit.record(
        session,
        action="invitation.created",
        org_id=org_id,
        user_id=principal.user_id,
        resource=f"invitation:{invitation.id}",
        details={
            "email": email,
            "role": body.role.value,
            "replaced_pending": pending is not None,
            "expires_at": expires_at.isoformat(),
        },
        meta=meta,
    )
    return invitation_out(invitation)


async def revoke_invitation(
    session: AsyncSession, principal: Principal, invitation_id: uuid.UUID, meta: RequestMeta
) -> None:
    """Withdraw a pending invitation (idempotent once withdrawn); an accepted one is a
    membership now, removed through the members routes."""
    invitation = await repo.get_invitation_for_org(session, principal.org_id, invitation_id)
    if invitation is None:
        raise NotFound("Invitation not found")
    if invitation.accepted_at is not None:
        raise Conflict(
            "This invitation was accepted; remove the member instead", code="invitation_accepted"
        )
    if not await repo.revoke_invitation_for_org(session, principal.org_id, invitation_id, utcnow()):
        return
    await audit.record(
        session,
        action="invitation.revoked",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"invitation:{invitation_id}",
        details={"email": invitation.email, "role": invitation.role},
        meta=meta,
    )


# --- the invitee's side ------------------------------------------------------------------


async def _find_by_token(session: AsyncSession, token: str) -> Invitation:
    parsed = tokens.parse(token)
    if parsed is None:
        raise _not_found()
    await repo.present_token(session, parsed.digest)
    invitation = await repo.get_invitation_by_token_for_org(session, parsed.org_id, parsed.digest)
    if invitation is None:
        raise _not_found()
    return invitation


async def preview(session: AsyncSession, token: str) -> InvitationPreview:
    invitation = await _find_by_token(session, token)
    await bind_tenant(session, org_id=invitation.org_id)
    org = await org_repo.get_organization_for_org(session, invitation.org_id)
    if org is None:
        raise _not_found()
    return InvitationPreview(
        organization_name=org.name,
        organization_type=OrgType(org.type),
        role=InvitationRole(invitation.role),
        email_masked=tokens.mask_email(invitation.email),
        status=status_of(invitation),
        expires_at=invitation.expires_at,
    )


@dataclass(frozen=True)
class _Joiner:
    user: User
    created: bool


async def accept(
    session: AsyncSession,
    mailer: Mailer,
    body: InvitationAccept,
    principal: Principal | None,
    meta: RequestMeta,
) -> InvitationAccepted:
    invitation = await _find_by_token(session, body.token)
    if status_of(invitation) != InvitationStatus.PENDING:
        _refuse(invitation)
    org_id = invitation.org_id
    await bind_tenant(session, org_id=org_id, user_id=principal.user_id if principal else None)
    # Accepting turns a counted pending invitation into a membership: nothing is added,
    # but an organisation already over its plan (downgraded since) takes nobody more.
    await ensure_room_for_org(session, org_id, "members", adding=0)
    now = utcnow()
    claimed = await repo.claim_invitation_for_org(session, org_id, invitation.id, now)
    if claimed is None:  # another request accepted or withdrew it meanwhile
        current = await repo.get_invitation_for_org(session, org_id, invitation.id)
        _refuse(current or invitation)
    joiner = await _joiner(session, mailer, claimed, body, principal)
    await bind_tenant(session, org_id=org_id, user_id=joiner.user.id)
    claimed.accepted_by = joiner.user.id
    session.add(Membership(org_id=org_id, user_id=joiner.user.id, role=claimed.role))
    await flush_unique(
        session,
        on_duplicate=Conflict(
            "You are already a member of this organisation", code="already_member"
        ),
    )
    await _audit_acceptance(session, claimed, joiner, meta)
    pair = await issue_token_pair(
        session,
        mailer.settings,
        user_id=joiner.user.id,
        org_id=org_id,
        role=MembershipRole(claimed.role),
        now=now,
    )
    return InvitationAccepted(
        **pair.model_dump(), user_id=joiner.user.id, account_created=joiner.created
    )


async def _joiner(
    session: AsyncSession,
    mailer: Mailer,
    invitation: Invitation,
    body: InvitationAccept,
    principal: Principal | None,
) -> _Joiner:
    """The account that joins: the signed-in owner of the invited address, or a new one."""
    user = await auth_repo.get_user_by_email(session, invitation.email)
    if user is not None:
        if principal is None:
            raise Unauthorized(
                "An account already uses the invited address: sign in with it, then accept",
                code="login_required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if principal.user_id != user.id:
            raise _wrong_account()
        if await org_repo.get_member_for_org(session, invitation.org_id, user.id):
            raise Conflict("You are already a member of this organisation", code="already_member")
        return _Joiner(user, created=False)
    if principal is not None:
        raise _wrong_account()
    return _Joiner(await _create_account(session, mailer, invitation, body), created=True)


def _wrong_account() -> Forbidden:
    return Forbidden(
        "This invitation was sent to another address than the account you are signed in "
        "with; sign out, or ask for an invitation to your address",
        code="wrong_account",
    )


async def _create_account(
    session: AsyncSession, mailer: Mailer, invitation: Invitation, body: InvitationAccept
) -> User:
    if not body.password:
        raise InvalidInput(
            "Choose a password to create your account",
            details=[{"field": "body.password", "message": "required for a new account"}],
        )
    problems = password_problems(body.password, email=invitation.email)
    if problems:
        raise InvalidInput(
            "Password is too weak: " + "; ".join(problems),
            details=[{"field": "body.password", "message": p} for p in problems],
        )
    user = User(
        id=uuid.uuid4(),
        email=invitation.email,
        password_hash=hash_password(mailer.settings, body.password),
        full_name=body.full_name,
        email_verified=True,
    )
    session.add(user)
    await flush_unique(
        session,
        on_duplicate=Conflict(
            "An account with this email was created meanwhile; sign in with it, then accept",
            code="email_taken",
        ),
    )
    return user


async def _audit_acceptance(
    session: AsyncSession, invitation: Invitation, joiner: _Joiner, meta: RequestMeta
) -> None:
    user = joiner.user
    await audit.record(
        session,
        action="invitation.accepted",
        org_id=invitation.org_id,
        user_id=user.id,
        resource=f"invitation:{invitation.id}",
        details={
            "email": invitation.email,
            "role": invitation.role,
            "account_created": joiner.created,
        },
        meta=meta,
    )
    await audit.record(
        session,
        action="membership.added",
        org_id=invitation.org_id,
        user_id=user.id,
        resource=f"user:{user.id}",
        details={"role": invitation.role, "email": user.email, "via": "invitation"},
        meta=meta,
    )
