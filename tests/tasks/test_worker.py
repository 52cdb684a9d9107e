"""The worker against the real Redis and both databases: retries, backoff, failure,
duplicate deliveries, enqueue-after-commit and the reconciler."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from pifai.core.database import Database
from pifai.models.base import utcnow
from pifai.tasks import service
from pifai.tasks.context import TaskContext
from pifai.tasks.diagnostics import ECHO
from pifai.tasks.messages import TaskMessage
from pifai.tasks.reconciler import reconcile_once
from pifai.tasks.redis_queue import RedisStreamQueue
from pifai.tasks.registry import TaskKind, register
from pifai.tasks.worker import WorkerConfig
from tests.factories.accounts import Account
from tests.factories.accounts import register as register_account
from tests.factories.tasks import (
    FAST,
    finished,
    read_task,
    redis_queue,
    running_worker,
    stream_length,
    wait_for_task,
)

RUNS: dict[str, int] = {}


async def _counting(ctx: TaskContext) -> dict[str, Any]:
    """Counts real executions, to tell effects apart from deliveries."""
    RUNS[str(ctx.task_id)] = RUNS.get(str(ctx.task_id), 0) + 1
    await asyncio.sleep(float(ctx.payload.get("sleep", 0)))
    return {"runs": RUNS[str(ctx.task_id)]}


register(TaskKind("test.counting", _counting, max_attempts=3, time_limit_seconds=30))


@pytest.fixture
async def queue() -> AsyncIterator[RedisStreamQueue]:
    async with redis_queue() as q:
        await q.prepare()
        yield q


@pytest.fixture
def db(app: FastAPI) -> Database:
    database: Database = app.state.db
    return database


@pytest.fixture
def admin_db(app: FastAPI) -> Database:
    """Sees every organisation's tasks: the admin role on PostgreSQL."""
    database: Database = app.state.metrics_db
    return database


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> Account:
    return await register_account(client)


async def _create(
    db: Database, queue: Any, org_id: uuid.UUID, kind: str = ECHO, **payload: Any
) -> uuid.UUID:
    async with db.session(org_id=org_id) as session:
        task = await service.create_task(
            session, db, queue, org_id=org_id, kind=kind, payload=payload
        )
    return task.id


