"""Two-factor (TOTP): RFC 6238 codes, once-only acceptance, sealed secrets, throttling.

Service tests inject a fixed clock (no sleeping, no timing assertions); API tests use the
real clock and stay inside the ±1 step window, so a step boundary cannot flip them.
"""

from __future__ import annotations

import asyncio
import base64
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pyotp
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from pifai.auth.totp import (
    TotpCodeReused,
    TotpInvalidCode,
    TotpNotEnabled,
    TotpService,
    TotpThrottled,
    match_timecode,
    open_secret,
    seal_secret,
)
from pifai.core.database import Database
from pifai.files.crypto import DecryptionFailed, FileKeys
from tests.conftest import Backend
from tests.factories.accounts import Account, register

# RFC 6238 Appendix B: secret is the ASCII "12345678901234567890"; SHA-1, 30 s steps.
# Expected values are the 8-digit codes of the RFC; a 6-digit code is their last 6 digits.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
NOW = datetime(2026, 12, 6, 9, 0, 10, tzinfo=UTC)
STEP = timedelta(seconds=30)
SETUP, VERIFY = "/api/v1/auth/setup-2fa", "/api/v1/auth/verify-2fa"


def code_at(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# --- pure helpers --------------------------------------------------------------------


@pytest.mark.parametrize(("unix", "rfc_code"), RFC_VECTORS)
def test_codes_match_the_rfc_6238_sha1_vectors(unix: int, rfc_code: str) -> None:
    at = datetime.fromtimestamp(unix, UTC)

    assert pyotp.TOTP(RFC_SECRET, digits=8).at(at) == rfc_code
    assert match_timecode(RFC_SECRET, rfc_code[-6:], at) == unix // 30


def test_one_step_of_clock_skew_is_tolerated_and_two_are_not() -> None:
    code = code_at(RFC_SECRET, NOW)
    step = int(NOW.timestamp()) // 30

    assert match_timecode(RFC_SECRET, code, NOW + STEP) == step
    assert match_timecode(RFC_SECRET, code, NOW - STEP) == step
    assert match_timecode(RFC_SECRET, code, NOW + 2 * STEP) is None
    assert match_timecode(RFC_SECRET, code, NOW - 2 * STEP) is None


def test_spaced_codes_are_read_and_malformed_ones_refused() -> None:
    code = code_at(RFC_SECRET, NOW)

    assert match_timecode(RFC_SECRET, f"{code[:3]} {code[3:]}", NOW) is not None
    assert match_timecode(RFC_SECRET, "12345", NOW) is None
    assert match_timecode(RFC_SECRET, "abcdef", NOW) is None


def test_a_sealed_secret_opens_only_for_its_own_user() -> None:
    keys = FileKeys.parse(FileKeys.generate_spec())
    owner, other = uuid.uuid4(), uuid.uuid4()
    sealed = seal_secret(keys, RFC_SECRET, owner)

    assert RFC_SECRET not in sealed
    assert open_secret(keys, sealed, owner) == RFC_SECRET
    with pytest.raises(DecryptionFailed):
        open_secret(keys, sealed, other)


# --- service (fixed clock) -----------------------------------------------------------


def service(app: FastAPI, backend: Backend, clock: Clock) -> TotpService:
    return TotpService(app.state.db, backend.settings, clock=clock)


async def enrol(totp: TotpService, account: Account, clock: Clock) -> str:
    """Set up and confirm two-factor at the clock's time; returns the secret."""
    db: Database = totp.db
    async with db.session(org_id=account.org_id, user_id=account.user_id) as session:
        setup = await totp.start_setup(session, account.user_id, org_id=account.org_id)
    async with db.session(org_id=account.org_id, user_id=account.user_id) as session:
        await totp.confirm_setup(
            session, account.user_id, code_at(setup.secret, clock.now), org_id=account.org_id
        )
    return setup.secret


async def verify(totp: TotpService, account: Account, code: str) -> None:
    async with totp.db.session(org_id=account.org_id, user_id=account.user_id) as session:
        await totp.verify_fresh_code(session, account.user_id, code, org_id=account.org_id)


async def test_the_enrolment_code_cannot_be_used_again(
    app: FastAPI, backend: Backend, client: httpx.AsyncClient
) -> None:
    clock = Clock(NOW)
    totp = service(app, backend, clock)
    account = await register(client)
    secret = await enrol(totp, account, clock)
    clock.now = NOW + timedelta(seconds=5)

    with pytest.raises(TotpCodeReused, match="already used"):
        await verify(totp, account, code_at(secret, NOW))
    await verify(totp, account, code_at(secret, NOW + STEP))


async def test_an_accepted_code_is_refused_the_second_time_and_so_is_an_older_one(
    app: FastAPI, backend: Backend, client: httpx.AsyncClient
) -> None:
    clock = Clock(NOW)
    totp = service(app, backend, clock)
    account = await register(client)
    secret = await enrol(totp, account, clock)
    clock.now = NOW + STEP
    await verify(totp, account, code_at(secret, NOW + 2 * STEP))  # a step ahead: skew

    with pytest.raises(TotpCodeReused):
        await verify(totp, account, code_at(secret, NOW + 2 * STEP))
    with pytest.raises(TotpCodeReused):  # still inside the window, but older
        await verify(totp, account, code_at(secret, NOW + STEP))


async def test_a_wrong_code_is_refused_and_a_user_without_two_factor_is_told_so(
    app: FastAPI, backend: Backend, client: httpx.AsyncClient
) -> None:
    clock = Clock(NOW)
    totp = service(app, backend, clock)
    account = await register(client)

    with pytest.raises(TotpNotEnabled):
        await verify(totp, account, "123456")
    secret = await enrol(totp, account, clock)
    with pytest.raises(TotpInvalidCode):
        await verify(totp, account, code_at(secret, NOW + 5 * STEP))


async def test_the_secret_is_stored_sealed_not_in_plain_text(
    app: FastAPI, backend: Backend, client: httpx.AsyncClient
) -> None:
    clock = Clock(NOW)
    totp = service(app, backend, clock)
    account = await register(client)
    secret = await enrol(totp, account, clock)

    async with totp.db.session(user_id=account.user_id) as session:
        row = (
            await session.execute(
                text(
                    "SELECT totp_secret_encrypted, totp_enabled, totp_last_timecode "
                    "FROM users WHERE id = :id"
                ),
                {"id": account.user_id if backend.name == "postgresql" else account.user_id.hex},
            )
        ).one()

    stored, enabled, last_step = row
    assert secret not in stored and secret.lower() not in stored
    assert base64.b32decode(secret) not in base64.b64decode(stored)
    keys = FileKeys.parse(backend.settings.resolved_file_keys())
    assert open_secret(keys, stored, account.user_id) == secret
    assert bool(enabled) is True
    assert last_step == int(NOW.timestamp()) // 30


async def test_wrong_codes_are_throttled_until_they_age_out_of_the_window(
    app: FastAPI, backend: Backend, client: httpx.AsyncClient
) -> None:
    clock = Clock(NOW)
    totp = service(app, backend, clock)
    account = await register(client)
    secret = await enrol(totp, account, clock)
    limit = backend.settings.login_max_failures
    clock.now = NOW + timedelta(seconds=1)  # after the enrolment's success
    wrong = code_at(secret, NOW + 10 * STEP)
    for _ in range(limit):
        with pytest.raises(TotpInvalidCode):
            await verify(totp, account, wrong)

    with pytest.raises(TotpThrottled) as refused:
        await verify(totp, account, code_at(secret, NOW + STEP))
    assert refused.value.headers is not None
    assert int(refused.value.headers["Retry-After"]) > 0

    clock.now = NOW + timedelta(minutes=backend.settings.login_window_minutes, seconds=2)
    await verify(totp, account, code_at(secret, clock.now))


async def test_concurrent_use_of_one_code_succeeds_exactly_once(
    app: FastAPI, backend: Backend, client: httpx.AsyncClient
) -> None:
    clock = Clock(NOW)
    totp = service(app, backend, clock)
    account = await register(client)
    secret = await enrol(totp, account, clock)
    code = code_at(secret, NOW + STEP)

    results = await asyncio.gather(
        *(verify(totp, account, code) for _ in range(5)), return_exceptions=True
    )

    assert sum(r is None for r in results) == 1, results
    assert all(isinstance(r, TotpCodeReused) for r in results if r is not None), results


# --- API (real clock) ----------------------------------------------------------------


def now() -> datetime:
    return datetime.now(UTC)


async def test_setup_then_verify_enables_two_factor_and_each_code_works_once(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    first = (await client.post(SETUP, headers=account.headers)).json()
    again = await client.post(SETUP, headers=account.headers)
    assert again.status_code == 200
    secret = again.json()["secret"]
    assert secret != first["secret"]
    uri = again.json()["provisioning_uri"]
    assert uri.startswith("otpauth://totp/") and "issuer=PIF%20AI" in uri
    assert account.email.split("@")[0] in uri and secret in uri

    stale = await client.post(
        VERIFY, headers=account.headers, json={"code": code_at(first["secret"], now())}
    )
    enabled = await client.post(
        VERIFY, headers=account.headers, json={"code": code_at(secret, now())}
    )
    later_code = code_at(secret, now() + STEP)
    later = await client.post(VERIFY, headers=account.headers, json={"code": later_code})
    replay = await client.post(VERIFY, headers=account.headers, json={"code": later_code})

    assert stale.status_code == 401 and stale.json()["error"]["code"] == "totp_invalid"
    assert enabled.status_code == 200 and enabled.json()["enabled_now"] is True
    assert later.status_code == 200 and later.json()["enabled_now"] is False
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "totp_reused"
    assert "already used" in replay.json()["error"]["message"]


async def test_replacing_an_active_secret_needs_a_current_code(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    secret = (await client.post(SETUP, headers=account.headers)).json()["secret"]
    await client.post(VERIFY, headers=account.headers, json={"code": code_at(secret, now())})

    without = await client.post(SETUP, headers=account.headers)
    with_code = await client.post(
        SETUP, headers=account.headers, json={"code": code_at(secret, now() + STEP)}
    )

    assert without.status_code == 401
    assert without.json()["error"]["code"] == "totp_code_required"
    assert with_code.status_code == 200 and with_code.json()["secret"] != secret


async def test_too_many_wrong_codes_answer_429_with_retry_after(
    client: httpx.AsyncClient, backend: Backend
) -> None:
    account = await register(client)
    secret = (await client.post(SETUP, headers=account.headers)).json()["secret"]
    await client.post(VERIFY, headers=account.headers, json={"code": code_at(secret, now())})
    valid = {code_at(secret, now() + k * STEP) for k in range(-2, 4)}
    wrong = next(c for c in ("000000", "111111", "222222") if c not in valid)
    statuses = [
        (await client.post(VERIFY, headers=account.headers, json={"code": wrong})).status_code
        for _ in range(backend.settings.login_max_failures)
    ]

    blocked = await client.post(
        VERIFY, headers=account.headers, json={"code": code_at(secret, now() + STEP)}
    )

    assert statuses == [401] * backend.settings.login_max_failures
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0


async def test_malformed_codes_are_a_validation_error(client: httpx.AsyncClient) -> None:
    account = await register(client)

    response = await client.post(VERIFY, headers=account.headers, json={"code": "12ab56"})

    assert response.status_code == 422
