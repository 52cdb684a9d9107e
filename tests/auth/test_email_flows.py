"""Verification and password reset through a real SMTP server (aiosmtpd): the link in the
received message is the only way to the token; tokens are single-use and expire; the
forgot-password answer never tells whether an account exists."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from pifai.models import EmailToken
from pifai.models.base import utcnow
from tests.conftest import Backend
from tests.email.mailbox import (
    MailApp,
    Mailbox,
    audit_actions,
    email_tasks,
    mail_app,
    smtp_server,
    text_of,
    token_in,
    wait_for_tasks,
)
from tests.factories.accounts import (
    PASSWORD,
    Account,
    forgot_password,
    login,
    register,
    reset_password,
    unique_email,
    verify_email,
)

NEW_PASSWORD = "Another-Strong-77-pass"


@pytest.fixture
async def mail(backend: Backend, tmp_path: Path) -> AsyncIterator[tuple[MailApp, Mailbox]]:
    with smtp_server() as (mailbox, port):
        async with mail_app(
            backend,
            tmp_path / "outbox",
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_security="none",
        ) as harness:
            yield harness, mailbox


async def _age_tokens(harness: MailApp, account: Account, *, created: bool = False) -> None:
    """Move an account's tokens into the past: expired, or (created) older than a minute."""
    past = utcnow() - timedelta(hours=100)
    values = {"created_at": past} if created else {"expires_at": past}
    async with harness.app.state.db.session() as session:
        await session.execute(
            update(EmailToken).where(EmailToken.user_id == account.user_id).values(**values)
        )


async def _reset_token(harness: MailApp, mailbox: Mailbox, account: Account) -> str:
    before = len(mailbox.with_link(account.email, "/reset-password"))
    answered = await forgot_password(harness.client, account.email)
    assert answered.status_code == 202, answered.text
    messages = await mailbox.wait_for_link(account.email, "/reset-password", before + 1)
    return token_in(messages[-1])


