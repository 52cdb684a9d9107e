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
    role_prefix: Annotated[
        str, typer.Option(help="Roles are <prefix>_owner/_app/_admin (server-wide names)")
    ] = "pifai",
) -> None:
    """Create the owner, app and admin roles and the database (idempotent).

    Roles belong to the whole PostgreSQL server: give each deployment on a shared server
    its own --role-prefix, or its passwords are shared (and reset) too."""
    roles = RoleNames(f"{role_prefix}_owner", f"{role_prefix}_app", f"{role_prefix}_admin")
    asyncio.run(provision(superuser_url, database, roles, password=password))
    typer.echo("Roles and database ready. Connection URLs (passwords hidden):")
    typer.echo(f"PIFAI_DB_APP_ROLE={roles.app}")
    typer.echo(f"PIFAI_DB_ADMIN_ROLE={roles.admin}")
    for variable, role in (
        ("PIFAI_DATABASE_URL", roles.app),
        ("PIFAI_DATABASE_OWNER_URL", roles.owner),
        ("PIFAI_DATABASE_ADMIN_URL", roles.admin),
    ):
        url = role_url(superuser_url, database, role, password)
        typer.echo(f"{variable}={make_url(url).render_as_string(hide_password=True)}")
