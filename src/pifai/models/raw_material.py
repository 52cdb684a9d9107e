from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, JSONType, utcnow


class RawMaterial(IdMixin, Base):
    """An organisation's raw material (trade name) with its INCI breakdown, as declared by
    its supplier: used to resolve formula lines into per-INCI amounts."""

    __tablename__ = "raw_materials"
    __table_args__ = (UniqueConstraint("org_id", "name_key"),)

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))  # folded name for look-ups
    supplier: Mapped[str | None] = mapped_column(String(300))
    # [{"name", "cas", "share": {"kind","low","high","text"}, "is_impurity"}]
    components: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    source: Mapped[str | None] = mapped_column(String(300))  # e.g. the supplier's sheet
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
