"""Builds the queue and worker a process needs from the settings."""

from __future__ import annotations

from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.tasks.inprocess_queue import InProcessQueue
from pifai.tasks.queue import TaskConsumer
from pifai.tasks.redis_queue import RedisStreamQueue
from pifai.tasks.worker import Worker, WorkerConfig


def build_queue(settings: Settings) -> TaskConsumer:
    if settings.redis_url:
        return RedisStreamQueue(settings.redis_url, prefix=settings.queue_prefix)
    return InProcessQueue()


def reconcile_database(settings: Settings, app_db: Database) -> Database | None:
    """The reconciler reads every organisation's tasks: the admin role on PostgreSQL, the
    same database on SQLite; None (no reconciler) when PostgreSQL has no admin URL."""
    if not settings.is_postgres:
        return app_db
    url = settings.resolved_admin_url
    return Database(url, pool_size=2) if url else None


def build_worker(
    settings: Settings, db: Database, queue: TaskConsumer, *, concurrency: int | None = None
) -> Worker:
    overrides = {"concurrency": concurrency} if concurrency else {}
    return Worker(
        db=db,
        queue=queue,
        config=WorkerConfig.from_settings(settings, **overrides),
        reconcile_db=reconcile_database(settings, db),
        settings=settings,
    )
