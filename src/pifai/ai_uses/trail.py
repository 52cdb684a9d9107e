"""The audit row of what a worker's AI use did: which path ran and with whose key (never
the text it read or wrote). The row names the person who started the task."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.tasks import repository as tasks_repo
from pifai.tasks.context import TaskContext


async def record_ai_outcome(
    session: AsyncSession,
    ctx: TaskContext,
    *,
    action: str,
    resource: str,
    details: dict[str, Any],
) -> None:
    task = await tasks_repo.get_task_for_org(session, ctx.org_id, ctx.task_id)
    await audit.record(
        session,
        action=action,
        org_id=ctx.org_id,
        user_id=task.created_by if task is not None else None,
        resource=resource,
        details={"task_id": str(ctx.task_id), **details},
    )


def path_details(marks: dict[str, Any]) -> dict[str, Any]:
    """The markers an audit row keeps: path, draft flag, key source, model."""
    keep = ("path", "ai_draft", "key_source", "model", "prompt_version")
    return {k: marks[k] for k in keep if marks.get(k) is not None}
