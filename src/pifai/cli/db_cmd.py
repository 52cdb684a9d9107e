from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from pifai.core.provisioning import RoleNames, provision, role_url

app = typer.Typer(help="PostgreSQL set-up for operators.", no_args_is_help=True)


@app.command("provision")
def provision_cmd(
    superuser_url: Annotated[
        str,
        typer.Option(
            help="postgresql+asyncpg:// URL of a superuser", envvar="PIFAI_PG_SUPERUSER_URL"
        ),
    ],
    database: Annotated[str, typer.Option(help="Database to create")] = "pifai",
    password: Annotated[
        str | None,
        typer.Option(help="Password for the three roles", envvar="PIFAI_PG_ROLE_PASSWORD"),
    ] = None,
) -> None:
    """Create the owner, app and admin roles and the database (idempotent)."""
    roles = RoleNames()
    asyncio.run(provision(superuser_url, database, roles, password=password))
    typer.echo(
        "Roles and database ready. Connection URLs (add passwords if your server needs them):"
    )
    for variable, role in (
        ("PIFAI_DATABASE_URL", roles.app),
        ("PIFAI_DATABASE_OWNER_URL", roles.owner),
        ("PIFAI_DATABASE_ADMIN_URL", roles.admin),
    ):
        url = role_url(superuser_url, database, role, password)
        typer.echo(f"{variable}={make_url(url).render_as_string(hide_password=True)}")
