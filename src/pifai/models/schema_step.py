from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, utcnow


class SchemaStep(Base):
    """A start-up migration step (track B) that has been applied or found in place."""

    __tablename__ = "schema_steps"

    step_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    description: Mapped[str] = mapped_column(String(300))
    outcome: Mapped[str] = mapped_column(String(20))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
