"""Delivery: SMTP when ``PIFAI_SMTP_HOST`` is set, else an ``.eml`` file in the outbox.

``smtplib`` blocks, so it runs in a worker thread with the configured timeout. Failures
become ``DeliveryFailed`` with a short reason that names neither the recipient nor the
content: the task row that records it is visible to the organisation.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from pifai.core.config import Settings
from pifai.models.base import utcnow

Via = Literal["smtp", "outbox"]


class DeliveryFailed(Exception):
    """A retry may succeed (server down, timeout, temporary refusal)."""


class DeliveryRefused(DeliveryFailed):
    """Retrying cannot help: the server refused the recipient or the sender for good."""


@dataclass(frozen=True)
class Receipt:
    via: Via
    outbox_file: str | None = None


async def deliver(settings: Settings, message: EmailMessage, *, message_key: str) -> Receipt:
    if settings.smtp_host:
        await asyncio.to_thread(_send_smtp, settings, message)
        return Receipt(via="smtp")
    path = await asyncio.to_thread(write_outbox, settings.resolved_outbox_dir, message, message_key)
    return Receipt(via="outbox", outbox_file=path.name)


def _send_smtp(settings: Settings, message: EmailMessage) -> None:
    host, port = settings.smtp_host or "", settings.smtp_port
    timeout = settings.smtp_timeout_seconds
    try:
        client: smtplib.SMTP
        if settings.smtp_security == "tls":
            context = ssl.create_default_context()
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                client.login(settings.smtp_username, settings.smtp_password or "")
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = sorted({code for code, _ in exc.recipients.values()})
        reason = f"the SMTP server refused the recipient (reply {codes})"
        if all(code >= 500 for code in codes):
            raise DeliveryRefused(reason) from None
        raise DeliveryFailed(reason) from None
    except smtplib.SMTPSenderRefused as exc:
        reason = f"the SMTP server refused the sender (reply {exc.smtp_code})"
        if exc.smtp_code >= 500:
            raise DeliveryRefused(reason) from None
        raise DeliveryFailed(reason) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryFailed(
            f"SMTP {type(exc).__name__} (reply {exc.smtp_code}) from {host}:{port}"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise DeliveryFailed(f"SMTP server {host}:{port} unreachable: {detail}") from None


def write_outbox(folder: Path, message: EmailMessage, message_key: str) -> Path:
    """Write the message as ``<UTC time>-<key>.eml`` (owner-only folder and file).

    The key is the task id, so a retried delivery replaces its own file instead of
    adding a second copy; the file appears whole or not at all (rename)."""
    safe_key = "".join(ch for ch in message_key if ch.isalnum() or ch in "-_")[:64] or "message"
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)  # whatever the umask: messages hold one-time links
    existing = sorted(folder.glob(f"*-{safe_key}.eml"))
    target = existing[0] if existing else folder / f"{utcnow():%Y%m%dT%H%M%S}-{safe_key}.eml"
    partial = folder / f".{safe_key}.{os.getpid()}.tmp"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(message.as_bytes())
    os.replace(partial, target)
    return target
