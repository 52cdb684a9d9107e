from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, TimestampMixin, enum_check
from pifai.models.enums import PifStatus, values


class Product(IdMixin, TimestampMixin, Base):
    """A cosmetic product and its PIF; deleting archives (SPEC §5 retention)."""

    __tablename__ = "products"
    __table_args__ = (
        enum_check("pif_status", values(PifStatus), "pif_status"),
        # Created by start-up step 2026_12_03_products_org_updated_index.
        Index("ix_products_org_id_updated_at", "org_id", "updated_at"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str | None] = mapped_column(String(500))
    category: Mapped[str | None] = mapped_column(String(100))
    dosage_form: Mapped[str | None] = mapped_column(String(100))
    product_type: Mapped[str | None] = mapped_column(String(100))
    specific_purpose_category: Mapped[str | None] = mapped_column(String(100))
    specific_purpose_permit_number: Mapped[str | None] = mapped_column(String(100))
    intended_use: Mapped[str | None] = mapped_column(Text)
    manufacturer_name: Mapped[str | None] = mapped_column(String(300))
    manufacturer_address: Mapped[str | None] = mapped_column(String(500))
    registration_id: Mapped[str | None] = mapped_column(String(100))
    launch_date: Mapped[date | None]
    pif_status: Mapped[str] = mapped_column(String(20), default=PifStatus.DRAFT.value)
    pif_completed_at: Mapped[datetime | None]
    rag_kb_id: Mapped[str | None] = mapped_column(String(100), index=True)
    archived_at: Mapped[datetime | None]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
