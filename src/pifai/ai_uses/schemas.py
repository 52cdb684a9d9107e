from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from pifai.ai_uses.process import MAX_TEXT_CHARS
from pifai.kit.input import InputModel, NonBlankText
from pifai.models.enums import TaskStatus


class StructureRequest(InputModel):
    """Item 6's process as the manufacturer wrote it."""

    text: NonBlankText = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class TaskStarted(BaseModel):
    task_id: uuid.UUID
    status: TaskStatus
    location: str
    status_url: str  # the same as ``location``: poll it until done or failed


def started(task_id: uuid.UUID) -> TaskStarted:
    location = f"/api/v1/tasks/{task_id}"
    return TaskStarted(
        task_id=task_id, status=TaskStatus.PENDING, location=location, status_url=location
    )
