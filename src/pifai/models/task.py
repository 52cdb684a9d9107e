from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, JSONType, TimestampMixin, enum_check
from pifai.models.enums import TaskStatus, values


class Task(IdMixin, TimestampMixin, Base):
    """A long operation; this row, not the queue, is the source of truth for its status."""

    __tablename__ = "tasks"
    __table_args__ = (
        enum_check("status", values(TaskStatus), "status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint("attempts >= 0", name="attempts"),
        # Created by start-up step 2026_12_03_tasks_due_index.
        Index("ix_tasks_status_next_run_at", "status", "next_run_at"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    next_run_at: Mapped[datetime | None]
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    error: Mapped[str | None] = mapped_column(Text)
    # Who holds the task now and until when; a worker that stops heart-beating loses it.
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None]
    # When the id was last handed to the queue; the reconciler re-sends stale pending rows.
    enqueued_at: Mapped[datetime | None]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
