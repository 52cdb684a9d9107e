from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from pifai.core.provisioning import RoleNames, provision, role_url

app = typer.Typer(help="PostgreSQL set-up for operators.", no_args_is_help=True)


@app.command("provision")
def provision_cmd(
    superuser_url: Annotated[
        str, typer.Option(help="postgresql+asyncpg:// URL of a superuser", envvar="PIFAI_PG_SUPERUSER_URL")
    ],
    database: Annotated[str, typer.Option(help="Database to create")] = "pifai",
) -> None:
    """Create the owner, app and admin roles and the database (idempotent)."""
    roles = RoleNames()
    asyncio.run(provision(superuser_url, database, roles))
    typer.echo("Roles and database ready. Connection URLs (add passwords if your server needs them):")
    typer.echo(f"PIFAI_DATABASE_URL={role_url(superuser_url, database, roles.app)}")
    typer.echo(f"PIFAI_DATABASE_OWNER_URL={role_url(superuser_url, database, roles.owner)}")
    typer.echo(f"PIFAI_DATABASE_ADMIN_URL={role_url(superuser_url, database, roles.admin)}")
