"""PostgreSQL row-level security backs up the org-scoped functions (SPEC §6)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from pifai.core.database import Database
from pifai.models import Product
from tests.conftest import Backend
from tests.factories.accounts import register
from tests.factories.products import create_product

pytestmark = pytest.mark.postgres_only


async def test_every_table_with_org_id_forces_rls_and_has_a_policy(
    superuser_engine: AsyncEngine,
) -> None:
    async with superuser_engine.connect() as conn:
        rows = (
            await conn.execute(
                text(
                    """
                    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                           (SELECT count(*) FROM pg_policies p
                             WHERE p.schemaname = 'public' AND p.tablename = c.relname)
                    FROM information_schema.columns col
                    JOIN pg_class c ON c.relname = col.table_name
                    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                    WHERE col.table_schema = 'public' AND col.column_name = 'org_id'
                    """
                )
            )
        ).all()
    tables = {r[0] for r in rows}
    unprotected = [r[0] for r in rows if not (r[1] and r[2] and r[3] > 0)]
    assert {"products", "pif_documents", "tasks", "uploaded_files", "audit_logs"} <= tables
    assert unprotected == []


async def test_app_role_owns_nothing_and_cannot_bypass_rls(
    pg: Backend, superuser_engine: AsyncEngine
) -> None:
    async with superuser_engine.connect() as conn:
        role = (
            await conn.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"),
                {"r": pg.settings.db_app_role},
            )
        ).one()
        owned = (
            await conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname='public' AND tableowner=:r"),
                {"r": pg.settings.db_app_role},
            )
        ).scalar_one()
    assert (role.rolsuper, role.rolbypassrls, owned) == (False, False, 0)


async def test_plain_select_sees_only_the_bound_organisations_rows(
    pg: Backend, client: httpx.AsyncClient
) -> None:
    a = await register(client)
    b = await register(client)
    a_product = await create_product(client, a)
    await create_product(client, b)
    db = Database(pg.settings.resolved_database_url)
    try:
        async with db.session(org_id=a.org_id) as session:
            scoped = (await session.execute(text("SELECT id, org_id FROM products"))).all()
        async with db.session() as session:
            unscoped = (await session.execute(text("SELECT id FROM products"))).all()
    finally:
        await db.dispose()
    assert {uuid.UUID(str(r.org_id)) for r in scoped} == {a.org_id}
    assert str(a_product["id"]) in {str(r.id) for r in scoped}
    assert unscoped == []


async def test_inserting_a_row_for_another_organisation_is_refused(
    pg: Backend, client: httpx.AsyncClient
) -> None:
    a = await register(client)
    b = await register(client)
    db = Database(pg.settings.resolved_database_url)
    try:
        with pytest.raises(DBAPIError, match="row-level security"):
            async with db.session(org_id=a.org_id) as session:
                session.add(Product(org_id=b.org_id, name="smuggled"))
                await session.flush()
    finally:
        await db.dispose()


async def test_tenant_setting_does_not_leak_to_the_next_transaction(
    pg: Backend, client: httpx.AsyncClient
) -> None:
    """One pooled connection, two transactions: the org binding ends with the first."""
    a = await register(client)
    await create_product(client, a)
    engine = create_async_engine(pg.settings.resolved_database_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            await conn.execute(
                text("SELECT set_config('app.current_org_id', :o, true)"), {"o": str(a.org_id)}
            )
            first = (await conn.execute(text("SELECT count(*) FROM products"))).scalar_one()
            await conn.commit()
            second = (await conn.execute(text("SELECT count(*) FROM products"))).scalar_one()
            await conn.commit()
    finally:
        await engine.dispose()
    assert (first, second) == (1, 0)
