"""Re-sends tasks that no queue holds: created while the queue was down, or lost with a
queue's data. Reads every organisation's tasks, so it uses the admin (BYPASSRLS) role;
duplicates it may cause are harmless (the claim decides)."""

from __future__ import annotations

import logging
from datetime import timedelta

from pifai.core.database import Database
from pifai.models.base import utcnow
from pifai.tasks import repository as repo
from pifai.tasks.messages import TaskMessage
from pifai.tasks.queue import TaskQueue
from pifai.tasks.service import publish_task

log = logging.getLogger(__name__)
BATCH = 200


async def reconcile_once(
    admin_db: Database, db: Database, queue: TaskQueue, *, older_than: float
) -> int:
    now = utcnow()
    async with admin_db.session() as session:
        rows = await repo.list_unqueued_tasks(
            session, stale_before=now - timedelta(seconds=older_than), now=now, limit=BATCH
        )
    sent = 0
    for task_id, org_id in rows:
        if await publish_task(db, queue, TaskMessage(task_id=task_id, org_id=org_id)):
            sent += 1
    if rows:
        log.info("tasks.reconciled", extra={"found": len(rows), "sent": sent})
    return sent
