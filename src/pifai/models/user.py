from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, TimestampMixin, enum_check
from pifai.models.enums import PlatformRole, values


class User(IdMixin, TimestampMixin, Base):
    """A person; roles in organisations live on memberships."""

    __tablename__ = "users"
    __table_args__ = (enum_check("platform_role", values(PlatformRole), "platform_role"),)

    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    platform_role: Mapped[str | None] = mapped_column(String(20))
    totp_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # RFC 6238 time step of the last accepted code; only a later step is accepted next.
    totp_last_timecode: Mapped[int | None] = mapped_column(BigInteger)
    sa_qualified_until: Mapped[date | None]
    sa_certificate_ref: Mapped[str | None] = mapped_column(String(200))
