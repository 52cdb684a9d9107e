from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import httpx

from pifai.app import create_app
from pifai.auth.throttle import retry_after_seconds
from pifai.core.config import Settings
from tests.conftest import Backend
from tests.factories.accounts import login, register, unique_email

WRONG = "Wrong-password-99"
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


@asynccontextmanager
async def client_from(settings: Settings, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(settings, configure_logs=False)
    transport = httpx.ASGITransport(app=application, client=(ip, 1234))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    finally:
        await application.state.db.dispose()


async def test_sixth_login_after_five_failures_is_throttled_even_with_the_right_password(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    for _ in range(5):
        await login(client, account.email, WRONG)

    response = await login(client, account.email)

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_requests"
    assert 0 < int(response.headers["Retry-After"]) <= 900


async def test_throttling_one_account_leaves_another_account_alone(
    client: httpx.AsyncClient,
) -> None:
    locked = await register(client)
    other = await register(client)
    for _ in range(5):
        await login(client, locked.email, WRONG)

    response = await login(client, other.email)

    assert response.status_code == 200


async def test_four_failures_then_a_success_do_not_throttle(client: httpx.AsyncClient) -> None:
    account = await register(client)
    for _ in range(4):
        await login(client, account.email, WRONG)

    response = await login(client, account.email)

    assert response.status_code == 200


async def test_failures_from_one_address_on_many_emails_throttle_that_address(
    backend: Backend,
) -> None:
    settings = backend.settings.model_copy(update={"login_max_failures_per_ip": 3})
    async with client_from(settings, "10.1.2.3") as c:
        for _ in range(3):
            await login(c, unique_email("ghost"), WRONG)

        response = await login(c, unique_email("ghost"), WRONG)

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 900


def test_retry_after_is_none_below_the_limit() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (1, 2, 3, 4)]

    assert retry_after_seconds(failures, limit=5, window=WINDOW, now=NOW) is None


def test_retry_after_counts_until_the_limit_th_newest_failure_leaves_the_window() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (1, 2, 3, 4, 5)]

    # The 5th newest failure was 5 minutes ago; it leaves the 15-minute window in 10.
    assert retry_after_seconds(failures, limit=5, window=WINDOW, now=NOW) == 600


def test_retry_after_uses_the_limit_th_newest_when_there_are_more_failures() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (1, 2, 3, 4, 5, 6, 7)]

    assert retry_after_seconds(failures, limit=3, window=WINDOW, now=NOW) == 12 * 60


def test_retry_after_ignores_failures_outside_the_window() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (1, 2, 16, 20, 30)]

    assert retry_after_seconds(failures, limit=3, window=WINDOW, now=NOW) is None


def test_retry_after_rounds_a_fraction_of_a_second_up() -> None:
    failures = [NOW - WINDOW + timedelta(milliseconds=200)]

    assert retry_after_seconds(failures, limit=1, window=WINDOW, now=NOW) == 1


def test_retry_after_is_the_full_window_for_failures_happening_now() -> None:
    failures = [NOW, NOW]

    assert retry_after_seconds(failures, limit=2, window=WINDOW, now=NOW) == 900


def test_retry_after_allows_again_exactly_when_the_window_has_passed() -> None:
    failures = [NOW - WINDOW]

    assert retry_after_seconds(failures, limit=1, window=WINDOW, now=NOW) is None
