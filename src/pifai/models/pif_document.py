from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, JSONType, TimestampMixin, enum_check
from pifai.models.enums import ItemStatus, values


class PifDocument(IdMixin, TimestampMixin, Base):
    """One of a product's 16 PIF items (SPEC §2)."""

    __tablename__ = "pif_documents"
    __table_args__ = (
        UniqueConstraint("product_id", "item_number"),
        enum_check("status", values(ItemStatus), "status"),
        CheckConstraint("item_number BETWEEN 1 AND 16", name="item_number"),
        CheckConstraint(
            "ai_confidence IS NULL OR (ai_confidence >= 0 AND ai_confidence <= 1)",
            name="ai_confidence",
        ),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    item_number: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(20), default=ItemStatus.MISSING.value)
    ai_confidence: Mapped[float | None] = mapped_column(Float)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    not_applicable_justification: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
