"""Task queue benchmark: enqueue-to-start latency and throughput of trivial tasks with 1
and with 3 `pifai worker` processes, on the local PostgreSQL and Redis.

    .venv/bin/python bench/queue_latency.py [--tasks 2000] [--paced 200]

Needs a PostgreSQL superuser at PIFAI_BENCH_PG_URL (default the local trust one) and
Redis at 127.0.0.1:6379. Creates and drops its own database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from pifai.audit.service import RequestMeta
from pifai.auth.schemas import RegisterRequest
from pifai.auth.service import register
from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.core.provisioning import RoleNames, provision, role_url
from pifai.migrations.runner import migrate
from pifai.models import Task
from pifai.models.enums import OrgType
from pifai.tasks.diagnostics import ECHO
from pifai.tasks.redis_queue import RedisStreamQueue
from pifai.tasks.service import create_task

SUPERUSER = os.environ.get("PIFAI_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1/postgres")
PASSWORD = "bench-only-password"
REDIS = "redis://127.0.0.1:6379/0"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def setup(name: str) -> Settings:
    await provision(SUPERUSER, name, RoleNames(), password=PASSWORD)
    roles = RoleNames()
    settings = Settings(
        env="test",
        secret_key="b" * 48,
        password_hash_memory_kib=1024,
        password_hash_time_cost=1,
        password_hash_parallelism=1,
        database_url=role_url(SUPERUSER, name, roles.app, PASSWORD),
        database_owner_url=role_url(SUPERUSER, name, roles.owner, PASSWORD),
        database_admin_url=role_url(SUPERUSER, name, roles.admin, PASSWORD),
    )
    await migrate(settings)
    return settings


def worker_env(settings: Settings, prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update(
        PIFAI_ENV="test",
        PIFAI_SECRET_KEY=settings.secret_key,
        PIFAI_DATABASE_URL=settings.resolved_database_url,
        PIFAI_DATABASE_ADMIN_URL=settings.resolved_admin_url or "",
        PIFAI_REDIS_URL=REDIS,
        PIFAI_QUEUE_PREFIX=prefix,
        PIFAI_WORKER_BLOCK_MS="1000",
        PIFAI_LOG_LEVEL="WARNING",
    )
    return env


async def run_case(settings: Settings, workers: int, tasks: int, paced: int) -> dict[str, float]:
    prefix = f"bench-{secrets.token_hex(3)}"
    db = Database(settings.resolved_database_url)
    admin = Database(settings.resolved_admin_url or "")
    queue = RedisStreamQueue(REDIS, prefix=prefix)
    await queue.prepare()
    async with db.session() as session:
        reg = await register(
            session,
            settings,
            RegisterRequest(
                email=f"bench-{secrets.token_hex(4)}@example.com",
                password="Bench-Password-42",
                org_name="Bench",
                org_type=OrgType.OEM,
            ),
            RequestMeta(),
        )

    async def submit(count: int, interval: float) -> list[uuid.UUID]:
        ids = []
        for _ in range(count):
            async with db.session(org_id=reg.org_id) as session:
                task = await create_task(
                    session, db, queue, org_id=reg.org_id, kind=ECHO, payload={}
                )
            ids.append(task.id)
            if interval:
                await asyncio.sleep(interval)
        return ids

    # A backlog waiting before the workers start: their drain rate is the throughput.
    backlog = [
        i
        for chunk in await asyncio.gather(*(submit(tasks // 10, 0) for _ in range(10)))
        for i in chunk
    ]
    logs = Path(tempfile.mkdtemp())
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pifai.cli.main", "worker", "--concurrency", "4"],
            env=worker_env(settings, prefix),
            stdout=(logs / f"w{i}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for i in range(workers)
    ]

    async def wait_done(ids: list[uuid.UUID]) -> list[Task]:
        while True:
            async with admin.session() as session:
                done = (
                    await session.execute(
                        select(func.count())
                        .select_from(Task)
                        .where(Task.id.in_(ids), Task.status == "done")
                    )
                ).scalar_one()
            if done == len(ids):
                async with admin.session() as session:
                    return list(
                        (await session.execute(select(Task).where(Task.id.in_(ids)))).scalars()
                    )
            await asyncio.sleep(0.2)

    try:
        bulk_rows = await wait_done(backlog)
        first = min(t.started_at for t in bulk_rows if t.started_at)
        last = max(t.finished_at for t in bulk_rows if t.finished_at)
        elapsed = (last - first).total_seconds()
        paced_ids = await submit(paced, 0.02)  # 50/s: latency when the queue is not backed up
        paced_rows = await wait_done(paced_ids)
        latencies = [(t.started_at - t.created_at).total_seconds() * 1000 for t in paced_rows]  # type: ignore[operator]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()
        await queue.redis.delete(queue.stream, queue.delayed)
        await queue.close()
        await db.dispose()
        await admin.dispose()
    return {
        "workers": workers,
        "latency_median_ms": statistics.median(latencies),
        "latency_p95_ms": percentile(latencies, 0.95),
        "tasks": len(bulk_rows),
        "tasks_per_second": len(bulk_rows) / elapsed,
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--paced", type=int, default=200)
    args = parser.parse_args()
    name = f"pifai_bench_{secrets.token_hex(4)}"
    settings = await setup(name)
    try:
        for workers in (1, 3):
            r = await run_case(settings, workers, args.tasks, args.paced)
            print(
                f"workers={r['workers']}: enqueue-to-start median {r['latency_median_ms']:.1f} ms, "
                f"p95 {r['latency_p95_ms']:.1f} ms; {r['tasks']:.0f} tasks at "
                f"{r['tasks_per_second']:.0f} tasks/s"
            )
    finally:
        engine = create_async_engine(SUPERUSER, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
