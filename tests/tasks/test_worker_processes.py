"""Real processes on one PostgreSQL and one Redis: a SIGKILLed worker loses nothing, and
web and worker processes scale independently."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from pifai.core.database import Database
from pifai.models import Task
from pifai.tasks import service
from pifai.tasks.diagnostics import ECHO
from tests.conftest import Backend
from tests.factories.accounts import Account, register
from tests.factories.processes import (
    free_port,
    log_events,
    process_env,
    start_web,
    start_worker,
    stop,
)
from tests.factories.tasks import finished, queue_prefix, redis_queue, wait_for_task

pytestmark = pytest.mark.postgres_only


async def test_a_task_survives_its_worker_being_killed(
    pg: Backend, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    owner = await register(client)
    prefix = queue_prefix()
    env = process_env(pg, prefix)
    db = Database(pg.settings.resolved_database_url)
    async with redis_queue(prefix) as queue:
        async with db.session(org_id=owner.org_id) as session:
            task = await service.create_task(
                session,
                db,
                queue,
                org_id=owner.org_id,
                kind=ECHO,
                payload={"sleep_seconds": 4, "message": "survivor"},
            )
        first = start_worker(env, tmp_path / "first.log")
        try:
            await wait_for_task(db, owner.org_id, task.id, lambda t: t.status == "processing")
            await asyncio.sleep(0.5)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait()
        second = start_worker(env, tmp_path / "second.log")
        try:
            done = await wait_for_task(db, owner.org_id, task.id, finished, within=40)
        finally:
            stop(second)
    await db.dispose()

    assert (done.status, done.attempts) == ("done", 2)
    assert done.result == {"echo": "survivor", "attempt": 2}

    # The shared test database may hold other tests' stale tasks, which the workers'
    # reconciler also runs: look at this task's events only.
    def events(log: str, event: str) -> list[dict[str, object]]:
        found = log_events(tmp_path / log, event)
        return [e for e in found if e["task_id"] == str(task.id)]

    assert len(events("first.log", "task.started")) == 1
    assert events("first.log", "task.finished") == []
    assert len(events("second.log", "task.finished")) == 1


async def _wait_ready(base_url: str, within: float = 30) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=base_url) as http:
        while True:
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{base_url} never became ready")
            await asyncio.sleep(0.2)


async def _submit(urls: list[str], owner: Account, count: int) -> list[str]:
    limits = httpx.Limits(max_connections=20)
    clients = [httpx.AsyncClient(base_url=u, limits=limits, timeout=30) for u in urls]
    semaphore = asyncio.Semaphore(20)

    async def one(i: int) -> str:
        async with semaphore:
            response = await clients[i % len(clients)].post(
                "/api/v1/tasks/diagnostics/echo", json={"message": str(i)}, headers=owner.headers
            )
        assert response.status_code == 202, response.text
        return str(response.json()["task_id"])

    try:
        return await asyncio.gather(*(one(i) for i in range(count)))
    finally:
        for c in clients:
            await c.aclose()


async def _count_done(admin: Database, ids: list[uuid.UUID]) -> int:
    async with admin.session() as session:
        result = await session.execute(
            select(func.count()).select_from(Task).where(Task.id.in_(ids), Task.status == "done")
        )
        return int(result.scalar_one())


async def test_two_web_and_three_worker_processes_finish_500_tasks_once_each(
    pg: Backend, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    owner = await register(client)
    env = process_env(pg, queue_prefix())
    ports = [free_port(), free_port()]
    webs = [start_web(env, p, tmp_path / f"web{i}.log") for i, p in enumerate(ports)]
    workers = [start_worker(env, tmp_path / f"worker{i}.log") for i in range(3)]
    admin = Database(pg.settings.resolved_admin_url or "")
    try:
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for url in urls:
            await _wait_ready(url)
        submitted = await _submit(urls, owner, 500)
        ids = [uuid.UUID(t) for t in submitted]
        deadline = time.monotonic() + 120
        while await _count_done(admin, ids) < len(ids):
            assert time.monotonic() < deadline, "not every task finished"
            await asyncio.sleep(0.5)
        async with admin.session() as session:
            attempts = (
                (await session.execute(select(Task.attempts).where(Task.id.in_(ids))))
                .scalars()
                .all()
            )
    finally:
        for process in workers + webs:
            stop(process)
        await admin.dispose()

    # Registration also queues its verification email (email.send): count only ours.
    ours = set(submitted)
    finishes = Counter(
        task_id
        for i in range(3)
        for e in log_events(tmp_path / f"worker{i}.log", "task.finished")
        if (task_id := str(e["task_id"])) in ours
    )
    assert len(set(submitted)) == 500
    assert set(finishes) == set(submitted)
    assert max(finishes.values()) == 1  # none ran to completion twice
    assert set(attempts) == {1}
    busy = [i for i in range(3) if log_events(tmp_path / f"worker{i}.log", "task.finished")]
    assert len(busy) >= 2  # the work was shared


async def _one_task(pg: Backend, owner: Account, prefix: str, seconds: float) -> uuid.UUID:
    db = Database(pg.settings.resolved_database_url)
    async with redis_queue(prefix) as queue, db.session(org_id=owner.org_id) as session:
        task = await service.create_task(
            session,
            db,
            queue,
            org_id=owner.org_id,
            kind=ECHO,
            payload={"sleep_seconds": seconds},
        )
    await db.dispose()
    return task.id


async def test_sigterm_lets_the_running_task_finish(
    pg: Backend, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    owner = await register(client)
    prefix = queue_prefix()
    task_id = await _one_task(pg, owner, prefix, 1.5)
    worker = start_worker(process_env(pg, prefix), tmp_path / "w.log")
    db = Database(pg.settings.resolved_database_url)
    try:
        await wait_for_task(db, owner.org_id, task_id, lambda t: t.status == "processing")
        worker.send_signal(signal.SIGTERM)
        exit_code = await asyncio.to_thread(worker.wait, 30)
        task = await wait_for_task(db, owner.org_id, task_id, finished, within=5)
    finally:
        stop(worker)
        await db.dispose()

    assert exit_code == 0
    assert (task.status, task.attempts) == ("done", 1)


async def test_sigterm_releases_a_task_that_outlives_the_grace_period(
    pg: Backend, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    owner = await register(client)
    prefix = queue_prefix()
    task_id = await _one_task(pg, owner, prefix, 6)
    env = process_env(pg, prefix, PIFAI_WORKER_SHUTDOWN_GRACE_SECONDS="0.5")
    first = start_worker(env, tmp_path / "first.log")
    db = Database(pg.settings.resolved_database_url)
    try:
        await wait_for_task(db, owner.org_id, task_id, lambda t: t.status == "processing")
        first.send_signal(signal.SIGTERM)
        exit_code = await asyncio.to_thread(first.wait, 30)
        released = await wait_for_task(db, owner.org_id, task_id, lambda t: True)
        second = start_worker(env, tmp_path / "second.log")
        try:
            task = await wait_for_task(db, owner.org_id, task_id, finished, within=40)
        finally:
            stop(second)
    finally:
        stop(first)
        await db.dispose()

    assert exit_code == 0
    assert (released.status, released.attempts) == ("pending", 0)
    assert log_events(tmp_path / "first.log", "task.released")
    assert (task.status, task.attempts) == ("done", 1)
