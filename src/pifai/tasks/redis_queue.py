"""Redis Streams queue (docs/decisions/0001-task-queue.md).

- ``XADD`` publishes; one consumer group ``workers`` created from id ``0`` so nothing
  published before the group existed is lost.
- ``XREADGROUP`` reads no more than the worker's free slots (no prefetch that would sit
  un-heartbeated in the pending list).
- A running task's delivery is kept alive with ``XCLAIM … JUSTID`` (heartbeat); a killed
  worker's deliveries go idle and are taken over by any worker's ``XAUTOCLAIM`` after the
  visibility timeout, on every loop pass — recovery does not wait for new traffic.
- ``XACK`` + ``XDEL`` after the database update, so the stream stays bounded.
- Retries wait in a sorted set and a Lua script moves due ones back atomically.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, cast

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from pifai.tasks.messages import Delivery, TaskMessage
from pifai.tasks.queue import QueueUnavailable

GROUP = "workers"
log = logging.getLogger(__name__)

_MOVE_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, member in ipairs(due) do
  local ok, m = pcall(cjson.decode, member)
  if ok and type(m) == 'table' and type(m.task_id) == 'string' and type(m.org_id) == 'string' then
    redis.call('XADD', KEYS[2], '*', 'task_id', m.task_id, 'org_id', m.org_id)
  end
  redis.call('ZREM', KEYS[1], member)  -- a malformed member is dropped, never retried forever
end
return #due
"""


@contextlib.asynccontextmanager
async def _transport_errors() -> AsyncIterator[None]:
    """Redis being unreachable is one condition for callers: the queue is unavailable."""
    try:
        yield
    except (RedisError, OSError) as exc:
        raise QueueUnavailable(str(exc) or type(exc).__name__) from exc


class RedisStreamQueue:
    def __init__(self, url: str, *, prefix: str = "pifai", socket_timeout: float = 5.0) -> None:
        self.redis: Redis = Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
        )
        self.stream = f"{prefix}:tasks"
        self.delayed = f"{prefix}:tasks:delayed"
        self._move_due = self.redis.register_script(_MOVE_DUE)

    async def publish(self, message: TaskMessage) -> None:
        async with _transport_errors():
            await self.redis.xadd(self.stream, message.fields())  # type: ignore[arg-type]

    async def publish_at(self, message: TaskMessage, due: datetime) -> None:
        member = json.dumps(message.fields(), sort_keys=True)
        async with _transport_errors():
            await self.redis.zadd(self.delayed, {member: due.timestamp()})

    async def prepare(self) -> None:
        try:
            async with _transport_errors():
                await self.redis.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except QueueUnavailable as exc:
            if not isinstance(exc.__cause__, ResponseError) or "BUSYGROUP" not in str(exc):
                raise

    async def read(self, consumer: str, count: int, block_ms: int) -> list[Delivery]:
        if count <= 0:
            return []
        async with _transport_errors():
            reply: Any = await self.redis.xreadgroup(
                GROUP, consumer, {self.stream: ">"}, count=count, block=block_ms
            )
        entries = [entry for _stream, batch in reply or [] for entry in batch]
        return await self._valid(entries)

    async def reclaim(self, consumer: str, min_idle_ms: int, count: int) -> list[Delivery]:
        if count <= 0:
            return []
        async with _transport_errors():
            reply: Any = await self.redis.xautoclaim(
                self.stream,
                GROUP,
                consumer,
                min_idle_time=min_idle_ms,
                start_id="0-0",
                count=count,
            )
        return await self._valid(list(reply[1]))

    async def _valid(self, entries: list[Any]) -> list[Delivery]:
        """Deliveries we can read; anything malformed is logged and removed, so one bad
        entry cannot crash every worker that picks it up."""
        found, bad = _deliveries(entries)
        for entry_id, fields in bad:
            log.error(
                "queue.malformed_entry_dropped", extra={"entry": entry_id, "fields": str(fields)}
            )
            await self.ack(entry_id)
        return found

    async def prune_consumers(self, idle_ms: int) -> int:
        """Forget consumers (dead worker processes) idle that long with nothing pending."""
        removed = 0
        async with _transport_errors():
            consumers: Any = await self.redis.xinfo_consumers(self.stream, GROUP)
            for consumer in consumers:
                if int(consumer.get("pending", 0)) == 0 and int(consumer.get("idle", 0)) > idle_ms:
                    await self.redis.xgroup_delconsumer(self.stream, GROUP, consumer["name"])
                    removed += 1
        return removed

    async def heartbeat(self, consumer: str, delivery_ids: list[str]) -> None:
        if not delivery_ids:
            return
        async with _transport_errors():
            await self.redis.xclaim(
                self.stream,
                GROUP,
                consumer,
                min_idle_time=0,
                message_ids=cast(Any, delivery_ids),
                justid=True,
            )

    async def ack(self, delivery_id: str) -> None:
        async with _transport_errors(), self.redis.pipeline(transaction=True) as pipe:
            pipe.xack(self.stream, GROUP, delivery_id)
            pipe.xdel(self.stream, delivery_id)
            await pipe.execute()

    async def move_due(self) -> int:
        now = datetime.now().timestamp()
        async with _transport_errors():
            moved = await self._move_due(keys=[self.delayed, self.stream], args=[now])
        return int(moved)

    async def depth(self) -> int:
        """Entries waiting in the stream plus delayed retries (for the autoscaler)."""
        async with _transport_errors():
            waiting = int(await self.redis.xlen(self.stream))
            return waiting + int(await self.redis.zcard(self.delayed))

    async def close(self) -> None:
        await self.redis.aclose()


def _deliveries(entries: list[Any]) -> tuple[list[Delivery], list[tuple[str, Any]]]:
    found, bad = [], []
    for entry_id, fields in entries:
        if fields is None:  # deleted while pending
            continue
        try:
            found.append(Delivery(entry_id, TaskMessage.from_fields(fields)))
        except (KeyError, ValueError, TypeError, AttributeError):
            bad.append((entry_id, fields))
    return found, bad
