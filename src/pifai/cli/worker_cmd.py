from __future__ import annotations

import asyncio
import signal
from typing import Annotated

import typer

from pifai.core.config import get_settings
from pifai.core.database import Database
from pifai.core.logging import configure_logging
from pifai.tasks.runtime import build_queue, build_worker


async def _run(concurrency: int | None) -> None:
    settings = get_settings()
    db = Database(settings.resolved_database_url, pool_size=settings.db_pool_size)
    queue = build_queue(settings)
    worker = build_worker(settings, db, queue, concurrency=concurrency)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop)
    try:
        await worker.run()
    finally:
        await queue.close()
        if worker.reconcile_db is not None and worker.reconcile_db is not db:
            await worker.reconcile_db.dispose()
        await db.dispose()


def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, help="Tasks run at once (PIFAI_WORKER_CONCURRENCY)")
    ] = None,
) -> None:
    """Run a standalone worker against PIFAI_REDIS_URL; SIGTERM finishes or releases work."""
    settings = get_settings()
    if not settings.redis_url:
        typer.echo(
            "A standalone worker needs PIFAI_REDIS_URL; without Redis, `pifai serve` runs "
            "tasks in its own process.",
            err=True,
        )
        raise typer.Exit(2)
    configure_logging(settings.log_level, json_output=settings.log_json)
    asyncio.run(_run(concurrency))
