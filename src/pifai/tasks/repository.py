"""All SQL of the tasks domain; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Task


async def get_task_for_org(
    session: AsyncSession, org_id: uuid.UUID, task_id: uuid.UUID
) -> Task | None:
    result = await session.execute(select(Task).where(Task.id == task_id, Task.org_id == org_id))
    return result.scalar_one_or_none()
