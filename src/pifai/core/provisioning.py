"""Create the three PostgreSQL roles and the database the service expects (SPEC §6).

- owner: owns the tables, runs migrations (``PIFAI_DATABASE_OWNER_URL``);
- app: owns nothing, cannot bypass row-level security (``PIFAI_DATABASE_URL``);
- admin: BYPASSRLS, read-only but for audit appends, for audited operator reads and the
  audit verifier (``PIFAI_DATABASE_ADMIN_URL``).

Needs a superuser (or CREATEROLE + CREATEDB) connection. Idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class RoleNames:
    owner: str = "pifai_owner"
    app: str = "pifai_app"
    admin: str = "pifai_admin"


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a plain PostgreSQL identifier: {name!r}")
    return f'"{name}"'


_ROLE_OPTIONS = {
    "owner": "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
    "app": "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT",
    "admin": "LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT",
}


async def provision(
    superuser_url: str,
    database: str,
    roles: RoleNames = RoleNames(),
    *,
    password: str | None = None,
) -> None:
    """Create or update the roles (with ``password`` when the server needs one)."""
    engine = create_async_engine(superuser_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for key, options in _ROLE_OPTIONS.items():
                name = getattr(roles, key)
                exists = await conn.execute(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}
                )
                verb = "ALTER" if exists.first() else "CREATE"
                await conn.execute(text(f"{verb} ROLE {_ident(name)} {options}"))
                if password is not None:
                    statement = await conn.scalar(
                        text(
                            "SELECT format('ALTER ROLE %I PASSWORD %L', "
                            "CAST(:r AS text), CAST(:p AS text))"
                        ),
                        {"r": name, "p": password},
                    )
                    await conn.execute(text(str(statement)))
            found = await conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
            )
            if found.first() is None:
                await conn.execute(
                    text(f"CREATE DATABASE {_ident(database)} OWNER {_ident(roles.owner)}")
                )
            await conn.execute(text(f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC"))
            for role in (roles.owner, roles.app, roles.admin):
                await conn.execute(
                    text(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {_ident(role)}")
                )
    finally:
        await engine.dispose()


def role_url(superuser_url: str, database: str, role: str, password: str | None = None) -> str:
    """The superuser URL rewritten for one role and database."""
    url = make_url(superuser_url).set(database=database, username=role, password=password)
    return url.render_as_string(hide_password=False)
