"""What queueing a message needs from the request that causes it."""

from __future__ import annotations

from dataclasses import dataclass

from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.tasks.queue import TaskQueue


@dataclass(frozen=True)
class Mailer:
    db: Database
    queue: TaskQueue
    settings: Settings
