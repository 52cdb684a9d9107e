"""POST /admin/bootstrap: the first super-admin, once, with the configured secret."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from tests.admin.conftest import Platform, client_for, dispose, operator_app
from tests.admin.operator import audit_rows, bootstrap, operator_account
from tests.conftest import Backend
from tests.factories.accounts import login, unique_email


async def test_bootstrap_succeeds_once_then_answers_conflict(unbootstrapped: FastAPI) -> None:
    async with client_for(unbootstrapped) as client:
        first = await bootstrap(client)
        second = await bootstrap(client)

    assert first.status_code == 201, first.text
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "already_bootstrapped"


async def test_the_bootstrapped_operator_logs_in_and_reaches_the_operator_routes(
    unbootstrapped: FastAPI,
) -> None:
    email = unique_email("operator")
    async with client_for(unbootstrapped) as client:
        created = await bootstrap(client, email=email, org_name="Ops")
        logged_in = await login(client, email)
        listed = await client.get(
            "/api/v1/admin/organizations",
            headers={"Authorization": f"Bearer {logged_in.json()['access_token']}"},
        )

    assert created.status_code == 201, created.text
    assert (created.json()["role"], logged_in.status_code) == ("owner", 200)
    assert [o["name"] for o in listed.json()["items"]] == ["Ops"]
    assert listed.json()["items"][0]["type"] == "consultant"


async def test_concurrent_bootstraps_create_exactly_one_super_admin(
    unbootstrapped: FastAPI,
) -> None:
    async with client_for(unbootstrapped) as client:
        responses = await asyncio.gather(*(bootstrap(client) for _ in range(5)))
        winner = operator_account(next(r for r in responses if r.status_code == 201))
        bootstrapped = await audit_rows(client, winner, action="admin.bootstrapped")

    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409]
    assert [row["user_id"] for row in bootstrapped] == [str(winner.user_id)]


async def test_a_wrong_secret_is_refused_and_audited(platform: Platform) -> None:
    async with client_for(platform.app, ip="198.51.100.10") as guesser:
        response = await bootstrap(guesser, secret="not-the-secret")

    failures = await audit_rows(platform.client, platform.operator, action="admin.bootstrap_failed")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "bootstrap_secret_invalid"
    assert "198.51.100.10" in [row["ip"] for row in failures]
    assert {row["chain"] for row in failures} == {"system"}


async def test_repeated_wrong_secrets_are_throttled_by_address(platform: Platform) -> None:
    async with client_for(platform.app, ip="198.51.100.11") as guesser:
        wrong = [await bootstrap(guesser, secret=f"guess-{i}") for i in range(5)]
        throttled = await bootstrap(guesser)
    async with client_for(platform.app, ip="198.51.100.12") as elsewhere:
        other_address = await bootstrap(elsewhere, secret="guess-x")

    assert [r.status_code for r in wrong] == [403] * 5
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    assert other_address.status_code == 403


async def test_the_right_secret_after_bootstrap_still_answers_conflict(
    platform: Platform,
) -> None:
    async with client_for(platform.app, ip="198.51.100.13") as client:
        response = await bootstrap(client)

    assert response.status_code == 409


async def test_bootstrap_is_refused_when_no_secret_is_configured(backend: Backend) -> None:
    app = operator_app(backend, admin_bootstrap_secret=None)
    async with client_for(app) as client:
        response = await bootstrap(client)
    await dispose(app)

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "bootstrap_disabled"
    assert "PIFAI_ADMIN_BOOTSTRAP_SECRET" in error["message"]


async def test_a_weak_operator_password_is_refused_with_the_field(
    unbootstrapped: FastAPI,
) -> None:
    async with client_for(unbootstrapped) as client:
        response = await bootstrap(client, password="password1")

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.password"


async def test_a_missing_field_is_named(platform: Platform) -> None:
    response = await platform.client.post(
        "/api/v1/admin/bootstrap", json={"secret": "x", "password": "y"}
    )

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.email"]
