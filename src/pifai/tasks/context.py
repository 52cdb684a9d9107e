"""What a handler gets: its task, a progress reporter and org-bound database sessions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.core.config import Settings, get_settings
from pifai.core.database import Database
from pifai.tasks.queue import TaskQueue


@dataclass
class TaskContext:
    task_id: uuid.UUID
    org_id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    db: Database
    report_progress: Callable[[int], Awaitable[None]]
    app_settings: Settings | None = None
    # The worker's own queue, so a task can start a follow-up task (published after commit).
    queue: TaskQueue | None = None

    @property
    def settings(self) -> Settings:
        return self.app_settings or get_settings()

    async def progress(self, percent: int) -> None:
        await self.report_progress(max(0, min(100, int(percent))))

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work scoped to the task's organisation (row-level security applies)."""
        async with self.db.session(org_id=self.org_id) as session:
            yield session
