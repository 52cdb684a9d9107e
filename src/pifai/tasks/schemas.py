from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt

from pifai.kit.input import InputModel, PlainText
from pifai.models.enums import TaskStatus


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    status: TaskStatus
    progress: int
    attempts: int
    max_attempts: int
    next_run_at: datetime | None
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class TaskAccepted(BaseModel):
    task_id: uuid.UUID
    status: TaskStatus
    location: str


class EchoRequest(InputModel):
    """A diagnostic task: sleeps, optionally fails its first attempts, echoes a message."""

    message: PlainText = Field(default="", max_length=1000)
    sleep_seconds: StrictFloat = Field(default=0.0, ge=0, le=600)
    fail_times: StrictInt = Field(default=0, ge=0, le=10)
