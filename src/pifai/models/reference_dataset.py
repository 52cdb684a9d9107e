from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, JSONType, enum_check, utcnow
from pifai.regulatory.model import Authority, ListType


class ReferenceDataset(IdMixin, Base):
    """One imported version of one official list (SPEC §5 ``regulated_substances``, §9).

    Global reference data, shared by every organisation (no tenant data in it). The newest
    import of an (authority, list) replaces the shipped data for that list; older imports
    stay for ``pifai lists diff`` and the audit trail.
    """

    __tablename__ = "reference_datasets"
    __table_args__ = (
        enum_check("authority", [a.value for a in Authority], "authority"),
        enum_check("list_type", [t.value for t in ListType], "list_type"),
        Index("ix_reference_datasets_list", "authority", "list_type", "imported_at"),
    )

    authority: Mapped[str] = mapped_column(String(10))
    list_type: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(Integer)
    entries: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
