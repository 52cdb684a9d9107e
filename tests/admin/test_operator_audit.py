"""Auditing the operator: each cross-organisation read leaves an ``admin.bypass_rls`` row,
the chains stay verifiable, and PostgreSQL reads really go through the admin role."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from pifai.admin import repository as admin_repo
from pifai.admin.schemas import OrganizationFilters
from pifai.core.database import Database
from tests.admin.conftest import Platform, client_for, dispose, operator_app
from tests.admin.operator import audit_rows, bootstrap, tag
from tests.conftest import Backend
from tests.factories.accounts import register
from tests.factories.products import create_product


async def test_every_operator_read_appends_one_bypass_row(platform: Platform) -> None:
    client, operator = platform.client, platform.operator
    start = datetime.now(UTC).isoformat()
    word = tag()
    await register(client, org_name=f"Audited {word}")

    await client.get("/api/v1/admin/organizations", params={"q": word}, headers=operator.headers)
    await client.get(
        "/api/v1/admin/audit-logs", params={"action": "auth.*"}, headers=operator.headers
    )
    rows = await audit_rows(client, operator, action="admin.bypass_rls", since=start)

    assert len(rows) == 2  # the read listing them is recorded after it
    orgs_read, logs_read = rows[1], rows[0]
    assert {r["chain"] for r in rows} == {"system"}
    assert {r["user_id"] for r in rows} == {str(operator.user_id)}
    assert orgs_read["details"]["route"] == "GET /api/v1/admin/organizations"
    assert orgs_read["details"]["filters"]["q"] == word
    assert (orgs_read["details"]["rows"], orgs_read["details"]["total"]) == (1, 1)
    assert orgs_read["details"]["operator_user_id"] == str(operator.user_id)
    assert logs_read["details"]["filters"]["action"] == "auth.*"


async def test_a_refused_read_leaves_no_bypass_row(platform: Platform) -> None:
    start = datetime.now(UTC).isoformat()
    owner = await register(platform.client)

    await platform.client.get("/api/v1/admin/organizations", headers=owner.headers)
    rows = await audit_rows(platform.client, platform.operator, action="admin.*", since=start)

    assert rows == []


def _pifai(backend: Backend, *args: str) -> subprocess.CompletedProcess[str]:
    s = backend.settings
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")},
        "PIFAI_ENV": "test",
        "PIFAI_SECRET_KEY": s.secret_key,
        "PIFAI_DATABASE_URL": s.resolved_database_url,
        "PIFAI_DATABASE_ADMIN_URL": s.resolved_admin_url or "",
        "PIFAI_LOG_LEVEL": "ERROR",
    }
    return subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_audit_verify_passes_after_the_operators_work(platform: Platform) -> None:
    client, operator = platform.client, platform.operator
    owner = await register(client)
    await create_product(client, owner)
    async with client_for(platform.app, ip="198.51.100.20") as guesser:
        await bootstrap(guesser, secret="wrong")
        await bootstrap(guesser)
    await client.put(
        f"/api/v1/admin/organizations/{owner.org_id}/plan",
        json={"plan": "pro"},
        headers=operator.headers,
    )
    await client.get("/api/v1/admin/organizations", headers=operator.headers)
    await client.get("/api/v1/admin/audit-logs", headers=operator.headers)

    result = await asyncio.to_thread(_pifai, platform.backend, "audit", "verify")

    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout


async def test_the_cli_sets_a_plan_with_an_audited_change(platform: Platform) -> None:
    owner = await register(platform.client)
    for i in range(3):
        await create_product(platform.client, owner, name=f"C{i}")

    result = await asyncio.to_thread(
        _pifai, platform.backend, "admin", "set-plan", str(owner.org_id), "enterprise"
    )
    rows = await audit_rows(
        platform.client,
        platform.operator,
        org_id=str(owner.org_id),
        action="organization.plan_changed",
    )

    assert result.returncode == 0, result.stderr
    assert "free -> enterprise" in result.stdout
    assert [(r["details"]["to"], r["details"]["via"], r["user_id"]) for r in rows] == [
        ("enterprise", "cli", None)
    ]
    await create_product(platform.client, owner, name="fourth")  # the free plan's limit is 3


async def test_the_cli_names_an_unknown_organisation(platform: Platform) -> None:
    result = await asyncio.to_thread(
        _pifai, platform.backend, "admin", "set-plan", "00000000-0000-4000-8000-000000000000", "pro"
    )

    assert result.returncode == 1
    assert "Organisation not found" in result.stderr


@pytest.mark.postgres_only
async def test_admin_role_reads_what_row_level_security_hides_from_the_app_role(
    platform: Platform,
) -> None:
    word = tag()
    await register(platform.client, org_name=f"Hidden {word}")
    await register(platform.client, org_name=f"Hidden too {word}")
    settings = platform.backend.settings
    as_app = Database(settings.resolved_database_url)
    as_admin = Database(settings.database_admin_url or "")
    try:
        async with as_app.session(
            org_id=platform.operator.org_id, user_id=platform.operator.user_id
        ) as session:
            app_rows, app_total = await admin_repo.list_organizations(
                session, OrganizationFilters(q=word), offset=0, limit=10
            )
        async with as_admin.session() as session:
            admin_rows, admin_total = await admin_repo.list_organizations(
                session, OrganizationFilters(q=word), offset=0, limit=10
            )
    finally:
        await as_app.dispose()
        await as_admin.dispose()

    assert (app_rows, app_total) == ([], 0)
    assert admin_total == 2
    assert {r.members for r in admin_rows} == {1}


@pytest.mark.postgres_only
async def test_without_the_admin_url_operator_reads_answer_503(platform: Platform) -> None:
    app = operator_app(platform.backend, database_admin_url=None)
    owner = await register(platform.client)
    try:
        async with client_for(app) as client:
            orgs = await client.get(
                "/api/v1/admin/organizations", headers=platform.operator.headers
            )
            logs = await client.get("/api/v1/admin/audit-logs", headers=platform.operator.headers)
            not_operator = await client.get("/api/v1/admin/organizations", headers=owner.headers)
            plan = await client.put(
                f"/api/v1/admin/organizations/{owner.org_id}/plan",
                json={"plan": "pro"},
                headers=platform.operator.headers,
            )
    finally:
        await dispose(app)

    assert (orgs.status_code, logs.status_code) == (503, 503)
    error = orgs.json()["error"]
    assert error["code"] == "operator_database_not_configured"
    assert "PIFAI_DATABASE_ADMIN_URL" in error["message"]
    assert not_operator.status_code == 403
    assert plan.status_code == 200  # the plan change runs as the app role, bound to the org
