from __future__ import annotations

import uuid

from fastapi import APIRouter

from pifai.api.deps import PrincipalDep, SessionDep
from pifai.kit.errors import NotFound
from pifai.tasks import repository as repo
from pifai.tasks.schemas import TaskOut

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get("/{task_id}")
async def get_task(task_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> TaskOut:
    """Poll a long operation: status, progress (0–100), result or last error."""
    task = await repo.get_task_for_org(session, principal.org_id, task_id)
    if task is None:
        raise NotFound("Task not found")
    return TaskOut.model_validate(task)
