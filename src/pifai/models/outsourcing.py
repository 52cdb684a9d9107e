"""Outsourcings: which of a product's PIF items another party provides (SPEC §5, §17).

An outsourcing names one provider for one or more items; each item of a product is
outsourced to at most one provider at a time, which the unique constraint on
``outsourcing_items`` keeps true even when two requests race.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pifai.models.base import Base, IdMixin, enum_check, utcnow
from pifai.models.enums import values


class ProviderType(StrEnum):
    """Who the work is outsourced to."""

    OEM = "oem"
    ODM = "odm"
    LAB = "lab"
    CONSULTANT = "consultant"
    FOREIGN_PRINCIPAL = "foreign_principal"
    OTHER = "other"


class Outsourcing(IdMixin, Base):
    __tablename__ = "outsourcings"
    __table_args__ = (enum_check("provider_type", values(ProviderType), "provider_type"),)

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    provider_name: Mapped[str] = mapped_column(String(300))
    provider_type: Mapped[str] = mapped_column(String(20))
    contact: Mapped[str | None] = mapped_column(String(300))
    due_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    items: Mapped[list[OutsourcingItem]] = relationship(
        back_populates="outsourcing",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="OutsourcingItem.item_number",
    )


class OutsourcingItem(IdMixin, Base):
    """One outsourced item; unique per product, so an item has one provider at a time."""

    __tablename__ = "outsourcing_items"
    __table_args__ = (
        UniqueConstraint("product_id", "item_number"),
        CheckConstraint("item_number BETWEEN 1 AND 16", name="item_number"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    outsourcing_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outsourcings.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    item_number: Mapped[int] = mapped_column(SmallInteger)
    outsourcing: Mapped[Outsourcing] = relationship(back_populates="items")
