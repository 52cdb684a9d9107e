from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import Backend
from tests.email.mailbox import MailApp, mail_app


@pytest.fixture
async def harness(backend: Backend, tmp_path: Path) -> AsyncIterator[MailApp]:
    """The app with its worker; messages go to the default outbox folder."""
    async with mail_app(backend, tmp_path / "outbox") as running:
        yield running