async def test_registration_sends_a_link_that_verifies_the_address_once(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    client = harness.client
    owner = await register(client)

    (message,) = await mailbox.wait_for(owner.email)
    token = token_in(message)
    before = (await client.get("/api/v1/auth/me", headers=owner.headers)).json()
    verified = await verify_email(client, token)
    after = (await client.get("/api/v1/auth/me", headers=owner.headers)).json()
    reused = await verify_email(client, token)

    assert message["Subject"] == "請確認您的 PIF AI 電子郵件地址"
    assert message["To"] == owner.email
    assert "https://pif.example.test/verify-email?token=" in text_of(message)
    assert (before["email_verified"], verified.status_code, after["email_verified"]) == (
        False,
        200,
        True,
    )
    assert reused.status_code == 400
    assert reused.json()["error"]["code"] == "link_used"
    assert reused.json()["error"]["message"] == "This link has already been used"
    (task,) = await wait_for_tasks(harness.app, owner.org_id, "done")
    assert task.result is not None and task.result["via"] == "smtp"
    stored = json.dumps([task.payload, task.result, task.error])
    assert token not in stored and owner.email not in stored


async def test_the_language_follows_the_request_then_accept_language(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    by_header = unique_email()
    response = await harness.client.post(
        "/api/v1/auth/register",
        json={"email": by_header, "password": PASSWORD, "org_name": "Acme", "org_type": "brand"},
        headers={"Accept-Language": "fr-FR, en-GB;q=0.8, zh-TW;q=0.5"},
    )
    assert response.status_code == 201, response.text

    (message,) = await mailbox.wait_for(by_header)

    assert message["Subject"] == "Confirm your email address for PIF AI"
    assert message["Content-Language"] == "en"
    assert "The link expires in 48 hours" in text_of(message)


async def test_an_expired_or_unknown_verification_link_is_refused_with_its_reason(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    token = token_in((await mailbox.wait_for(owner.email))[0])
    await _age_tokens(harness, owner)

    expired = await verify_email(harness.client, token)
    unknown = await verify_email(harness.client, token[:-4] + "AAAA")

    assert expired.status_code == 400
    assert expired.json()["error"] == {
        "code": "link_expired",
        "message": "This link has expired; request a new one",
        "details": None,
    }
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "link_invalid"


async def test_resending_the_verification_is_throttled_then_sends_a_new_link(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    client = harness.client
    owner = await register(client)
    await mailbox.wait_for(owner.email)

    too_soon = await client.post("/api/v1/auth/verify-email/resend", headers=owner.headers)
    assert too_soon.status_code == 429
    await _age_tokens(harness, owner, created=True)
    resent = await client.post(
        "/api/v1/auth/verify-email/resend", json={"lang": "en"}, headers=owner.headers
    )
    second = (await mailbox.wait_for(owner.email, 2))[-1]
    verified = await verify_email(client, token_in(second))
    again = await client.post("/api/v1/auth/verify-email/resend", headers=owner.headers)

    assert too_soon.status_code == 429
    assert int(too_soon.headers["Retry-After"]) > 0
    assert resent.status_code == 202
    assert second["Subject"] == "Confirm your email address for PIF AI"
    assert verified.status_code == 200
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_verified"


async def test_forgot_password_answers_the_same_whether_or_not_the_account_exists(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    nobody = unique_email("nobody")

    unknown = await forgot_password(harness.client, nobody)
    known = await forgot_password(harness.client, owner.email)
    messages = await mailbox.wait_for_link(owner.email, "/reset-password")
    await asyncio.sleep(0.5)

    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json())
    assert known.status_code == 202
    assert mailbox.to(nobody) == []
    assert messages[-1]["Subject"] == "重設您的 PIF AI 密碼"
    assert "https://pif.example.test/reset-password?token=" in text_of(messages[-1])


async def test_a_reset_sets_the_password_and_signs_every_session_out(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    client = harness.client
    owner = await register(client)
    token = await _reset_token(harness, mailbox, owner)

    done = await reset_password(client, token, NEW_PASSWORD)
    old_refresh = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": owner.refresh_token}
    )
    old_password = await login(client, owner.email)
    new_password = await login(client, owner.email, NEW_PASSWORD)
    reused = await reset_password(client, token, "Yet-Another-88-pass")

    assert done.status_code == 200, done.text
    assert old_refresh.status_code == 401
    assert old_refresh.json()["error"]["code"] == "refresh_token_revoked"
    assert old_password.status_code == 401
    assert new_password.status_code == 200
    me = await client.get(
        "/api/v1/auth/me",
        headers={"Authorization": f"Bearer {new_password.json()['access_token']}"},
    )
    assert me.json()["email_verified"] is True
    assert reused.status_code == 400
    assert reused.json()["error"]["code"] == "link_used"


async def test_a_weak_new_password_is_refused_and_the_link_stays_usable(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    token = await _reset_token(harness, mailbox, owner)

    weak = await reset_password(harness.client, token, "password123")
    strong = await reset_password(harness.client, token, NEW_PASSWORD)

    assert weak.status_code == 422
    assert {d["field"] for d in weak.json()["error"]["details"]} == {"body.new_password"}
    assert strong.status_code == 200


async def test_a_new_reset_link_makes_the_older_one_expire(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    first = await _reset_token(harness, mailbox, owner)
    await _age_tokens(harness, owner, created=True)  # past the one-a-minute limit
    second = await _reset_token(harness, mailbox, owner)

    old = await reset_password(harness.client, first, NEW_PASSWORD)
    new = await reset_password(harness.client, second, NEW_PASSWORD)

    assert first != second
    assert old.status_code == 400
    assert old.json()["error"]["code"] == "link_expired"
    assert new.status_code == 200


async def test_an_expired_reset_link_is_refused(mail: tuple[MailApp, Mailbox]) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    token = await _reset_token(harness, mailbox, owner)
    await _age_tokens(harness, owner)

    refused = await reset_password(harness.client, token, NEW_PASSWORD)

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "link_expired"
    assert (await login(harness.client, owner.email)).status_code == 200


async def test_two_concurrent_uses_of_one_link_exactly_one_succeeds(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    token = await _reset_token(harness, mailbox, owner)

    answers = await asyncio.gather(
        reset_password(harness.client, token, NEW_PASSWORD),
        reset_password(harness.client, token, "Other-Strong-99-pass"),
    )

    assert sorted(a.status_code for a in answers) == [200, 400]
    loser = next(a for a in answers if a.status_code == 400)
    assert loser.json()["error"]["code"] == "link_used"


async def test_a_reset_lifts_the_login_lock_of_the_account(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    for _ in range(5):
        assert (await login(harness.client, owner.email, "wrong-Password-1")).status_code == 401
    locked = await login(harness.client, owner.email)
    token = await _reset_token(harness, mailbox, owner)

    await reset_password(harness.client, token, NEW_PASSWORD)
    unlocked = await login(harness.client, owner.email, NEW_PASSWORD)

    assert locked.status_code == 429
    assert unlocked.status_code == 200, unlocked.text


async def test_the_reset_is_audited_in_the_organisation_chain(
    mail: tuple[MailApp, Mailbox],
) -> None:
    harness, mailbox = mail
    owner = await register(harness.client)
    token = await _reset_token(harness, mailbox, owner)
    await reset_password(harness.client, token, NEW_PASSWORD)
    signed_in = await login(harness.client, owner.email, NEW_PASSWORD)
    assert signed_in.status_code == 200
    tasks = await email_tasks(harness.app, owner.org_id)
    actions = await audit_actions(harness.app, owner.org_id)

    assert "auth.password_reset_requested" in actions
    assert "auth.password_reset" in actions
    assert [t.payload["template"] for t in tasks] == ["verify_email", "reset_password"]
