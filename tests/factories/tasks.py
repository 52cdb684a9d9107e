"""Queues, workers and task polling for the worker tests (real Redis, real databases)."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

from redis.asyncio import Redis

from pifai.core.database import Database
from pifai.models import Task
from pifai.tasks import repository as repo
from pifai.tasks.redis_queue import RedisStreamQueue
from pifai.tasks.worker import Worker, WorkerConfig

REDIS_URL = "redis://127.0.0.1:6379/0"

FAST = WorkerConfig(
    concurrency=4,
    visibility_timeout=2.0,
    heartbeat_interval=0.5,
    backoff_base=0.05,
    backoff_cap=1.0,
    block_ms=100,
    shutdown_grace=5.0,
    reconcile_interval=0.2,
    reconcile_after=0.3,
)


def queue_prefix() -> str:
    return f"pifai-test-{secrets.token_hex(4)}"


@contextlib.asynccontextmanager
async def redis_queue(prefix: str | None = None) -> AsyncIterator[RedisStreamQueue]:
    prefix = prefix or queue_prefix()
    queue = RedisStreamQueue(REDIS_URL, prefix=prefix)
    try:
        yield queue
    finally:
        await queue.redis.delete(queue.stream, queue.delayed)
        await queue.close()


@contextlib.asynccontextmanager
async def running_worker(
    db: Database, queue: Any, config: WorkerConfig = FAST, reconcile_db: Database | None = None
) -> AsyncIterator[Worker]:
    worker = Worker(db=db, queue=queue, config=config, reconcile_db=reconcile_db)
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        worker.stop()
        await asyncio.wait_for(task, timeout=30)


async def read_task(db: Database, org_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    async with db.session(org_id=org_id) as session:
        task = await repo.get_task_for_org(session, org_id, task_id)
    assert task is not None
    return task


async def wait_for_task(
    db: Database,
    org_id: uuid.UUID,
    task_id: uuid.UUID,
    until: Callable[[Task], bool],
    within: float = 20.0,
) -> Task:
    deadline = time.monotonic() + within
    while True:
        task = await read_task(db, org_id, task_id)
        if until(task):
            return task
        if time.monotonic() > deadline:
            raise AssertionError(f"task {task_id} stuck at {task.status}/{task.attempts}")
        await asyncio.sleep(0.05)


def finished(task: Task) -> bool:
    return task.status in ("done", "failed")


async def stream_length(queue: RedisStreamQueue) -> int:
    redis: Redis = queue.redis
    return int(await redis.xlen(queue.stream))


async def poll_task(client: Any, headers: dict[str, str], location: str) -> dict[str, Any]:
    """Poll GET /api/v1/tasks/{id} until the task has finished (or 30 s have passed)."""
    deadline = time.monotonic() + 30
    while True:
        body: dict[str, Any] = (await client.get(location, headers=headers)).json()
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        await asyncio.sleep(0.05)
