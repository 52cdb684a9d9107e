from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, enum_check, utcnow
from pifai.models.enums import EmailTokenPurpose, values


class EmailToken(IdMixin, Base):
    """A single-use, expiring token sent by email (verify an address, reset a password).

    Only the SHA-256 of the token is stored: a database reader cannot use it. Like
    ``users`` and ``login_attempts`` this table holds no organisation's data and has no
    row-level security; every query goes by the token's hash or the user's id.
    """

    __tablename__ = "email_tokens"
    __table_args__ = (enum_check("purpose", values(EmailTokenPurpose), "purpose"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    # The address the token was sent to: verifying proves control of this address only.
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
