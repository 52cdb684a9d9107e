from __future__ import annotations

import asyncio

import typer

from pifai.audit.verify import VerifyReport, verify_all
from pifai.core.config import get_settings
from pifai.core.database import Database

app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)


async def _verify(url: str) -> VerifyReport:
    db = Database(url)
    try:
        async with db.session() as session:
            return await verify_all(session)
    finally:
        await db.dispose()


@app.command("verify")
def verify() -> None:
    """Recompute every audit chain; exit 1 naming the first bad row of each broken chain."""
    settings = get_settings()
    url = settings.resolved_admin_url
    if url is None:
        typer.echo(
            "PIFAI_DATABASE_ADMIN_URL is required on PostgreSQL: the verifier must see every "
            "organisation's rows (a role with BYPASSRLS).",
            err=True,
        )
        raise typer.Exit(2)
    report = asyncio.run(_verify(url))
    if report.breaks:
        for b in report.breaks:
            typer.echo(
                f"BROKEN chain {b.chain} at row seq={b.seq} id={b.row_id}: {b.reason}", err=True
            )
        raise typer.Exit(1)
    typer.echo(f"audit chains intact: {report.chains} chains, {report.rows} rows")
