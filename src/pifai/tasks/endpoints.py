from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from pifai.api.deps import DatabaseDep, ManagerDep, PrincipalDep, QueueDep, SessionDep
from pifai.kit.errors import NotFound
from pifai.models.enums import TaskStatus
from pifai.tasks import repository as repo
from pifai.tasks import service
from pifai.tasks.diagnostics import ECHO
from pifai.tasks.schemas import EchoRequest, TaskAccepted, TaskOut

router = APIRouter(prefix="/tasks", tags=["tasks"])


def accepted(response: Response, task_id: uuid.UUID) -> TaskAccepted:
    """202 with the task to poll, for every route that starts long work."""
    location = f"/api/v1/tasks/{task_id}"
    response.status_code = status.HTTP_202_ACCEPTED
    response.headers["Location"] = location
    return TaskAccepted(task_id=task_id, status=TaskStatus.PENDING, location=location)


@router.get("/{task_id}")
async def get_task(task_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> TaskOut:
    """Poll a long operation: status, progress (0–100), result or last error."""
    task = await repo.get_task_for_org(session, principal.org_id, task_id)
    if task is None:
        raise NotFound("Task not found")
    return TaskOut.model_validate(task)


@router.post("/diagnostics/echo", status_code=status.HTTP_202_ACCEPTED)
async def start_echo(
    body: EchoRequest,
    response: Response,
    principal: ManagerDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
) -> TaskAccepted:
    """Start a diagnostic task, to check that workers take and finish work."""
    task = await service.create_task(
        session,
        db,
        queue,
        org_id=principal.org_id,
        kind=ECHO,
        payload=body.model_dump(),
        created_by=principal.user_id,
    )
    return accepted(response, task.id)
