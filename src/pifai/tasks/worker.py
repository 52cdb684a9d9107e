"""The worker loop: claim, run, heartbeat, retry with backoff, recover, shut down cleanly.

One loop serves both queues. The ``tasks`` row is the source of truth: a delivery runs
only if the conditional claim succeeds, and a run changes the row only while it still
holds the claim, so duplicates and stale redeliveries have no effect.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.models.base import utcnow
from pifai.models.enums import TaskStatus
from pifai.tasks import repository as repo
from pifai.tasks.backoff import retry_delay_seconds
from pifai.tasks.context import TaskContext
from pifai.tasks.messages import Delivery, TaskMessage
from pifai.tasks.queue import QueueUnavailable, TaskConsumer
from pifai.tasks.reconciler import reconcile_once
from pifai.tasks.registry import (
    PermanentTaskError,
    TaskKind,
    UnknownTaskKind,
    get_kind,
    kind_names,
)

log = logging.getLogger(__name__)
MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class WorkerConfig:
    concurrency: int = 4
    visibility_timeout: float = 60.0
    heartbeat_interval: float = 15.0
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    block_ms: int = 1000
    shutdown_grace: float = 30.0
    reconcile_interval: float = 30.0
    reconcile_after: float = 60.0
    org_concurrency: int = 4  # tasks of one organisation running at once, across workers

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> WorkerConfig:
        values: dict[str, Any] = {
            "concurrency": settings.worker_concurrency,
            "visibility_timeout": settings.task_visibility_timeout_seconds,
            "heartbeat_interval": settings.task_heartbeat_seconds,
            "backoff_base": settings.task_backoff_base_seconds,
            "backoff_cap": settings.task_backoff_cap_seconds,
            "block_ms": settings.worker_block_ms,
            "shutdown_grace": settings.worker_shutdown_grace_seconds,
            "reconcile_interval": settings.reconcile_interval_seconds,
            "reconcile_after": settings.reconcile_after_seconds,
            "org_concurrency": settings.org_task_concurrency,
        }
        values.update(overrides)
        return cls(**values)


@dataclass
class _Run:
    message: TaskMessage
    attempt: int
    kind: str
    lost: bool = False  # another worker took the task over: never ack its delivery


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}"


@dataclass
class Worker:
    db: Database
    queue: TaskConsumer
    config: WorkerConfig = field(default_factory=WorkerConfig)
    reconcile_db: Database | None = None
    worker_id: str = field(default_factory=default_worker_id)
    settings: Settings | None = None

    def __post_init__(self) -> None:
        self._stopping = asyncio.Event()
        self._inflight: dict[str, asyncio.Task[None]] = {}
        self._runs: dict[str, _Run] = {}
        self._pause_until = 0.0  # after a database failure: slow down instead of spinning

    def stop(self) -> None:
        """Stop taking work; running tasks finish, or are released after the grace period."""
        self._stopping.set()

    async def run(self) -> None:
        # Import every task kind now, not between claiming a task and starting it (some
        # pull in heavy libraries, e.g. the AI SDK, and would delay the first task).
        kind_names()
        log.info("worker.started", extra={"worker": self.worker_id})
        if self.reconcile_db is None:
            log.warning(
                "worker.no_reconciler: set PIFAI_DATABASE_ADMIN_URL, or tasks created while "
                "the queue was down are never sent",
                extra={"worker": self.worker_id},
            )
        elif getattr(self.queue, "volatile", False):
            await self._reconcile(self.reconcile_db, older_than=0.0)
        prepared = False
        helpers = [asyncio.create_task(self._heartbeat_loop())]
        if self.reconcile_db is not None:
            helpers.append(asyncio.create_task(self._reconcile_loop(self.reconcile_db)))
        try:
            while not self._stopping.is_set():
                try:
                    if not prepared:
                        await self.queue.prepare()
                        prepared = True
                    await self._poll_once()
                except QueueUnavailable as exc:
                    log.warning("queue unreachable; retrying", extra={"error": str(exc)})
                    await self._sleep(1.0)
            await self._drain()
        finally:
            for helper in helpers:
                helper.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            log.info("worker.stopped", extra={"worker": self.worker_id})

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _poll_once(self) -> None:
        pause = self._pause_until - asyncio.get_running_loop().time()
        if pause > 0:
            await self._sleep(pause)
            return
        free = self.config.concurrency - len(self._inflight)
        if free <= 0:
            await asyncio.wait(
                set(self._inflight.values()),
                timeout=self.config.block_ms / 1000,
                return_when=asyncio.FIRST_COMPLETED,
            )
            return
        visibility_ms = int(self.config.visibility_timeout * 1000)
        deliveries = await self.queue.reclaim(self.worker_id, visibility_ms, free)
        try:
            await self.queue.move_due()
        except QueueUnavailable as exc:  # retries wait a little longer; reading goes on
            log.warning("queue.move_due_failed", extra={"error": str(exc)})
        if not deliveries:
            deliveries = await self.queue.read(self.worker_id, free, self.config.block_ms)
        for delivery in deliveries:
            if delivery.delivery_id in self._inflight:
                continue
            task = asyncio.create_task(self._handle(delivery))
            self._inflight[delivery.delivery_id] = task
            task.add_done_callback(self._forgetter(delivery.delivery_id))

    def _forgetter(self, delivery_id: str) -> Callable[[asyncio.Task[None]], None]:
        def forget(_task: asyncio.Task[None]) -> None:
            self._inflight.pop(delivery_id, None)
            self._runs.pop(delivery_id, None)

        return forget

    async def _drain(self) -> None:
        if not self._inflight:
            return
        _done, pending = await asyncio.wait(
            set(self._inflight.values()), timeout=self.config.shutdown_grace
        )
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _handle(self, delivery: Delivery) -> None:
        try:
            await self._handle_delivery(delivery)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # Database or queue trouble outside the handler: the delivery stays pending
            # and is redelivered; this worker slows down instead of failing every task.
            log.exception("task.delivery_failed", extra={"error": str(exc)})
            self._pause_until = asyncio.get_running_loop().time() + 2.0

    async def _handle_delivery(self, delivery: Delivery) -> None:
        message = delivery.message
        if await self._org_busy(message):
            due = utcnow() + timedelta(seconds=1)
            await self.queue.publish_at(message, due)  # its turn comes; no attempt used
            await self.queue.ack(delivery.delivery_id)
            return
        claimed = await self._claim(message)
        if claimed is None:
            await self.queue.ack(delivery.delivery_id)
            return
        kind, payload, attempt, max_attempts = claimed
        run = _Run(message, attempt, kind)
        self._runs[delivery.delivery_id] = run
        try:
            await self._execute(run, payload, max_attempts)
        except asyncio.CancelledError:
            await asyncio.shield(self._release(run))
            raise
        finally:
            if not run.lost:
                await asyncio.shield(self.queue.ack(delivery.delivery_id))

    async def _org_busy(self, message: TaskMessage) -> bool:
        """Fairness: one organisation's backlog must not hold every worker."""
        async with self.db.session(org_id=message.org_id) as session:
            running = await repo.count_running_for_org(session, message.org_id, now=utcnow())
        return running >= self.config.org_concurrency

    async def _claim(self, message: TaskMessage) -> tuple[str, dict[str, Any], int, int] | None:
        now = utcnow()
        lease = now + timedelta(seconds=self.config.visibility_timeout)
        async with self.db.session(org_id=message.org_id) as session:
            task = await repo.claim_task_for_org(
                session,
                message.org_id,
                message.task_id,
                worker_id=self.worker_id,
                now=now,
                lease_until=lease,
            )
            if task is not None:
                return task.kind, dict(task.payload), task.attempts, task.max_attempts
            if await repo.fail_abandoned_for_org(session, message.org_id, message.task_id, now=now):
                log.warning("task.failed", extra=_ids(message, reason="abandoned"))
                return None
        log.info("task.duplicate_delivery", extra=_ids(message))
        return None

    async def _execute(self, run: _Run, payload: dict[str, Any], max_attempts: int) -> None:
        try:
            spec: TaskKind = get_kind(run.kind)
        except UnknownTaskKind:
            await self._fail(run, f"unknown task kind {run.kind!r}", final=True)
            return
        ctx = TaskContext(
            task_id=run.message.task_id,
            org_id=run.message.org_id,
            kind=run.kind,
            payload=payload,
            attempt=run.attempt,
            max_attempts=max_attempts,
            db=self.db,
            report_progress=lambda pct: self._progress(run, pct),
            app_settings=self.settings,
            queue=self.queue,
        )
        log.info(
            "task.started", extra=_ids(run.message, attempt=run.attempt, worker=self.worker_id)
        )
        try:
            result = await asyncio.wait_for(spec.handler(ctx), timeout=spec.time_limit_seconds)
        except TimeoutError:
            error = f"time limit of {spec.time_limit_seconds:g} s exceeded"
            await self._fail(run, error, final=run.attempt >= max_attempts)
            return
        except asyncio.CancelledError:
            raise
        except PermanentTaskError as exc:
            await self._fail(run, str(exc), final=True)
            return
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            await self._fail(run, error, final=run.attempt >= max_attempts)
            return
        await self._finish(run, result)

    async def _finish(self, run: _Run, result: dict[str, Any]) -> None:
        now = utcnow()
        done = await self._update(
            run,
            {
                "status": TaskStatus.DONE.value,
                "result": result,
                "progress": 100,
                "finished_at": now,
                "updated_at": now,
                "lease_expires_at": None,
                "error": None,
            },
        )
        event = "task.finished" if done else "task.finish_refused"
        log.info(event, extra=_ids(run.message, attempt=run.attempt, worker=self.worker_id))

    async def _fail(self, run: _Run, error: str, *, final: bool) -> None:
        now = utcnow()
        error = error[:MAX_ERROR_CHARS]
        if final:
            await self._update(
                run,
                {
                    "status": TaskStatus.FAILED.value,
                    "error": error,
                    "finished_at": now,
                    "updated_at": now,
                    "lease_expires_at": None,
                },
            )
            log.warning("task.failed", extra=_ids(run.message, attempt=run.attempt, error=error))
            return
        delay = retry_delay_seconds(
            run.attempt, base=self.config.backoff_base, cap=self.config.backoff_cap
        )
        due = now + timedelta(seconds=delay)
        scheduled = await self._update(
            run,
            {
                "status": TaskStatus.PENDING.value,
                "error": error,
                "next_run_at": due,
                "updated_at": now,
                "lease_expires_at": None,
                "claimed_by": None,
                "enqueued_at": now,
            },
        )
        if scheduled:
            log.info(
                "task.retry_scheduled",
                extra=_ids(run.message, attempt=run.attempt, delay_seconds=delay, error=error),
            )
            with contextlib.suppress(QueueUnavailable):
                await self.queue.publish_at(run.message, due)

    async def _release(self, run: _Run) -> None:
        """Shutdown before the task finished: give it back without using up an attempt."""
        released = await self._update(
            run,
            {
                "status": TaskStatus.PENDING.value,
                "attempts": run.attempt - 1,
                "claimed_by": None,
                "lease_expires_at": None,
                "next_run_at": None,
                "updated_at": utcnow(),
            },
        )
        if released:
            with contextlib.suppress(QueueUnavailable):
                await self.queue.publish(run.message)
            log.info("task.released", extra=_ids(run.message, worker=self.worker_id))

    async def _progress(self, run: _Run, percent: int) -> None:
        await self._update(run, {"progress": percent, "updated_at": utcnow()})

    async def _update(self, run: _Run, values: dict[str, Any]) -> bool:
        async with self.db.session(org_id=run.message.org_id) as session:
            return await repo.update_run_for_org(
                session,
                run.message.org_id,
                run.message.task_id,
                worker_id=self.worker_id,
                attempt=run.attempt,
                values=values,
            )

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(self.config.heartbeat_interval)
            try:
                await self._heartbeat_once()
            except Exception as exc:  # a missed beat is retried next interval
                log.warning("worker.heartbeat_failed", extra={"error": str(exc)})

    async def _heartbeat_once(self) -> None:
        """Extend each run's database lease first; only runs that still hold it keep their
        delivery. A run that lost its lease (another worker took the task over after this
        one stalled) is cancelled: its result could no longer be recorded anyway."""
        runs = dict(self._runs)
        if not runs:
            return
        lease = utcnow() + timedelta(seconds=self.config.visibility_timeout)
        held = []
        for delivery_id, run in runs.items():
            if await self._update(run, {"lease_expires_at": lease}):
                held.append(delivery_id)
                continue
            run.lost = True
            log.warning("task.lease_lost", extra=_ids(run.message, worker=self.worker_id))
            task = self._inflight.get(delivery_id)
            if task is not None:
                task.cancel()
        await self.queue.heartbeat(self.worker_id, held)

    async def _reconcile_loop(self, reconcile_db: Database) -> None:
        while True:
            await asyncio.sleep(self.config.reconcile_interval)
            await self._reconcile(reconcile_db, older_than=self.config.reconcile_after)

    async def _reconcile(self, reconcile_db: Database, *, older_than: float) -> None:
        try:
            await reconcile_once(reconcile_db, self.db, self.queue, older_than=older_than)
            # Consumers of dead worker processes, idle for an hour with nothing pending.
            await self.queue.prune_consumers(idle_ms=3_600_000)
        except Exception as exc:
            log.warning("worker.reconcile_failed", extra={"error": str(exc)})


def _ids(message: TaskMessage, **extra: Any) -> dict[str, Any]:
    return {"task_id": str(message.task_id), "org_id": str(message.org_id), **extra}
