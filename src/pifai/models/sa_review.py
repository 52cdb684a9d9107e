"""A Safety Assessor's review of one product's PIF (SPEC §5 ``sa_reviews``, §12.6).

A review is opened when the product is submitted; the SA comments, notes each ``error``
alert, then either sends items back (``revision_requested``) or signs (``signed``, with the
locked version it produced). At most one review of a product is open at a time.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, JSONType, enum_check, utcnow
from pifai.models.enums import values


class ReviewStatus(StrEnum):
    PENDING = "pending"
    REVISION_REQUESTED = "revision_requested"
    SIGNED = "signed"


class SaReview(IdMixin, Base):
    __tablename__ = "sa_reviews"
    __table_args__ = (
        enum_check("status", values(ReviewStatus), "status"),
        Index(
            "uq_sa_reviews_open_per_product",
            "product_id",
            unique=True,
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        ),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.PENDING.value)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The SA who last acted on the review (commented, asked for a revision or signed).
    sa_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # [{item_number|None, text, author_id, at}] in the order written.
    comments: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # alert key -> {note, author_id, at}: the SA's note on an ``error`` alert (§12.6).
    alert_notes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    ai_draft_assessment: Mapped[str | None] = mapped_column(Text)
    sa_final_assessment: Mapped[str | None] = mapped_column(Text)
    revision_items: Mapped[list[int]] = mapped_column(JSONType, default=list)
    version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("pif_versions.id", ondelete="SET NULL")
    )
    signature_method: Mapped[str | None] = mapped_column(String(30))
    signature_hash: Mapped[str | None] = mapped_column(String(64))
    signature_ip: Mapped[str | None] = mapped_column(String(45))
    sa_certificate_ref: Mapped[str | None] = mapped_column(String(200))
    signed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
