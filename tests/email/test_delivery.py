"""Delivery by the ``email.send`` task: the outbox folder by default, SMTP when configured,
retries while SMTP is down, and no link or recipient in the task row."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import httpx

from tests.conftest import Backend
from tests.email.mailbox import (
    email_tasks,
    free_port,
    html_of,
    mail_app,
    outbox_messages,
    text_of,
    token_in,
    wait_for_outbox,
    wait_for_tasks,
)
from tests.factories.accounts import PASSWORD, forgot_password, register, unique_email


async def _register(client: httpx.AsyncClient, lang: str) -> str:
    email = unique_email()
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "org_name": "美研生技 <b>&",
            "org_type": "brand",
            "lang": lang,
        },
    )
    assert response.status_code == 201, response.text
    return email


async def test_without_smtp_messages_are_written_to_the_outbox_in_both_languages(
    backend: Backend, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    async with mail_app(backend, outbox) as harness:
        chinese = await _register(harness.client, "zh-Hant")
        english = await _register(harness.client, "en")
        (zh,) = await wait_for_outbox(outbox, chinese)
        (en,) = await wait_for_outbox(outbox, english)

    assert zh["Subject"] == "請確認您的 PIF AI 電子郵件地址"
    assert "感謝您註冊 PIF AI" in text_of(zh)
    assert "此連結將於 48 小時後失效，且只能使用一次。" in text_of(zh)
    assert '<html lang="zh-Hant">' in html_of(zh)
    assert en["Subject"] == "Confirm your email address for PIF AI"
    assert "Thank you for signing up for PIF AI" in text_of(en)
    assert token_in(zh) != token_in(en)
    assert zh["Message-ID"] != en["Message-ID"]
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
    files = list(outbox.glob("*.eml"))
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert all(f.name[:8].isdigit() and f.name.endswith(".eml") for f in files)


async def test_while_smtp_is_down_the_request_answers_and_the_task_retries_then_fails(
    backend: Backend, tmp_path: Path
) -> None:
    closed_port = free_port()  # nothing listens there: connection refused
    async with mail_app(
        backend,
        tmp_path / "outbox",
        smtp_host="127.0.0.1",
        smtp_port=closed_port,
        smtp_security="none",
        smtp_timeout_seconds=2.0,
    ) as harness:
        owner = await register(harness.client)
        answered = await forgot_password(harness.client, owner.email)
        failed = await wait_for_tasks(harness.app, owner.org_id, "failed", count=2)

    assert answered.status_code == 202
    assert {t.payload["template"] for t in failed} == {"verify_email", "reset_password"}
    for task in failed:
        assert task.attempts == task.max_attempts == 6
        assert task.error is not None
        assert "unreachable" in task.error and "Connection refused" in task.error
        assert owner.email not in json.dumps([task.payload, task.error])
        assert task.payload["sealed"]  # kept: the message can be sent again
    assert outbox_messages(tmp_path / "outbox", owner.email) == []


async def test_the_task_result_names_the_outbox_file_and_never_the_link(
    backend: Backend, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    async with mail_app(backend, outbox) as harness:
        owner = await register(harness.client)
        (message,) = await wait_for_outbox(outbox, owner.email)
        (task,) = await wait_for_tasks(harness.app, owner.org_id, "done")
        tasks = await email_tasks(harness.app, owner.org_id)

    assert len(tasks) == 1
    assert task.result is not None
    assert task.result["via"] == "outbox"
    assert (outbox / task.result["outbox_file"]).exists()
    assert task.result["message_id"] == message["Message-ID"]
    assert token_in(message) not in json.dumps([task.payload, task.result])
