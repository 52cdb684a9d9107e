"""Login with a second factor: accounts with two-factor on send a fresh TOTP code.

The app's TOTP dependency gets a clock the test moves (tests/factories/sa.py), so every
code is of a new 30-second step and nothing sleeps."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pyotp
import pytest

from pifai.app import create_app
from tests.conftest import Backend
from tests.factories.accounts import PASSWORD, Account, register, unique_email
from tests.factories.audit import audit_rows
from tests.factories.sa import STEP, Clock, SafetyAssessor, enrol, join_as_sa, use_clock

LOGIN = "/api/v1/auth/login"
WRONG = "Wrong-password-99"


@dataclass
class Harness:
    client: httpx.AsyncClient
    clock: Clock


@pytest.fixture(name="h")
async def harness(backend: Backend) -> AsyncIterator[Harness]:
    application = create_app(backend.settings, configure_logs=False)
    clock = Clock()
    use_clock(application, clock)
    transport = httpx.ASGITransport(app=application, client=("198.51.100.23", 40000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield Harness(client, clock)
    finally:
        await application.state.db.dispose()


async def two_factor_account(h: Harness) -> SafetyAssessor:
    return await enrol(h.client, await register(h.client), h.clock)


def wrong_code(sa: SafetyAssessor) -> str:
    """A well-formed code matching none of the steps the server accepts now."""
    totp = pyotp.TOTP(sa.secret)
    window = {totp.at(sa.clock.now + k * STEP) for k in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in window)


async def login(
    client: httpx.AsyncClient, account: Account, password: str = PASSWORD, **extra: Any
) -> httpx.Response:
    body = {"email": account.email, "password": password, **extra}
    return await client.post(LOGIN, json={k: str(v) for k, v in body.items()})


async def test_without_a_code_the_answer_asks_for_the_authenticator_code(h: Harness) -> None:
    sa = await two_factor_account(h)

    response = await login(h.client, sa.account)

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "totp_required"
    assert "6-digit code" in error["message"]
    assert "authenticator app" in error["message"]
    assert "access_token" not in response.text


async def test_a_good_code_gives_working_tokens_and_is_audited(h: Harness) -> None:
    sa = await two_factor_account(h)

    response = await login(h.client, sa.account, totp_code=sa.code())

    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    me = await h.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["user_id"] == str(sa.account.user_id)
    logins = await audit_rows(h.client, sa.account.org_id, "auth.login")
    assert logins[-1] == (sa.account.user_id, {"second_factor": "totp"})


async def test_a_code_with_a_space_as_apps_show_it_is_accepted(h: Harness) -> None:
    sa = await two_factor_account(h)
    code = sa.code()

    response = await login(h.client, sa.account, totp_code=f"{code[:3]} {code[3:]}")

    assert response.status_code == 200, response.text


async def test_a_wrong_password_says_nothing_about_the_second_factor(h: Harness) -> None:
    sa = await two_factor_account(h)

    wrong = await login(h.client, sa.account, WRONG)
    wrong_with_code = await login(h.client, sa.account, WRONG, totp_code=sa.code())
    unknown = await h.client.post(LOGIN, json={"email": unique_email(), "password": WRONG})

    assert wrong.status_code == wrong_with_code.status_code == unknown.status_code == 401
    assert wrong.json() == wrong_with_code.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


async def test_a_wrong_code_is_refused_as_totp_invalid(h: Harness) -> None:
    sa = await two_factor_account(h)

    response = await login(h.client, sa.account, totp_code=wrong_code(sa))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "totp_invalid"
    assert "access_token" not in response.text


async def test_a_replayed_code_is_refused_as_totp_invalid(h: Harness) -> None:
    sa = await two_factor_account(h)
    code = sa.code()
    first = await login(h.client, sa.account, totp_code=code)
    assert first.status_code == 200, first.text

    replay = await login(h.client, sa.account, totp_code=code)

    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "totp_invalid"


async def test_a_code_used_for_an_sa_action_cannot_log_in(h: Harness) -> None:
    sa = await two_factor_account(h)
    code = sa.code()
    checked = await h.client.post(
        "/api/v1/auth/verify-2fa", json={"code": code}, headers=sa.headers
    )
    assert checked.status_code == 200, checked.text

    response = await login(h.client, sa.account, totp_code=code)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "totp_invalid"


async def test_wrong_codes_count_as_failed_logins_for_throttling(h: Harness) -> None:
    sa = await two_factor_account(h)
    for _ in range(5):
        refused = await login(h.client, sa.account, totp_code=wrong_code(sa))
        assert refused.json()["error"]["code"] == "totp_invalid"

    response = await login(h.client, sa.account, totp_code=sa.code())

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0


async def test_asking_for_the_code_is_not_a_failed_login(h: Harness) -> None:
    sa = await two_factor_account(h)
    for _ in range(6):
        asked = await login(h.client, sa.account)
        assert asked.json()["error"]["code"] == "totp_required"

    response = await login(h.client, sa.account, totp_code=sa.code())

    assert response.status_code == 200, response.text


async def test_the_organisation_is_chosen_before_the_code_is_used(h: Harness) -> None:
    owner = await register(h.client)
    sa = await enrol(h.client, await join_as_sa(h.client, owner), h.clock)
    code = sa.code()

    choose = await login(h.client, sa.account, totp_code=code)
    assert choose.status_code == 409
    assert choose.json()["error"]["code"] == "organization_choice_required"

    response = await login(h.client, sa.account, totp_code=code, org_id=owner.org_id)

    assert response.status_code == 200, response.text
    assert response.json()["org_id"] == str(owner.org_id)
    assert response.json()["role"] == "sa"


async def test_a_malformed_code_is_a_field_error(h: Harness) -> None:
    sa = await two_factor_account(h)

    response = await login(h.client, sa.account, totp_code="12ab56")

    assert response.status_code == 422
    assert "body.totp_code" in response.text


async def test_accounts_without_two_factor_log_in_as_before(h: Harness) -> None:
    account = await register(h.client)

    response = await login(h.client, account)

    assert response.status_code == 200, response.text
    logins = await audit_rows(h.client, account.org_id, "auth.login")
    assert logins[-1] == (account.user_id, {})
