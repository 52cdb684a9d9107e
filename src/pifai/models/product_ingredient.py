from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, JSONType, TimestampMixin


class ProductIngredient(IdMixin, TimestampMixin, Base):
    """One ingredient of a product's formula (item 3) after intake and normalisation."""

    __tablename__ = "product_ingredients"

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer)
    raw_name: Mapped[str] = mapped_column(String(500))
    inci: Mapped[str | None] = mapped_column(String(500))
    ingredient_ref: Mapped[str | None] = mapped_column(String(100))  # dictionary id
    cas_numbers: Mapped[list[str]] = mapped_column(JSONType, default=list)
    concentration_low: Mapped[float | None] = mapped_column(Float)
    concentration_pct: Mapped[float | None] = mapped_column(Float)  # upper bound, judged
    amount_text: Mapped[str] = mapped_column(String(100), default="")
    function: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[float | None] = mapped_column(Float)
    match_method: Mapped[str | None] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    source_file_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("uploaded_files.id"))
