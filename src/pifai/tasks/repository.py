"""All SQL of the tasks domain.

Every state change is a conditional UPDATE on the row: the database, not the queue,
decides whether a delivery may run (a duplicate or stale delivery changes nothing).
``claimed_by`` + ``attempts`` identify one run; a run that lost its lease can no
longer finish, fail or retry the task.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import Task
from pifai.models.enums import TaskStatus

PENDING, PROCESSING = TaskStatus.PENDING.value, TaskStatus.PROCESSING.value


async def get_task_for_org(
    session: AsyncSession, org_id: uuid.UUID, task_id: uuid.UUID
) -> Task | None:
    result = await session.execute(select(Task).where(Task.id == task_id, Task.org_id == org_id))
    return result.scalar_one_or_none()


def _claimable(now: datetime) -> Any:
    due = or_(Task.next_run_at.is_(None), Task.next_run_at <= now)
    abandoned = and_(Task.status == PROCESSING, Task.lease_expires_at < now)
    return or_(and_(Task.status == PENDING, due), abandoned)


async def claim_task_for_org(
    session: AsyncSession,
    org_id: uuid.UUID,
    task_id: uuid.UUID,
    *,
    worker_id: str,
    now: datetime,
    lease_until: datetime,
) -> Task | None:
    """Start a run: pending-and-due, or processing with an expired lease (its worker died).
    The attempt is counted here, so a task that kills its worker cannot loop forever."""
    result = await session.execute(
        update(Task)
        .where(
            Task.id == task_id,
            Task.org_id == org_id,
            _claimable(now),
            Task.attempts < Task.max_attempts,
        )
        .values(
            status=PROCESSING,
            attempts=Task.attempts + 1,
            claimed_by=worker_id,
            lease_expires_at=lease_until,
            started_at=now,
            updated_at=now,
        )
        .returning(Task)
    )
    return result.scalar_one_or_none()


async def fail_abandoned_for_org(
    session: AsyncSession, org_id: uuid.UUID, task_id: uuid.UUID, *, now: datetime
) -> bool:
    """A task whose worker died during its last allowed attempt ends failed."""
    result = await session.execute(
        update(Task)
        .where(
            Task.id == task_id,
            Task.org_id == org_id,
            Task.status == PROCESSING,
            Task.lease_expires_at < now,
            Task.attempts >= Task.max_attempts,
        )
        .values(
            status=TaskStatus.FAILED.value,
            error="the worker stopped during the last allowed attempt",
            finished_at=now,
            updated_at=now,
            lease_expires_at=None,
        )
    )
    return _changed(result)


def _run_guard(org_id: uuid.UUID, task_id: uuid.UUID, worker_id: str, attempt: int) -> Any:
    return and_(
        Task.id == task_id,
        Task.org_id == org_id,
        Task.status == PROCESSING,
        Task.claimed_by == worker_id,
        Task.attempts == attempt,
    )


async def update_run_for_org(
    session: AsyncSession,
    org_id: uuid.UUID,
    task_id: uuid.UUID,
    *,
    worker_id: str,
    attempt: int,
    values: dict[str, Any],
) -> bool:
    """Change a task only if this run still holds it; False means the run lost its lease."""
    result = await session.execute(
        update(Task).where(_run_guard(org_id, task_id, worker_id, attempt)).values(**values)
    )
    return _changed(result)


async def count_running_for_org(session: AsyncSession, org_id: uuid.UUID, *, now: datetime) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(Task)
        .where(Task.org_id == org_id, Task.status == PROCESSING, Task.lease_expires_at > now)
    )
    return int(result.scalar_one())


async def mark_enqueued_for_org(
    session: AsyncSession, org_id: uuid.UUID, task_id: uuid.UUID, *, now: datetime
) -> None:
    await session.execute(
        update(Task).where(Task.id == task_id, Task.org_id == org_id).values(enqueued_at=now)
    )


async def list_unqueued_tasks(
    session: AsyncSession, *, stale_before: datetime, now: datetime, limit: int
) -> Sequence[Row[uuid.UUID, uuid.UUID]]:
    """Tasks of every organisation that no queue seems to hold: pending and due but not
    (recently) enqueued, or processing with a lease long expired. Reconciler only, through
    the admin role."""
    stale_pending = and_(
        Task.status == PENDING,
        or_(Task.next_run_at.is_(None), Task.next_run_at < stale_before),
        or_(Task.enqueued_at.is_(None), Task.enqueued_at < stale_before),
        Task.updated_at < stale_before,
    )
    lost_processing = and_(Task.status == PROCESSING, Task.lease_expires_at < stale_before)
    result = await session.execute(
        select(Task.id, Task.org_id)
        .where(or_(stale_pending, lost_processing))
        .order_by(Task.created_at)
        .limit(limit)
    )
    return result.all()


async def count_tasks_by_kind_and_status(
    session: AsyncSession, *, now: datetime
) -> Sequence[Row[str, str, int, int]]:
    """(kind, status, total, due) over every organisation, for metrics (admin role)."""
    is_due = and_(Task.status == PENDING, or_(Task.next_run_at.is_(None), Task.next_run_at <= now))
    due = func.sum(case((is_due, 1), else_=0))
    result = await session.execute(
        select(Task.kind, Task.status, func.count(), func.coalesce(due, 0)).group_by(
            Task.kind, Task.status
        )
    )
    return result.all()


async def retries_by_kind(session: AsyncSession) -> Sequence[Row[str, int]]:
    result = await session.execute(
        select(Task.kind, func.coalesce(func.sum(Task.attempts - 1), 0))
        .where(Task.attempts > 1)
        .group_by(Task.kind)
    )
    return result.all()


async def duration_histogram(session: AsyncSession, buckets: Sequence[float]) -> Sequence[Row[Any]]:
    """Per kind: count, sum of seconds, and cumulative counts per bucket bound, over every
    finished task (admin role). Cumulative over all time, as Prometheus histograms are."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        seconds: Any = func.extract("epoch", Task.finished_at - Task.started_at)
    else:
        seconds = (func.julianday(Task.finished_at) - func.julianday(Task.started_at)) * 86400.0
    columns = [func.count(), func.coalesce(func.sum(seconds), 0.0)]
    columns += [func.sum(case((seconds <= bound, 1), else_=0)) for bound in buckets]
    result = await session.execute(
        select(Task.kind, *columns)
        .where(
            Task.status == TaskStatus.DONE.value,
            Task.started_at.is_not(None),
            Task.finished_at.is_not(None),
        )
        .group_by(Task.kind)
    )
    return result.all()


def _changed(result: Any) -> bool:
    return int(getattr(result, "rowcount", 0) or 0) > 0
