"""The queue interface the web process publishes to and a worker consumes from.

Two implementations: Redis Streams with a consumer group (production; at-least-once,
crash recovery through the pending-entries list) and an in-process queue (embedded
default). Both only carry ids; the ``tasks`` table decides whether a delivery runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pifai.tasks.messages import Delivery, TaskMessage


class QueueUnavailable(Exception):
    """Publishing failed (e.g. Redis down); the row stays pending for the reconciler."""


class TaskQueue(Protocol):
    async def publish(self, message: TaskMessage) -> None: ...

    async def publish_at(self, message: TaskMessage, due: datetime) -> None: ...

    async def close(self) -> None: ...


class TaskConsumer(TaskQueue, Protocol):
    async def prepare(self) -> None: ...

    async def read(self, consumer: str, count: int, block_ms: int) -> list[Delivery]: ...

    async def reclaim(self, consumer: str, min_idle_ms: int, count: int) -> list[Delivery]: ...

    async def heartbeat(self, consumer: str, delivery_ids: list[str]) -> None: ...

    async def ack(self, delivery_id: str) -> None: ...

    async def move_due(self) -> int: ...

    async def depth(self) -> int: ...

    async def prune_consumers(self, idle_ms: int) -> int: ...