async def test_a_task_runs_and_records_its_result(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    task_id = await _create(db, queue, owner.org_id, message="hello")

    async with running_worker(db, queue):
        task = await wait_for_task(db, owner.org_id, task_id, finished)

    assert (task.status, task.attempts, task.progress) == ("done", 1, 100)
    assert task.result == {"echo": "hello", "attempt": 1}
    assert task.started_at and task.finished_at and task.finished_at >= task.started_at


async def test_failures_are_retried_until_success(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    task_id = await _create(db, queue, owner.org_id, fail_times=2)

    async with running_worker(db, queue):
        task = await wait_for_task(db, owner.org_id, task_id, finished)

    assert (task.status, task.attempts) == ("done", 3)
    assert task.result == {"echo": "", "attempt": 3}


async def test_the_last_failed_attempt_marks_the_task_failed_with_its_error(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    task_id = await _create(db, queue, owner.org_id, fail_times=5)

    async with running_worker(db, queue):
        task = await wait_for_task(db, owner.org_id, task_id, finished)

    assert (task.status, task.attempts, task.max_attempts) == ("failed", 3, 3)
    assert task.error == "DiagnosticFailure: failing on purpose: attempt 3 of 5"
    assert task.finished_at is not None


async def test_a_failure_schedules_the_retry_after_the_backoff_delay(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    """The first retry waits base × 1; nothing sleeps for it (base 30 s, we only look)."""
    slow = WorkerConfig(**{**FAST.__dict__, "backoff_base": 30.0, "backoff_cap": 300.0})
    task_id = await _create(db, queue, owner.org_id, fail_times=3)

    async with running_worker(db, queue, slow):
        task = await wait_for_task(
            db, owner.org_id, task_id, lambda t: t.attempts == 1 and t.status == "pending"
        )
    scheduled = await queue.redis.zrange(queue.delayed, 0, -1, withscores=True)

    assert task.next_run_at is not None and task.error
    delay = (task.next_run_at - task.updated_at).total_seconds()
    assert delay == pytest.approx(30.0, abs=0.01)
    assert len(scheduled) == 1 and str(task_id) in scheduled[0][0]
    assert scheduled[0][1] == pytest.approx(task.next_run_at.timestamp(), abs=0.01)


async def test_delivering_a_task_several_times_runs_it_once(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    task_id = await _create(db, queue, owner.org_id, kind="test.counting", sleep=0.3)
    message = TaskMessage(task_id=task_id, org_id=owner.org_id)
    for _ in range(3):
        await queue.publish(message)

    async with running_worker(db, queue):
        task = await wait_for_task(db, owner.org_id, task_id, finished)
        await asyncio.sleep(0.5)  # let the duplicate deliveries be drained

    assert RUNS[str(task_id)] == 1
    assert (task.status, task.attempts, task.result) == ("done", 1, {"runs": 1})
    assert await stream_length(queue) == 0


async def test_a_task_is_published_only_after_its_transaction_commits(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    before_commit: list[int] = []
    with pytest.raises(RuntimeError, match="request failed"):
        async with db.session(org_id=owner.org_id) as session:
            await service.create_task(
                session, db, queue, org_id=owner.org_id, kind=ECHO, payload={}
            )
            before_commit.append(await stream_length(queue))
            raise RuntimeError("request failed")

    async with db.session(org_id=owner.org_id) as session:
        kept = await service.create_task(
            session, db, queue, org_id=owner.org_id, kind=ECHO, payload={}
        )
        in_transaction = await stream_length(queue)
    after_commit = await stream_length(queue)

    assert before_commit == [0]
    assert in_transaction == 0
    assert after_commit == 1
    assert (await read_task(db, owner.org_id, kept.id)).enqueued_at is not None


async def test_tasks_created_while_redis_is_down_are_sent_by_the_reconciler(
    db: Database, admin_db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    down = RedisStreamQueue("redis://127.0.0.1:1/0", prefix=queue.stream, socket_timeout=0.5)
    task_id = await _create(db, down, owner.org_id, message="late")
    await down.close()
    stranded = await read_task(db, owner.org_id, task_id)
    await asyncio.sleep(FAST.reconcile_after + 0.1)

    sent = await reconcile_once(admin_db, db, queue, older_than=FAST.reconcile_after)
    async with running_worker(db, queue):
        task = await wait_for_task(db, owner.org_id, task_id, finished)

    assert (stranded.status, stranded.enqueued_at) == ("pending", None)
    assert sent >= 1
    assert (task.status, task.result) == ("done", {"echo": "late", "attempt": 1})


async def test_a_worker_started_while_redis_is_down_keeps_trying(
    db: Database, owner: Account
) -> None:
    down = RedisStreamQueue("redis://127.0.0.1:1/0", prefix="nowhere", socket_timeout=0.2)

    async with running_worker(db, down) as worker:
        await asyncio.sleep(0.5)
        assert not worker._stopping.is_set()

    await down.close()


async def test_an_unknown_task_kind_fails_without_retrying(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    task_id = await _create(db, queue, owner.org_id)
    async with db.session(org_id=owner.org_id) as session:
        from sqlalchemy import update

        from pifai.models import Task

        await session.execute(update(Task).where(Task.id == task_id).values(kind="gone.kind"))

    async with running_worker(db, queue):
        task = await wait_for_task(db, owner.org_id, task_id, finished)

    assert (task.status, task.attempts) == ("failed", 1)
    assert task.error == "unknown task kind 'gone.kind'"


async def test_progress_is_recorded_while_a_task_runs(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    task_id = await _create(db, queue, owner.org_id, sleep_seconds=1.5)

    async with running_worker(db, queue):
        midway = await wait_for_task(db, owner.org_id, task_id, lambda t: 0 < t.progress < 100)
        done = await wait_for_task(db, owner.org_id, task_id, finished)

    assert midway.status == "processing"
    assert done.progress == 100


def test_now_is_utc() -> None:
    assert utcnow().tzinfo == UTC and isinstance(utcnow(), datetime)


async def test_a_malformed_queue_entry_is_dropped_and_work_goes_on(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    await queue.redis.xadd(queue.stream, {"task_id": "not-a-uuid", "org_id": "x"})
    await queue.redis.zadd(queue.delayed, {"not json": 0})
    task_id = await _create(db, queue, owner.org_id, message="after the junk")

    async with running_worker(db, queue):
        task = await wait_for_task(db, owner.org_id, task_id, finished)

    assert task.status == "done"
    assert await queue.redis.zcard(queue.delayed) == 0


async def test_one_organisation_cannot_take_every_slot(
    db: Database, queue: RedisStreamQueue, owner: Account, client: httpx.AsyncClient
) -> None:
    other = await register_account(client)
    fair = WorkerConfig(**{**FAST.__dict__, "org_concurrency": 1, "concurrency": 4})
    hogs = [await _create(db, queue, owner.org_id, sleep_seconds=1.0) for _ in range(3)]
    quick = await _create(db, queue, other.org_id, message="me too")

    async with running_worker(db, queue, fair):
        done_quick = await wait_for_task(db, other.org_id, quick, finished)
        first_hog = await read_task(db, owner.org_id, hogs[-1])
        for hog in hogs:
            await wait_for_task(db, owner.org_id, hog, finished)

    assert done_quick.status == "done"
    assert first_hog.status != "done"  # the other organisation did not wait for all three
    attempts = [(await read_task(db, owner.org_id, h)).attempts for h in hogs]
    assert attempts == [1, 1, 1]


async def test_a_run_that_lost_its_lease_is_cancelled_and_keeps_its_hands_off(
    db: Database, queue: RedisStreamQueue, owner: Account
) -> None:
    from sqlalchemy import update

    from pifai.models import Task

    task_id = await _create(db, queue, owner.org_id, sleep_seconds=3)
    async with running_worker(db, queue):
        await wait_for_task(db, owner.org_id, task_id, lambda t: t.status == "processing")
        async with db.session(org_id=owner.org_id) as session:  # another worker took it
            await session.execute(
                update(Task).where(Task.id == task_id).values(claimed_by="someone-else")
            )
        await asyncio.sleep(FAST.heartbeat_interval * 3)
        task = await read_task(db, owner.org_id, task_id)

    assert (task.status, task.claimed_by) == ("processing", "someone-else")
    pending = await queue.redis.xpending(queue.stream, "workers")
    assert pending["pending"] == 1  # the delivery was not acknowledged for the new holder
