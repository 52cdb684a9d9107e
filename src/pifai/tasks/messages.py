from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class TaskMessage:
    """What travels through the queue: ids only; the ``tasks`` row is the truth."""

    task_id: uuid.UUID
    org_id: uuid.UUID

    def fields(self) -> dict[str, str]:
        return {"task_id": str(self.task_id), "org_id": str(self.org_id)}

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> TaskMessage:
        return cls(task_id=uuid.UUID(fields["task_id"]), org_id=uuid.UUID(fields["org_id"]))


@dataclass(frozen=True)
class Delivery:
    """One delivery of a message to a worker; ``delivery_id`` is what gets acknowledged."""

    delivery_id: str
    message: TaskMessage
