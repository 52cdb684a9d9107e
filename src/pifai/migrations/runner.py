"""``pifai migrate``: both migration tracks with the owner role, under one lock.

On PostgreSQL a session-level advisory lock serialises concurrent migrators (several web
replicas starting at once): the second waits, then finds every revision and step in place
and does nothing. Grants to the application and admin roles are re-asserted each run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from pifai.core.config import Settings
from pifai.migrations.startup_steps import STEPS
from pifai.models.base import utcnow

log = logging.getLogger(__name__)

MIGRATION_LOCK_KEY = 0x50494641  # "PIFA": one advisory lock id for all migrators
MIGRATIONS_DIR = Path(__file__).resolve().parent


@dataclass
class MigrationReport:
    revision_before: str | None = None
    revision_after: str | None = None
    steps_applied: list[str] = field(default_factory=list)
    steps_present: list[str] = field(default_factory=list)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


async def migrate(settings: Settings) -> MigrationReport:
    engine = create_async_engine(settings.resolved_owner_url, poolclass=NullPool)
    report = MigrationReport()
    try:
        async with engine.connect() as conn:
            postgres = conn.dialect.name == "postgresql"
            if postgres:
                await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
                await conn.commit()
            try:
                await conn.run_sync(lambda c: _migrate_locked(c, settings, report))
                await conn.commit()
            finally:
                if postgres:
                    await conn.execute(
                        text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY}
                    )
                    await conn.commit()
    finally:
        await engine.dispose()
    return report


def _migrate_locked(conn: Connection, settings: Settings, report: MigrationReport) -> None:
    report.revision_before = current_revision(conn)
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    report.revision_after = current_revision(conn)
    _run_startup_steps(conn, report)
    if conn.dialect.name == "postgresql":
        _grant_roles(conn, settings)


def _run_startup_steps(conn: Connection, report: MigrationReport) -> None:
    done = {row[0] for row in conn.execute(text("SELECT step_id FROM schema_steps"))}
    for step in STEPS:
        if step.step_id in done:
            continue
        if step.is_in_target_state(conn):
            outcome = "present"
            report.steps_present.append(step.step_id)
        else:
            step.apply(conn)
            if not step.is_in_target_state(conn):
                raise RuntimeError(f"start-up step {step.step_id} did not reach its target state")
            outcome = "applied"
            report.steps_applied.append(step.step_id)
        conn.execute(
            text(
                "INSERT INTO schema_steps (step_id, description, outcome, applied_at) "
                "VALUES (:i, :d, :o, :t)"
            ),
            {"i": step.step_id, "d": step.description, "o": outcome, "t": utcnow()},
        )


def _role_exists(conn: Connection, role: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.first() is not None


def _grant_roles(conn: Connection, settings: Settings) -> None:
    """The app role may read/write tenant tables, only append to the audit log, never DDL."""
    app, admin = settings.db_app_role, settings.db_admin_role
    if _role_exists(conn, app):
        q = _quote_ident(app)
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {q}"))
        conn.execute(
            text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {q}")
        )
        conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM {q}"))
        conn.execute(
            text(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version, schema_steps FROM {q}")
        )
    else:
        log.warning("database role %s does not exist; no grants made for the app", app)
    if _role_exists(conn, admin):
        q = _quote_ident(admin)
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {q}"))
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {q}"))
        conn.execute(text(f"GRANT INSERT ON audit_logs TO {q}"))


def _quote_ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe database role name: {name!r}")
    return f'"{name}"'
