"""The embedded queue: an asyncio queue inside one process (``pifai serve`` without
Redis, tests). Same worker code; nothing survives the process, so the reconciler re-sends
pending rows after a restart."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime

from pifai.tasks.messages import Delivery, TaskMessage


class InProcessQueue:
    volatile = True  # empty at start: the worker re-sends waiting rows straight away

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Delivery] = asyncio.Queue()
        self._ids = itertools.count(1)
        self._timers: set[asyncio.TimerHandle] = set()

    async def publish(self, message: TaskMessage) -> None:
        self._queue.put_nowait(Delivery(str(next(self._ids)), message))

    async def publish_at(self, message: TaskMessage, due: datetime) -> None:
        delay = max(0.0, (due - datetime.now(UTC)).total_seconds())
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self._timers.discard(handle)
            self._queue.put_nowait(Delivery(str(next(self._ids)), message))

        handle = loop.call_later(delay, fire)
        self._timers.add(handle)

    async def prepare(self) -> None:
        return None

    async def read(self, consumer: str, count: int, block_ms: int) -> list[Delivery]:
        if count <= 0:
            return []
        try:
            first = await asyncio.wait_for(self._queue.get(), timeout=block_ms / 1000)
        except TimeoutError:
            return []
        batch = [first]
        while len(batch) < count and not self._queue.empty():
            batch.append(self._queue.get_nowait())
        return batch

    async def reclaim(self, consumer: str, min_idle_ms: int, count: int) -> list[Delivery]:
        return []

    async def heartbeat(self, consumer: str, delivery_ids: list[str]) -> None:
        return None

    async def ack(self, delivery_id: str) -> None:
        return None

    async def move_due(self) -> int:
        return 0

    async def prune_consumers(self, idle_ms: int) -> int:
        return 0

    async def depth(self) -> int:
        return self._queue.qsize() + len(self._timers)

    async def close(self) -> None:
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()
