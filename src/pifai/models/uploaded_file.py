from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, utcnow


class UploadedFile(IdMixin, Base):
    """A stored document; the bytes live encrypted in file storage under ``storage_key``."""

    __tablename__ = "uploaded_files"
    __table_args__ = (
        CheckConstraint("item_number IS NULL OR item_number BETWEEN 1 AND 16", name="item_number"),
        CheckConstraint("size_bytes >= 0", name="size_bytes"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"), index=True)
    item_number: Mapped[int | None] = mapped_column(SmallInteger)
    filename: Mapped[str] = mapped_column(String(300))
    file_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300), unique=True)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=True)
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
