"""An organisation's own credential for an external service (SPEC §17 settings/api-keys).

The value is sealed with the file-encryption keys (AES-256-GCM with key ids, so a key can
be rotated: the first configured key seals, every configured key opens) and bound to its
organisation and name, so a sealed value copied to another row does not open. Only the
last four characters are kept in clear, to show which key is set.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, enum_check, utcnow

KEY_NAMES = ("anthropic", "echa", "rag")


class OrgApiKey(IdMixin, Base):
    __tablename__ = "org_api_keys"
    __table_args__ = (
        UniqueConstraint("org_id", "name"),
        enum_check("name", KEY_NAMES, "name"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(20))
    value_encrypted: Mapped[str] = mapped_column(Text)
    last4: Mapped[str] = mapped_column(String(4))
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_test_at: Mapped[datetime | None]
    last_test_ok: Mapped[bool | None] = mapped_column(Boolean)
    last_test_error: Mapped[str | None] = mapped_column(String(500))
