from __future__ import annotations

import asyncio
from typing import Annotated

import typer
import uvicorn

from pifai.core.config import get_settings
from pifai.migrations.runner import MigrationReport
from pifai.migrations.runner import migrate as run_migrations


def _print_report(report: MigrationReport) -> None:
    typer.echo(
        f"schema revision {report.revision_before or '(empty)'} -> {report.revision_after}; "
        f"start-up steps applied: {len(report.steps_applied)}, "
        f"already present: {len(report.steps_present)}"
    )


def migrate() -> None:
    """Apply both migration tracks (Alembic revisions, then start-up steps) as the owner role."""
    settings = get_settings()
    settings.ensure_data_dir()
    _print_report(asyncio.run(run_migrations(settings)))


def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (PIFAI_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PIFAI_PORT)")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Web worker processes")] = 1,
    migrate_first: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help="Run `pifai migrate` before serving")
    ] = True,
) -> None:
    """Start the API server."""
    settings = get_settings()
    if migrate_first:
        migrate()
    uvicorn.run(
        "pifai.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
