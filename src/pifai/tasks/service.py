"""Creating tasks and handing them to the queue once their row is committed."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.core.database import Database, after_commit
from pifai.models import Task
from pifai.models.base import utcnow
from pifai.models.enums import TaskStatus
from pifai.tasks import repository as repo
from pifai.tasks.messages import TaskMessage
from pifai.tasks.queue import QueueUnavailable, TaskQueue
from pifai.tasks.registry import get_kind

log = logging.getLogger(__name__)


async def create_task(
    session: AsyncSession,
    db: Database,
    queue: TaskQueue,
    *,
    org_id: uuid.UUID,
    kind: str,
    payload: dict[str, Any],
    created_by: uuid.UUID | None = None,
) -> Task:
    """Insert a pending task; it is published only after this transaction commits (and
    never if it rolls back). Publishing is fail-soft: with the queue down the row stays
    pending and the reconciler sends it later."""
    spec = get_kind(kind)
    task = Task(
        org_id=org_id,
        kind=kind,
        status=TaskStatus.PENDING.value,
        attempts=0,
        max_attempts=spec.max_attempts,
        progress=0,
        payload=payload,
        created_by=created_by,
    )
    session.add(task)
    await session.flush()
    message = TaskMessage(task_id=task.id, org_id=org_id)

    async def publish() -> None:
        await publish_task(db, queue, message)

    after_commit(session, publish)
    return task


async def publish_task(db: Database, queue: TaskQueue, message: TaskMessage) -> bool:
    try:
        await queue.publish(message)
    except QueueUnavailable as exc:
        log.warning(
            "queue unavailable; task left pending for the reconciler",
            extra={"task_id": str(message.task_id), "error": str(exc)},
        )
        return False
    async with db.session(org_id=message.org_id) as session:
        await repo.mark_enqueued_for_org(session, message.org_id, message.task_id, now=utcnow())
    return True
