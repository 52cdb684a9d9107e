"""``diagnostics.echo``: a harmless task for operators checking a deployment, and for tests.

Payload: ``message`` (echoed), ``sleep_seconds`` (≤ 600, in steps that report progress),
``fail_times`` (fail the first N attempts, to exercise retries).
"""

from __future__ import annotations

import asyncio
from typing import Any

from pifai.tasks.context import TaskContext
from pifai.tasks.registry import task_kind

ECHO = "diagnostics.echo"
MAX_SLEEP_SECONDS = 600.0


class DiagnosticFailure(RuntimeError):
    pass


@task_kind(ECHO, max_attempts=3, time_limit_seconds=MAX_SLEEP_SECONDS + 60)
async def echo(ctx: TaskContext) -> dict[str, Any]:
    fail_times = int(ctx.payload.get("fail_times", 0))
    if ctx.attempt <= fail_times:
        raise DiagnosticFailure(f"failing on purpose: attempt {ctx.attempt} of {fail_times}")
    sleep = min(float(ctx.payload.get("sleep_seconds", 0.0)), MAX_SLEEP_SECONDS)
    steps = max(1, int(sleep * 2))
    for step in range(steps):
        if sleep:
            await asyncio.sleep(sleep / steps)
        await ctx.progress(int(100 * (step + 1) / steps))
    return {"echo": ctx.payload.get("message", ""), "attempt": ctx.attempt}
