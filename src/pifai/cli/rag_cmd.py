"""``pifai rag backfill``: knowledge bases for products whose ``rag_kb_id`` is empty."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pifai.core.config import Settings, get_settings
from pifai.core.database import Database
from pifai.rag import repository as rag_repo
from pifai.rag.backfill import BackfillReport, Pending, backfill, pending_products
from pifai.rag.client import RagError
from pifai.rag.settings import RagSettings

app = typer.Typer(help="The central knowledge base (SPEC §15).", no_args_is_help=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


async def _organizations(settings: Settings) -> list[uuid.UUID]:
    url = settings.resolved_admin_url
    if url is None:
        raise _fail(
            "pass --org: listing every organisation on PostgreSQL needs "
            "PIFAI_DATABASE_ADMIN_URL (a role with BYPASSRLS)",
            2,
        )
    db = Database(url, pool_size=1)
    try:
        async with db.session() as session:
            return await rag_repo.list_organization_ids(session)
    finally:
        await db.dispose()


async def _run(settings: Settings, rag: RagSettings, orgs: list[uuid.UUID]) -> BackfillReport:
    org_ids = orgs or await _organizations(settings)
    db = Database(settings.resolved_database_url, pool_size=2)
    try:
        todo = await pending_products(db, org_ids)
        progress = Progress(
            TextColumn("knowledge bases"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        with progress:
            task = progress.add_task("", total=len(todo))

            def advance(item: Pending, outcome: str) -> None:
                progress.update(task, advance=1, description=f"{item.product_id} {outcome}")

            return await backfill(db, rag, org_ids, pending=todo, progress=advance)
    finally:
        await db.dispose()


@app.command("backfill")
def backfill_cmd(
    org: Annotated[
        list[str] | None,
        typer.Option("--org", help="Only this organisation (repeatable); default: all"),
    ] = None,
) -> None:
    """Create the missing knowledge bases (products whose creation could not reach the
    service) and store their ids. Exit 1 when any failed, 2 when not configured."""
    rag = RagSettings()
    if not rag.configured:
        raise _fail("set PIFAI_RAG_BASE_URL, PIFAI_RAG_API_KEY and PIFAI_RAG_TENANT_ID", 2)
    try:
        orgs = [uuid.UUID(o) for o in org or []]
    except ValueError as exc:
        raise _fail(f"not an organisation id: {exc}", 2) from exc
    try:
        report = asyncio.run(_run(get_settings(), rag, orgs))
    except RagError as exc:
        raise _fail(exc.message) from exc
    for error in report.errors:
        typer.echo(f"failed {error}", err=True)
    typer.echo(
        f"{report.organizations} organisations, {report.candidates} products without a "
        f"knowledge base: {report.created} created, {report.already_linked} already linked, "
        f"{report.failed} failed"
    )
    if report.failed:
        raise typer.Exit(1)
