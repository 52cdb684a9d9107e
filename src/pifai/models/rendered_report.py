"""A rendered regulatory PIF PDF, cached by the fingerprint of exactly what it shows.

The PDF bytes live encrypted in file storage like uploads (they carry the formula); a row
is written once and never changed: a new state is a new fingerprint and a new row.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, utcnow


class RenderedReport(IdMixin, Base):
    __tablename__ = "rendered_reports"
    __table_args__ = (UniqueConstraint("product_id", "state_hash", "lang"),)

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    # The stored version it was restored from; None for the current state.
    version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("pif_versions.id", ondelete="SET NULL")
    )
    state_hash: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(10))
    storage_key: Mapped[str] = mapped_column(String(300), unique=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int | None] = mapped_column(Integer)
    pades_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
