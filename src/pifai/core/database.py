"""Engines, sessions and the per-transaction tenant binding that row-level security reads.

PostgreSQL policies read ``app.current_org_id`` / ``app.current_user_id``. They are set with
``set_config(..., true)`` (transaction-local) at the start of *every* transaction from the
session's ``info``: a session-level ``SET`` would leak to the next user of a pooled
connection, and ``SET LOCAL $1`` is a syntax error under asyncpg (tech-pitfalls B-1, B-3).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, SessionTransaction

from pifai.core.local_files import prepare_sqlite_file

ORG_KEY = "pifai.org_id"
USER_KEY = "pifai.user_id"
AFTER_COMMIT_KEY = "pifai.after_commit"

AfterCommitHook = Callable[[], Awaitable[None]]

_SET_TENANT_SQL = text(
    "SELECT set_config('app.current_org_id', :org_id, true), "
    "set_config('app.current_user_id', :user_id, true)"
)


class TenantSession(Session):
    """A session whose every transaction carries the bound organisation and user."""


@event.listens_for(TenantSession, "after_begin")
def _apply_tenant(session: Session, _tx: SessionTransaction, connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    connection.execute(_SET_TENANT_SQL, _tenant_params(session.info))


def _tenant_params(info: dict[str, Any]) -> dict[str, str]:
    org_id = info.get(ORG_KEY)
    user_id = info.get(USER_KEY)
    return {"org_id": str(org_id) if org_id else "", "user_id": str(user_id) if user_id else ""}


async def bind_tenant(
    session: AsyncSession, *, org_id: uuid.UUID | None, user_id: uuid.UUID | None = None
) -> None:
    """Scope this session (and any transaction already open) to one organisation and user."""
    session.info[ORG_KEY] = org_id
    session.info[USER_KEY] = user_id
    if session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        await session.execute(_SET_TENANT_SQL, _tenant_params(session.info))


def bound_org_id(session: AsyncSession) -> uuid.UUID | None:
    value = session.info.get(ORG_KEY)
    return value if isinstance(value, uuid.UUID) else None


class Database:
    """One engine and its session factory."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        self.url = url
        self.engine: AsyncEngine = _create_engine(url, echo=echo, pool_size=pool_size)
        self.sessionmaker: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=TenantSession
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(
        self, *, org_id: uuid.UUID | None = None, user_id: uuid.UUID | None = None
    ) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits on success, rolls back on error."""
        async with self.sessionmaker() as session:
            await bind_tenant(session, org_id=org_id, user_id=user_id)
            try:
                yield session
                await session.commit()
            except BaseException:
                discard_after_commit(session)
                await session.rollback()
                raise
            await run_after_commit(session)

    async def dispose(self) -> None:
        await self.engine.dispose()


def _create_engine(url: str, *, echo: bool, pool_size: int) -> AsyncEngine:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        prepare_sqlite_file(parsed.database)  # 0600, before SQLite creates it 0644
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN is turned off; _sqlite_begin_immediate replaces it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(conn: Connection) -> None:
    """SQLite transactions take the write lock when they begin. A deferred transaction
    that read first and writes later fails outright (SQLITE_BUSY) when another writer
    committed in between; immediate ones wait their turn, so concurrent requests on the
    embedded database serialise instead of failing, and read-check-write rules (an
    organisation keeps an owner) hold."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


async def flush_unique(session: AsyncSession, *, on_duplicate: Exception) -> None:
    """Flush, turning a unique-constraint race (two requests creating the same row at once)
    into the caller's domain error instead of a 500."""
    try:
        await session.flush()
    except IntegrityError as exc:
        raise on_duplicate from exc


def after_commit(session: AsyncSession, hook: AfterCommitHook) -> None:
    """Run ``hook`` once this unit of work has committed; dropped if it rolls back.

    Used to publish task ids: a worker must never receive a task whose row was never
    committed (tech-pitfalls B-11)."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(hook)


async def run_after_commit(session: AsyncSession) -> None:
    hooks: list[AfterCommitHook] = session.info.pop(AFTER_COMMIT_KEY, [])
    for hook in hooks:
        await hook()


def discard_after_commit(session: AsyncSession) -> None:
    session.info.pop(AFTER_COMMIT_KEY, None)
