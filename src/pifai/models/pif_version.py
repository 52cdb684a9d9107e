"""Stored PIF versions (SPEC §12): a snapshot of all 16 items, its fingerprints, and the
signature columns that signing (§12.6) fills in; a locked row is never changed again."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, utcnow

VERSION_LABELS = ("V0", "V1", "V2", "V3")
_HASH = 64  # hex SHA-256


class PifVersion(IdMixin, Base):
    __tablename__ = "pif_versions"
    __table_args__ = (
        UniqueConstraint("product_id", "label", "sequence"),
        CheckConstraint("label IN ('V0', 'V1', 'V2', 'V3')", name="label"),
        CheckConstraint("sequence >= 1", name="sequence"),
        CheckConstraint(
            "NOT locked OR (signed_at IS NOT NULL AND signature_hash IS NOT NULL)",
            name="locked_is_signed",
        ),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(2))
    sequence: Mapped[int] = mapped_column(Integer)
    # The canonical JSON as text (not JSON/JSONB, which would reorder keys): its bytes are
    # exactly what content_hash, and later the signature, cover.
    canonical_json: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(_HASH))
    fp_formula: Mapped[str] = mapped_column(String(_HASH))
    fp_process_maker: Mapped[str] = mapped_column(String(_HASH))
    fp_packaging: Mapped[str] = mapped_column(String(_HASH))
    fp_label_name: Mapped[str] = mapped_column(String(_HASH))
    fp_use: Mapped[str] = mapped_column(String(_HASH))
    source_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("pif_versions.id", ondelete="SET NULL")
    )
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Signing (SPEC §12.6) fills these; empty on a draft.
    signed_at: Mapped[datetime | None]
    signed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    signature_hash: Mapped[str | None] = mapped_column(String(_HASH))
    signature_method: Mapped[str | None] = mapped_column(String(30))
    signed_ip: Mapped[str | None] = mapped_column(String(45))
    signed_user_agent: Mapped[str | None] = mapped_column(String(500))
    certificate_ref: Mapped[str | None] = mapped_column(String(300))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
