from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, EmailStr, Field

from pifai.auth.schemas import TokenPair
from pifai.email.language import EmailLanguage
from pifai.kit.input import InputModel, PersonOrOrgName
from pifai.models.enums import InvitationRole, OrgType, ReportLanguage


class InvitationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


class InvitationCreate(InputModel):
    email: EmailStr
    role: InvitationRole
    lang: EmailLanguage | None = Field(
        default=None,
        description="Language of the invitation message; default: the organisation's "
        "report language",
    )


class InvitationOut(BaseModel):
    """Never carries the token: it exists only in the message sent to the invitee."""

    id: uuid.UUID
    email: str
    role: InvitationRole
    status: InvitationStatus
    lang: ReportLanguage
    invited_by: uuid.UUID | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    accepted_by: uuid.UUID | None
    revoked_at: datetime | None


class InvitationPreview(BaseModel):
    """What the holder of a link may see before accepting it."""

    organization_name: str
    organization_type: OrgType
    role: InvitationRole
    email_masked: str = Field(description="The invited address, partly hidden")
    status: InvitationStatus
    expires_at: datetime


class InvitationAccept(InputModel):
    token: str = Field(min_length=1, max_length=512, description="The token from the link")
    password: str | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="Needed only when no account uses the invited address yet",
    )
    full_name: PersonOrOrgName | None = Field(default=None, max_length=200)


class InvitationAccepted(TokenPair):
    """Tokens acting in the organisation just joined."""

    user_id: uuid.UUID
    account_created: bool
