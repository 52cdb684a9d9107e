"""``email.send``: one message, delivered by a worker so that an SMTP outage never fails or
slows a request (it is retried with the task system's backoff), and a request's timing
does not depend on whether a message was sent at all.

Payload: ``template`` and ``lang`` in clear; the recipient and the variables (the one-time
link among them) sealed (``email.sealing``). The result names the channel used, never the
link.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.email import message as messages
from pifai.email import sealing, transport
from pifai.email.templates import Template, render
from pifai.files.crypto import DecryptionFailed, FileKeys
from pifai.models import Task
from pifai.models.enums import ReportLanguage
from pifai.tasks.context import TaskContext
from pifai.tasks.queue import TaskQueue
from pifai.tasks.registry import PermanentTaskError, task_kind
from pifai.tasks.service import create_task

SEND = "email.send"
# 1 + 2 + 4 + 8 s … with the default backoff: an outage of about a minute is ridden out;
# after the last attempt the task is failed with the reason, and the payload is kept.
MAX_ATTEMPTS = 6


class UnreadableMessage(Exception):
    """The sealed payload does not open with this process's keys (retried: another worker
    may hold the key; an altered payload fails after the last attempt)."""


def file_keys(settings: Settings) -> FileKeys:
    return FileKeys.parse(settings.resolved_file_keys())


async def enqueue_email(
    session: AsyncSession,
    db: Database,
    queue: TaskQueue,
    settings: Settings,
    *,
    org_id: uuid.UUID,
    to: str,
    template: Template,
    lang: ReportLanguage,
    variables: dict[str, Any],
    created_by: uuid.UUID | None = None,
) -> Task:
    """Queue one message; it is sent after this transaction commits (never if it rolls
    back). The template is rendered here once, so a missing variable fails the request
    that caused it, not a worker later."""
    render(template, lang, variables)
    sealed = sealing.seal(file_keys(settings), org_id, {"to": to, "variables": variables})
    return await create_task(
        session,
        db,
        queue,
        org_id=org_id,
        kind=SEND,
        payload={"template": template.value, "lang": lang.value, "sealed": sealed},
        created_by=created_by,
    )


@task_kind(SEND, max_attempts=MAX_ATTEMPTS, time_limit_seconds=120)
async def send_email(ctx: TaskContext) -> dict[str, Any]:
    settings = ctx.settings
    try:
        template = Template(str(ctx.payload["template"]))
        lang = ReportLanguage(str(ctx.payload["lang"]))
        sealed = str(ctx.payload["sealed"])
    except (KeyError, ValueError) as exc:
        raise PermanentTaskError(f"not an email task payload ({exc})") from None
    try:
        content = sealing.unseal(file_keys(settings), ctx.org_id, sealed)
    except DecryptionFailed as exc:
        raise UnreadableMessage(f"cannot open the sealed message: {exc}") from None
    rendered = render(template, lang, content["variables"])
    key = ctx.task_id.hex
    try:
        message = messages.build(
            rendered, mail_from=settings.mail_from, to=content["to"], message_key=key, lang=lang
        )
    except ValueError as exc:  # e.g. a non-ASCII local part: needs SMTPUTF8, not supported
        raise PermanentTaskError(f"the message cannot be built: {type(exc).__name__}") from None
    try:
        receipt = await transport.deliver(settings, message, message_key=key)
    except transport.DeliveryRefused as exc:
        raise PermanentTaskError(str(exc)) from None
    result: dict[str, Any] = {
        "template": template.value,
        "lang": lang.value,
        "via": receipt.via,
        "message_id": message["Message-ID"],
    }
    if receipt.outbox_file:
        result["outbox_file"] = receipt.outbox_file
    return result
