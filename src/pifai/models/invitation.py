from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, enum_check, utcnow
from pifai.models.enums import InvitationRole, values


class Invitation(IdMixin, Base):
    """An email invited into an organisation with a role, accepted once by link.

    Row-level security shows a row to its organisation, and to a request that presents
    the token itself (``app.invitation_token_hash``): the invitee is not yet a member.
    """

    __tablename__ = "invitations"
    __table_args__ = (enum_check("role", values(InvitationRole), "role"),)

    org_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    lang: Mapped[str] = mapped_column(String(10), default="zh-Hant")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None]
