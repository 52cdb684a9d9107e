"""A real SMTP server (aiosmtpd) on a free local port, the app with its in-process worker
sending through it (or into an outbox folder), and readers for what arrived.

The worker also picks up messages other tests left pending in the shared database, so
every reader filters by recipient."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from sqlalchemy import select

from pifai.app import create_app
from pifai.models import AuditLog, Task
from tests.conftest import Backend

_TOKEN = re.compile(r"[?&]token=([A-Za-z0-9_.%\-]+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    content: str = part.get_content()  # type: ignore[attr-defined]
    return content


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    content: str = part.get_content()  # type: ignore[attr-defined]
    return content


def token_in(message: EmailMessage) -> str:
    found = _TOKEN.search(text_of(message))
    assert found, text_of(message)
    return unquote(found.group(1))


class Mailbox:
    """aiosmtpd handler: keeps every message it is given (from the server's thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self._messages.append((list(envelope.rcpt_tos), parse(envelope.content)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for rcpts, m in self._messages if address in rcpts]

    def with_link(self, address: str, path: str) -> list[EmailMessage]:
        """Messages to ``address`` whose link goes to ``path`` (e.g. ``/reset-password``)."""
        return [m for m in self.to(address) if f"{path}?token=" in text_of(m)]

    async def wait_for_link(
        self, address: str, path: str, count: int = 1, within: float = 20.0
    ) -> list[EmailMessage]:
        deadline = time.monotonic() + within
        while len(found := self.with_link(address, path)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} {path} messages to {address}")
            await asyncio.sleep(0.05)
        return found

    async def wait_for(
        self, address: str, count: int = 1, within: float = 20.0
    ) -> list[EmailMessage]:
        deadline = time.monotonic() + within
        while len(found := self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} messages to {address} arrived")
            await asyncio.sleep(0.05)
        return found


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def outbox_messages(folder: Path, address: str) -> list[EmailMessage]:
    if not folder.exists():
        return []
    """Messages to ``address``, oldest first (by the time they were written)."""
    paths = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    found = [parse(path.read_bytes()) for path in paths]
    return [m for m in found if m["To"] == address]


async def wait_for_outbox(
    folder: Path, address: str, count: int = 1, within: float = 20.0
) -> list[EmailMessage]:
    deadline = time.monotonic() + within
    while len(found := outbox_messages(folder, address)) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(found)} of {count} outbox messages to {address}")
        await asyncio.sleep(0.05)
    return found


@dataclass
class MailApp:
    app: FastAPI
    client: httpx.AsyncClient
    outbox: Path


@contextlib.asynccontextmanager
async def mail_app(backend: Backend, outbox: Path, **overrides: Any) -> AsyncIterator[MailApp]:
    """The app with its lifespan (in-process worker, fast retries), mail going to
    ``outbox`` unless ``smtp_host`` is given."""
    settings = backend.settings.model_copy(
        update={
            "redis_url": None,
            "worker_block_ms": 50,
            "reconcile_interval_seconds": 0.5,
            "task_backoff_base_seconds": 0.05,
            "task_backoff_cap_seconds": 0.2,
            "outbox_dir": outbox,
            "public_base_url": "https://pif.example.test",
            **overrides,
        }
    )
    application = create_app(settings, configure_logs=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("198.51.100.9", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield MailApp(application, client, outbox)


async def email_tasks(app: FastAPI, org_id: uuid.UUID) -> list[Task]:
    async with app.state.db.session(org_id=org_id) as session:
        result = await session.execute(
            select(Task)
            .where(Task.org_id == org_id, Task.kind == "email.send")
            .order_by(Task.created_at)
        )
        return list(result.scalars())


async def wait_for_tasks(
    app: FastAPI, org_id: uuid.UUID, status: str, count: int = 1, within: float = 30.0
) -> list[Task]:
    deadline = time.monotonic() + within
    while True:
        tasks = [t for t in await email_tasks(app, org_id) if t.status == status]
        if len(tasks) >= count:
            return tasks
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(tasks)} of {count} email tasks are {status}")
        await asyncio.sleep(0.05)


async def audit_actions(app: FastAPI, org_id: uuid.UUID) -> list[str]:
    async with app.state.db.session(org_id=org_id) as session:
        result = await session.execute(
            select(AuditLog.action).where(AuditLog.org_id == org_id).order_by(AuditLog.seq)
        )
        return list(result.scalars())
